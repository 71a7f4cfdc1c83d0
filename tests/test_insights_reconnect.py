"""Relationship segments and the reconnect list (as of a date)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from builders import contact, event, interaction, make_logbook

from meetupstats.insights import insights
from meetupstats.insights._history import history
from meetupstats.insights.reconnect import relationship_segments

AS_OF = "2025-06-30"


def book_rows() -> dict[str, list[dict[str, object]]]:
    """Contacts whose segment as of 2025-06-30 is worked out in each comment.

    Days are counted back from 2025-06-30; dormant means over 365 days.
    """
    return {
        "events": [event("e1", "2022-01-10", title="Data night")],
        "contacts": [
            # last contact 2023-05-01 (791 days), a job lead → reconnect (value 1, 2 interactions)
            contact("a", name="Aino", met_on="2022-01-10", met_event_id="e1"),
            # one message in 2022, nothing else → one-off
            contact("b", name="Bea", met_on="2022-01-10", met_event_id="e1"),
            # 5 interactions, the last 2025-06-01 (29 days) → core
            contact("c", name="Cai", met_on="2024-01-01"),
            # 2 interactions, the last 2025-01-15 (166 days), no value → keep warm
            contact("d", name="Dan", met_on="2023-01-01"),
            # met 2025-06-01 (29 days) → new
            contact("e", name="Eve", met_on="2025-06-01"),
            # introduced h to you; last contact 2023-01-01 → reconnect (value 1, 1 interaction)
            contact("g", name="Gus", met_on="2022-06-01"),
            contact("h", name="Hil", met_on="2024-06-01", introduced_by="g"),
            # 2 interactions in 2022, no value → faded
            contact("i", name="Ida", met_on="2022-02-01"),
            # a job lead dated AFTER as_of (hidden): last contact 2023-03-01, 1 interaction → one-off
            contact("j", name="Jon", met_on="2023-03-01"),
        ],
        "interactions": [
            interaction("2022-01-12", "a", "message", direction="out"),
            interaction("2023-05-01", "a", "job-lead", direction="in"),
            interaction("2022-01-12", "b", "message", direction="out"),
            *[interaction(f"2025-0{m}-01", "c", "coffee", direction="mutual") for m in range(2, 7)],
            interaction("2024-12-01", "d", "message", direction="out"),
            interaction("2025-01-15", "d", "message", direction="in"),
            interaction("2023-01-01", "g", "message", direction="out"),
            interaction("2024-06-01", "h", "message", direction="out"),
            interaction("2024-06-20", "h", "coffee", direction="mutual"),
            interaction("2022-02-03", "i", "message", direction="out"),
            interaction("2022-03-03", "i", "message", direction="in"),
            interaction("2023-03-01", "j", "message", direction="out"),
            interaction("2025-07-15", "j", "job-lead", direction="in"),
        ],
    }


def test_segments(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **book_rows())
    view, as_of = history(book, AS_OF)
    seg = relationship_segments(view, as_of)
    got = dict(zip(seg["contact_id"], seg["segment"].astype(str), strict=True))
    assert got == {
        "a": "reconnect",
        "b": "one-off",
        "c": "core",
        "d": "keep warm",
        "e": "new",
        "g": "reconnect",
        # h: 2 interactions, last 2024-06-20 (375 days) → over a year, no value → faded
        "h": "faded",
        "i": "faded",
        "j": "one-off",
    }
    a = seg.loc[seg["contact_id"] == "a"].iloc[0]
    assert a["recency_days"] == (pd.Timestamp(AS_OF) - pd.Timestamp("2023-05-01")).days


def test_reconnect_list_with_reasons(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **book_rows())
    out = insights(book, 2025, AS_OF, repeats=2)
    # a and g both have value 1; a has more interactions (2 vs 1) → first
    assert [r["contact_id"] for r in out["reconnect"]] == ["a", "g"]
    assert all(set(r) == {"contact_id", "name", "reason"} for r in out["reconnect"])
    first, second = out["reconnect"]
    assert first["name"] == "Aino"
    assert "last in touch 2023-05-01" in first["reason"]
    assert "1 opportunity" in first["reason"]
    assert "met at Data night" in first["reason"]
    assert "introduced you to 1 person" in second["reason"]
    assert "2 dormant ties" in out["notes"]["reconnect"]


def test_later_opportunity_counts_once_as_of_moves(tmp_path: Path) -> None:
    # As of 2025-08-01 Jon's job lead (2025-07-15) is visible and recent: he is core.
    book = make_logbook(tmp_path, **book_rows())
    view, as_of = history(book, "2025-08-01")
    seg = relationship_segments(view, as_of)
    assert seg.set_index("contact_id").loc["j", "segment"] == "core"
