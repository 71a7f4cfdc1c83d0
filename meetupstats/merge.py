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
:mod:`meetupstats.importers`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

Row = Mapping[str, str]
KeyFunction = Callable[[Row], "str | None"]
log = logging.getLogger(__name__)


class Columns(dict[str, list[str]]):
    """A text table column by column (column → cells, ``""`` empty), ``size`` rows."""

    def __init__(self, columns: Mapping[str, list[str]], size: int) -> None:
        super().__init__(columns)
        self.size = size


#: the keys of every row of a text table at once (``None``: the matcher does not apply)
ColumnsKeyFunction = Callable[[Columns], Sequence["str | None"]]


@dataclass(frozen=True)
class Matcher:
    """One way of recognising a row: ``key(row)`` is compared between rows.

    ``columns``, when given, computes the same keys for a whole text table
    at once (``columns(frame)[i] == key(row i)``); the merge uses it for the
    rows already in the table, so their keys cost no Python per row. A
    matcher with ``columns`` treats a missing cell and ``""`` alike.

    ``uses``, when given, names every column ``key`` reads: filling other
    cells of a row cannot change its key, so the merge does not recompute it.
    """

    name: str
    key: KeyFunction
    columns: ColumnsKeyFunction | None = None
    uses: frozenset[str] | None = None


@dataclass(frozen=True)
class Conflict:
    """An imported value that differs from the one already in the table (kept)."""

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
    targets : list of int or None
        For each incoming row, the position of the row it was merged into or
        added as; ``None`` when it was ambiguous or skipped.
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
    targets: list[int | None]
    added: list[int] = field(default_factory=list)
    updated: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    skipped: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    ambiguous: list[Ambiguous] = field(default_factory=list)

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

    Parameters
    ----------
    frame : DataFrame
        Text cells, ``""`` for empty (see :func:`text_frame`). Not modified.
    incoming : sequence of mappings
        Column → cell text; missing or ``""`` cells carry nothing.
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
    batch = [_present(raw) for raw in incoming]
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
    base = [
        _BaseIndex(m, old_rows, row_at, keys)
        for m, keys in zip(matchers, incoming_keys, strict=True)
    ]
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

    result = MergeResult(table, frame, [])
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
            result.targets.append(None)
            continue
        if target is None:
            if update_only is not None and update_only[n]:
                result.skipped += 1
                result.targets.append(None)
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
                unique = _unique_id(cells.get(id_column, ""), ids)
                ids.add(unique)
                if id_column in data:
                    data[id_column][pos] = unique
                same_row = unique == cells.get(id_column, "")
            added.add(pos)
            add_to_index(pos, known=n if same_row else None)
            result.targets.append(pos)
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
        result.targets.append(target)
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
    runs instead.

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
        done = _merge_vectorized(frame, incoming, matchers, **options)  # type: ignore[arg-type]
        if done is not None:
            return done
        log.debug("%s: merging one row at a time (incoming rows depend on each other)", table)
    rows = _rows_of(incoming) if isinstance(incoming, Columns) else incoming
    return _merge_sequential(frame, rows, matchers, **options)  # type: ignore[arg-type]


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


def _text_array(values: Sequence[object] | np.ndarray, n: int) -> np.ndarray:
    """Cells as an object array of str (``None``/NaN → ``""``)."""
    array = np.asarray(values, dtype=object).reshape(n) if n else np.empty(0, dtype=object)
    if n and pd.api.types.infer_dtype(array, skipna=False) not in ("string", "empty"):
        missing = np.asarray(pd.isna(array), dtype=bool)
        array = np.array(
            ["" if m else str(v) for v, m in zip(array, missing, strict=True)], dtype=object
        )
    return array


class _Shaped:
    """Incoming rows column by column, with each row's own cell order.

    ``cells[c]`` is an object array (``""`` = no cell); ``order[k]`` lists
    the columns of shape ``k`` in row order and ``shape[n]`` is row ``n``'s
    shape (rows given as dicts keep their key order for reports).
    """

    def __init__(self, incoming: Sequence[Row] | Columns) -> None:
        if isinstance(incoming, Columns):
            self.size = incoming.size
            self.cells = {c: _text_array(v, self.size) for c, v in incoming.items()}
            self.order = [tuple(self.cells)]
            self.shape = np.zeros(self.size, dtype=np.int64)
            return
        batch = [_present(raw) for raw in incoming]
        self.size = len(batch)
        shapes: dict[tuple[str, ...], int] = {}
        codes = [shapes.setdefault(tuple(row), len(shapes)) for row in batch]
        self.order = list(shapes)
        self.shape = np.asarray(codes, dtype=np.int64)
        table = incoming_columns(batch)
        self.cells = {c: _text_array(v, self.size) for c, v in table.items()}

    def columns(self) -> Columns:
        return Columns({c: v.tolist() for c, v in self.cells.items()}, self.size)

    def row(self, n: int) -> dict[str, str]:
        """Row ``n``'s non-empty cells in its own order."""
        out = {}
        for c in self.order[self.shape[n]]:
            v = self.cells[c][n]
            if v:
                out[c] = v
        return out


