"""Where it pays: return per hour and per energy point, the best and worst events.

"Return" is the return of :func:`~meetupstats.metrics.event_returns`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.errors import UsageError
from meetupstats.reflection.base import ReportData, _memoized


@_memoized
def returns_by(data: ReportData, dimension: str) -> pd.DataFrame:
    """Return per hour and per energy point of the year's events, per value of ``dimension``.

    Over the attended events G of the year with that value (empty cells
    left out): ``per_hour`` = Σ return / Σ hours over G, ``per_energy`` =
    Σ return / Σ energy over the events of G with a recorded energy cost
    (NaN when the denominator is 0). "Return" is the return of
    :func:`~meetupstats.metrics.event_returns`.

    Returns
    -------
    DataFrame
        ``value``, ``events``, ``return``, ``hours``, ``per_hour``,
        ``per_energy``; best per hour first.
    """
    if dimension not in schema.BREAKDOWN_DIMENSIONS:
        raise UsageError(
            f"unknown dimension {dimension!r} (one of {', '.join(schema.BREAKDOWN_DIMENSIONS)})"
        )
    r = data.year_returns
    r = r.loc[r[dimension].notna()]
    with_energy = r["energy"].notna()
    grouped = (
        r.assign(
            value=r[dimension].astype(str),
            e_return=r["return"].where(with_energy, 0),
            e=r["energy"].fillna(0.0),
        )
        .groupby("value", sort=True)
        .agg(
            events=("event_id", "size"),
            ret=("return", "sum"),
            hours=("hours", "sum"),
            e_return=("e_return", "sum"),
            energy=("e", "sum"),
        )
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        per_hour = np.where(grouped["hours"] > 0, grouped["ret"] / grouped["hours"], np.nan)
        per_energy = np.where(
            grouped["energy"] > 0, grouped["e_return"] / grouped["energy"], np.nan
        )
    out = pd.DataFrame(
        {
            "value": grouped.index.astype(object),
            "events": grouped["events"].to_numpy(dtype="int64"),
            "return": grouped["ret"].to_numpy(dtype="int64"),
            "hours": grouped["hours"].to_numpy(dtype="float64"),
            "per_hour": per_hour,
            "per_energy": per_energy,
        }
    )
    return out.sort_values(
        ["per_hour", "value"], ascending=[False, True], na_position="last", kind="stable"
    ).reset_index(drop=True)


def best_and_worst_events(data: ReportData, n: int = 3) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The year's ``n`` best and ``n`` worst events by return per hour.

    Events without recorded hours are left out. With fewer than 2·``n``
    events, the best are the better half and the worst the other half, so no
    event appears in both.

    Returns
    -------
    (best, worst) : tuple of DataFrame
        ``date``, ``title``, ``community``, ``hours``, ``energy``, ``rating``,
        ``return``, ``per_hour``; best first / worst first.
    """
    r = data.year_returns
    r = r.loc[r["return_per_hour"].notna()]
    ranked = r.sort_values(["return_per_hour", "date"], ascending=[False, True], kind="stable")
    cols = ["date", "title", "community", "hours", "energy", "rating", "return", "return_per_hour"]
    ranked = ranked[cols].rename(columns={"return_per_hour": "per_hour"}).reset_index(drop=True)
    if len(ranked) < 2:
        return ranked, ranked.iloc[0:0]
    k = min(n, len(ranked) // 2)
    return ranked.head(k), ranked.iloc[::-1].head(k).reset_index(drop=True)
