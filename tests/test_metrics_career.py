"""Career ladder: talks, organized events, stage and milestones."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import event, make_logbook

from meetupstats.logbook import Logbook, empty_logbook
from meetupstats.metrics import career_metrics, ladder_stage, milestones


def test_talks_given_and_events_organized_count_roles_of_attended_events(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("talk", "2025-02-01", role="speaker"),
            event("panel", "2025-03-01", role="panelist"),
            event("org", "2025-04-01", role="organizer"),
            event("host", "2025-05-01", role="host"),
            event("plain", "2025-06-01", role="attendee"),
            event("empty-role", "2025-06-02"),
            event("helper", "2025-06-03", role="volunteer"),
            event("no-show-talk", "2025-07-01", "no-show", role="speaker"),
            event("old-talk", "2024-07-01", role="speaker"),
        ],
    )
    result = career_metrics(book, 2025)
    # speaker + panelist = 2; organizer + host = 2; no-show and 2024 left out
    assert result["talks_given"] == 2
    assert result["events_organized"] == 2


@pytest.fixture
def climber(tmp_path: Path) -> Logbook:
    """Attendee in 2022, asker in 2023, speaker in 2024, organizer in 2025."""
    return make_logbook(
        tmp_path,
        events=[
            event("e1", "2022-03-01"),
            event("e2", "2022-09-01", questions_asked="0"),
            event("e3", "2023-04-01", questions_asked="2"),
            event("e4", "2023-06-01", "no-show", role="speaker"),  # does not count
            event("e5", "2024-05-01", role="panelist"),
            event("e6", "2025-01-01", "cancelled", role="organizer"),  # does not count
            event("e7", "2025-11-30", role="host"),
            event("e8", "2026-01-01", role="organizer", questions_asked="1"),
        ],
    )


@pytest.mark.parametrize(
    ("year", "stage"),
    [
        (2021, "newcomer"),  # before the first attended event
        (2022, "attendee"),
        (2023, "asker"),
        (2024, "speaker"),
        (2025, "organizer"),  # host counts as organizer
        (2030, "organizer"),  # a year without events keeps the stage reached
    ],
)
def test_ladder_stage_is_the_highest_stage_reached_by_the_end_of_the_year(
    climber: Logbook, year: int, stage: str
) -> None:
    assert ladder_stage(climber, year) == stage
    assert career_metrics(climber, year)["ladder_stage"] == stage


def test_ladder_stage_can_skip_stages(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, events=[event("e", "2025-01-01", role="organizer")])
    # organizer at the first event, never asked or spoke: highest stage wins
    assert ladder_stage(book, 2025) == "organizer"


def test_milestones_are_first_dates_up_to_the_end_of_the_year(climber: Logbook) -> None:
    assert milestones(climber, 2024) == {
        "first_event": pd.Timestamp("2022-03-01"),
        "first_question": pd.Timestamp("2023-04-01"),
        "first_talk": pd.Timestamp("2024-05-01"),
        "first_organized": None,  # e7 is in 2025, e6 was cancelled
    }
    assert milestones(climber, 2025)["first_organized"] == pd.Timestamp("2025-11-30")
    assert milestones(climber, 2021) == dict.fromkeys(
        ("first_event", "first_question", "first_talk", "first_organized")
    )


def test_empty_logbook_is_a_newcomer() -> None:
    assert career_metrics(empty_logbook(), 2025) == {
        "talks_given": 0,
        "events_organized": 0,
        "ladder_stage": "newcomer",
    }
