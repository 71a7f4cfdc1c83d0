"""The one merge engine: imported rows into a table, filling only empty cells.

Every importer (and later the community mode) produces rows of cell text and
hands them to :func:`merge_rows`, which decides for each incoming row whether
it is a row already in the table or a new one, then merges it:

* **Matching.** ``matchers`` are tried in order; each turns a row into a key
  (or ``None``: "this matcher does not apply"). The first matcher under which
  the incoming row's key is held by existing rows decides: exactly one row →
  that row; several rows → the match is *ambiguous*: the incoming row is
  neither merged nor added, and is reported. Rows added earlier in the same
  merge count as existing, so a file that lists a person twice adds one row.
* **Filling.** A matched row gets the incoming value in each cell that is
  empty. A cell that already holds a value is never overwritten; when the
  incoming value differs (after the column's ``same`` normalizer) that is a
  :class:`Conflict`, reported and left alone. ``quiet`` columns (e.g.
  ``source``/``source_id``, bookkeeping) never produce conflicts.
* **Adding.** An unmatched row is appended (unless it is ``update_only``,
  then it is counted as skipped). When ``id_column`` is given, a new row whose
  id is taken gets ``-2``, ``-3``... appended, so ids stay unique.
* Columns and rows of the table are never dropped or reordered; incoming
  columns the table lacks are appended at the end.

The table is a DataFrame of text cells (``""`` = empty); the typed logbook
is converted to and from text around the merge (see
:mod:`meetupstats.importers`). This module holds the definition (one row at
a time); large imports take the same merge a column at a time
(:mod:`meetupstats.merge_columns`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated

Row = Mapping[str, str]
KeyFunction = Callable[[Row], "str | None"]
log = logging.getLogger(__name__)


class Columns(dict[str, list[str]]):
    """A text table column by column (column → cells, ``""`` empty), ``size`` rows."""

    def __init__(self, columns: Mapping[str, list[str]], size: int) -> None:
        super().__init__(columns)
        self.size = size


@dataclass(frozen=True)
class RowLabel:
    """How reports name a row: ``label(row)``, and ``columns(table)`` every row's
    name of a text table at once (the same names)."""

    row: Callable[[Row], str]
    columns: Callable[[Columns], list[str]]

    def __call__(self, row: Row) -> str:
        return self.row(row)


#: the keys of every row of a text table at once (``None``: the matcher does not apply)
ColumnsKeyFunction = Callable[[Columns], Sequence["str | None"]]


@dataclass(frozen=True)
class KeyPart:
    """One part of a key made of cells: ``column``'s cell, through ``normalize``.

    A ``required`` part whose (normalized) cell is empty or ``None`` makes
    the key ``None``; an optional one then contributes ``""``.
    """

    column: str
    normalize: Callable[[str], str | None] | None = None
    required: bool = True


@dataclass(frozen=True)
class Matcher:
    """One way of recognising a row: ``key(row)`` is compared between rows.

    ``columns``, when given, computes the same keys for a whole text table
    at once (``columns(frame)[i] == key(row i)``); the merge uses it for the
    rows already in the table, so their keys cost no Python per row. A
    matcher with ``columns`` treats a missing cell and ``""`` alike.

    ``uses``, when given, names every column ``key`` reads: filling other
    cells of a row cannot change its key, so the merge does not recompute it.

    ``parts``, when given, says how the key is made: the parts' values
    joined with ``\x1f`` (``None`` when a required part is empty). The
    column-wise merge then numbers the keys of the rows already in the table
    from their cells (each distinct cell normalized once) instead of
    building their text.
    """

    name: str
    key: KeyFunction
    columns: ColumnsKeyFunction | None = None
    uses: frozenset[str] | None = None
    parts: tuple[KeyPart, ...] | None = None


class Conflict(NamedTuple):
    """An imported value that differs from the one already in the table (kept).

    A named tuple: an import can report tens of thousands, and making a tuple
    costs a third of making a frozen dataclass."""

    table: str
    row: str
    column: str
    kept: str
    offered: str

    def __str__(self) -> str:
        return (
            f"{self.table}: {self.row}: {self.column}: kept {self.kept!r}, "
            f"the import has {self.offered!r}"
        )


@dataclass(frozen=True)
class Ambiguous:
    """An incoming row that matched several existing rows: not merged, not added."""

    table: str
    row: str
    matcher: str
    candidates: tuple[str, ...]

    def __str__(self) -> str:
        return (
            f"{self.table}: {self.row}: same {self.matcher} as {', '.join(self.candidates)}; "
            "not imported (merge those rows by hand, then import again)"
        )


@dataclass
class MergeResult:
    """What :func:`merge_rows` did.

    Attributes
    ----------
    frame : DataFrame
        The merged table (text cells, ``""`` empty): the old rows in their
        order, then the added rows.
    positions : ndarray of int64
        For each incoming row, the position of the row it was merged into or
        added as; ``-1`` when it was ambiguous or skipped (:attr:`targets`:
        the same as a list, ``None`` for ``-1``).
    added, updated, unchanged : list of int
        Positions of rows added; of existing rows that got at least one cell
        filled; of existing rows matched with nothing to fill.
    skipped : int
        ``update_only`` rows that matched nothing.
    conflicts, ambiguous : list
        See :class:`Conflict` and :class:`Ambiguous`.
    """

    table: str
    frame: pd.DataFrame
    positions: np.ndarray
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)

    @property
    def targets(self) -> list[int | None]:
        """For each incoming row, the position of its row (``None``: ambiguous or skipped)."""
        return [None if t < 0 else t for t in self.positions.tolist()]

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    def counts(self) -> str:
        """``added N, updated M, unchanged K, conflicts C``."""
        return (
            f"added {len(self.added)}, updated {len(self.updated)}, "
            f"unchanged {len(self.unchanged)}, conflicts {len(self.conflicts)}"
        )


def text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every cell as text (missing → ``""``), object dtype."""
    out = {
        c: pd.Series(["" if pd.isna(v) else str(v) for v in frame[c].astype(object)], dtype=object)
        for c in frame.columns
    }
    return pd.DataFrame(out, columns=list(frame.columns), index=pd.RangeIndex(len(frame)))


