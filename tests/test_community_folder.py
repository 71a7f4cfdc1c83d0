"""The community folder: init, validation as file:line: column: problem, round trip.

Also the builders of tiny community folders the other community tests use.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from meetupstats.community.folder import (
    Community,
    init_community,
    load_community,
    save_community,
    validate_community,
)
from meetupstats.community.schema import (
    ATTENDANCE,
    COMMUNITY_EVENTS,
    MEMBERS,
    SALT_FILE,
    TABLES,
)
from meetupstats.errors import LogbookError, UsageError

# Tiny community folders built from CSV text (the other community tests import these).

SALT = "test-salt-0123456789abcdef"


def write_community(
    folder: Path,
    *,
    events: str,
    attendance: str,
    members: str | None = None,
    salt: str = SALT,
) -> Path:
    """Write a community folder; each table is CSV *rows* under the schema header.

    ``events`` rows are ``event_id,date,title`` plus optional
    ``format,style,speakers,capacity`` (missing trailing cells are filled).
    """
    folder.mkdir(parents=True, exist_ok=True)
    for table, body in ((COMMUNITY_EVENTS, events), (ATTENDANCE, attendance), (MEMBERS, members)):
        if body is None:
            continue
        width = len(table.columns)
        lines = []
        for line in body.strip().splitlines():
            line = line.strip()
            if line:
                lines.append(line + "," * (width - 1 - line.count(",")))
        text = ",".join(table.column_names) + "\n" + "".join(f"{x}\n" for x in lines)
        (folder / table.filename).write_text(text, encoding="utf-8")
    (folder / SALT_FILE).write_text(salt + "\n", encoding="utf-8")
    return folder


def make_community(folder: Path, **tables: str | None) -> Community:
    return load_community(write_community(folder, **tables))  # type: ignore[arg-type]


def test_init_writes_headers_salt_and_readme(tmp_path: Path) -> None:
    folder = init_community(tmp_path / "c")
    for table in TABLES.values():
        assert (folder / table.filename).read_text() == ",".join(table.column_names) + "\n"
    assert len((folder / "salt.txt").read_text().strip()) == 64
    assert validate_community(folder) == []
    with pytest.raises(UsageError, match="already holds a community folder"):
        init_community(folder)


def test_two_folders_get_different_salts(tmp_path: Path) -> None:
    a = init_community(tmp_path / "a") / "salt.txt"
    b = init_community(tmp_path / "b") / "salt.txt"
    assert a.read_text() != b.read_text()


def test_every_problem_is_reported_with_file_line_and_column(tmp_path: Path) -> None:
    folder = write_community(
        tmp_path / "c",
        events="""
e1,2025-01-10,Talks,evening
e1,2025-02-10,Again
e2,10.1.2025,Bad date
""",
        attendance="""
e1,p1,yes,true
e1,p1,no,
e9,p2,maybe,perhaps
e1,someone@example.com,yes,
""",
    )
    shown = [str(p) for p in validate_community(folder)]
    ev = str(folder / "community_events.csv")
    att = str(folder / "attendance.csv")
    assert f"{ev}:2: format: unknown value 'evening'" in shown[0]
    assert any(s.startswith(f"{ev}:3: event_id: duplicate id 'e1'") for s in shown)
    assert any(s.startswith(f"{ev}:4: date: not a date: '10.1.2025'") for s in shown)
    assert (
        f"{att}:3: person_id: duplicate row for event_id 'e1', person_id 'p1' (first on line 2)"
        in shown
    )
    assert any(s.startswith(f"{att}:4: rsvp: unknown value 'maybe'") for s in shown)
    assert any(s.startswith(f"{att}:4: checked_in: not true/false: 'perhaps'") for s in shown)
    assert f"{att}:4: event_id: no row of community_events.csv has event_id 'e9'" in shown
    assert any(s.startswith(f"{att}:5: person_id: looks like a raw email") for s in shown)
    with pytest.raises(LogbookError):
        load_community(folder)


def test_missing_files_and_columns(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    folder.mkdir()
    (folder / "attendance.csv").write_text("event_id,rsvp\n")
    shown = [str(p) for p in validate_community(folder)]
    assert f"{folder / 'community_events.csv'}: file not found" in shown[0]
    assert (
        f"{folder / 'attendance.csv'}:1: person_id: required column is missing from the header"
        in shown
    )


def test_short_salt_is_an_error(tmp_path: Path) -> None:
    folder = write_community(tmp_path / "c", events="e1,2025-01-10,T", attendance="", salt="abc")
    assert [str(p) for p in validate_community(folder)] == [
        f"{folder / 'salt.txt'}:1: the salt must be one line of at least 16 characters"
    ]


def test_not_a_folder(tmp_path: Path) -> None:
    with pytest.raises(LogbookError, match="community folder not found"):
        load_community(tmp_path / "nope")


def test_round_trip_is_byte_identical(tmp_path: Path) -> None:
    folder = write_community(
        tmp_path / "c",
        events='e1,2025-01-10,"Talks, and more",afterwork,talks,Aino;Mikko,80,luma,x',
        attendance="e1,email-abc,yes,true,2025-01-02,luma\ne1,meetup-1,none,,,meetup",
        members="meetup-1,2024-03-20,2025-01-10,3,0,Member,meetup-members,2025-01-31",
    )
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    community = load_community(folder)
    assert community.events.loc[0, "speakers"] == ("Aino", "Mikko")
    assert save_community(community) == []  # nothing changed, nothing written
    save_community(community, tmp_path / "copy")
    after = {p.name: p.read_bytes() for p in (tmp_path / "copy").glob("*.csv")}
    assert after == before


def test_extra_columns_are_kept(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    write_community(folder, events="e1,2025-01-10,T", attendance="")
    (folder / "community_events.csv").write_text(
        "event_id,date,title,venue\ne1,2025-01-10,T,Library\n", encoding="utf-8"
    )
    c = load_community(folder)
    assert c.events.loc[0, "venue"] == "Library"
    save_community(c)
    assert "Library" in (folder / "community_events.csv").read_text(encoding="utf-8")
