"""event_returns and contact_ledger."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from builders import contact, event, interaction, learning, make_logbook

from meetupstats.logbook import Logbook, empty_logbook
from meetupstats.metrics import contact_ledger, event_returns


@pytest.fixture
def book(tmp_path: Path) -> Logbook:
    return make_logbook(
        tmp_path,
        events=[
            event(
                "a",
                "2025-03-01",
                duration_h="1.5",
                travel_min="30",
                energy_cost="4",
                cost="12",
                rating="5",
                questions_asked="1",
                format="afterwork",
                community="PyHEL",
            ),
            event("b", "2024-06-01"),  # nothing recorded
            event("n", "2025-04-01", "no-show"),  # not in the ledger
        ],
        learnings=[
            learning("a", applied_on="2025-03-10"),
            learning("a"),
            learning("a"),
            learning("n"),
        ],
        contacts=[
            contact("k1", name="Aino", met_on="2025-03-01", met_event_id="a"),
            contact("k2", name="Bo", met_on="2025-03-01", met_event_id="a", introduced_by="k1"),
            contact("k3", name="Cy", met_on="2025-03-01", met_event_id="a", introduced_by="k1"),
            contact("k4", name="Di", met_on="2024-06-01", met_event_id="b"),
        ],
        interactions=[
            interaction("2025-03-05", "k1", "message", direction="out"),  # day 4 follow-up
            interaction("2025-03-20", "k2", "email", direction="out"),  # day 19: too late
            interaction("2025-02-01", "k1", "job-lead"),  # before the event: not "later"
            interaction("2026-01-15", "k2", "referral"),  # later, next year: counts for a
            interaction("2025-09-01", "k1", "collaboration"),  # counts for a
            interaction("2025-09-01", "k4", "client"),  # through b
        ],
    )


def test_event_returns_one_row_per_attended_event(book: Logbook) -> None:
    table = event_returns(book)
    assert table["event_id"].tolist() == ["b", "a"]  # by date; the no-show is left out
    a = table.set_index("event_id").loc["a"]
    assert a["hours"] == pytest.approx(2.0)  # 1.5 + 30 / 60
    assert a["cost"] == 12
    assert a["energy"] == 4
    assert a["rating"] == 5
    assert a["questions"] == 1
    assert a["role"] == "attendee"  # empty role means attendee
    assert a["format"] == "afterwork"
    assert a["community"] == "PyHEL"
    assert a["takeaways"] == 3
    assert a["applied_takeaways"] == 1
    assert a["contacts_met"] == 3  # k1, k2, k3
    assert a["contacts_followed_up"] == 1  # k1 (day 4); k2 at day 19 is too late
    assert a["opportunities"] == 2  # k2's referral, k1's collaboration (not the earlier lead)
    # learning 3 + 1 = 4; networking 1 + 2 = 3; return 7
    assert a["learning_return"] == 4
    assert a["networking_return"] == 3
    assert a["return"] == 7
    assert a["return_per_hour"] == pytest.approx(7 / 2.0)
    assert a["return_per_energy"] == pytest.approx(7 / 4)


def test_event_returns_per_hour_is_nan_without_hours_or_energy(book: Logbook) -> None:
    b = event_returns(book).set_index("event_id").loc["b"]
    # k4 met at b; k4's client on 2025-09-01 -> 1 opportunity, return 1
    assert b["return"] == 1
    assert b["hours"] == 0.0
    assert math.isnan(b["return_per_hour"])
    assert math.isnan(b["return_per_energy"])


def test_contact_ledger(book: Logbook) -> None:
    ledger = contact_ledger(book, as_of="2025-09-01").set_index("contact_id")
    assert list(ledger.index) == ["k1", "k2", "k3", "k4"]
    k1 = ledger.loc["k1"]
    assert k1["met_event_title"] == "Event a"
    assert k1["introductions"] == 2  # k2 and k3 name k1 as introduced_by
    assert k1["first_follow_up_days"] == 4
    assert k1["interactions"] == 3
    assert k1["last_interaction"] == pd.Timestamp("2025-09-01")
    assert k1["days_since"] == 0
    assert k1["opportunities"] == 2  # job-lead and collaboration (any date up to as_of)
    # tie strength: 0.5 ** (age / 180) per interaction; ages 180 (03-05), 212 (02-01), 0
    expected = 0.5 ** (180 / 180) + 0.5 ** (212 / 180) + 1.0
    assert k1["tie_strength"] == pytest.approx(expected)
    k2 = ledger.loc["k2"]
    assert k2["introduced_by"] == "k1"
    assert k2["introduced_by_name"] == "Aino"
    assert k2["first_follow_up_days"] == 19
    # the 2026 referral is after as_of: ignored
    assert k2["interactions"] == 1
    assert k2["opportunities"] == 0
    assert k2["days_since"] == 165  # 2025-03-20 -> 2025-09-01
    k3 = ledger.loc["k3"]
    assert k3["interactions"] == 0
    assert pd.isna(k3["last_interaction"])
    assert math.isnan(k3["days_since"])
    assert math.isnan(k3["first_follow_up_days"])
    assert k3["tie_strength"] == 0.0


def test_contact_ledger_default_as_of_is_the_latest_date(book: Logbook) -> None:
    ledger = contact_ledger(book).set_index("contact_id")
    # latest date is 2026-01-15 (k2's referral): now counted; age 0 -> strength 1 + ...
    assert ledger.loc["k2", "interactions"] == 2
    assert ledger.loc["k2", "opportunities"] == 1
    assert ledger.loc["k2", "days_since"] == 0


def test_empty_logbook_ledgers_are_empty_with_columns() -> None:
    assert event_returns(empty_logbook()).empty
    ledger = contact_ledger(empty_logbook())
    assert ledger.empty
    assert "tie_strength" in ledger.columns