def _merge_sequential(
    frame: pd.DataFrame,
    incoming: Sequence[Row],
    matchers: Sequence[Matcher],
    *,
    table: str = "table",
    id_column: str | None = None,
    same: Mapping[str, Callable[[str], object]] | None = None,
    quiet: Sequence[str] = ("source", "source_id"),
    update_only: Sequence[bool] | None = None,
    label: Callable[[Row], str] | None = None,
) -> MergeResult:
    """:func:`merge_rows` one incoming row at a time (the reference definition).

    Same parameters and result as :func:`merge_rows` (``incoming`` given as
    rows, not as :class:`Columns`).
    """
    same = same or {}
    columns = list(frame.columns)
    n_old = len(frame)
    # the table column by column (lists of text); a row becomes a dict only
    # when a report or a key function needs it
    data: dict[str, list[str]] = {c: _cells(frame[c]) for c in columns}
    size = n_old

    def row_at(pos: int) -> dict[str, str]:
        return {c: data[c][pos] for c in columns}

    def name_of(row: Row) -> str:
        if label is not None:
            return label(row)
        if id_column and row.get(id_column):
            return row[id_column]
        return next((v for v in row.values() if v), "(empty row)")

    # the incoming rows' cells and keys (Python per incoming row)
    batch = [present_cells(raw) for raw in incoming]
    # (column-wise when the matcher can: the same keys, see Matcher)
    incoming_table = incoming_columns(batch)
    incoming_keys = [
        list(m.columns(incoming_table))
        if m.columns is not None and batch
        else [m.key(cells) for cells in batch]
        for m in matchers
    ]
    # the rows already there: their keys (vectorized when the matcher can),
    # looked up for every incoming key at once
    old_rows = Columns(data, n_old)
    base = (
        [
            _BaseIndex(m, old_rows, row_at, keys)
            for m, keys in zip(matchers, incoming_keys, strict=True)
        ]
        if batch
        else []  # nothing to look up
    )
    # rows added or filled during this merge, by key (after the base rows)
    extra: list[dict[str, list[int]]] = [{} for _ in matchers]

    def add_to_index(pos: int, known: int | None = None, touched: set[str] | None = None) -> None:
        """Index row ``pos`` under its keys (after it was added or filled).

        ``known``: the row was added as incoming row ``known``, unchanged, so
        its keys are that row's. ``touched``: the columns just filled.
        """
        row: dict[str, str] | None = None
        for i, matcher in enumerate(matchers):
            if touched is not None and matcher.uses is not None and not matcher.uses & touched:
                continue  # the key reads none of the filled cells: it is the same
            if known is not None and matcher.columns is not None:
                key = incoming_keys[i][known]
            elif matcher.uses is not None:  # only the cells the key reads
                key = matcher.key({c: data[c][pos] for c in matcher.uses if c in data})
            else:
                if row is None:
                    row = row_at(pos)
                key = matcher.key(row)
            if key is None or base[i].holds(pos, key):
                continue
            held = extra[i].setdefault(key, [])
            if pos not in held:
                held.append(pos)

    ids = set(data[id_column]) if id_column and id_column in data else set()
    if id_column and id_column not in data:
        ids = {""} if n_old else set()

    result = MergeResult(table, frame, np.zeros(0, dtype=np.int64))
    targets: list[int] = []  # -1: None
    filled: set[int] = set()
    matched: set[int] = set()
    added: set[int] = set()
    seen_conflicts: set[tuple[int, str, str]] = set()

    def add_column(c: str) -> None:
        columns.append(c)
        data[c] = [""] * size

    for n, cells in enumerate(batch):
        target: int | None = None
        ambiguous = False
        for i, matcher in enumerate(matchers):
            key = incoming_keys[i][n]
            if key is None:
                continue
            hits = base[i].hits(n)
            more = extra[i].get(key)
            if more:
                hits = hits + more
            if len(hits) == 1:
                target = hits[0]
            elif len(hits) > 1:
                result.ambiguous.append(
                    Ambiguous(
                        table, name_of(cells), matcher.name, tuple(name_of(row_at(h)) for h in hits)
                    )
                )
                ambiguous = True
            if hits:
                break
        if ambiguous:
            targets.append(-1)
            continue
        if target is None:
            if update_only is not None and update_only[n]:
                result.skipped += 1
                targets.append(-1)
                continue
            for c in cells:
                if c not in data:
                    add_column(c)
            for c in columns:
                data[c].append(cells.get(c, ""))
            pos = size
            size += 1
            same_row = True
            if id_column:
                unique = unique_id(cells.get(id_column, ""), ids)
                ids.add(unique)
                if id_column in data:
                    data[id_column][pos] = unique
                same_row = unique == cells.get(id_column, "")
            added.add(pos)
            add_to_index(pos, known=n if same_row else None)
            targets.append(pos)
            continue
        matched.add(target)
        changed: set[str] = set()
        for c, value in cells.items():
            if c == id_column:
                continue
            if c not in data:
                add_column(c)
            cells_of_c = data[c]
            old = cells_of_c[target]
            if old == "":
                cells_of_c[target] = value
                changed.add(c)
            elif old != value and c not in quiet:
                norm = same.get(c)
                if norm is not None and norm(old) == norm(value):
                    continue
                if (target, c, value) not in seen_conflicts:
                    seen_conflicts.add((target, c, value))
                    result.conflicts.append(Conflict(table, name_of(row_at(target)), c, old, value))
        if changed:
            filled.add(target)
            add_to_index(target, touched=changed)
        targets.append(target)
    result.positions = np.asarray(targets, dtype=np.int64).reshape(len(targets))
    result.added = sorted(added)
    result.updated = sorted(p for p in filled if p < n_old)
    result.unchanged = sorted(p for p in matched if p < n_old and p not in filled)
    result.frame = pd.DataFrame(
        {c: pd.Series(data[c], dtype=object) for c in columns},
        columns=columns,
        index=pd.RangeIndex(size),
    )
    return result


