"""Breakdowns: which channels, formats, styles and access levels pay back.

Computed per event first (takeaways, contacts met there, of those followed up
within 14 days, opportunities through them), then summed over the group of
events sharing a value, so one pass over each table serves all four
dimensions.
"""

from __future__ import annotations

import pandas as pd

from meetupstats import schema
from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import as_float, check_year
from meetupstats.metrics.networking import FOLLOW_UP_WINDOW_DAYS, YearContacts, year_contacts

#: Columns of a breakdown table, in order.
BREAKDOWN_COLUMNS = (
    "value",
    "events",
    "mean_rating",
    "takeaways_per_event",
    "contacts_per_event",
    "follow_up_rate",
    "opportunities",
)


def _per_event(logbook: Logbook, year: int, shared: YearContacts | None = None) -> pd.DataFrame:
    """One row per attended event of ``year`` with the counts the breakdowns sum."""
    if shared is None:
        shared = year_contacts(logbook, year)
    attended = shared.attended
    ids = pd.Index(attended["event_id"], dtype=object)
    contacts = logbook.contacts

    takeaways = logbook.learnings["event_id"].loc[logbook.learnings["event_id"].isin(ids)]
    met = contacts.loc[shared.met_at_attended]
    # followed up 0-14 days after met_on (an empty met_on, or none: not followed up)
    followed = shared.follow_up[shared.met_at_attended] <= FOLLOW_UP_WINDOW_DAYS
    opp_events = shared.opportunity_event
    opp_events = opp_events.loc[opp_events.isin(ids)]

    def count(keys: pd.Series) -> pd.Series:
        return keys.value_counts(sort=False).reindex(ids, fill_value=0).astype("int64")

    frame = pd.DataFrame(
        {
            "rating": as_float(attended["rating"]),
            "rated": ~pd.isna(as_float(attended["rating"])),
            "takeaways": count(takeaways).to_numpy(),
            "contacts": count(met["met_event_id"]).to_numpy(),
            "followed_up": count(met["met_event_id"].loc[followed]).to_numpy(),
            "opportunities": count(opp_events).to_numpy(),
        },
        index=ids,
    )
    for dim in schema.BREAKDOWN_DIMENSIONS:
        frame[dim] = attended[dim].astype(object).to_numpy()
    return frame


def _group(per_event: pd.DataFrame, dimension: str) -> pd.DataFrame:
    rows = per_event.loc[per_event[dimension].notna()]
    if rows.empty:
        out = pd.DataFrame({c: pd.Series(dtype="float64") for c in BREAKDOWN_COLUMNS})
        return out.astype({"value": object, "events": "int64", "opportunities": "int64"})
    rows = rows.assign(rating=rows["rating"].fillna(0.0), one=1)
    sums = rows.groupby(dimension, sort=False)[
        ["one", "rating", "rated", "takeaways", "contacts", "followed_up", "opportunities"]
    ].sum()
    events = sums["one"].astype("int64")
    rated = sums["rated"].astype("float64")
    contacts = sums["contacts"].astype("float64")
    out = pd.DataFrame(
        {
            "value": sums.index.astype(object),
            "events": events.to_numpy(),
            "mean_rating": (sums["rating"] / rated.where(rated > 0)).to_numpy(),
            "takeaways_per_event": (sums["takeaways"] / events).to_numpy(dtype="float64"),
            "contacts_per_event": (sums["contacts"] / events).to_numpy(dtype="float64"),
            "follow_up_rate": (sums["followed_up"] / contacts.where(contacts > 0)).to_numpy(),
            "opportunities": sums["opportunities"].astype("int64").to_numpy(),
        }
    )
    out = out.sort_values(["events", "value"], ascending=[False, True], kind="stable")
    return out.reset_index(drop=True)


def breakdown(logbook: Logbook, year: int, dimension: str) -> pd.DataFrame:
    """How the attended events of ``year`` paid back, grouped by one event column.

    ``dimension`` is ``channel``, ``format``, ``style`` or ``access``. One row
    per value that occurs among the attended events of ``year`` (events with
    the cell empty are left out), sorted by ``events`` descending, then value.
    For the group G of attended events with that value:

    Returns
    -------
    DataFrame
        ``value`` — the column's value;
        ``events`` — |G|;
        ``mean_rating`` — mean ``rating`` over rated events of G (NaN if none);
        ``takeaways_per_event`` — takeaways of G / |G|;
        ``contacts_per_event`` — contacts whose ``met_event_id`` is in G / |G|
        (whatever their ``met_on``);
        ``follow_up_rate`` — share of those contacts with an ``out``/``mutual``
        follow-up-kind interaction 0–14 days after their own ``met_on`` (a
        contact with empty ``met_on`` counts as not followed up; NaN if G has
        no contacts);
        ``opportunities`` — interactions dated in ``year`` with an opportunity
        kind whose contact's ``met_event_id`` is in G.
    """
    if dimension not in schema.BREAKDOWN_DIMENSIONS:
        raise UsageError(
            f"unknown breakdown {dimension!r} (one of {', '.join(schema.BREAKDOWN_DIMENSIONS)})"
        )
    return _group(_per_event(logbook, check_year(year)), dimension)


def breakdowns(logbook: Logbook, year: int) -> dict[str, pd.DataFrame]:
    """:func:`breakdown` for each of ``channel``, ``format``, ``style`` and ``access``."""
    return _breakdowns(logbook, check_year(year))


def _breakdowns(
    logbook: Logbook, year: int, shared: YearContacts | None = None
) -> dict[str, pd.DataFrame]:
    per_event = _per_event(logbook, year, shared)
    return {dim: _group(per_event, dim) for dim in schema.BREAKDOWN_DIMENSIONS}
