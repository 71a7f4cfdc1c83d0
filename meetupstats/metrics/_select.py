"""Which rows a year's metrics are computed over, and the small numeric rules they share.

Definitions (DESIGN.md, "Metrics"):

- an event is *in* year ``Y`` when its ``date`` falls in the calendar year ``Y``;
- *attended events* of ``Y`` are events in ``Y`` with ``status = attended``;
- *new contacts* of ``Y`` are contacts whose ``met_on`` falls in ``Y``;
- a ratio whose denominator is 0 is ``None`` (never 0, never an error);
- the median or mean of nothing is ``None``;
- the Shannon entropy of an empty distribution is ``None`` (it is 0/0), of a
  single category ``0.0``;
- sums count a missing value as 0;
- days are calendar days (dates carry no time of day).

Everything here is vectorized: no Python loop per row.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook, latest_date

#: One calendar day, to turn date differences into day counts.
DAY = pd.Timedelta(days=1)


def check_year(year: object) -> int:
    """``year`` as an ``int``; a :class:`UsageError` for anything that is not a whole year."""
    if isinstance(year, bool) or not isinstance(year, (int, np.integer)):
        raise UsageError(f"year must be a whole number such as 2025, got {year!r}")
    return int(year)


def resolve_as_of(logbook: Logbook, as_of: object = None) -> pd.Timestamp | None:
    """The ``as_of`` date: the given one, else :func:`meetupstats.logbook.latest_date`.

    Accepts a ``Timestamp``, ``datetime.date`` or ISO ``YYYY-MM-DD`` string; the
    time of day is dropped. ``None`` only for a logbook without any date.
    """
    if as_of is None:
        latest = latest_date(logbook)
        return None if latest is None else pd.Timestamp(latest).normalize()
    if isinstance(as_of, str):
        try:
            return pd.Timestamp(dt.date.fromisoformat(as_of.strip()))
        except ValueError:
            raise UsageError(f"as_of: not a date: {as_of!r} (expected YYYY-MM-DD)") from None
    if isinstance(as_of, (dt.date, pd.Timestamp, np.datetime64)):
        stamp = pd.Timestamp(as_of)
        if pd.isna(stamp):
            return resolve_as_of(logbook, None)
        return stamp.tz_localize(None).normalize() if stamp.tzinfo else stamp.normalize()
    raise UsageError(f"as_of: expected a date, got {as_of!r}")


def in_year(dates: pd.Series, year: int) -> pd.Series:
    """Boolean mask: the date falls in calendar year ``year`` (missing dates: False)."""
    return dates.dt.year == year


def up_to_year(dates: pd.Series, year: int) -> pd.Series:
    """Boolean mask: the date is on or before 31 December of ``year`` (missing: False)."""
    return dates.dt.year <= year


def is_attended(events: pd.DataFrame) -> pd.Series:
    """Boolean mask of events with ``status = attended``."""
    return events["status"] == "attended"


def attended_in(events: pd.DataFrame, year: int) -> pd.DataFrame:
    """The attended events of ``year``: ``status = attended`` and ``date`` in ``year``.

    Usable in a pipe: ``book.events.pipe(attended_in, 2025)``.
    """
    return events.loc[is_attended(events) & in_year(events["date"], year)]


def new_contacts_in(contacts: pd.DataFrame, year: int) -> pd.DataFrame:
    """The new contacts of ``year``: contacts whose ``met_on`` falls in ``year``."""
    return contacts.loc[in_year(contacts["met_on"], year)]


def event_hours(events: pd.DataFrame) -> pd.Series:
    """Hours per event: ``duration_h + travel_min / 60``, a missing part counting 0."""
    duration = events["duration_h"].to_numpy(dtype="float64", na_value=np.nan)
    travel = events["travel_min"].to_numpy(dtype="float64", na_value=np.nan)
    return pd.Series(
        np.nan_to_num(duration) + np.nan_to_num(travel) / 60.0, index=events.index, dtype="float64"
    )


def as_float(values: pd.Series) -> np.ndarray:
    """A numeric column as a float array (missing → NaN), whatever its nullable dtype."""
    return values.to_numpy(dtype="float64", na_value=np.nan)


def int_sum(values: pd.Series) -> int:
    """Σ of a numeric column, missing counting 0, as a Python ``int``."""
    return int(np.nansum(as_float(values)))


def float_sum(values: pd.Series) -> float:
    """Σ of a numeric column, missing counting 0, as a Python ``float``."""
    return float(np.nansum(as_float(values)))


def mask(values: pd.Series) -> np.ndarray:
    """A boolean (possibly nullable) Series as a plain bool array, missing → False."""
    return values.to_numpy(dtype=bool, na_value=False)


def lookup(keys: pd.Series, table: pd.Series) -> pd.Series:
    """``table[key]`` for each key (missing where absent), keeping ``table``'s dtype.

    ``table`` must have a unique index. Unlike ``Series.map`` this keeps its
    dtype on empty input (``map`` with an empty datetime mapper raises).
    """
    return table.reindex(keys.to_numpy(dtype=object)).set_axis(keys.index)


def ratio(numerator: float, denominator: float) -> float | None:
    """``numerator / denominator``, or ``None`` when the denominator is 0 (or missing)."""
    if denominator is None or pd.isna(denominator) or denominator == 0:
        return None
    return float(numerator) / float(denominator)


def median_or_none(values: Iterable[float] | pd.Series) -> float | None:
    """Median of the non-missing values; ``None`` when there are none."""
    arr = np.asarray(pd.Series(values, dtype="float64").dropna())
    return float(np.median(arr)) if arr.size else None


def mean_or_none(values: pd.Series) -> float | None:
    """Mean of the non-missing values; ``None`` when there are none."""
    arr = as_float(values)
    arr = arr[~np.isnan(arr)]
    return float(arr.mean()) if arr.size else None


def entropy_bits(counts: Iterable[float] | pd.Series) -> float | None:
    """Shannon entropy in bits, ``-Σ p log2 p`` with ``p = count / Σ count``.

    Zero counts are ignored. ``None`` for an empty distribution (0/0), ``0.0``
    for a single category.
    """
    arr = np.asarray(pd.Series(counts, dtype="float64").dropna())
    arr = arr[arr > 0]
    if not arr.size:
        return None
    p = arr / arr.sum()
    h = float(-(p * np.log2(p)).sum())
    return max(h, 0.0) + 0.0  # never -0.0


def days_between(later: pd.Series, earlier: pd.Series) -> pd.Series:
    """``later − earlier`` in calendar days, as floats (NaN where either date is missing)."""
    return (later - earlier) / DAY


def to_json_value(value: Any) -> Any:
    """A metric value as plain JSON data: ``int``, ``float``, ``str``, ``bool`` or ``None``.

    NaN, ``pd.NA`` and ``NaT`` become ``None``; numpy scalars become Python
    ones; dates become ISO ``YYYY-MM-DD`` strings; an infinite float is a bug
    and raises ``ValueError``.
    """
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        f = float(value)
        if math.isnan(f):
            return None
        if math.isinf(f):
            raise ValueError(f"metric value is infinite: {value!r}")
        return f
    if isinstance(value, (pd.Timestamp, dt.date)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, str):
        return value
    raise TypeError(f"not a JSON metric value: {value!r}")