def _merge_vectorized(
    frame: pd.DataFrame,
    incoming: Sequence[Row] | Columns,
    matchers: Sequence[Matcher],
    *,
    table: str,
    id_column: str | None,
    same: Mapping[str, Callable[[str], object]] | None,
    quiet: Sequence[str],
    update_only: Sequence[bool] | None,
    label: Callable[[Row], str] | None,
) -> MergeResult | None:
    """:func:`merge_rows` a column at a time, or None when the rows depend on each other."""
    same = same or {}
    quiet_set = set(quiet)
    rows_in = _Shaped(incoming)
    m = rows_in.size
    n_old = len(frame)
    base_columns = list(frame.columns)
    if id_column and id_column not in base_columns:
        return None
    data = {c: _text_array(frame[c].to_numpy(dtype=object), n_old).copy() for c in base_columns}
    old_table = Columns({c: v.tolist() for c, v in data.items()}, n_old)
    in_table = rows_in.columns()
    only = (
        np.zeros(m, dtype=bool)
        if update_only is None
        else np.asarray(list(update_only), dtype=bool).reshape(m)
    )

    def name_of(row: Row) -> str:
        if label is not None:
            return label(row)
        if id_column and row.get(id_column):
            return row[id_column]
        return next((v for v in row.values() if v), "(empty row)")

    # ---- keys: one hash join per matcher over the old keys and the incoming ones
    in_keys: list[list[str | None]] = []
    base_keys: list[list[str | None]] = []
    codes_in: list[np.ndarray] = []
    codes_base: list[np.ndarray] = []
    counts: list[np.ndarray] = []
    first: list[np.ndarray] = []
    for matcher in matchers:
        if matcher.columns is not None:
            ik = list(matcher.columns(in_table)) if m else []
            bk = list(matcher.columns(old_table)) if n_old else []
        else:
            ik = [matcher.key(rows_in.row(n)) for n in range(m)]
            bk = [matcher.key({c: data[c][p] for c in base_columns}) for p in range(n_old)]
        in_keys.append(ik)
        base_keys.append(bk)
        codes, uniques = pd.factorize(pd.Series([*bk, *ik], dtype=object), use_na_sentinel=True)
        codes = np.asarray(codes, dtype=np.int64)
        cb, ci = codes[:n_old], codes[n_old:]
        codes_base.append(cb)
        codes_in.append(ci)
        counts.append(np.bincount(cb[cb >= 0], minlength=len(uniques)))
        at = np.full(len(uniques), -1, dtype=np.int64)
        held_at = np.flatnonzero(cb >= 0)
        at[cb[held_at][::-1]] = held_at[::-1]  # the first old row holding each key
        first.append(at)

    # ---- each row's match among the old rows only
    decided = np.zeros(m, dtype=bool)
    target = np.full(m, -1, dtype=np.int64)
    ambiguous = np.zeros(m, dtype=bool)
    amb_matcher = np.full(m, -1, dtype=np.int64)
    complex_ = np.zeros(m, dtype=bool)
    for i in range(len(matchers)):
        ci = codes_in[i]
        valid = ci >= 0
        # (1) rows sharing a key: a later one may find the earlier one's row
        if valid.any():
            per_key = np.bincount(ci[valid], minlength=len(counts[i]))
            complex_ |= valid & (per_key[np.where(valid, ci, 0)] > 1)
        live = valid & ~decided
        held = np.zeros(m, dtype=np.int64)
        held[live] = counts[i][ci[live]]
        hit = live & (held > 0)
        one = hit & (held == 1)
        target[one] = first[i][ci[one]]
        many = hit & (held > 1)
        ambiguous |= many
        amb_matcher[many] = i
        decided |= hit
    # (2) rows filling the same old row: the later one sees the earlier one's cells
    matched = np.flatnonzero(target >= 0)
    if len(matched):
        per_row = np.bincount(target[matched], minlength=max(n_old, 1))
        complex_[matched[per_row[target[matched]] > 1]] = True
    # (3) an ambiguous row names its candidates as they are then: none may be filled
    candidates: dict[int, list[int]] = {}
    if ambiguous.any():
        filled_rows = set(target[matched].tolist())
        for n in np.flatnonzero(ambiguous).tolist():
            i = int(amb_matcher[n])
            hits = np.flatnonzero(codes_base[i] == codes_in[i][n]).tolist()
            candidates[n] = hits
            if filled_rows.intersection(hits):
                complex_[n] = True
                complex_[matched[np.isin(target[matched], hits)]] = True

    present = {c: v != "" for c, v in rows_in.cells.items()}
    new_columns = [c for c in rows_in.cells if c not in data]
    for c in new_columns:
        data[c] = np.full(n_old, "", dtype=object)

    # (4) a fill that gives an old row a key another incoming row holds
    for _round in range(4):
        simple_match = np.flatnonzero((target >= 0) & ~complex_)
        marked = _fill_keys_collide(
            matchers,
            data,
            rows_in,
            present,
            simple_match,
            target,
            base_keys,
            in_keys,
            codes_in,
            id_column,
            n_old,
        )
        if marked is None:
            return None
        if not len(marked):
            break
        complex_[marked] = True
    else:
        return None

    simple = ~complex_
    result = MergeResult(table, frame, [])
    conflicts: list[tuple[int, int, Conflict]] = []
    ambiguities: list[tuple[int, Ambiguous]] = []

    # ---- simple matched rows: fill by masks, conflicts by comparison
    rows = np.flatnonzero((target >= 0) & simple)
    filled_base = np.zeros(n_old, dtype=bool)
    pending_conflicts: list[tuple[int, str]] = []
    fills: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for c, cells in rows_in.cells.items():
        if c == id_column:
            continue
        here = rows[present[c][rows]]
        if not len(here):
            continue
        where = target[here]
        old = data[c][where]
        value = cells[here]
        empty = old == ""
        fills[c] = (here[empty], where[empty])
        if c not in quiet_set:
            differ = ~empty & (old != value)
            pending_conflicts.extend((int(n), c) for n in here[differ])
    # conflicts, before any cell is written (each label sees the row as it was then)
    for n, c in pending_conflicts:
        t = int(target[n])
        kept, offered = data[c][t], rows_in.cells[c][n]
        norm = same.get(c)
        if norm is not None and norm(kept) == norm(offered):
            continue
        order = rows_in.order[rows_in.shape[n]]
        pos = order.index(c)
        row = {col: data[col][t] for col in data}
        for col in order[:pos]:
            if col != id_column and row.get(col, "") == "" and rows_in.cells[col][n]:
                row[col] = rows_in.cells[col][n]
        conflicts.append((n, pos, Conflict(table, name_of(row), c, kept, offered)))
    for c, (here, where) in fills.items():
        if len(where):
            data[c][where] = rows_in.cells[c][here]
            filled_base[where] = True
    for n in np.flatnonzero(ambiguous & simple).tolist():
        i = int(amb_matcher[n])
        names = tuple(name_of({c: data[c][h] for c in data}) for h in candidates[n])
        ambiguities.append((n, Ambiguous(table, name_of(rows_in.row(n)), matchers[i].name, names)))

    # ---- the other rows, one at a time, in their order
    added_rows = ~decided & ~only & simple
    pending: dict[int, dict[str, str]] = {}  # rows added by those rows: incoming n -> cells
    final_target: dict[int, int] = {}  # n -> old row, or n_old + m' for the row added by m'
    touched_base: set[int] = set()
    extra: list[dict[str, list[int]]] = [{} for _ in matchers]
    seen_conflicts: set[tuple[int, str, str]] = set()
    complex_rows = np.flatnonzero(complex_).tolist()

    def row_at(ref: int) -> dict[str, str]:
        if ref < n_old:
            return {c: data[c][ref] for c in data}
        cells = pending[ref - n_old]
        return {c: cells.get(c, "") for c in data} | {
            c: v for c, v in cells.items() if c not in data
        }

    def index(ref: int, i: int, key: str | None) -> None:
        if key is None or (ref < n_old and base_keys[i][ref] == key):
            return
        held = extra[i].setdefault(key, [])
        if ref not in held:
            held.append(ref)

    if id_column and complex_rows:
        # an added row's id is known when it is added (a report may name it): only
        # when no id of a row that may be added is taken or repeated
        maybe = np.flatnonzero(added_rows | complex_)
        wanted = (
            rows_in.cells[id_column][maybe].tolist()
            if id_column in rows_in.cells
            else [""] * len(maybe)
        )
        if len(set(wanted)) != len(wanted) or set(wanted) & set(data[id_column].tolist()):
            return None
    for n in complex_rows:
        row_cells = rows_in.row(n)
        hit_ref: int | None = None
        is_ambiguous = False
        for i, matcher in enumerate(matchers):
            key = in_keys[i][n]
            if key is None:
                continue
            code = codes_in[i][n]
            found: list[int] = []
            if code >= 0 and counts[i][code]:
                found = (
                    [int(first[i][code])]
                    if counts[i][code] == 1
                    else np.flatnonzero(codes_base[i] == code).tolist()
                )
            more = extra[i].get(key)
            if more:
                found = found + more
            if len(found) == 1:
                hit_ref = found[0]
            elif len(found) > 1:
                names = tuple(name_of(row_at(h)) for h in found)
                ambiguities.append((n, Ambiguous(table, name_of(row_cells), matcher.name, names)))
                is_ambiguous = True
            if found:
                break
        if is_ambiguous:
            continue
        if hit_ref is None:
            if only[n]:
                continue
            pending[n] = dict(row_cells)
            ref = n_old + n
            final_target[n] = ref
            for i in range(len(matchers)):
                index(ref, i, in_keys[i][n])
            continue
        final_target[n] = hit_ref
        changed: set[str] = set()
        for pos, (c, value) in enumerate(row_cells.items()):
            if c == id_column:
                continue
            current = pending[hit_ref - n_old].get(c, "") if hit_ref >= n_old else data[c][hit_ref]
            if current == "":
                if hit_ref < n_old:
                    data[c][hit_ref] = value
                    touched_base.add(hit_ref)
                else:
                    pending[hit_ref - n_old][c] = value
                changed.add(c)
            elif current != value and c not in quiet_set:
                norm = same.get(c)
                if norm is not None and norm(current) == norm(value):
                    continue
                if (hit_ref, c, value) not in seen_conflicts:
                    seen_conflicts.add((hit_ref, c, value))
                    conflicts.append(
                        (n, pos, Conflict(table, name_of(row_at(hit_ref)), c, current, value))
                    )
        if changed:
            row = row_at(hit_ref)
            for i, matcher in enumerate(matchers):
                if matcher.uses is not None and not matcher.uses & changed:
                    continue
                index(hit_ref, i, matcher.key(row))
    # rows added or filled above must not hold a key a simple row looks up
    if any(extra):
        for i in range(len(matchers)):
            if not extra[i]:
                continue
            keys = np.asarray(in_keys[i], dtype=object)
            wanted = set(keys[simple & (codes_in[i] >= 0)].tolist())
            if wanted.intersection(extra[i]):
                return None

    # ---- added rows: positions in incoming order, ids made unique
    added_in = np.flatnonzero(added_rows | np.isin(np.arange(m), list(pending)))
    position = {int(n): n_old + k for k, n in enumerate(added_in.tolist())}
    ids_added: np.ndarray | None = None
    if id_column and len(added_in):
        wanted_ids = (
            rows_in.cells[id_column][added_in]
            if id_column in rows_in.cells
            else (np.full(len(added_in), "", dtype=object))
        )
        for k, n in enumerate(added_in.tolist()):
            if n in pending and pending[n].get(id_column, "") != wanted_ids[k]:
                wanted_ids[k] = pending[n].get(id_column, "")
        taken = set(data[id_column].tolist()) if n_old else set()
        ids_added = wanted_ids.copy()
        if not n_old:
            taken = set()
        if len(set(wanted_ids.tolist())) != len(wanted_ids) or taken.intersection(
            wanted_ids.tolist()
        ):
            for k, want in enumerate(wanted_ids.tolist()):
                unique = _unique_id(want, taken)
                taken.add(unique)
                ids_added[k] = unique
            if np.any(ids_added != wanted_ids) and any(
                mt.uses is None or id_column in mt.uses for mt in matchers
            ):
                return None
    targets: list[int | None] = [None] * m
    for n in rows.tolist():
        targets[n] = int(target[n])
    for n, ref in final_target.items():
        targets[n] = position[ref - n_old] if ref >= n_old else ref
    for n in np.flatnonzero(added_rows).tolist():
        targets[n] = position[n]
    result.targets = targets
    # ---- new columns, in the order the one-at-a-time merge meets them
    columns = base_columns
    if new_columns:
        processed = np.asarray([t is not None for t in targets], dtype=bool)
        is_added = np.zeros(m, dtype=bool)
        is_added[added_in] = True
        used = []
        for c in new_columns:
            rows_with = np.flatnonzero(
                present[c] & processed & (is_added if c == id_column else True)
            )
            if len(rows_with):
                n = int(rows_with[0])
                used.append((n, rows_in.order[rows_in.shape[n]].index(c), c))
        keep = [c for _, _, c in sorted(used)]
        for c in new_columns:
            if c not in keep:
                del data[c]
        columns = base_columns + keep

    # ---- the merged table
    out: dict[str, pd.Series] = {}
    for c in columns:
        given = rows_in.cells.get(c)
        part = (
            given[added_in].copy()
            if given is not None
            else np.full(len(added_in), "", dtype=object)
        )
        for k, n in enumerate(added_in.tolist()):
            if n in pending:
                part[k] = pending[n].get(c, "")
        if c == id_column and ids_added is not None:
            part = ids_added
        out[c] = pd.Series(np.concatenate((data[c], part)), dtype=object)
    size = n_old + len(added_in)
    result.frame = pd.DataFrame(out, columns=columns, index=pd.RangeIndex(size))

    ambiguous_rows = {k for k, _ in ambiguities}
    result.skipped = int(np.count_nonzero(~decided & only & simple)) + sum(
        1 for n in complex_rows if targets[n] is None and only[n] and n not in ambiguous_rows
    )
    result.added = sorted(position.values())
    touched = set(np.flatnonzero(filled_base).tolist()) | touched_base
    result.updated = sorted(touched)
    hit_base = {t for t in targets if t is not None and t < n_old}
    result.unchanged = sorted(hit_base - touched)
    result.conflicts = [c for _, _, c in sorted(conflicts, key=lambda x: (x[0], x[1]))]
    result.ambiguous = [a for _, a in sorted(ambiguities, key=lambda x: x[0])]
    return result


