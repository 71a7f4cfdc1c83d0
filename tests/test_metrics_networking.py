"""Networking metrics, each on a tiny logbook with the arithmetic in a comment."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest
from builders import contact, event, interaction, make_logbook

from meetupstats.errors import UsageError
from meetupstats.logbook import empty_logbook
from meetupstats.metrics import networking_metrics

MET = "2025-03-01"  # every contact below is met on this day unless said otherwise


def test_new_contacts_are_contacts_met_in_the_year(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[
            contact("first-day", met_on="2025-01-01"),
            contact("last-day", met_on="2025-12-31"),
            contact("before", met_on="2024-12-31"),
            contact("after", met_on="2026-01-01"),
            contact("unknown"),  # empty met_on: never new
        ],
    )
    assert networking_metrics(book, 2025)["new_contacts"] == 2


def test_contacts_per_event_hour_and_energy(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", duration_h="2", energy_cost="3"),
            event("b", "2025-04-01", duration_h="1.5", travel_min="30", energy_cost="5"),
            event("n", "2025-05-01", "no-show"),
            event("old", "2024-05-01"),
        ],
        contacts=[
            contact("c1", met_on="2025-03-01", met_event_id="a"),
            contact("c2", met_on="2025-04-01", met_event_id="b"),
            contact("c3", met_on="2025-05-01", met_event_id="n"),  # no-show event: not counted
            contact("c4", met_on="2025-06-01"),  # not at a meetup
            contact("c5", met_on="2025-07-01", met_event_id="old"),  # not a 2025 event
            contact("c6", met_on="2024-05-01", met_event_id="old"),  # not new
        ],
    )
    result = networking_metrics(book, 2025)
    # new contacts c1..c5 = 5; met at an attended 2025 event: c1, c2 -> 2 / 2 events = 1.0
    # hours 2 + (1.5 + 0.5) = 4 -> 5 / 4 = 1.25; energy 3 + 5 = 8 -> 5 / 8 = 0.625
    assert result["new_contacts"] == 5
    assert result["contacts_per_event"] == pytest.approx(1.0)
    assert result["contacts_per_hour"] == pytest.approx(1.25)
    assert result["contacts_per_energy"] == pytest.approx(0.625)


def test_connect_rate_window_is_day_0_to_day_7(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[contact(f"c{i}", met_on=MET) for i in range(1, 6)],
        interactions=[
            interaction("2025-03-08", "c1", "linkedin-connect"),  # day 7: counts
            interaction("2025-03-09", "c2", "linkedin-connect"),  # day 8: too late
            interaction("2025-03-01", "c3", "linkedin-connect"),  # day 0: counts
            interaction("2025-02-28", "c4", "linkedin-connect"),  # day -1: before meeting
            interaction("2025-03-02", "c5", "message", direction="out"),  # not a connect
        ],
    )
    # c1, c3 of 5 new contacts = 0.4
    assert networking_metrics(book, 2025)["connect_rate"] == pytest.approx(0.4)


def test_follow_up_rate_window_kinds_and_directions(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[contact(f"c{i}", met_on=MET) for i in range(1, 8)],
        interactions=[
            interaction("2025-03-15", "c1", "message", direction="out"),  # day 14: counts
            interaction("2025-03-31", "c1", "email", direction="out"),  # later one, day 30
            interaction("2025-03-16", "c2", "email", direction="out"),  # day 15: too late
            interaction("2025-03-01", "c3", "call", direction="mutual"),  # day 0 mutual: counts
            interaction("2025-03-03", "c4", "coffee", direction="in"),  # they initiated
            interaction("2025-03-04", "c5", "meeting"),  # empty direction: does not count
            interaction("2025-03-02", "c6", "linkedin-connect", direction="out"),  # not follow-up
            interaction("2025-02-28", "c7", "message", direction="out"),  # day -1
            interaction("2025-03-21", "c7", "message", direction="out"),  # day 20
        ],
    )
    result = networking_metrics(book, 2025)
    # followed up within 0-14 days: c1, c3 -> 2 / 7
    assert result["follow_up_rate"] == pytest.approx(2 / 7)
    # first follow-up on or after met_on: c1 14, c2 15, c3 0, c7 20 -> median 14.5
    assert result["median_follow_up_days"] == pytest.approx(14.5)


def test_no_follow_up_at_all_gives_zero_rate_and_no_median(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, contacts=[contact("c1", met_on=MET)])
    result = networking_metrics(book, 2025)
    # 0 of 1 followed up = 0.0 (a real zero); median over no contact -> None
    assert result["follow_up_rate"] == 0.0
    assert result["connect_rate"] == 0.0
    assert result["median_follow_up_days"] is None


def test_kept_warm_rate_eligibility_and_day_90(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[
            contact("c1", met_on="2025-01-01"),
            contact("c2", met_on="2025-01-01"),
            contact("c3", met_on="2025-10-02"),  # as_of - 90 days exactly: eligible
            contact("c4", met_on="2025-10-03"),  # 89 days before as_of: not eligible yet
            contact("c5", met_on="2025-02-01"),
            contact("c6", met_on="2024-01-01"),  # not new in 2025
        ],
        interactions=[
            interaction("2025-04-01", "c1", "message"),  # 2025-01-01 + 90 days: warm
            interaction("2025-03-31", "c2", "message", direction="out"),  # day 89: not yet
            interaction("2025-12-31", "c4", "coffee", direction="out"),  # c4 not eligible
            interaction("2025-06-01", "c5", "other", direction="in"),  # any kind/direction
            interaction("2025-06-01", "c6", "message"),
        ],
    )
    # as_of 2025-12-31: cut = 2025-10-02. Eligible c1, c2, c3, c5; warm c1, c5 -> 2 / 4
    result = networking_metrics(book, 2025, as_of="2025-12-31")
    assert result["kept_warm_rate"] == pytest.approx(0.5)
    # default as_of = latest date in the logbook = 2025-12-31 (c4's coffee): same
    assert networking_metrics(book, 2025)["kept_warm_rate"] == pytest.approx(0.5)


def test_kept_warm_rate_is_none_when_every_contact_is_too_recent(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[contact("c1", met_on="2025-11-01")],
        interactions=[interaction("2025-11-02", "c1", "message", direction="out")],
    )
    # as_of defaults to 2025-11-02: c1 met 1 day before -> no eligible contact -> None
    assert networking_metrics(book, 2025)["kept_warm_rate"] is None
    # an as_of 90 days later makes c1 eligible; no interaction at day >= 90 -> 0 / 1
    assert networking_metrics(book, 2025, as_of="2026-01-30")["kept_warm_rate"] == 0.0


def test_kept_warm_counts_an_interaction_after_as_of(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[contact("c1", met_on="2025-01-01")],
        interactions=[interaction("2025-12-01", "c1", "coffee")],
    )
    # as_of 2025-06-01 makes c1 eligible (met 151 days before); DESIGN.md does not
    # exclude interactions after as_of, so the December coffee keeps c1 warm: 1 / 1
    assert networking_metrics(book, 2025, as_of="2025-06-01")["kept_warm_rate"] == 1.0


def test_introduced_contacts(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[
            contact("host", met_on="2023-01-01"),
            contact("c1", met_on=MET, introduced_by="host"),
            contact("c2", met_on=MET, introduced_by="c1"),
            contact("c3", met_on=MET),
            contact("old", met_on="2024-01-01", introduced_by="host"),  # not new
        ],
    )
    assert networking_metrics(book, 2025)["introduced_contacts"] == 2


def test_opportunities_and_opportunities_from_meetups(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[event("meetup", "2023-05-01")],
        contacts=[
            contact("at-meetup", met_on="2023-05-01", met_event_id="meetup"),
            contact("elsewhere", met_on="2025-01-01"),
        ],
        interactions=[
            interaction("2025-02-01", "at-meetup", "job-lead"),
            interaction("2025-12-31", "at-meetup", "speaking-invite"),
            interaction("2025-03-01", "elsewhere", "referral"),
            interaction("2024-12-31", "at-meetup", "client"),  # 2024
            interaction("2025-04-01", "elsewhere", "message"),  # not an opportunity kind
            interaction("2025-04-02", "elsewhere", "intro-received"),  # not one either
        ],
    )
    result = networking_metrics(book, 2025)
    # dated in 2025 with an opportunity kind: job-lead, speaking-invite, referral = 3;
    # the contact of the first two was met at a meetup -> 2 (any met_on year counts)
    assert result["opportunities"] == 3
    assert result["opportunities_from_meetups"] == 2


def test_company_entropy_exact_text_after_trimming_empty_left_out(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[
            contact("c1", met_on=MET, company="Acme"),
            contact("c2", met_on=MET, company=" Acme "),  # trimmed: Acme
            contact("c3", met_on=MET, company="Beta"),
            contact("c4", met_on=MET, company="acme"),  # other letter case: other text
            contact("c5", met_on=MET),  # empty company: left out
            contact("c6", met_on=MET, company="   "),  # empty after trimming: left out
            contact("old", met_on="2024-01-01", company="Gamma"),  # not new
        ],
    )
    # Acme 2, Beta 1, acme 1 of 4: p = .5, .25, .25 -> H = .5 + 2 * .25 * 2 = 1.5 bits
    result = networking_metrics(book, 2025)["company_entropy_bits"]
    assert result == pytest.approx(-(0.5 * math.log2(0.5) + 2 * 0.25 * math.log2(0.25)))
    assert result == pytest.approx(1.5)


def test_company_entropy_single_company_zero_no_company_none(tmp_path: Path) -> None:
    one = make_logbook(
        tmp_path / "one",
        contacts=[contact("c1", met_on=MET, company="Acme"), contact("c2", met_on=MET)],
    )
    none = make_logbook(tmp_path / "none", contacts=[contact("c1", met_on=MET)])
    assert networking_metrics(one, 2025)["company_entropy_bits"] == 0.0
    assert networking_metrics(none, 2025)["company_entropy_bits"] is None


def test_zero_denominators_are_none() -> None:
    result = networking_metrics(empty_logbook(), 2025)
    for name in (
        "contacts_per_event",
        "contacts_per_hour",
        "connect_rate",
        "follow_up_rate",
        "median_follow_up_days",
        "kept_warm_rate",
        "company_entropy_bits",
        "contacts_per_energy",
    ):
        assert result[name] is None, name
    assert result["new_contacts"] == 0
    assert result["opportunities"] == 0


def test_as_of_accepts_dates_and_timestamps(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, contacts=[contact("c1", met_on="2025-01-01")])
    # 2025-04-01 is met_on + 90 days: eligible, no interaction -> 0 / 1
    for as_of in ("2025-04-01", pd.Timestamp("2025-04-01"), pd.Timestamp("2025-04-01").date()):
        assert networking_metrics(book, 2025, as_of=as_of)["kept_warm_rate"] == 0.0
    # one day earlier: not eligible -> None
    assert networking_metrics(book, 2025, as_of="2025-03-31")["kept_warm_rate"] is None


def test_bad_as_of_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="as_of: not a date"):
        networking_metrics(empty_logbook(), 2025, as_of="31.12.2025")