#: below this many incoming rows the merge goes one row at a time (no setup cost)
VECTOR_MIN_ROWS = 500


def merge_rows(
    frame: pd.DataFrame,
    incoming: Sequence[Row] | Columns,
    matchers: Sequence[Matcher],
    *,
    table: str = "table",
    id_column: str | None = None,
    same: Mapping[str, Callable[[str], object]] | None = None,
    quiet: Sequence[str] = ("source", "source_id"),
    update_only: Sequence[bool] | None = None,
    label: Callable[[Row], str] | None = None,
) -> MergeResult:
    """Merge ``incoming`` rows into the text table ``frame`` (see module doc).

    The result is by definition what merging the rows one at a time in their
    order gives. Large imports are merged a column at a time: each row's
    match is found with one hash join per matcher, cells are filled by masks
    and conflicts found by array comparisons; only rows that depend on an
    earlier incoming row (a shared key or target, a key a fill creates) and
    rows with a conflict or an ambiguous match take Python per row. When
    those interactions cannot be ruled out cheaply, the one-at-a-time merge
    runs instead (see :mod:`meetupstats.merge_columns`).

    Parameters
    ----------
    frame : DataFrame
        Text cells, ``""`` for empty (see :func:`text_frame`). Not modified.
    incoming : sequence of mappings, or Columns
        Column → cell text; missing or ``""`` cells carry nothing. A
        :class:`Columns` table holds the same rows column by column (each
        row's cells in the table's column order).
    matchers : sequence of Matcher
        Tried in order (see module doc).
    table : str
        Name used in conflict and ambiguity reports.
    id_column : str, optional
        Unique id column; ids of added rows are made unique.
    same : mapping, optional
        Column → normalizer; two values are equal when their normalized
        forms are (e.g. a name compared without case and accents).
    quiet : sequence of str
        Columns whose differences are not conflicts.
    update_only : sequence of bool, optional
        Per incoming row: only fill a matched row, never add.
    label : callable, optional
        How a row is named in reports (default: its id or first cell).

    Returns
    -------
    MergeResult
    """
    options = {
        "table": table,
        "id_column": id_column,
        "same": same,
        "quiet": quiet,
        "update_only": update_only,
        "label": label,
    }
    size = incoming.size if isinstance(incoming, Columns) else len(incoming)
    if size >= VECTOR_MIN_ROWS:
        done = _merge_vectorized(frame, incoming, matchers, **options)
        if done is not None:
            return done
        log.debug("%s: merging one row at a time (incoming rows depend on each other)", table)
    rows = _rows_of(incoming) if isinstance(incoming, Columns) else incoming
    return _merge_sequential(frame, rows, matchers, **options)  # type: ignore[arg-type]


