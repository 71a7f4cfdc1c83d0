"""Investment metrics, each on a tiny logbook with the arithmetic in a comment."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import event, make_logbook

from meetupstats.errors import UsageError
from meetupstats.logbook import empty_logbook
from meetupstats.metrics import investment_metrics


def test_events_attended_counts_attended_events_of_the_year_only(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("first-day", "2025-01-01"),
            event("last-day", "2025-12-31"),
            event("no-show", "2025-05-01", "no-show"),
            event("skipped", "2025-05-02", "skipped"),
            event("cancelled", "2025-05-03", "cancelled"),
            event("year-before", "2024-12-31"),
            event("year-after", "2026-01-01"),
        ],
    )
    # attended and dated in 2025: first-day, last-day -> 2
    result = investment_metrics(book, 2025)
    assert result["events_attended"] == 2
    assert type(result["events_attended"]) is int


def test_hours_invested_adds_duration_and_travel_counting_missing_as_zero(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-02-01", duration_h="2", travel_min="30"),  # 2 + 30/60 = 2.5
            event("b", "2025-02-02", travel_min="90"),  # 0 + 90/60 = 1.5
            event("c", "2025-02-03", duration_h="1.25"),  # 1.25 + 0
            event("d", "2025-02-04"),  # 0
            event("n", "2025-02-05", "no-show", duration_h="3", travel_min="60"),  # not attended
        ],
    )
    # 2.5 + 1.5 + 1.25 + 0 = 5.25
    assert investment_metrics(book, 2025)["hours_invested"] == pytest.approx(5.25)


def test_money_spent_counts_attended_and_no_show_events_of_the_year(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", cost="10"),
            event("b", "2025-03-02"),  # empty cost counts 0
            event("n", "2025-03-03", "no-show", cost="5.5"),  # paid a ticket, did not go
            event("s", "2025-03-04", "skipped", cost="100"),
            event("x", "2025-03-05", "cancelled", cost="7"),
            event("old", "2024-03-01", cost="50"),
        ],
    )
    # 10 + 0 + 5.5 = 15.5
    assert investment_metrics(book, 2025)["money_spent"] == pytest.approx(15.5)


def test_energy_spent_sums_energy_cost_of_attended_events(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", energy_cost="3"),
            event("b", "2025-03-02", energy_cost="5"),
            event("c", "2025-03-03"),  # missing counts 0
            event("n", "2025-03-04", "no-show", energy_cost="4"),
        ],
    )
    # 3 + 5 + 0 = 8
    result = investment_metrics(book, 2025)
    assert result["energy_spent"] == 8
    assert type(result["energy_spent"]) is int


def test_show_up_rate_is_attended_over_attended_plus_no_show(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-01-10"),
            event("b", "2025-02-10"),
            event("c", "2025-03-10"),
            event("n", "2025-04-10", "no-show"),
            event("s1", "2025-05-10", "skipped"),
            event("s2", "2025-05-11", "skipped"),
            event("x", "2025-06-10", "cancelled"),
            event("n-old", "2024-06-10", "no-show"),
        ],
    )
    # 3 attended / (3 + 1 no-show) = 0.75; skipped, cancelled and 2024 left out
    assert investment_metrics(book, 2025)["show_up_rate"] == pytest.approx(0.75)


def test_show_up_rate_is_none_without_attended_or_no_show_events(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, events=[event("s", "2025-05-10", "skipped")])
    # 0 / (0 + 0): zero denominator -> None, not 0
    assert investment_metrics(book, 2025)["show_up_rate"] is None


def test_empty_year_gives_zeros_and_none() -> None:
    assert investment_metrics(empty_logbook(), 2025) == {
        "events_attended": 0,
        "hours_invested": 0.0,
        "money_spent": 0.0,
        "energy_spent": 0,
        "show_up_rate": None,
    }


@pytest.mark.parametrize("year", ["2025", 2025.0, True, None])
def test_a_year_that_is_not_a_whole_number_is_a_usage_error(year: object) -> None:
    with pytest.raises(UsageError, match="year must be a whole number"):
        investment_metrics(empty_logbook(), year)  # type: ignore[arg-type]
