"""The logbook's tables as the text cells the merge works on (exactly as saved)."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import columns_to_csv_text
from meetupstats.logbook import Logbook, SavedTexts


def text_tables(book: Logbook, saved: SavedTexts | None = None) -> dict[str, pd.DataFrame]:
    """The logbook's tables as text cells (``""`` empty), exactly as saved.

    Each cell is what :func:`meetupstats.logbook.table_to_csv` writes for it
    (and reading that file back gives the same text), rendered a column at a
    time; ``saved`` (the ``texts`` of
    :func:`~meetupstats.logbook.load_logbook_unchecked` of the folder
    ``book`` was loaded from) gives some columns already.
    """
    out = {}
    for name, table in schema.TABLES.items():
        frame = book.table(name)
        given = {} if saved is None else saved.get(name, {})
        out[name] = pd.DataFrame(
            {c: given[c] if c in given else _rendered(table, c, frame[c]) for c in frame.columns},
            columns=list(frame.columns),
            index=pd.RangeIndex(len(frame)),
            dtype=object,
        )
    return out


def saved_cells(
    table: schema.Table,
    text: pd.DataFrame,
    typed: pd.DataFrame,
    rows: np.ndarray,
    saved: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """``text``'s columns with rows ``rows`` as
    :func:`~meetupstats.logbook.table_to_csv` writes them: rendered from
    ``typed`` (the table read from ``text``), or given by ``saved`` (the
    cells of rows ``rows`` that converting them gave, see
    :func:`~meetupstats.logbook.typed_frame`).

    The other rows of ``text`` must already be so (:func:`text_tables`); then
    the result is exactly the text ``table_to_csv(table, typed)`` writes.
    """
    rendered = rendered_rows(table, typed, rows, list(text.columns), saved) if len(rows) else {}
    out = {}
    for c in text.columns:
        cells = text[c].to_numpy(dtype=object)
        if len(rows):
            shown = rendered[c]
            differ = np.flatnonzero(cells[rows] != shown)
            if len(differ):
                cells = cells.copy()
                cells[rows[differ]] = shown[differ]
        out[c] = cells
    return out


def rendered_rows(
    table: schema.Table,
    typed: pd.DataFrame,
    rows: np.ndarray,
    columns: list[str],
    saved: Mapping[str, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Rows ``rows`` of the typed table ``typed``, columns ``columns``, as the
    text cells :func:`~meetupstats.logbook.table_to_csv` writes for them
    (``saved``: some of these columns, as :func:`saved_cells` takes them)."""
    given = {} if saved is None else saved
    return {
        c: given[c] if c in given else _rendered(table, c, typed[c].iloc[rows]) for c in columns
    }


def _rendered(table: schema.Table, name: str, values: pd.Series) -> np.ndarray:
    """One typed column as the text cells ``table_to_csv`` writes (object array)."""
    try:
        kind = table.column(name).kind
    except KeyError:
        kind = "str"
    n = len(values)
    if kind == "date":
        codes, distinct = pd.factorize(values)
        text = np.append(np.asarray(distinct.strftime(schema.DATE_FORMAT), dtype=object), "")
        return np.asarray(text[codes] if n else text[:0], dtype=object)
    if kind == "list":
        return np.array(
            [schema.LIST_SEPARATOR.join(v) if isinstance(v, (tuple, list)) else "" for v in values],
            dtype=object,
        ).reshape(n)
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = np.append(np.asarray(values.cat.categories.astype(str), dtype=object), "")
        return np.asarray(labels[values.cat.codes.to_numpy()], dtype=object)
    cells = values.to_numpy(dtype=object)
    if kind == "str" and pd.api.types.infer_dtype(cells, skipna=False) in ("string", "empty"):
        return cells.copy()  # text in every cell (an id column): as it is
    missing = np.asarray(pd.isna(cells), dtype=bool)
    out = np.empty(n, dtype=object)
    out[missing] = ""
    present = ~missing
    if kind in ("bool", "int", "float", "enum"):
        codes, distinct = pd.factorize(cells[present])
        if kind == "bool":
            shown = ["true" if v else "false" for v in distinct]
        elif kind == "int":
            shown = [str(int(v)) for v in distinct]
        elif kind == "float":
            shown = [_format_float(float(v)) for v in distinct]
        else:
            shown = [str(v) for v in distinct]
        out[present] = np.asarray(shown, dtype=object)[codes] if len(codes) else []
        return out
    kept = cells[present]
    if pd.api.types.infer_dtype(kept, skipna=False) not in ("string", "empty"):
        kept = np.array([str(v) for v in kept], dtype=object)
    out[present] = kept
    return out


def _format_float(v: float) -> str:
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _csv_of(frame: pd.DataFrame) -> str:
    return columns_to_csv_text({c: frame[c].to_numpy(dtype=object) for c in frame.columns})
