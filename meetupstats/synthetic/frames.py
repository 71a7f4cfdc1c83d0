"""Typed frames exactly as :func:`meetupstats.logbook.load_logbook` returns them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Day numbers as ``datetime64[ns]`` (``NaT`` where ``missing``)."""
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
    if missing is not None:
        out[missing] = np.datetime64("NaT")
    return out


def _frame(table: schema.Table, columns: Mapping[str, Any], n: int) -> pd.DataFrame:
    """A DataFrame typed exactly as :func:`meetupstats.logbook.load_logbook` types ``table``.

    ``columns`` maps column names to array-likes of length ``n``: day numbers
    already as ``datetime64``, numbers as floats with NaN for empty, text as
    objects with ``None`` for empty; absent columns are empty.
    """
    data: dict[str, pd.Series] = {}
    for column in table.columns:
        values = columns.get(column.name)
        kind = column.kind
        if kind == "date":
            arr = (
                np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
                if values is None
                else np.asarray(values, dtype="datetime64[ns]")
            )
            data[column.name] = pd.Series(arr, dtype="datetime64[ns]")
        elif kind in ("int", "float"):
            arr = np.full(n, np.nan) if values is None else np.asarray(values, dtype="float64")
            series = pd.Series(arr, dtype="float64")
            data[column.name] = series.astype("Int64") if kind == "int" else series
        elif kind == "enum":
            cells = [None] * n if values is None else list(values)
            data[column.name] = pd.Series(pd.Categorical(cells, categories=list(column.choices)))
        elif kind == "bool":
            cells = [None] * n if values is None else list(values)
            data[column.name] = pd.Series(pd.array(cells, dtype="boolean"))
        elif kind == "list":
            cells = [()] * n if values is None else [tuple(v) for v in values]
            data[column.name] = pd.Series(cells, dtype=object)
        else:
            cells = (
                [None] * n if values is None else [None if v is None else str(v) for v in values]
            )
            data[column.name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(n))
