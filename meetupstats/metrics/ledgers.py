"""Ledgers: what each attended event returned, and where each contact stands.

Both tables cover the whole logbook (all years); filter them by ``date`` /
``met_on`` for one year. They are the inputs of the report's "best events" and
"contacts who brought opportunities" sections and of :mod:`meetupstats.insights`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import (
    as_float,
    days_between,
    event_hours,
    is_attended,
    lookup,
    resolve_as_of,
)
from meetupstats.metrics.networking import FOLLOW_UP_WINDOW_DAYS, follow_up_days

#: Half-life, in days, of an interaction's weight in :func:`contact_ledger`'s tie strength.
TIE_HALF_LIFE_DAYS = 180.0


def event_returns(logbook: Logbook) -> pd.DataFrame:
    """One row per attended event (all years), with what it cost and what it returned.

    The **return** of an event counts return points, one per:

    - takeaway recorded at the event, plus one more per takeaway applied
      (``learning_return = takeaways + applied_takeaways``);
    - contact met there (``met_event_id``) who was followed up within 14 days
      of ``met_on`` (the ``follow_up_rate`` rule), plus one per opportunity
      that came through the contacts met there (opportunity-kind interactions
      of those contacts dated on or after the event's date, any year)
      (``networking_return = contacts_followed_up + opportunities``);

    ``return = learning_return + networking_return``; ``return_per_hour`` =
    return / hours, ``return_per_energy`` = return / energy (NaN when hours
    are 0 or energy is not recorded).

    Returns
    -------
    DataFrame
        Sorted by date then event_id. Columns: ``event_id``, ``date``,
        ``year``, ``title``, ``community``, ``format``, ``style``, ``access``,
        ``channel`` (Categoricals), ``role`` (empty means ``attendee``),
        ``hours`` (duration + travel, missing parts 0), ``cost``, ``energy``,
        ``rating``, ``questions`` (floats, NaN when not recorded),
        ``takeaways``, ``applied_takeaways``, ``contacts_met``,
        ``contacts_followed_up``, ``opportunities`` (ints),
        ``learning_return``, ``networking_return``, ``return`` (ints),
        ``return_per_hour``, ``return_per_energy`` (floats).
    """
    events = logbook.events.loc[is_attended(logbook.events)]
    events = events.sort_values(["date", "event_id"], kind="stable")
    ids = pd.Index(events["event_id"], dtype=object)
    contacts, interactions, learnings = logbook.contacts, logbook.interactions, logbook.learnings

    def count(keys: pd.Series) -> np.ndarray:
        return keys.value_counts(sort=False).reindex(ids, fill_value=0).to_numpy(dtype="int64")

    mine = learnings.loc[learnings["event_id"].isin(ids)]
    met = contacts.loc[contacts["met_event_id"].isin(ids)]
    followed = (follow_up_days(met, interactions) <= FOLLOW_UP_WINDOW_DAYS).to_numpy()
    opp = interactions.loc[
        interactions["kind"].isin(schema.OPPORTUNITY_KINDS), ["contact_id", "date"]
    ]
    met_at = met.set_index("contact_id")["met_event_id"]
    opp = opp.assign(event_id=lookup(opp["contact_id"], met_at))
    opp = opp.loc[opp["event_id"].notna()]
    event_date = pd.Series(events["date"].to_numpy(), index=ids)
    opp = opp.loc[(opp["date"] >= lookup(opp["event_id"], event_date)).to_numpy(dtype=bool)]

    hours = event_hours(events).to_numpy()
    energy = as_float(events["energy_cost"])
    out = pd.DataFrame(
        {
            "event_id": events["event_id"].to_numpy(dtype=object),
            "date": events["date"].to_numpy(),
            "year": events["date"].dt.year.to_numpy(dtype="int64"),
        }
    )
    for name in ("title", "community", *schema.BREAKDOWN_DIMENSIONS):
        out[name] = events[name].to_numpy()
    out["role"] = events["role"].fillna("attendee").to_numpy()
    out["hours"] = hours
    out["cost"] = as_float(events["cost"])
    out["energy"] = energy
    out["rating"] = as_float(events["rating"])
    out["questions"] = as_float(events["questions_asked"])
    out["takeaways"] = count(mine["event_id"])
    out["applied_takeaways"] = count(mine["event_id"].loc[mine["applied_on"].notna()])
    out["contacts_met"] = count(met["met_event_id"])
    out["contacts_followed_up"] = count(met["met_event_id"].loc[followed])
    out["opportunities"] = count(opp["event_id"])
    out["learning_return"] = out["takeaways"] + out["applied_takeaways"]
    out["networking_return"] = out["contacts_followed_up"] + out["opportunities"]
    out["return"] = out["learning_return"] + out["networking_return"]
    total = out["return"].to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        out["return_per_hour"] = np.where(hours > 0, total / hours, np.nan)
        out["return_per_energy"] = np.where(energy > 0, total / energy, np.nan)
    for dim in schema.BREAKDOWN_DIMENSIONS:
        out[dim] = pd.Categorical(out[dim], categories=events[dim].cat.categories)
    out["role"] = pd.Categorical(out["role"], categories=schema.ROLES)
    return out


def contact_ledger(logbook: Logbook, as_of: object = None) -> pd.DataFrame:
    """One row per contact (in ``contacts.csv`` order): how you met and where the tie stands.

    The ledger sees the logbook as it stood on ``as_of`` (default: the latest
    date in the logbook): interactions dated after ``as_of`` are ignored.

    **Tie strength** combines frequency and recency: each interaction (any
    kind, any direction) dated on or before ``as_of`` adds
    ``0.5 ** (age_days / 180)``, where ``age_days = as_of − date``; so an
    interaction today adds 1, one six months ago 0.5, one a year ago 0.25.
    Ten interactions long ago and one last week can score alike; a contact
    with no interaction scores 0.

    Returns
    -------
    DataFrame
        ``contact_id``, ``name``, ``company``;
        ``met_on``, ``met_event_id``, ``met_event_title``, ``met_event_community`` — where and when you met;
        ``introduced_by`` (contact_id) and ``introduced_by_name``;
        ``introductions`` — how many contacts name this one as ``introduced_by``;
        ``first_follow_up_days`` — days from ``met_on`` to your first
        ``out``/``mutual`` follow-up-kind interaction on or after it (NaN: none);
        ``interactions`` — count; ``last_interaction`` — date (NaT: none);
        ``days_since`` — ``as_of − last_interaction`` in days (NaN: none);
        ``opportunities`` — opportunity-kind interactions;
        ``tie_strength`` — as above.
    """
    as_of_date = resolve_as_of(logbook, as_of)
    contacts = logbook.contacts
    interactions = logbook.interactions
    if as_of_date is not None:
        interactions = interactions.loc[(interactions["date"] <= as_of_date).to_numpy()]
    ids = pd.Index(contacts["contact_id"], dtype=object)

    events = logbook.events.drop_duplicates("event_id").set_index("event_id")
    names = pd.Series(contacts["name"].to_numpy(dtype=object), index=ids)
    known = interactions.loc[interactions["contact_id"].isin(ids), ["contact_id", "date", "kind"]]
    if as_of_date is not None:
        age = days_between(pd.Series(as_of_date, index=known.index), known["date"])
        weight = np.power(0.5, age.to_numpy(dtype="float64") / TIE_HALF_LIFE_DAYS)
    else:
        weight = np.zeros(len(known))
    known = known.assign(
        weight=weight,
        opportunity=known["kind"].isin(schema.OPPORTUNITY_KINDS).to_numpy(dtype=bool),
    )
    per = known.groupby("contact_id", sort=False).agg(
        interactions=("date", "size"),
        last_interaction=("date", "max"),
        opportunities=("opportunity", "sum"),
        tie_strength=("weight", "sum"),
    )
    per = per.reindex(ids)
    last = pd.Series(per["last_interaction"].to_numpy(dtype="datetime64[ns]"), index=ids)
    since = (
        days_between(pd.Series(as_of_date, index=ids), last)
        if as_of_date is not None
        else pd.Series(np.nan, index=ids)
    )
    intro_counts = contacts["introduced_by"].value_counts(sort=False)
    out = pd.DataFrame(
        {
            "contact_id": ids.to_numpy(dtype=object),
            "name": names.to_numpy(),
            "company": contacts["company"].to_numpy(dtype=object),
            "met_on": contacts["met_on"].to_numpy(),
            "met_event_id": contacts["met_event_id"].to_numpy(dtype=object),
            "met_event_title": lookup(contacts["met_event_id"], events["title"]).to_numpy(
                dtype=object
            ),
            "met_event_community": lookup(contacts["met_event_id"], events["community"]).to_numpy(
                dtype=object
            ),
            "introduced_by": contacts["introduced_by"].to_numpy(dtype=object),
            "introduced_by_name": lookup(contacts["introduced_by"], names).to_numpy(dtype=object),
            "introductions": intro_counts.reindex(ids, fill_value=0).to_numpy(dtype="int64"),
            "first_follow_up_days": follow_up_days(contacts, interactions).to_numpy(),
            "interactions": per["interactions"].fillna(0).to_numpy(dtype="int64"),
            "last_interaction": last.to_numpy(),
            "days_since": since.to_numpy(dtype="float64"),
            "opportunities": per["opportunities"].fillna(0).to_numpy(dtype="int64"),
            "tie_strength": per["tie_strength"].fillna(0.0).to_numpy(dtype="float64"),
        }
    )
    return out.assign(
        met_on=out["met_on"].astype("datetime64[ns]"),
        last_interaction=out["last_interaction"].astype("datetime64[ns]"),
    ).reset_index(drop=True)
