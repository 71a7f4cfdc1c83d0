"""The loader's factorized attendance columns, reused by the metrics, never go stale."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from test_community_folder import make_community

from meetupstats.community.metrics import check_ins, first_check_ins


def _community(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_community(
        tmp_path / "c",
        events="e-b,2025-01-10,B\ne-a,2025-01-10,A\ne-c,2025-02-01,C",
        attendance=(
            "e-b,p1,yes,true\ne-a,p1,yes,true\ne-c,p2,yes,true\ne-b,p2,no,false\ne-c,p1,yes,true"
        ),
    )


def test_first_check_in_on_a_day_with_two_events_is_the_smaller_event_id(tmp_path: Path) -> None:
    community = _community(tmp_path)
    first = first_check_ins(check_ins(community))
    # p1: e-b and e-a both on 2025-01-10 -> e-a (smaller id); p2: only e-c (e-b not checked)
    assert first["first_event"].to_dict() == {"p1": "e-a", "p2": "e-c"}
    assert first["first_date"].to_dict() == {
        "p1": pd.Timestamp("2025-01-10"),
        "p2": pd.Timestamp("2025-02-01"),
    }


def test_replaced_attendance_is_factorized_again(tmp_path: Path) -> None:
    community = _community(tmp_path)
    att = community.attendance
    # swap the two persons: codes kept from the load would give the old answer
    swapped = att.assign(person_id=att["person_id"].map({"p1": "p2", "p2": "p1"}))
    first = first_check_ins(check_ins(community.with_tables(attendance=swapped)))
    assert first["first_event"].to_dict() == {"p2": "e-a", "p1": "e-c"}
    facts = check_ins(community.with_tables(attendance=swapped))
    assert facts["person_id"].tolist() == ["p2", "p2", "p1", "p1", "p2"]
    # one code per distinct person, in order of first appearance
    assert facts["person"].tolist() == [0, 0, 1, 1, 0]


def test_event_codes_follow_event_id_order(tmp_path: Path) -> None:
    facts = check_ins(_community(tmp_path))
    # e-a < e-b < e-c
    assert facts["event"].tolist() == [1, 0, 2, 1, 2]