def _merge_vectorized(
    frame: pd.DataFrame,
    incoming: Sequence[Row] | Columns,
    matchers: Sequence[Matcher],
    **options: Any,
) -> MergeResult | None:
    """:func:`meetupstats.merge_columns.merge_columns` (None: the rows depend on each other).

    Imported here, not at the top: that module builds on this one's types.
    """
    from meetupstats.merge_columns import merge_columns

    return merge_columns(frame, incoming, matchers, **options)


def _rows_of(table: Columns) -> list[dict[str, str]]:
    """The rows of a column table as dicts of their non-empty cells (column order)."""
    names = list(table)
    cells = [list(table[c]) for c in names]
    return (
        [
            {c: v for c, v in zip(names, values, strict=True) if v}
            for values in zip(*cells, strict=True)
        ]
        if names
        else [{} for _ in range(table.size)]
    )


def present_cells(raw: Row) -> dict[str, str]:
    """The non-empty cells of ``raw`` (a new dict)."""
    values = raw.values()
    if "" in values or None in values:
        return {k: v for k, v in raw.items() if v is not None and v != ""}
    return dict(raw)


def incoming_columns(rows: Sequence[Row]) -> Columns:
    """``rows`` (column → cell, missing = empty) as a column-wise text table.

    Columns appear in the order they are first met; a row without a column
    has ``""`` there.
    """
    groups: dict[tuple[str, ...], list[int]] = {}
    for i, row in enumerate(rows):
        shape = tuple(row)
        held = groups.get(shape)
        if held is None:
            groups[shape] = [i]
        else:
            held.append(i)
    names: dict[str, None] = {}
    for shape in groups:
        names.update(dict.fromkeys(shape))
    columns: dict[str, list[str]] = {}
    if len(groups) == 1:
        # every row has the same columns (the usual case): one pass per column
        columns = {c: list(map(itemgetter(c), rows)) for c in names}
    elif groups:
        # rows of each shape (columns in the same order) together, then scattered
        members = {shape: [rows[i] for i in at] for shape, at in groups.items()}
        for c in names:
            cells = repeated("", len(rows))
            for shape, at in groups.items():
                if c in shape:
                    cells[at] = list(map(itemgetter(c), members[shape]))
            columns[c] = cells.tolist()
    return Columns(columns, len(rows))