def _fill_keys_collide(
    matchers: Sequence[Matcher],
    data: dict[str, np.ndarray],
    rows_in: _Shaped,
    present: dict[str, np.ndarray],
    rows: np.ndarray,
    target: np.ndarray,
    base_keys: list[list[str | None]],
    in_keys: list[list[str | None]],
    codes_in: list[np.ndarray],
    id_column: str | None,
    n_old: int,
) -> np.ndarray | None:
    """Incoming rows whose key an old row gets only by a fill of ``rows`` (with their fillers).

    Returns an empty array when no fill creates a key another incoming row
    holds; None when a matcher has no column-wise keys (give up).
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    where = target[rows]
    touched: set[str] = set()
    after: dict[str, np.ndarray] = {}
    for c, cells in rows_in.cells.items():
        if c == id_column:
            continue
        value = cells[rows]
        has = present[c][rows]
        old = data[c][where]
        fill = has & (old == "")
        if fill.any():
            touched.add(c)
            col = old.copy()
            col[fill] = value[fill]
            after[c] = col
    if not touched:
        return np.zeros(0, dtype=np.int64)
    marked: list[int] = []
    for i, matcher in enumerate(matchers):
        if matcher.uses is not None and not matcher.uses & touched:
            continue
        if matcher.columns is None:
            return None
        names = matcher.uses if matcher.uses is not None else set(data)
        sub = Columns(
            {c: (after[c] if c in after else data[c][where]).tolist() for c in names if c in data},
            len(rows),
        )
        new = np.asarray(list(matcher.columns(sub)), dtype=object)
        old_keys = np.asarray(base_keys[i], dtype=object)[where]
        changed = np.flatnonzero((new != old_keys) & pd.notna(new))
        if not len(changed):
            continue
        keys = pd.Series(in_keys[i], dtype=object)
        hit = np.flatnonzero(keys.isin(set(new[changed].tolist())).to_numpy())
        if not len(hit):
            continue
        filler: dict[str, list[int]] = {}
        for k in changed.tolist():
            filler.setdefault(new[k], []).append(int(rows[k]))
        for n in hit.tolist():
            others = [f for f in filler.get(str(in_keys[i][n]), []) if f != n]
            if others:
                marked.append(n)
                marked.extend(others)
    return np.asarray(sorted(set(marked)), dtype=np.int64)


def _present(raw: Row) -> dict[str, str]:
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
            cells = np.full(len(rows), "", dtype=object)
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


def _unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever is free."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
