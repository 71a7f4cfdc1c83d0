"""Breakdowns by channel, format, style and access."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, make_logbook

from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook
from meetupstats.metrics import breakdowns
from meetupstats.metrics.by_dimension import BREAKDOWN_COLUMNS, breakdown


@pytest.fixture
def book(tmp_path: Path) -> Logbook:
    return make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", channel="luma", format="afterwork", rating="4"),
            event("b", "2025-04-01", channel="luma", format="afterwork"),  # unrated
            event("c", "2025-05-01", channel="meetup.com", format="breakfast", rating="2"),
            event("d", "2025-06-01", format="breakfast", style="talks"),  # no channel
            event("n", "2025-07-01", "no-show", channel="luma"),  # not attended
            event("old", "2024-07-01", channel="luma"),  # other year
        ],
        learnings=[
            learning("a"),
            learning("a"),
            learning("a"),
            learning("b"),
            learning("n"),  # no-show: not counted
        ],
        contacts=[
            contact("k1", met_on="2025-03-01", met_event_id="a"),
            contact("k2", met_on="2025-03-01", met_event_id="a"),
            contact("k3", met_event_id="a"),  # empty met_on: counts as not followed up
            contact("k4", met_on="2025-04-01", met_event_id="b"),
            contact("k5", met_on="2025-05-01", met_event_id="c"),
            contact("k6", met_on="2025-07-01", met_event_id="n"),
        ],
        interactions=[
            interaction("2025-03-04", "k1", "message", direction="out"),  # day 3: followed up
            interaction("2025-03-16", "k2", "email", direction="out"),  # day 15: too late
            interaction("2025-03-02", "k3", "message", direction="out"),  # no met_on
            interaction("2025-04-15", "k4", "coffee", direction="mutual"),  # day 14: followed up
            interaction("2025-05-01", "k1", "job-lead"),  # opportunity in 2025 through a
            interaction("2026-01-02", "k2", "referral"),  # 2026: not counted for 2025
            interaction("2025-09-01", "k5", "client"),  # opportunity through c
            interaction("2025-09-02", "k6", "client"),  # through a no-show event
        ],
    )


def test_channel_breakdown(book: Logbook) -> None:
    table = breakdowns(book, 2025)["channel"]
    assert list(table.columns) == list(BREAKDOWN_COLUMNS)
    luma, meetup = table.to_dict("records")
    # luma = {a, b}: rating mean(4) = 4.0 (b unrated); takeaways (3 + 1) / 2 = 2.0;
    # contacts k1, k2, k3, k4 -> 4 / 2 = 2.0; followed up k1, k4 -> 2 / 4 = 0.5;
    # opportunities: k1's job-lead -> 1
    assert luma == {
        "value": "luma",
        "events": 2,
        "mean_rating": 4.0,
        "takeaways_per_event": 2.0,
        "contacts_per_event": 2.0,
        "follow_up_rate": 0.5,
        "opportunities": 1,
    }
    # meetup.com = {c}: rating 2; 0 takeaways; contact k5 -> 1 / 1; not followed up;
    # k5's client -> 1. d (empty channel) is left out.
    assert meetup["value"] == "meetup.com"
    assert meetup["events"] == 1
    assert meetup["mean_rating"] == 2.0
    assert meetup["takeaways_per_event"] == 0.0
    assert meetup["contacts_per_event"] == 1.0
    assert meetup["follow_up_rate"] == 0.0
    assert meetup["opportunities"] == 1


def test_ties_are_sorted_by_value_and_groups_without_contacts_have_no_rate(
    book: Logbook,
) -> None:
    table = breakdown(book, 2025, "format")
    # afterwork {a, b} and breakfast {c, d}: 2 events each -> alphabetical
    assert table["value"].tolist() == ["afterwork", "breakfast"]
    assert table["events"].tolist() == [2, 2]
    style = breakdown(book, 2025, "style")
    # talks = {d}: no contact met there -> follow_up_rate 0/0 -> NaN; no rating -> NaN
    assert style["value"].tolist() == ["talks"]
    assert math.isnan(style.loc[0, "follow_up_rate"])
    assert math.isnan(style.loc[0, "mean_rating"])
    assert style.loc[0, "contacts_per_event"] == 0.0


def test_values_that_do_not_occur_have_no_row(book: Logbook) -> None:
    # access is empty on every event: no rows (not one row per declared category)
    assert breakdown(book, 2025, "access").empty
    assert breakdown(book, 2023, "channel").empty


def test_sorted_by_events_descending(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("x", "2025-01-01", channel="slack"),
            event("y", "2025-01-02", channel="email"),
            event("z", "2025-01-03", channel="email"),
        ],
    )
    # email 2 events before slack 1
    assert breakdown(book, 2025, "channel")["value"].tolist() == ["email", "slack"]


def test_unknown_dimension_is_a_usage_error(book: Logbook) -> None:
    with pytest.raises(UsageError, match="unknown breakdown 'city'"):
        breakdown(book, 2025, "city")
