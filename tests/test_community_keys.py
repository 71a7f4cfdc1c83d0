"""Composite-key duplicates are found on integer codes: each repeat names the first row."""

from __future__ import annotations

from pathlib import Path

from meetupstats.community.folder import validate_community
from tests.test_community_folder import write_community


def test_every_repeat_points_at_the_first_row_and_empty_cells_never_match(tmp_path: Path) -> None:
    folder = write_community(
        tmp_path / "c",
        events="e1,2025-01-10,Talks\ne2,2025-02-10,More",
        attendance="""
e1,p1,yes,true
e2,p1,yes,true
e1,p1,no,
e1,p1,no,
""",
        # members: (person_id, snapshot_date); line 2 and 4 share both, line 3 another date;
        # line 5 has no person_id (a required-cell error, never a duplicate)
        members="""
meetup-1,,,,,,,2025-03-31
meetup-1,,,,,,,2025-04-30
meetup-1,,,,,,,2025-03-31
,,,,,,,2025-03-31
,,,,,,,2025-03-31
""",
    )
    shown = [str(p) for p in validate_community(folder)]
    att = str(folder / "attendance.csv")
    mem = str(folder / "members.csv")
    # lines 4 and 5 both repeat line 2 (e1, p1); line 3 (e2, p1) is another key
    dup = "person_id: duplicate row for event_id 'e1', person_id 'p1' (first on line 2)"
    assert f"{att}:4: {dup}" in shown
    assert f"{att}:5: {dup}" in shown
    assert not any(s.startswith(f"{att}:3: person_id: duplicate") for s in shown)
    assert (
        f"{mem}:4: snapshot_date: duplicate row for person_id 'meetup-1', "
        "snapshot_date '2025-03-31 00:00:00' (first on line 2)"
    ) in shown
    assert sum("duplicate row" in s for s in shown) == 3
