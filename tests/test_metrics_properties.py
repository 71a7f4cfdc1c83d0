"""Property tests: the metrics never raise on a valid logbook, and stay in range."""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from pathlib import Path
from typing import Any

from builders import contact, event, interaction, learning, make_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.metrics import (
    breakdowns,
    compare_years,
    contact_ledger,
    event_returns,
    goal_progress,
    yearly_summary,
)

YEARS = (2023, 2024, 2025)
RATES = (
    "show_up_rate",
    "applied_rate",
    "asked_share",
    "connect_rate",
    "follow_up_rate",
    "kept_warm_rate",
)
COUNTS = (
    "events_attended",
    "energy_spent",
    "takeaways",
    "questions_asked",
    "distinct_topics",
    "new_topics",
    "new_contacts",
    "introduced_contacts",
    "opportunities",
    "opportunities_from_meetups",
    "talks_given",
    "events_organized",
)

dates = st.dates(dt.date(2023, 1, 1), dt.date(2025, 12, 31)).map(dt.date.isoformat)
maybe_dates = st.one_of(st.just(""), dates)


def maybe(values: tuple[str, ...] | st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    inner = values if isinstance(values, st.SearchStrategy) else st.sampled_from(values)
    return st.one_of(st.just(""), inner)


@st.composite
def logbooks(draw: st.DrawFn, *, filled: bool = False) -> dict[str, list[dict[str, object]]]:
    """Rows of cell text for a valid logbook; ``filled``: every breakdown cell set."""
    dim = {
        "channel": schema.CHANNELS,
        "format": schema.FORMATS,
        "style": schema.STYLES,
        "access": schema.ACCESS,
    }
    events = []
    for i in range(draw(st.integers(0, 8))):
        cells: dict[str, object] = {
            name: draw(st.sampled_from(choices) if filled else maybe(choices))
            for name, choices in dim.items()
        }
        cells |= {
            "role": draw(maybe(schema.ROLES)),
            "duration_h": draw(maybe(st.sampled_from(("0", "0.5", "2", "8")))),
            "travel_min": draw(maybe(st.sampled_from(("0", "15", "90")))),
            "cost": draw(maybe(st.sampled_from(("0", "9.5", "40")))),
            "energy_cost": draw(maybe(st.sampled_from(("1", "3", "5")))),
            "rating": draw(maybe(st.sampled_from(("1", "4", "5")))),
            "questions_asked": draw(maybe(st.sampled_from(("0", "1", "3")))),
            "topics": ";".join(
                draw(st.lists(st.sampled_from(("AI", " ai", "Data ", "UX", "")), max_size=3))
            ),
        }
        status = draw(st.sampled_from(schema.STATUSES))
        events.append(event(f"e{i}", draw(dates), status, **cells))
    event_ids = tuple(e["event_id"] for e in events)
    contacts = []
    for i in range(draw(st.integers(0, 8))):
        earlier = tuple(c["contact_id"] for c in contacts)
        contacts.append(
            contact(
                f"c{i}",
                met_on=draw(maybe_dates),
                met_event_id=draw(maybe(event_ids)) if event_ids else "",
                introduced_by=draw(maybe(earlier)) if earlier else "",
                company=draw(maybe(("Acme", " Acme", "acme", "Beta", "  "))),
            )
        )
    contact_ids = tuple(c["contact_id"] for c in contacts)
    interactions = []
    if contact_ids:
        for _ in range(draw(st.integers(0, 15))):
            interactions.append(
                interaction(
                    draw(dates),
                    draw(st.sampled_from(contact_ids)),
                    draw(st.sampled_from(schema.INTERACTION_KINDS)),
                    direction=draw(maybe(schema.DIRECTIONS)),
                )
            )
    learnings = []
    if event_ids:
        for _ in range(draw(st.integers(0, 8))):
            learnings.append(
                learning(
                    draw(st.sampled_from(event_ids)),
                    topic=draw(maybe(("AI", "data", " Ops ", " "))),
                    applied_on=draw(maybe_dates),
                )
            )
    return {
        "events": events,
        "contacts": contacts,
        "interactions": interactions,
        "learnings": learnings,
    }


def load(rows: dict[str, Any], goals: str | None = None) -> Logbook:
    with tempfile.TemporaryDirectory() as folder:
        return make_logbook(Path(folder), goals=goals, **rows)


def check_summary(summary: dict[str, Any], year: int) -> None:
    json.dumps(summary, allow_nan=False)
    assert summary["year"] == year
    assert list(summary) == ["year", *schema.METRIC_NAMES, "milestones", "breakdowns"]
    for name in RATES:
        value = summary[name]
        assert value is None or 0.0 <= value <= 1.0, (name, value)
    for name in COUNTS:
        value = summary[name]
        assert type(value) is int and value >= 0, (name, value)
    for name in schema.METRIC_NAMES:
        value = summary[name]
        if isinstance(value, float):
            assert value >= 0 or name.startswith("median_days"), (name, value)
    assert summary["ladder_stage"] in schema.LADDER_STAGES
    for rows in summary["breakdowns"].values():
        for row in rows:
            assert type(row["events"]) is int and row["events"] >= 1
            assert type(row["opportunities"]) is int and row["opportunities"] >= 0
            rate = row["follow_up_rate"]
            assert rate is None or 0.0 <= rate <= 1.0


SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(rows=logbooks(), as_of=st.one_of(st.none(), dates))
def test_metrics_never_raise_and_stay_in_range(rows: dict[str, Any], as_of: str | None) -> None:
    book = load(rows)
    returns = event_returns(book)
    for year in YEARS:
        summary = yearly_summary(book, year, as_of)
        check_summary(summary, year)
        # the event ledger agrees with the summary
        of_year = returns.loc[returns["year"] == year]
        assert len(of_year) == summary["events_attended"]
        assert int(of_year["takeaways"].sum()) == summary["takeaways"]
    compare_years(book, 2025, as_of)
    ledger = contact_ledger(book, as_of)
    assert len(ledger) == len(rows["contacts"])
    assert (ledger["tie_strength"] >= 0).all()
    assert (ledger["interactions"] >= 0).all()


@SETTINGS
@given(rows=logbooks(filled=True))
def test_breakdown_event_counts_add_up_when_every_event_has_the_dimension(
    rows: dict[str, Any],
) -> None:
    book = load(rows)
    for year in YEARS:
        attended = yearly_summary(book, year)["events_attended"]
        for dimension, table in breakdowns(book, year).items():
            assert int(table["events"].sum()) == attended, dimension


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=logbooks(), target=st.sampled_from(("0", "1", "0.5", "12")))
def test_goal_progress_shares_are_between_0_and_1(rows: dict[str, Any], target: str) -> None:
    goals = f"2025:\n  events_attended: {target}\n  money_spent: {target}\n"
    goals += f"  follow_up_rate: {target}\n  ladder_stage: speaker\n"
    table = goal_progress(load(rows, goals), 2025)
    assert len(table) == 4
    shares = table["share_reached"].dropna()
    assert ((shares >= 0) & (shares <= 1)).all()
