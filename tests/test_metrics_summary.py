"""yearly_summary (the summary --json object), compare_years and goal_progress."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, make_logbook

import meetupstats
from meetupstats import schema
from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook, empty_logbook
from meetupstats.metrics import compare_years, goal_progress, yearly_summary

KEYS = ["year", *schema.METRIC_NAMES, "milestones", "breakdowns"]


def test_keys_are_exactly_those_of_design_md() -> None:
    summary = yearly_summary(empty_logbook(), 2025)
    assert list(summary) == KEYS
    assert list(summary["milestones"]) == list(schema.MILESTONES)
    assert list(summary["breakdowns"]) == ["channel", "format", "style", "access"]


def test_empty_year_is_zeros_and_nulls_and_valid_json() -> None:
    summary = yearly_summary(empty_logbook(), 2025)
    text = json.dumps(summary, allow_nan=False)  # raises on NaN
    assert summary["year"] == 2025
    assert summary["events_attended"] == 0
    assert summary["show_up_rate"] is None
    assert summary["kept_warm_rate"] is None  # no date at all: as_of unknown
    assert summary["ladder_stage"] == "newcomer"
    assert summary["milestones"]["first_event"] is None
    assert summary["breakdowns"]["channel"] == []
    assert "NaN" not in text


@pytest.fixture
def book(tmp_path: Path) -> Logbook:
    return make_logbook(
        tmp_path,
        events=[
            event("p1", "2024-02-01", duration_h="2", questions_asked="1"),
            event("p2", "2024-03-01", duration_h="2"),
            event("t1", "2025-02-01", duration_h="1", channel="luma", role="speaker"),
            event("t2", "2025-03-01", duration_h="1", channel="luma"),
            event("t3", "2025-04-01", duration_h="1", channel="email"),
            event("t4", "2025-05-01", duration_h="1", rating="5"),
        ],
        learnings=[
            *[learning("p1") for _ in range(4)],  # 2024: 4 takeaways over 2 events
            *[learning("t1") for _ in range(6)],  # 2025: 6 takeaways over 4 events
        ],
        contacts=[contact("c1", met_on="2025-02-01", met_event_id="t1", company="Acme")],
        interactions=[interaction("2025-02-03", "c1", "message", direction="out")],
        goals="2025:\n"
        "  events_attended: 8\n"
        "  talks_given: 1\n"
        "  money_spent: 0\n"
        "  follow_up_rate: 0.5\n"
        "  median_follow_up_days: 1\n"
        "  ladder_stage: organizer\n"
        "  kept_warm_rate: 0.5\n",
    )


def test_summary_values_are_plain_json_types(book: Logbook) -> None:
    summary = yearly_summary(book, 2025)
    assert type(summary["events_attended"]) is int
    assert type(summary["takeaways"]) is int
    assert type(summary["hours_invested"]) is float
    assert summary["takeaways_per_event"] == pytest.approx(6 / 4)
    assert summary["milestones"]["first_talk"] == "2025-02-01"
    assert summary["milestones"]["first_question"] == "2024-02-01"
    assert summary["milestones"]["first_organized"] is None
    luma = summary["breakdowns"]["channel"][0]
    # luma = {t1, t2}: c1 met at t1, messaged 2 days later -> 1 / 2 contacts per event
    assert luma == {
        "value": "luma",
        "events": 2,
        "mean_rating": None,
        "takeaways_per_event": 3.0,
        "contacts_per_event": 0.5,
        "follow_up_rate": 1.0,
        "opportunities": 0,
    }
    json.dumps(summary, allow_nan=False)


def test_compare_years_change_and_per_event_change(book: Logbook) -> None:
    table = compare_years(book, 2025).set_index("metric")
    assert "ladder_stage" not in table.index
    assert len(table) == len(schema.METRIC_NAMES) - 1
    takeaways = table.loc["takeaways"]
    # 2024: 4 takeaways / 2 events = 2.0 per event; 2025: 6 / 4 = 1.5 per event
    assert takeaways["previous"] == 4
    assert takeaways["current"] == 6
    assert takeaways["change"] == 2
    assert takeaways["relative_change"] == pytest.approx(0.5)
    assert bool(takeaways["per_event"])
    assert takeaways["previous_per_event"] == pytest.approx(2.0)
    assert takeaways["current_per_event"] == pytest.approx(1.5)
    assert takeaways["per_event_change"] == pytest.approx(-0.5)
    # a rate is not normalized; a rate that is None in 2024 gives NaN change
    follow = table.loc["follow_up_rate"]
    assert not bool(follow["per_event"])
    assert math.isnan(follow["previous"])
    assert follow["current"] == 1.0
    assert math.isnan(follow["change"])
    assert math.isnan(follow["current_per_event"])
    # talks_given: 0 in 2024 -> relative change undefined (NaN), change +1
    talks = table.loc["talks_given"]
    assert talks["change"] == 1
    assert math.isnan(talks["relative_change"])


def test_goal_progress_higher_and_lower_is_better(book: Logbook) -> None:
    table = goal_progress(book, 2025).set_index("metric")
    # events_attended: 4 of 8 -> 0.5, not reached
    assert table.loc["events_attended", "share_reached"] == pytest.approx(0.5)
    assert not table.loc["events_attended", "reached"]
    assert table.loc["events_attended", "direction"] == "higher"
    # talks_given: 1 of 1 -> 1.0, reached
    assert table.loc["talks_given", "share_reached"] == 1.0
    assert table.loc["talks_given", "reached"]
    # money_spent is a ceiling: 0 spent <= 0 -> reached
    assert table.loc["money_spent", "direction"] == "lower"
    assert table.loc["money_spent", "share_reached"] == 1.0
    # follow_up_rate: 1.0 against 0.5 -> capped at 1.0
    assert table.loc["follow_up_rate", "share_reached"] == 1.0
    # median_follow_up_days: 2 days against a ceiling of 1 -> 1 / 2
    assert table.loc["median_follow_up_days", "actual"] == 2.0
    assert table.loc["median_follow_up_days", "share_reached"] == pytest.approx(0.5)
    # ladder: speaker (index 3) of organizer (index 4) -> 0.75
    assert table.loc["ladder_stage", "actual"] == "speaker"
    assert table.loc["ladder_stage", "share_reached"] == pytest.approx(0.75)
    # kept_warm_rate has no eligible contact (None): share and reached unknown
    assert math.isnan(table.loc["kept_warm_rate", "share_reached"])
    assert table["reached"].isna().sum() == 1


def test_goal_progress_without_goals_is_empty(book: Logbook) -> None:
    table = goal_progress(book, 2024)
    assert table.empty
    assert "share_reached" in table.columns


def test_bad_year_and_as_of_are_usage_errors(book: Logbook) -> None:
    with pytest.raises(UsageError, match="year must be a whole number"):
        yearly_summary(book, "2025")  # type: ignore[arg-type]
    with pytest.raises(UsageError, match="as_of: not a date: '2025/01/01'"):
        yearly_summary(book, 2025, as_of="2025/01/01")


def test_public_names_are_exported_from_the_package() -> None:
    for name in (
        "yearly_summary",
        "compare_years",
        "goal_progress",
        "event_returns",
        "contact_ledger",
        "breakdowns",
    ):
        assert name in meetupstats.__all__
        assert callable(getattr(meetupstats, name))
