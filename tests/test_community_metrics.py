"""Community metrics on a tiny community whose numbers are worked out by hand."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_community_folder import make_community

from meetupstats.community.metrics import (
    cohort_table,
    community_summary,
    draw_and_keep,
    event_table,
    first_timer_table,
    regulars_over_time,
)
from meetupstats.community.schema import SUMMARY_KEYS

# e3 has no check-in data (nobody checked in; G's explicit "false" does not
# make data). 180 days after 2025-01-10 is 2025-07-09; as_of 2026-01-05 minus
# 180 days is 2025-07-09 too.
EVENTS = """
e0,2024-11-05,Kick-off,afterwork,talks,Aino
e1,2025-01-10,January talks,afterwork,talks,Aino;Mikko
e2,2025-02-14,Breakfast club,breakfast,social
e3,2025-03-20,Workshop without check-in,afterwork,workshop,Mikko
e4,2025-07-08,Summer talks,afterwork,talks,Lea
e5,2025-07-09,Summer social,afterwork,social
e6,2025-07-10,Summer workshop,lunch,workshop
"""
# event,person,rsvp,checked_in
ATTENDANCE = """
e0,A,yes,true
e1,A,yes,true
e1,B,yes,true
e1,C,yes,true
e1,D,yes,
e2,A,yes,true
e2,E,none,true
e2,I,no,false
e3,F,yes,
e3,G,yes,false
e4,J,yes,true
e5,A,yes,true
e5,B,yes,true
e5,I,waitlist,true
e6,C,yes,true
e6,H,yes,true
"""
MEMBERS = """
m1,2024-05-01,,,,,meetup-members,2025-06-30
m2,2025-02-01,,,,,meetup-members,2025-06-30
m3,2025-03-01,,,,,meetup-members,2025-06-30
m1,2024-05-01,,,,,meetup-members,2025-12-31
m2,2025-02-01,,,,,meetup-members,2025-12-31
m4,2025-09-10,,,,,meetup-members,2025-12-31
m5,2023-01-01,,,,,meetup-members,2025-12-31
"""
AS_OF = "2026-01-05"


@pytest.fixture
def community(tmp_path: Path):  # type: ignore[no-untyped-def]
    return make_community(tmp_path / "c", events=EVENTS, attendance=ATTENDANCE, members=MEMBERS)


def test_summary_has_every_design_key(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    assert set(SUMMARY_KEYS) <= set(s)
    assert s["year"] == 2025
    assert s["as_of"] == AS_OF


def test_counts(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    assert s["events"] == 6  # e1..e6 (e0 is 2024)
    # rsvp yes: e1 4 (A,B,C,D) + e2 1 (A) + e3 2 (F,G) + e4 1 + e5 2 (A,B) + e6 2 = 12
    assert s["rsvps"] == 12
    # checked in: e1 3 + e2 2 (A,E) + e3 0 + e4 1 + e5 3 + e6 2 = 11
    assert s["checked_in"] == 11
    # checked in without rsvp yes: E (none, e2) and I (waitlist, e5)
    assert s["walk_ins"] == 2
    # A, B, C, E, I, J, H
    assert s["unique_attendees"] == 7


def test_show_rate_leaves_out_events_without_check_in_data(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    # events with data: e1, e2, e4, e5, e6 (not e3)
    # rsvp yes there: 4 + 1 + 1 + 2 + 2 = 10; of them checked in: 3 + 1 + 1 + 2 + 2 = 9
    # (counting e3's two yes rows as not shown would give 9 / 12 = 0.75)
    assert s["show_rate"] == pytest.approx(9 / 10)
    # 11 check-ins over 5 events with data (not 6)
    assert s["mean_attendance"] == pytest.approx(11 / 5)
    assert s["events_with_check_in_data"] == 5


def test_first_timers_and_their_return_rate_at_the_180_day_boundaries(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    # first check-in ever in 2025: B, C (e1), E (e2), J (e4), I (e5), H (e6); A's was in 2024
    assert s["first_timers"] == 6
    # eligible: first check-in <= 2026-01-05 - 180 d = 2025-07-09: B, C, E, J, I (I exactly on
    # the boundary); not H (07-10). Back within 180 days: B (e5 is day 180); not C (e6 is
    # day 181). 1 / 5
    assert s["first_timer_return_rate"] == pytest.approx(1 / 5)


def test_active_members_window_includes_day_180(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    # check-ins dated 2025-07-09 .. 2026-01-05: e5 (A, B, I), e6 (C, H); J's e4 (07-08, 181
    # days before as_of) is out
    assert s["active_members"] == 5


def test_regulars(community) -> None:  # type: ignore[no-untyped-def]
    # A: e1, e2, e5 = 3 check-ins in 2025 (e0 is 2024); B has 2
    assert community_summary(community, 2025, AS_OF)["regulars"] == 1


def test_cohorts(community) -> None:  # type: ignore[no-untyped-def]
    cohorts = community_summary(community, 2025, AS_OF)["cohorts"]
    # 2025-01: B, C; both back in July (month 6); months 0..12 (Jan 2025 .. Jan 2026)
    # 2025-02: E alone, never back; months 0..11
    # 2025-07: J, I, H; months 0..6
    assert cohorts == [
        {"cohort": "2025-01", "size": 2, "retention": [1.0, 0, 0, 0, 0, 0, 1.0, 0, 0, 0, 0, 0, 0]},
        {"cohort": "2025-02", "size": 1, "retention": [1.0] + [0.0] * 11},
        {"cohort": "2025-07", "size": 3, "retention": [1.0] + [0.0] * 6},
    ]


def test_cohort_table_months_after_as_of_are_not_observable(community) -> None:  # type: ignore[no-untyped-def]
    shares, sizes = cohort_table(community, "2025-03-31")
    # cohorts up to March 2025: 2024-11 (A), 2025-01 (B, C), 2025-02 (E)
    assert list(shares.index) == ["2024-11", "2025-01", "2025-02"]
    assert list(sizes) == [1, 2, 1]
    # A: Nov 2024 (0), Jan 2025 (2), Feb 2025 (3); observable up to March 2025 (month 4)
    assert shares.loc["2024-11"].tolist() == [1.0, 0.0, 1.0, 1.0, 0.0]
    assert pd.isna(shares.loc["2025-02", 2])  # April 2025 is after as_of


def test_members(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2025, AS_OF)
    # latest snapshot 2025-12-31: m1, m2, m4, m5
    assert s["members"] == 4
    # joined in 2025, over all snapshots: m2, m3 (left by December), m4
    assert s["new_members"] == 3
    # as of July the latest snapshot is June's: m1, m2, m3
    assert community_summary(community, 2025, "2025-07-01")["members"] == 3


def test_without_member_list_members_are_null(tmp_path: Path) -> None:
    c = make_community(tmp_path / "c", events=EVENTS, attendance=ATTENDANCE)
    s = community_summary(c, 2025)
    assert s["members"] is None
    assert s["new_members"] is None
    # as_of defaults to the latest date in the folder: e6's date (no registered_at here)
    assert s["as_of"] == "2025-07-10"


def test_a_year_whose_only_event_has_no_check_in_data(tmp_path: Path) -> None:
    c = make_community(
        tmp_path / "c",
        events="x1,2023-05-05,Untracked",
        attendance="x1,P,yes,\nx1,Q,no,false",
    )
    s = community_summary(c, 2023)
    assert (s["events"], s["rsvps"], s["checked_in"]) == (1, 1, 0)
    assert s["show_rate"] is None  # never 0
    assert s["mean_attendance"] is None
    assert s["first_timer_return_rate"] is None
    assert s["cohorts"] == []


def test_empty_year(community) -> None:  # type: ignore[no-untyped-def]
    s = community_summary(community, 2019, AS_OF)
    assert s["events"] == 0
    assert s["show_rate"] is None
    assert s["first_timers"] == 0


def test_event_table(community) -> None:  # type: ignore[no-untyped-def]
    t = event_table(community, 2025).set_index("event_id")
    assert list(t.index) == ["e1", "e2", "e3", "e4", "e5", "e6"]
    assert t.loc["e1", ["rsvps", "checked_in", "walk_ins", "no_shows"]].tolist() == [4, 3, 0, 1]
    assert t.loc["e1", "show_rate"] == pytest.approx(3 / 4)
    assert not t.loc["e3", "has_check_in_data"]
    assert pd.isna(t.loc["e3", "show_rate"])
    assert pd.isna(t.loc["e3", "no_shows"])
    # first check-ins: e1 B, C; e2 E; e4 J; e5 I; e6 H
    assert t["first_timers"].tolist() == [2, 1, 0, 1, 1, 1]


def test_first_timer_table(community) -> None:  # type: ignore[no-untyped-def]
    t = first_timer_table(community, AS_OF)
    # 2025-01: B, C eligible, B back; 2025-07: J, I eligible (H not yet), none back
    assert t.loc["2025-01"].tolist()[:3] == [2, 2, 1]
    assert t.loc["2025-07"].tolist()[:3] == [3, 2, 0]
    assert t.loc["2025-07", "return_rate"] == 0


def test_regulars_over_time(community) -> None:  # type: ignore[no-untyped-def]
    r = regulars_over_time(community, AS_OF)
    # A's third check-in within 12 months is e2 (Feb 2025): Nov, Jan, Feb
    assert r.loc["2025-01", "regulars"] == 0
    assert r.loc["2025-02", "regulars"] == 1
    # by July: A (Nov..Jul = 4 in the last 12 months)
    assert r.loc["2025-07", "regulars"] == 1
    # trailing 12 months up to Jan 2026: Feb 2025 .. Jan 2026 holds A's e2, e5 = 2 only
    assert r.loc["2026-01", "regulars"] == 0
    assert r.index[0] == "2024-11"


def test_draw_and_keep_by_format(community) -> None:  # type: ignore[no-untyped-def]
    t = draw_and_keep(community, "format", AS_OF).set_index("value")
    # afterwork: e0, e1, e3, e4, e5 = 5 events; rsvp yes 1 + 4 + 2 + 1 + 2 = 10 → 2 per event
    assert t.loc["afterwork", "events"] == 5
    assert t.loc["afterwork", "mean_rsvps"] == pytest.approx(2.0)
    # check-ins at its events with data (e0, e1, e4, e5): 1 + 3 + 1 + 3 = 8 over 4 events
    assert t.loc["afterwork", "mean_checked_in"] == pytest.approx(2.0)
    # first-timers whose first event is afterwork: A (e0), B, C (e1), J (e4), I (e5) = 5;
    # eligible all 5; back: A (e1 is 66 days after e0), B → 2 / 5
    assert t.loc["afterwork", "first_timers"] == 5
    assert t.loc["afterwork", "first_timer_return_rate"] == pytest.approx(2 / 5)


def test_draw_and_keep_by_speaker_counts_each_speaker(community) -> None:  # type: ignore[no-untyped-def]
    t = draw_and_keep(community, "speakers", AS_OF).set_index("value")
    # Aino: e0, e1; Mikko: e1, e3; Lea: e4
    assert t["events"].to_dict() == {"Aino": 2, "Mikko": 2, "Lea": 1}
    # Mikko's events with data: e1 only (yes 4, checked 3)
    assert t.loc["Mikko", "show_rate"] == pytest.approx(3 / 4)


def test_draw_and_keep_rejects_unknown_dimension(community) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValueError, match="format, style or speakers"):
        draw_and_keep(community, "city")


# --------------------------------------------------------------------------- invariants

_rows = st.lists(
    st.tuples(
        st.integers(0, 5),  # event
        st.integers(0, 7),  # person
        st.sampled_from(["yes", "no", "waitlist", "none"]),
        st.sampled_from(["true", "false", ""]),
    ),
    max_size=40,
    unique_by=lambda r: (r[0], r[1]),
)


@settings(max_examples=40, deadline=None)
@given(rows=_rows, days=st.lists(st.integers(0, 800), min_size=6, max_size=6))
def test_metrics_never_raise_and_stay_consistent(
    rows: list[tuple[int, int, str, str]], days: list[int]
) -> None:
    start = pd.Timestamp("2024-01-01")
    events = "\n".join(
        f"e{i},{(start + pd.Timedelta(days=d)):%Y-%m-%d},Event {i}" for i, d in enumerate(days)
    )
    attendance = "\n".join(f"e{e},p{p},{r},{c}" for e, p, r, c in rows)
    with tempfile.TemporaryDirectory() as tmp:
        c = make_community(Path(tmp) / "c", events=events, attendance=attendance)
    for year in (2024, 2025, 2026):
        s = community_summary(c, year)
        for key in ("show_rate", "first_timer_return_rate"):
            assert s[key] is None or 0 <= s[key] <= 1
        assert s["unique_attendees"] <= s["checked_in"]
        assert s["first_timers"] <= s["unique_attendees"]
        assert s["regulars"] <= s["unique_attendees"]
        t = event_table(c, year)
        assert t["checked_in"].sum() == s["checked_in"]
        assert t["rsvps"].sum() == s["rsvps"]
        assert sum(c["size"] for c in s["cohorts"]) == s["first_timers"]
        for cohort in s["cohorts"]:
            assert cohort["retention"][0] == 1.0
