"""The part of the logbook the insights learn from: attended events up to a year, as of a date.

Every insight is computed from the logbook *as it stood* on ``as_of``
(default: the latest date in the logbook): rows dated after it are left out,
so asking about an earlier date never uses what was learnt later. The
per-event returns themselves come from :func:`meetupstats.metrics.event_returns`
and :func:`meetupstats.metrics.contact_ledger`; nothing here redefines a metric.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook
from meetupstats.metrics._select import check_year, resolve_as_of

#: An event is used for the drivers only once this many days have passed since
#: it (up to ``as_of``): its follow-ups (counted 0–14 days after meeting) are complete.
SETTLE_DAYS = 14


def as_of_view(logbook: Logbook, as_of: pd.Timestamp | None) -> Logbook:
    """The logbook as it stood on ``as_of``: nothing dated after it.

    Events, interactions and contacts (``met_on``) dated after ``as_of`` are
    dropped, with the interactions, learnings and introductions that pointed at
    dropped rows; an ``applied_on`` after ``as_of`` becomes "not applied yet".
    Rows without a date are kept. ``as_of=None`` returns the logbook unchanged.
    """
    if as_of is None:
        return logbook
    events = logbook.events.loc[~(logbook.events["date"] > as_of).to_numpy(dtype=bool)]
    kept_events = set(events["event_id"].dropna())
    contacts = logbook.contacts.loc[~(logbook.contacts["met_on"] > as_of).to_numpy(dtype=bool)]
    contacts = contacts.loc[
        (contacts["met_event_id"].isna() | contacts["met_event_id"].isin(kept_events)).to_numpy(
            dtype=bool
        )
    ]
    kept_contacts = set(contacts["contact_id"].dropna())
    contacts = contacts.assign(
        introduced_by=contacts["introduced_by"].where(
            contacts["introduced_by"].isin(kept_contacts), None
        )
    )
    inter = logbook.interactions
    inter = inter.loc[
        (
            ~(inter["date"] > as_of)
            & inter["contact_id"].isin(kept_contacts)
            & (inter["event_id"].isna() | inter["event_id"].isin(kept_events))
        ).to_numpy(dtype=bool)
    ]
    learn = logbook.learnings
    learn = learn.loc[learn["event_id"].isin(kept_events).to_numpy(dtype=bool)]
    learn = learn.assign(applied_on=learn["applied_on"].where(~(learn["applied_on"] > as_of)))
    return logbook.with_tables(
        events=events.reset_index(drop=True),
        contacts=contacts.reset_index(drop=True),
        interactions=inter.reset_index(drop=True),
        learnings=learn.reset_index(drop=True),
    )


def history(logbook: Logbook, as_of: object = None) -> tuple[Logbook, pd.Timestamp | None]:
    """The logbook as of ``as_of`` (default: its latest date), and that resolved date.

    The date is ``None`` only for a logbook without any date.
    """
    as_of_date = resolve_as_of(logbook, as_of)
    return as_of_view(logbook, as_of_date), as_of_date


def event_table(logbook: Logbook, year: int, as_of: pd.Timestamp | None = None) -> pd.DataFrame:
    """The attended events up to the end of ``year`` with what each returned.

    The rows of :func:`~meetupstats.metrics.event_returns` dated on or before
    31 December ``year``, plus the raw ``duration_h``, ``travel_min`` and
    ``topics`` columns of ``events.csv``. With ``as_of``, an event is kept
    only when it is at least :data:`SETTLE_DAYS` days older than ``as_of``
    (its 14-day follow-up window is over, so its return is complete).
    """
    from meetupstats.metrics import event_returns

    year = check_year(year)
    returns = event_returns(logbook)
    raw = logbook.events.drop_duplicates("event_id").set_index("event_id")
    ids = returns["event_id"].to_numpy(dtype=object)
    returns = returns.assign(
        duration_h=raw["duration_h"].reindex(ids).to_numpy(dtype="float64", na_value=np.nan),
        travel_min=raw["travel_min"]
        .astype("float64")
        .reindex(ids)
        .to_numpy(dtype="float64", na_value=np.nan),
        topics=raw["topics"].reindex(ids).to_numpy(dtype=object),
    )
    keep = returns["date"] <= pd.Timestamp(year=year, month=12, day=31)
    if as_of is not None:
        keep &= returns["date"] <= as_of - pd.Timedelta(days=SETTLE_DAYS)
    return returns.loc[keep.to_numpy(dtype=bool)].reset_index(drop=True)
