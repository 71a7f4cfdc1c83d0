"""Validation: every problem of a logbook, each as ``file:line: column: problem``.

Each case builds a tiny malformed logbook and lists exactly where its problems
are. Line 1 is the header, so the first data row is line 2.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, write_logbook

from meetupstats import schema
from meetupstats.errors import LogbookError
from meetupstats.logbook import load_logbook, validate_logbook


def _valid(folder: Path) -> Path:
    return write_logbook(
        folder,
        events=[
            event("e1", "2025-03-12", format="afterwork", rating="4"),
            event("e2", "2025-04-01", status="no-show"),
        ],
        contacts=[contact("c1", met_on="2025-03-12", met_event_id="e1"), contact("c2")],
        interactions=[interaction("2025-03-13", "c1", "linkedin-connect", direction="out")],
        learnings=[learning("e1", topic="ai")],
        goals="2025:\n  events_attended: 10\n",
    )


def _replace(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture bug: {old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _where(folder: Path) -> list[tuple[str, int | None, str | None]]:
    """(file name, line, column) of every error."""
    return [
        (Path(p.file).name, p.line, p.column)
        for p in validate_logbook(folder)
        if p.severity == "error"
    ]


def test_valid_logbook_has_no_problems(tmp_path: Path) -> None:
    assert validate_logbook(_valid(tmp_path)) == []
    book = load_logbook(tmp_path)
    assert list(book.events["event_id"]) == ["e1", "e2"]
    assert book.goals == {2025: {"events_attended": 10}}


# Each case: (mutation, expected [(file, line, column)], a word the message must hold)
Case = tuple[Callable[[Path], None], list[tuple[str, int | None, str | None]], str]

CASES: dict[str, Case] = {
    "missing events file": (
        lambda f: (f / "events.csv").unlink(),
        # references into events.csv are not checked when the file is missing
        [("events.csv", None, None)],
        "not found",
    ),
    "missing required column": (
        lambda f: _replace(f, "contacts.csv", "contact_id,name,", "contact_id,"),
        [("contacts.csv", 1, "name")],
        "missing",
    ),
    "empty required cell": (
        lambda f: _replace(f, "events.csv", "Event e1", ""),
        [("events.csv", 2, "title")],
        "empty",
    ),
    "unparsable date": (
        lambda f: _replace(f, "events.csv", "2025-03-12", "12.3.2025"),
        [("events.csv", 2, "date")],
        "YYYY-MM-DD",
    ),
    "impossible date": (
        lambda f: _replace(f, "events.csv", "2025-04-01", "2025-02-30"),
        [("events.csv", 3, "date")],
        "not a date",
    ),
    "number out of range": (
        lambda f: _replace(f, "events.csv", ",4,", ",6,"),
        [("events.csv", 2, "rating")],
        "between 1 and 5",
    ),
    "not a number": (
        lambda f: _replace(f, "events.csv", ",4,", ",four,"),
        [("events.csv", 2, "rating")],
        "not a number",
    ),
    "nan is not a number": (
        lambda f: _replace(f, "events.csv", ",4,", ",nan,"),
        [("events.csv", 2, "rating")],
        "not a number",
    ),
    "fraction in an int column": (
        lambda f: _replace(f, "events.csv", ",4,", ",3.5,"),
        [("events.csv", 2, "rating")],
        "whole number",
    ),
    "unknown enum value with suggestion": (
        lambda f: _replace(f, "events.csv", "afterwork", "Afterwork"),
        [("events.csv", 2, "format")],
        "did you mean 'afterwork'",
    ),
    "unknown status": (
        lambda f: _replace(f, "events.csv", "no-show", "noshow"),
        [("events.csv", 3, "status")],
        "did you mean 'no-show'",
    ),
    "duplicate id": (
        lambda f: _replace(f, "events.csv", "e2,", "e1,"),
        # the learnings/contacts still point at e1, which exists
        [("events.csv", 3, "event_id")],
        "first used on line 2",
    ),
    "dangling met_event_id": (
        lambda f: _replace(f, "contacts.csv", ",e1,", ",e9,"),
        [("contacts.csv", 2, "met_event_id")],
        "e9",
    ),
    "dangling interaction contact": (
        lambda f: _replace(f, "interactions.csv", ",c1,", ",c7,"),
        [("interactions.csv", 2, "contact_id")],
        "c7",
    ),
    "dangling learning event": (
        lambda f: _replace(f, "learnings.csv", "e1,", "e3,"),
        [("learnings.csv", 2, "event_id")],
        "e3",
    ),
    "dangling introduced_by": (
        lambda f: _replace(f, "contacts.csv", "c2,Person c2,,,,,,,,", "c2,Person c2,,,,,,,,c5"),
        [("contacts.csv", 3, "introduced_by")],
        "c5",
    ),
    "not utf-8": (
        lambda f: (f / "contacts.csv").write_bytes(
            (f / "contacts.csv").read_bytes().replace(b"Person c2", b"J\xe9r\xf4me")
        ),
        [("contacts.csv", 3, None)],
        "UTF-8",
    ),
    "utf-16": (
        lambda f: (f / "learnings.csv").write_bytes(
            (f / "learnings.csv").read_text(encoding="utf-8").encode("utf-16")
        ),
        [("learnings.csv", 1, None)],
        "UTF-16",
    ),
    "unclosed quote": (
        lambda f: _replace(f, "events.csv", "Event e2", '"Event e2'),
        [("events.csv", 3, None)],
        "unclosed quote",
    ),
    "too many cells": (
        lambda f: _replace(
            f, "interactions.csv", "linkedin-connect,out", "linkedin-connect,out,x,y,z,w,v"
        ),
        [("interactions.csv", 2, None)],
        "cells",
    ),
    "duplicate header": (
        lambda f: _replace(f, "learnings.csv", "topic,", "takeaway,"),
        [("learnings.csv", 1, "takeaway")],
        "duplicate column",
    ),
    "empty file": (
        lambda f: (f / "interactions.csv").write_text(""),
        [("interactions.csv", None, None)],
        "empty",
    ),
    "folder instead of file": (
        lambda f: ((f / "learnings.csv").unlink(), (f / "learnings.csv").mkdir()),
        [("learnings.csv", None, None)],
        "folder",
    ),
    "goals yaml syntax": (
        lambda f: (f / "goals.yml").write_text("2025:\n  events_attended: [10\n"),
        [("goals.yml", 3, None)],
        "YAML",
    ),
    "goals unknown metric": (
        lambda f: (f / "goals.yml").write_text("2025:\n  events_atended: 10\n"),
        [("goals.yml", 2, "events_atended")],
        "did you mean 'events_attended'",
    ),
    "goals not a number": (
        lambda f: (f / "goals.yml").write_text("2025:\n  talks_given: lots\n"),
        [("goals.yml", 2, "talks_given")],
        "number",
    ),
    "bad boolean": (
        lambda f: _replace(f, "contacts.csv", "c2,Person c2,,,,,,,,", "c2,Person c2,,,,,,,maybe,"),
        [("contacts.csv", 3, "met_event_inferred")],
        "true/false",
    ),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_input_corpus(tmp_path: Path, name: str) -> None:
    mutate, expected, word = CASES[name]
    folder = _valid(tmp_path)
    mutate(folder)
    assert _where(folder) == expected
    with pytest.raises(LogbookError, match=word):
        load_logbook(folder)


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 20


def test_all_problems_reported_in_one_run(tmp_path: Path) -> None:
    """A dozen different problems at once: one run lists every one of them."""
    folder = _valid(tmp_path)
    chosen = [
        "empty required cell",
        "impossible date",
        "number out of range",
        "unknown enum value with suggestion",
        "dangling met_event_id",
        "dangling interaction contact",
        "dangling learning event",
        "goals unknown metric",
        "duplicate header",
        "bad boolean",
    ]
    for name in chosen:
        CASES[name][0](folder)
    extra = {
        "event_id": "x",
        "date": "2025-01-01",
        "title": "Extra",
        "status": "attended",
        "rating": "7",
    }
    row = ",".join(extra.get(c, "") for c in schema.EVENTS.column_names)
    _replace(folder, "events.csv", "\n", f"\n{row}\n")
    with pytest.raises(LogbookError) as info:
        load_logbook(folder)
    where = [(Path(p.file).name, p.line, p.column) for p in info.value.problems]
    expected = [w for name in chosen for w in CASES[name][1]]
    # the added row (line 2) pushes e1 to line 3 and e2 to line 4
    shifted = [
        (f, (ln + 1 if f == "events.csv" and ln and ln > 1 else ln), c) for f, ln, c in expected
    ]
    assert sorted(where, key=str) == sorted([*shifted, ("events.csv", 2, "rating")], key=str)
    assert len(str(info.value).splitlines()) == len(where) >= 11


def test_problem_lines_follow_the_file_format(tmp_path: Path) -> None:
    folder = _valid(tmp_path)
    _replace(folder, "events.csv", ",4,", ",9,")
    (problem,) = validate_logbook(folder)
    assert (
        str(problem)
        == f"{folder / 'events.csv'}:2: rating: out of range: 9 (must be between 1 and 5)"
    )


def test_multiline_cells_keep_physical_line_numbers(tmp_path: Path) -> None:
    folder = _valid(tmp_path)
    _replace(folder, "events.csv", "Event e1", '"Event\non two lines"')
    _replace(folder, "events.csv", "no-show", "gone")
    # e1 spans lines 2-3, so e2 starts on line 4
    assert _where(folder) == [("events.csv", 4, "status")]


def test_bom_crlf_blank_lines_and_whitespace_are_fine(tmp_path: Path) -> None:
    folder = _valid(tmp_path)
    for name in ("events.csv", "contacts.csv", "interactions.csv", "learnings.csv"):
        path = folder / name
        text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
        path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8") + b"\r\n")
    _replace(folder, "events.csv", "afterwork", " afterwork ")
    assert validate_logbook(folder) == []
    assert load_logbook(folder).events["format"].iloc[0] == "afterwork"


def test_missing_optional_files_mean_empty(tmp_path: Path) -> None:
    folder = _valid(tmp_path)
    (folder / "learnings.csv").unlink()
    (folder / "goals.yml").unlink()
    book = load_logbook(folder)
    assert book.learnings.empty
    assert list(book.learnings.columns[:2]) == ["event_id", "takeaway"]
    assert book.goals == {}


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(LogbookError, match="folder not found"):
        load_logbook(tmp_path / "nope")


WARNING_CASES: dict[str, tuple[Callable[[Path], None], tuple[str, int, str]]] = {
    "takeaway from a no-show": (
        lambda f: _replace(f, "learnings.csv", "e1,", "e2,"),
        ("learnings.csv", 2, "event_id"),
    ),
    "connect before meeting": (
        lambda f: _replace(f, "interactions.csv", "2025-03-13", "2025-03-01"),
        ("interactions.csv", 2, "date"),
    ),
    "self introduction": (
        lambda f: _replace(f, "contacts.csv", "c2,Person c2,,,,,,,,", "c2,Person c2,,,,,,,,c2"),
        ("contacts.csv", 3, "introduced_by"),
    ),
    "met_on differs from the event date": (
        lambda f: _replace(f, "contacts.csv", "2025-03-12", "2025-03-11"),
        ("contacts.csv", 2, "met_on"),
    ),
    "ids differing only in case": (
        lambda f: _replace(f, "events.csv", "e2,", "E1,"),
        ("events.csv", 3, "event_id"),
    ),
}


@pytest.mark.parametrize("name", sorted(WARNING_CASES))
def test_oddities_are_warnings_not_errors(tmp_path: Path, name: str) -> None:
    mutate, where = WARNING_CASES[name]
    folder = _valid(tmp_path)
    mutate(folder)
    problems = validate_logbook(folder)
    assert [(Path(p.file).name, p.line, p.column, p.severity) for p in problems] == [
        (*where, "warning")
    ]
    book = load_logbook(folder)  # does not raise
    assert len(book.warnings) == 1


def test_circular_introductions_are_a_warning(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path,
        contacts=[
            contact("a", introduced_by="b"),
            contact("b", introduced_by="c"),
            contact("c", introduced_by="a"),
            contact("d", introduced_by="a"),
        ],
    )
    (problem,) = validate_logbook(folder)
    assert problem.severity == "warning"
    assert problem.line == 2
    assert "a → b → c → a" in problem.message
