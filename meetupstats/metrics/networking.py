"""Networking return: new contacts, how fast you followed up, who stayed warm, opportunities.

The per-contact helpers here (:func:`first_interaction_days`,
:func:`follow_up_days`, :func:`interacted_after`) take any subset of contacts
and are shared by the breakdowns and the ledgers. All of it is vectorized over the interactions
table: filter, subtract dates, group by contact.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import (
    DAY,
    attended_in,
    check_year,
    days_between,
    entropy_bits,
    event_hours,
    in_year,
    int_sum,
    lookup,
    mask,
    median_or_none,
    ratio,
    resolve_as_of,
)

#: Directions that make a follow-up yours: ``out`` (you initiated) or ``mutual``.
FOLLOW_UP_DIRECTIONS = ("out", "mutual")
#: Windows of DESIGN.md, in days after ``met_on``, both ends inclusive.
CONNECT_WINDOW_DAYS = 7
FOLLOW_UP_WINDOW_DAYS = 14
KEPT_WARM_DAYS = 90


def first_interaction_days(
    contacts: pd.DataFrame,
    interactions: pd.DataFrame,
    kinds: Sequence[str],
    directions: Sequence[str] | None = None,
) -> pd.Series:
    """Days from each contact's ``met_on`` to its first matching interaction on or after it.

    An interaction matches when its ``kind`` is in ``kinds`` and, if
    ``directions`` is given, its ``direction`` is one of them (an empty
    direction never matches). Interactions dated before ``met_on`` are
    ignored. A contact with no match, or with an empty ``met_on``, gets NaN.

    Returns
    -------
    Series
        Float day counts indexed by ``contact_id``, in the order of ``contacts``.
    """
    met_on = contacts["met_on"]
    ids = pd.Index(contacts["contact_id"], dtype=object)
    earliest = met_on.min()
    if pd.isna(earliest):
        return pd.Series(np.nan, index=ids, dtype="float64")
    # cheap filters first (categoricals, dates); the id lookup runs on what is left
    keep = mask(interactions["kind"].isin(kinds))
    if directions is not None:
        keep = keep & mask(interactions["direction"].isin(directions))
    keep = keep & mask(interactions["date"] >= earliest)
    sub = interactions.loc[keep, ["contact_id", "date"]]
    met = pd.Series(met_on.to_numpy(), index=ids)
    days = days_between(sub["date"], lookup(sub["contact_id"], met))
    on_or_after = (days >= 0).to_numpy()
    first = days[on_or_after].groupby(sub["contact_id"][on_or_after], sort=False).min()
    return first.reindex(ids).astype("float64")


def follow_up_days(contacts: pd.DataFrame, interactions: pd.DataFrame) -> pd.Series:
    """Days from ``met_on`` to the first follow-up (NaN: none on or after ``met_on``).

    A follow-up is an interaction of a follow-up kind (``message``, ``email``,
    ``call``, ``coffee``, ``meeting``) with direction ``out`` or ``mutual``.
    """
    return first_interaction_days(
        contacts, interactions, schema.FOLLOW_UP_KINDS, FOLLOW_UP_DIRECTIONS
    )


def followed_up_within(
    contacts: pd.DataFrame, interactions: pd.DataFrame, days: int = FOLLOW_UP_WINDOW_DAYS
) -> pd.Series:
    """Boolean per contact: a follow-up dated 0–``days`` days after ``met_on`` (inclusive).

    A contact with an empty ``met_on`` is not followed up.
    """
    lag = follow_up_days(contacts, interactions)
    return (lag <= days).fillna(False).astype(bool)


def interacted_after(
    contacts: pd.DataFrame, interactions: pd.DataFrame, days: int = KEPT_WARM_DAYS
) -> np.ndarray:
    """Boolean per contact: any interaction (any kind or direction) dated ≥ ``met_on + days``.

    A contact with an empty ``met_on`` gets False.
    """
    ids = pd.Index(contacts["contact_id"], dtype=object)
    cut = pd.Series((contacts["met_on"] + days * DAY).to_numpy(), index=ids)
    earliest = cut.min()
    if pd.isna(earliest):
        return np.zeros(len(ids), dtype=bool)
    sub = interactions.loc[mask(interactions["date"] >= earliest), ["contact_id", "date"]]
    late = mask(sub["date"] >= lookup(sub["contact_id"], cut))
    return mask(contacts["contact_id"].isin(sub["contact_id"][late].unique()))


def _member(values: pd.Series, allowed: Sequence[str]) -> np.ndarray:
    """Plain bool array: the cell is one of ``allowed`` (missing: False).

    For a Categorical the test runs once per category, not once per row.
    """
    if isinstance(values.dtype, pd.CategoricalDtype):
        codes = values.cat.codes.to_numpy()
        hit = np.append(values.cat.categories.isin(allowed), False)
        return hit[codes]  # code -1 (missing) picks the trailing False
    return mask(values.isin(allowed))


@dataclass(frozen=True)
class YearContacts:
    """What a year's networking metrics and breakdowns share, computed once per year.

    Attributes
    ----------
    attended : DataFrame
        The attended events of the year.
    new : ndarray of bool
        Per row of ``contacts``: ``met_on`` in the year.
    met_at_attended : ndarray of bool
        Per row of ``contacts``: ``met_event_id`` is an attended event of the year.
    follow_up, connect : ndarray of float
        Per row of ``contacts`` (NaN outside ``new | met_at_attended``): what
        :func:`follow_up_days` and ``first_interaction_days(...,
        ("linkedin-connect",))`` give for that contact.
    last_seen : ndarray of datetime64
        Per row of ``contacts`` (NaT outside ``new | met_at_attended``): the
        latest interaction dated on or after ``met_on`` (any kind or direction).
    opportunity_event : Series
        For each interaction dated in the year with an opportunity kind: its
        contact's ``met_event_id`` (missing when none or no such contact).
    """

    attended: pd.DataFrame
    new: np.ndarray
    met_at_attended: np.ndarray
    follow_up: np.ndarray
    connect: np.ndarray
    last_seen: np.ndarray
    opportunity_event: pd.Series


def year_contacts(logbook: Logbook, year: int) -> YearContacts:
    """The per-contact quantities of ``year``, in one pass over the interactions.

    Each contact's follow-up, connect and last-interaction dates depend on
    that contact alone, so they are computed for the contacts either metric
    looks at (new in ``year``, or met at an attended event of ``year``) with
    one lookup of the interactions' contact ids instead of one per metric.
    """
    contacts, interactions = logbook.contacts, logbook.interactions
    attended = attended_in(logbook.events, year)
    new = mask(in_year(contacts["met_on"], year))
    met_at = mask(contacts["met_event_id"].isin(attended["event_id"]))
    n = len(contacts)
    follow = np.full(n, np.nan)
    connect = np.full(n, np.nan)
    last = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
    rel = np.flatnonzero(new | met_at)
    met = contacts["met_on"].to_numpy(dtype="datetime64[ns]")[rel]
    known = ~np.isnat(met)
    if known.any():
        dates = interactions["date"].to_numpy(dtype="datetime64[ns]")
        rows = np.flatnonzero(dates >= met[known].min())  # NaT compares False
        ids = pd.Index(contacts["contact_id"].to_numpy(dtype=object)[rel], dtype=object)
        pos = ids.get_indexer(interactions["contact_id"].to_numpy(dtype=object)[rows])
        rows, pos = rows[pos >= 0], pos[pos >= 0]
        when = dates[rows]
        days = (when - met[pos]) / np.timedelta64(1, "D")  # NaN where met_on is empty
        after = days >= 0
        latest = np.full(len(rel), np.iinfo(np.int64).min, dtype=np.int64)  # = NaT
        np.maximum.at(latest, pos[after], when[after].view(np.int64))
        last[rel] = latest.view("datetime64[ns]")
        kinds = interactions.iloc[rows]
        rules = (
            (
                follow,
                _member(kinds["kind"], schema.FOLLOW_UP_KINDS)
                & _member(kinds["direction"], FOLLOW_UP_DIRECTIONS),
            ),
            (connect, _member(kinds["kind"], ("linkedin-connect",))),
        )
        for out, matches in rules:
            hit = matches & after
            first = np.full(len(rel), np.inf)
            np.minimum.at(first, pos[hit], days[hit])
            out[rel] = np.where(np.isinf(first), np.nan, first)
    opp = interactions.loc[
        mask(in_year(interactions["date"], year))
        & _member(interactions["kind"], schema.OPPORTUNITY_KINDS),
        "contact_id",
    ]
    met_event = pd.Series(
        contacts["met_event_id"].to_numpy(), index=pd.Index(contacts["contact_id"], dtype=object)
    )
    return YearContacts(attended, new, met_at, follow, connect, last, lookup(opp, met_event))


def networking_metrics(logbook: Logbook, year: int, as_of: object = None) -> dict[str, Any]:
    """The Networking-return metrics of calendar year ``year``.

    Definitions (DESIGN.md). *New contacts* are contacts with ``met_on`` in
    ``year``; windows are calendar days after ``met_on``, both ends included.

    - ``new_contacts`` — count of new contacts.
    - ``contacts_per_event`` — new contacts whose ``met_event_id`` is an
      attended event of ``year`` / events_attended.
    - ``contacts_per_hour`` — new contacts / hours_invested.
    - ``connect_rate`` — share of new contacts with a ``linkedin-connect``
      interaction dated 0–7 days after ``met_on``.
    - ``follow_up_rate`` — share of new contacts with a follow-up-kind
      interaction (message, email, call, coffee, meeting) of direction ``out``
      or ``mutual`` (empty direction does not count) dated 0–14 days after
      ``met_on``.
    - ``median_follow_up_days`` — median, over new contacts that have such a
      follow-up on or after ``met_on``, of the days to the first one.
    - ``kept_warm_rate`` — among new contacts with ``met_on ≤ as_of − 90
      days``: share with any interaction (any kind or direction) dated
      ``≥ met_on + 90 days``. Interactions after ``as_of`` are not excluded.
      ``None`` when no contact is eligible or ``as_of`` is unknown.
    - ``introduced_contacts`` — new contacts with ``introduced_by`` set.
    - ``opportunities`` — interactions dated in ``year`` whose kind is an
      opportunity kind (job-lead, referral, speaking-invite, collaboration,
      mentoring, client), for any contact.
    - ``opportunities_from_meetups`` — those whose contact has a
      ``met_event_id``.
    - ``company_entropy_bits`` — Shannon entropy (bits) of new contacts'
      ``company`` (exact text after trimming; empty excluded; ``None`` if none).
    - ``contacts_per_energy`` — new contacts / energy_spent.

    ``as_of`` (date or ``YYYY-MM-DD``; default the latest date in the
    logbook) affects only ``kept_warm_rate``.
    """
    year = check_year(year)
    return _networking(logbook, year, as_of, year_contacts(logbook, year))


def _networking(logbook: Logbook, year: int, as_of: object, shared: YearContacts) -> dict[str, Any]:
    """:func:`networking_metrics` from the year's shared per-contact quantities."""
    as_of_date = resolve_as_of(logbook, as_of)
    contacts = logbook.contacts
    attended = shared.attended
    n_events = len(attended)
    hours = float(event_hours(attended).sum())
    energy = int_sum(attended["energy_cost"])

    new = contacts.loc[shared.new]
    n_new = len(new)
    at_events = int((shared.new & shared.met_at_attended).sum())
    connect = shared.connect[shared.new]
    follow = shared.follow_up[shared.new]

    kept_warm: float | None = None
    if as_of_date is not None:
        met_on = new["met_on"].to_numpy(dtype="datetime64[ns]")
        eligible = met_on <= (as_of_date - KEPT_WARM_DAYS * DAY).to_datetime64()
        cut = met_on[eligible] + np.timedelta64(KEPT_WARM_DAYS, "D")
        warm = shared.last_seen[shared.new][eligible] >= cut  # NaT compares False
        kept_warm = ratio(int(warm.sum()), int(eligible.sum()))

    company = new["company"].astype(object).where(new["company"].notna(), None)
    company = pd.Series(company, dtype=object).str.strip()
    company = company.loc[company.notna() & (company != "")]

    return {
        "new_contacts": n_new,
        "contacts_per_event": ratio(at_events, n_events),
        "contacts_per_hour": ratio(n_new, hours),
        "connect_rate": ratio(int((connect <= CONNECT_WINDOW_DAYS).sum()), n_new),
        "follow_up_rate": ratio(int((follow <= FOLLOW_UP_WINDOW_DAYS).sum()), n_new),
        "median_follow_up_days": median_or_none(follow),
        "kept_warm_rate": kept_warm,
        "introduced_contacts": int(new["introduced_by"].notna().sum()),
        "opportunities": len(shared.opportunity_event),
        "opportunities_from_meetups": int(shared.opportunity_event.notna().sum()),
        "company_entropy_bits": entropy_bits(company.value_counts(sort=False)),
        "contacts_per_energy": ratio(n_new, energy),
    }
