"""Year at a glance: events per month and "this time last year"."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.reflection.base import ReportData

#: Length of the "this time last year" window, in weeks up to the day a year ago.
LAST_YEAR_WEEKS = 6


def monthly_attendance(data: ReportData) -> pd.DataFrame:
    """Attended events per calendar month of the year (and of the year before).

    Returns
    -------
    DataFrame
        12 rows: ``month`` (``Jan`` … ``Dec``), ``events`` (this year),
        ``previous`` (the year before).
    """
    r = data.returns
    months = pd.date_range(f"{data.year}-01-01", periods=12, freq="MS")

    def per_month(year: int) -> np.ndarray:
        dates = r.loc[r["year"] == year, "date"]
        return dates.dt.month.value_counts().reindex(range(1, 13), fill_value=0).to_numpy()

    return pd.DataFrame(
        {
            "month": [m.strftime("%b") for m in months],
            "events": per_month(data.year),
            "previous": per_month(data.year - 1),
        }
    )


def reference_date(data: ReportData) -> pd.Timestamp:
    """The "now" of the report: ``as_of``, but not later than 31 December of the year."""
    end = pd.Timestamp(f"{data.year}-12-31")
    return end if data.as_of is None or data.as_of > end else data.as_of


def this_time_last_year(data: ReportData) -> dict[str, Any]:
    """What you were doing a year before the report's reference date.

    The window is the :data:`LAST_YEAR_WEEKS` weeks up to and including the
    day one year before :func:`reference_date`.

    Returns
    -------
    dict
        ``date`` — the day a year ago; ``events`` — DataFrame of the attended
        events in the window (``date``, ``title``, ``community``, ``role``);
        ``last_before`` — the last attended event on or before that day (a
        row as a dict, ``None`` if there is none); ``contacts_met`` —
        contacts with ``met_on`` in the window; ``events_since`` /
        ``contacts_since`` — attended events and new contacts after that day
        up to the reference date; ``stage_then`` — the ladder stage reached
        by then (:func:`stage_on`).
    """
    ref = reference_date(data)
    then = ref - pd.DateOffset(years=1)
    lo = then - pd.Timedelta(weeks=LAST_YEAR_WEEKS)
    r = data.returns
    cols = ["date", "title", "community", "role"]
    window = r.loc[(r["date"] > lo) & (r["date"] <= then), cols]
    before = r.loc[r["date"] <= then, cols]
    met = data.book.contacts["met_on"]
    return {
        "date": then,
        "events": window.reset_index(drop=True),
        "last_before": None if before.empty else before.iloc[-1].to_dict(),
        "contacts_met": int(((met > lo) & (met <= then)).sum()),
        "events_since": int(((r["date"] > then) & (r["date"] <= ref)).sum()),
        "contacts_since": int(((met > then) & (met <= ref)).sum()),
        "stage_then": stage_on(data.book, then),
    }


def stage_on(book: Logbook, day: pd.Timestamp) -> str:
    """The ladder stage reached on ``day``: the ``ladder_stage`` rule applied to the
    :func:`~meetupstats.metrics.milestones` dated on or before ``day``."""
    from meetupstats.metrics import milestones

    reached = milestones(book, int(day.year))
    stage = schema.LADDER_STAGES[0]
    for name, key in zip(schema.LADDER_STAGES[1:], schema.MILESTONES, strict=True):
        when = reached[key]
        if when is not None and when <= day:
            stage = name
    return stage