def _cells(values: pd.Series) -> list[str]:
    """A column as a list of text cells (missing → ``""``, anything else ``str``)."""
    array = values.to_numpy(dtype=object)
    if pd.api.types.infer_dtype(array, skipna=False) in ("string", "empty"):
        out: list[str] = array.tolist()
        return out
    missing = pd.isna(array).tolist()
    return ["" if m else str(v) for v, m in zip(array.tolist(), missing, strict=True)]


class _BaseIndex:
    """The keys of one matcher over the rows that were in the table before the merge.

    Holds each old row's key (``None``: does not apply) and, for each
    incoming row, the old rows that hold its key, found with one hash join.
    """

    def __init__(
        self,
        matcher: Matcher,
        table: Columns,
        row_at: Callable[[int], dict[str, str]],
        incoming: list[str | None],
    ) -> None:
        n = table.size
        if matcher.columns is not None and n:
            keys = list(matcher.columns(table))
        else:
            keys = [matcher.key(row_at(pos)) for pos in range(n)]
        self.keys = keys
        # one hash pass over the old keys and the incoming ones together
        codes, uniques = pd.factorize(
            pd.Series([*keys, *incoming], dtype=object), use_na_sentinel=True
        )
        codes = np.asarray(codes)
        self.codes = codes[:n]
        present = self.codes[self.codes >= 0]
        self.counts = np.bincount(present, minlength=len(uniques))
        valid = np.flatnonzero(self.codes >= 0)
        first = np.full(len(uniques), -1, dtype=np.int64)
        seen, at = np.unique(self.codes[valid], return_index=True)
        first[seen] = valid[at]
        self.first = first
        lookup = codes[n:]
        held = lookup >= 0
        held[held] = self.counts[lookup[held]] > 0
        self.lookup = np.where(held, lookup, -1).tolist()

    def hits(self, n: int) -> list[int]:
        """The old rows holding incoming row ``n``'s key, in table order."""
        code = self.lookup[n]
        if code < 0:
            return []
        if self.counts[code] == 1:
            return [int(self.first[code])]
        return np.flatnonzero(self.codes == code).tolist()

    def holds(self, pos: int, key: str) -> bool:
        """Whether old row ``pos`` holds ``key`` (so it is already listed under it)."""
        return pos < len(self.keys) and self.keys[pos] == key


def unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever is free."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
