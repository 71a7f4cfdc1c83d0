"""An import runs the checks of whole tables once, on the merged tables.

It loads the logbook without them (references between tables, the
warnings) and runs them after merging; an import that changes nothing runs
them on the logbook as loaded. Either way an error the logbook had before
reads exactly as loading the logbook reports it, nothing is written, and an
error the import causes reads "after the import: ...".
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, make_logbook, write_logbook
from import_helpers import EXPORTS, digest

from meetupstats.errors import LogbookError
from meetupstats.importers import ImportBatch, import_into
from meetupstats.importers.linkedin import linkedin_batch
from meetupstats.logbook import load_logbook, load_logbook_unchecked

# each reference column of the schema, pointing at no row
DANGLING = {
    "interactions.contact_id": dict(
        interactions=[interaction("2024-03-06", "c-nobody", "message", direction="out")]
    ),
    "interactions.event_id": dict(
        interactions=[interaction("2024-03-06", "c1", "message", event_id="e-none")]
    ),
    "contacts.introduced_by": dict(contacts=[contact("c2", introduced_by="c-nobody")]),
    "contacts.met_event_id": dict(contacts=[contact("c2", met_event_id="e-none")]),
    "learnings.event_id": dict(learnings=[learning("e-none")]),
}


def _logbook(folder: Path, broken: str) -> Path:
    tables: dict[str, list[dict[str, object]]] = {
        "events": [event("e1", "2024-03-05")],
        "contacts": [contact("c1")],
        "interactions": [],
        "learnings": [],
    }
    for name, rows in DANGLING[broken].items():
        tables[name] = tables[name] + rows
    return write_logbook(folder, **tables)  # type: ignore[arg-type]


def _export(tmp_path: Path) -> Path:
    path = tmp_path / "export.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            z.write(EXPORTS / name, name)
    return path


def _problems(e: pytest.ExceptionInfo[LogbookError]) -> list[tuple[str, int | None, str, str]]:
    return [(p.file, p.line, str(p.column), p.message) for p in e.value.problems]


@pytest.mark.parametrize("broken", sorted(DANGLING))
@pytest.mark.parametrize("changes", [True, False])
def test_an_error_the_logbook_had_reads_as_loading_reports_it(
    tmp_path: Path, broken: str, changes: bool
) -> None:
    folder = _logbook(tmp_path / "lb", broken)
    with pytest.raises(LogbookError) as loading:
        load_logbook(folder)
    before = digest(folder)
    # the LinkedIn export changes the logbook; an empty batch changes nothing
    batch = linkedin_batch(_export(tmp_path)) if changes else ImportBatch("vcard", "cards.vcf")
    with pytest.raises(LogbookError) as importing:
        import_into(folder, batch)
    assert _problems(importing) == _problems(loading)
    assert not any("after the import" in p.message for p in importing.value.problems)
    assert digest(folder) == before  # nothing written


def test_an_error_in_a_cell_comes_with_every_error_loading_reports(tmp_path: Path) -> None:
    # the load that skips the checks of whole tables still reports them with a
    # cell's error (one list of problems, as load_logbook gives)
    folder = _logbook(tmp_path / "lb", "interactions.contact_id")
    (folder / "events.csv").write_text(
        (folder / "events.csv").read_text(encoding="utf-8").replace("2024-03-05", "2024-13-05"),
        encoding="utf-8",
    )
    with pytest.raises(LogbookError) as loading:
        load_logbook(folder)
    with pytest.raises(LogbookError) as unchecked:
        load_logbook_unchecked(folder)
    assert _problems(unchecked) == _problems(loading)
    assert {p.column for p in loading.value.problems} == {"date", "contact_id"}


def test_an_error_the_import_causes_reads_after_the_import(tmp_path: Path) -> None:
    folder = tmp_path / "lb"
    make_logbook(folder, contacts=[contact("c1")])
    batch = ImportBatch("vcard", "cards.vcf")
    batch.contacts = [{"contact_id": "c2", "name": "Ann", "introduced_by": "c-nobody"}]
    with pytest.raises(
        LogbookError, match=r"contacts\.csv:3: introduced_by: after the import: no row"
    ):
        import_into(folder, batch)


def test_an_import_that_changes_nothing_has_the_warnings_loading_gives(tmp_path: Path) -> None:
    # a contact introduced by themself is a warning (not an error)
    folder = tmp_path / "lb"
    book = make_logbook(folder, contacts=[contact("c1", introduced_by="c1")])
    assert book.warnings
    report = import_into(folder, ImportBatch("vcard", "cards.vcf"))
    assert not report.changed
    assert report.logbook is not None
    assert report.logbook.warnings == book.warnings
    loaded = load_logbook_unchecked(folder)
    assert loaded.book.warnings == ()  # not checked yet
    assert loaded.checked().warnings == book.warnings
