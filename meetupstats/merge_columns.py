"""The merge of :mod:`meetupstats.merge`, a column at a time (for large imports).

:func:`merge_columns` gives exactly what merging the incoming rows one at a
time gives (``merge._merge_sequential``, the definition), or declines with
``None`` when the rows depend on each other in ways it does not follow. Its
steps, each a function below:

1. **keys** (:func:`_join_keys`): every matcher's key for the old rows and
   the incoming rows, joined with one hash pass;
2. **match** (:func:`_match_old_rows`): each incoming row's old row (or
   ambiguity), and which rows depend on an earlier incoming row;
3. **fill** (:func:`_fill_independent`): the independent rows fill empty
   cells by masks; conflicts are found by array comparison;
4. **dependent rows** (:func:`_merge_dependent`): the rows that depend on an
   earlier one, one at a time in their order;
5. **assemble** (:func:`_assemble`): added rows' positions and ids, targets,
   new columns, the merged table and the counts.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats.merge import (
    Ambiguous,
    Columns,
    Conflict,
    KeyPart,
    Matcher,
    MergeResult,
    Row,
    incoming_columns,
    unique_id,
)

#: how many times a fill may create a key another row holds before the merge gives up
_FILL_ROUNDS = 4


def merge_columns(
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
    """:func:`~meetupstats.merge.merge_rows` a column at a time.

    Parameters are those of :func:`~meetupstats.merge.merge_rows`.

    Returns
    -------
    MergeResult or None
        None when the incoming rows depend on each other in a way this
        merge does not follow (the caller then merges one row at a time).
    """
    if id_column and id_column not in frame.columns:
        return None
    job = _Job(frame, incoming, matchers, table, id_column, same or {}, set(quiet), label)
    if update_only is not None:
        job.only = np.asarray(list(update_only), dtype=bool).reshape(job.m)
    keys = [_join_keys(job, matcher) for matcher in matchers]
    match = _match_old_rows(job, keys)
    for c in job.new_columns:
        job.data[c] = np.full(job.n_old, "", dtype=object)
    if not _mark_fill_collisions(job, keys, match):
        return None
    found = _Found()
    filled_base = _fill_independent(job, keys, match, found)
    dependent = _merge_dependent(job, keys, match, found)
    if dependent is None:
        return None
    return _assemble(job, match, dependent, found, filled_base)


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
    shape (rows given as dicts keep their key order for reports). A row's
    empty cells stay in its shape: only the order of its non-empty cells
    matters, and a column empty in every row is never added to the table.
    """

    def __init__(self, incoming: Sequence[Row] | Columns) -> None:
        if isinstance(incoming, Columns):
            self.size = incoming.size
            self.cells = {c: _text_array(v, self.size) for c, v in incoming.items()}
            self.order = [tuple(self.cells)]
            self.shape = np.zeros(self.size, dtype=np.int64)
            return
        self.size = len(incoming)
        shapes: dict[tuple[str, ...], int] = {}
        codes = [shapes.setdefault(tuple(row), len(shapes)) for row in incoming]
        self.order = list(shapes)
        self.shape = np.asarray(codes, dtype=np.int64)
        table = incoming_columns(incoming)
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


class _Job:
    """The inputs of one merge and the table being filled (``data``, column → array)."""

    def __init__(
        self,
        frame: pd.DataFrame,
        incoming: Sequence[Row] | Columns,
        matchers: Sequence[Matcher],
        table: str,
        id_column: str | None,
        same: Mapping[str, Callable[[str], object]],
        quiet: set[str],
        label: Callable[[Row], str] | None,
    ) -> None:
        self.frame = frame
        self.matchers = matchers
        self.table = table
        self.id_column = id_column
        self.same = same
        self.quiet = quiet
        self.label = label
        self.rows_in = _Shaped(incoming)
        self.m = self.rows_in.size
        self.n_old = len(frame)
        self.base_columns = list(frame.columns)
        self.data = {
            c: _text_array(frame[c].to_numpy(dtype=object), self.n_old).copy()
            for c in self.base_columns
        }
        self.old_table = Columns({c: v.tolist() for c, v in self.data.items()}, self.n_old)
        self.in_table = self.rows_in.columns()
        self.only = np.zeros(self.m, dtype=bool)
        self.present = {c: v != "" for c, v in self.rows_in.cells.items()}
        self.new_columns = [c for c in self.rows_in.cells if c not in self.data]

    def name_of(self, row: Row) -> str:
        """How ``row`` is named in reports (the label, its id, or its first cell)."""
        if self.label is not None:
            return self.label(row)
        if self.id_column and row.get(self.id_column):
            return row[self.id_column]
        return next((v for v in row.values() if v), "(empty row)")

    def old_row(self, pos: int) -> dict[str, str]:
        """Old row ``pos`` as it is now (every column)."""
        return {c: self.data[c][pos] for c in self.data}


class _BaseKeys:
    """One matcher's keys of the rows that were in the table (``None``: does not apply).

    Either all given as text, or made on demand (and kept) from the table as
    it was before the merge.
    """

    def __init__(
        self, matcher: Matcher, table: Columns, keys: list[str | None] | None = None
    ) -> None:
        self.matcher = matcher
        self.table = table
        #: the columns the keys read
        self.columns = [c for c in table if matcher.uses is None or c in matcher.uses]
        self.known: dict[int, str | None] = {}
        self.keys = keys

    def take(self, positions: np.ndarray) -> np.ndarray:
        """The keys of old rows ``positions`` (object array)."""
        if self.keys is not None:
            return np.asarray(self.keys, dtype=object)[positions]
        wanted = [p for p in dict.fromkeys(positions.tolist()) if p not in self.known]
        if wanted and self.matcher.columns is not None:
            sub = Columns(
                {c: [self.table[c][p] for p in wanted] for c in self.columns}, len(wanted)
            )
            self.known.update(zip(wanted, self.matcher.columns(sub), strict=True))
        out = np.empty(len(positions), dtype=object)
        out[:] = [self.known[p] for p in positions.tolist()]
        return out

    def __getitem__(self, pos: int) -> str | None:
        if self.keys is not None:
            return self.keys[pos]
        if pos not in self.known:  # key(row) is columns(table)[pos] (see Matcher)
            self.known[pos] = self.matcher.key({c: self.table[c][pos] for c in self.columns})
        return self.known[pos]


@dataclass
class _Keys:
    """One matcher's keys: ``incoming[n]`` and ``base[p]`` (``None``: does not apply).

    ``codes_in``/``codes_base`` number the keys (``-1`` for ``None``) in one
    numbering; ``counts[k]`` old rows hold key ``k``, the first being
    ``first[k]`` (``-1``: none).
    """

    incoming: list[str | None]
    base: _BaseKeys
    codes_in: np.ndarray
    codes_base: np.ndarray
    counts: np.ndarray
    first: np.ndarray


def part_codes(
    parts: Sequence[KeyPart], cells: Mapping[str, np.ndarray], n: int
) -> np.ndarray | None:
    """Numbers for the keys ``parts`` make of ``n`` rows' ``cells`` (``-1``: ``None``).

    Two rows get the same number exactly when their keys (the parts' values
    joined with ``\\x1f``) are the same text. Each column is hashed once and
    each distinct cell normalized once. None when a part's value holds
    ``\\x1f`` (then different parts could join to the same text).
    """
    if not parts:
        return np.full(n, -1, dtype=np.int64)
    # required parts first, those with a normalizer (which may leave no value) before
    # the others: each part is only read on the rows every earlier part left a key
    ordered = sorted(parts, key=lambda p: (not p.required, p.normalize is None))
    at = np.arange(n, dtype=np.int64)  # the rows that still have a key
    combined = np.zeros(n, dtype=np.int64)
    bound = 1  # combined < bound
    for part in ordered:
        column = cells.get(part.column)
        if column is None:
            column = np.full(n, "", dtype=object)
        codes, distinct = pd.factorize(np.asarray(column, dtype=object)[at])
        codes = np.asarray(codes, dtype=np.int64)
        values = list(distinct)
        norm = part.normalize
        if norm is None:  # the cells themselves ("" = None)
            if any("\x1f" in v for v in values):
                return None
            value_codes = np.arange(len(values), dtype=np.int64)
            if "" in values:
                value_codes[values.index("")] = -1
        else:
            normed = [(norm(v) if v else None) or None for v in values]
            if any("\x1f" in v for v in normed if v is not None):
                return None
            found, _ = pd.factorize(pd.Series(normed, dtype=object), use_na_sentinel=True)
            value_codes = np.asarray(found, dtype=np.int64)
        code = value_codes[codes] if len(at) else np.zeros(0, dtype=np.int64)
        width = len(values) + 1
        if bound * width >= 1 << 62:  # renumber densely before the numbers could overflow
            combined[at] = np.asarray(pd.factorize(combined[at])[0], dtype=np.int64)
            bound = int(combined[at].max()) + 1 if len(at) else 1
        combined[at] = combined[at] * width + (code + 1)
        bound *= width
        if part.required:
            at = at[code >= 0]
    # numbered densely over the rows with a key, from 0
    out = np.full(n, -1, dtype=np.int64)
    out[at] = np.asarray(pd.factorize(combined[at])[0], dtype=np.int64)
    return out


def _join_keys(job: _Job, matcher: Matcher) -> _Keys:
    """``matcher``'s keys of the old and the incoming rows, joined by one hash pass.

    With the matcher's ``parts``, the keys are numbered from the cells
    (:func:`part_codes`); the old rows' key text is then only made for the
    rows that need it later.
    """
    m, n_old = job.m, job.n_old
    codes: np.ndarray | None = None
    if matcher.parts is not None and matcher.columns is not None and n_old:
        stacked = {}
        for part in matcher.parts:
            c = part.column
            old = job.data.get(c)
            new = job.rows_in.cells.get(c)
            stacked[c] = np.concatenate(
                (
                    old if old is not None else np.full(n_old, "", dtype=object),
                    new if new is not None else np.full(m, "", dtype=object),
                )
            )
        codes = part_codes(matcher.parts, stacked, n_old + m)
    if codes is not None:
        ik = list(matcher.columns(job.in_table)) if m and matcher.columns is not None else []
        base = _BaseKeys(matcher, job.old_table)
        n_keys = int(codes.max()) + 1 if len(codes) else 0
    else:
        if matcher.columns is not None:
            ik = list(matcher.columns(job.in_table)) if m else []
            bk = list(matcher.columns(job.old_table)) if n_old else []
        else:
            ik = [matcher.key(job.rows_in.row(n)) for n in range(m)]
            bk = [matcher.key({c: job.data[c][p] for c in job.base_columns}) for p in range(n_old)]
        found, uniques = pd.factorize(pd.Series([*bk, *ik], dtype=object), use_na_sentinel=True)
        codes = np.asarray(found, dtype=np.int64)
        base = _BaseKeys(matcher, job.old_table, bk)
        n_keys = len(uniques)
    cb, ci = codes[:n_old], codes[n_old:]
    counts = np.bincount(cb[cb >= 0], minlength=n_keys)
    first = np.full(n_keys, -1, dtype=np.int64)
    held_at = np.flatnonzero(cb >= 0)
    first[cb[held_at][::-1]] = held_at[::-1]  # the first old row holding each key
    return _Keys(ik, base, ci, cb, counts, first)


@dataclass
class _Matches:
    """Each incoming row's match among the old rows only.

    ``target[n]``: the one old row it matched (``-1``: none or several);
    ``decided[n]``: some matcher found old rows; ``ambiguous[n]``: several,
    under matcher ``amb_matcher[n]``, namely ``candidates[n]``;
    ``dependent[n]``: the row may depend on an earlier incoming row, so it
    is merged one at a time.
    """

    target: np.ndarray
    decided: np.ndarray
    ambiguous: np.ndarray
    amb_matcher: np.ndarray
    dependent: np.ndarray
    candidates: dict[int, list[int]] = field(default_factory=dict)


def _match_old_rows(job: _Job, keys: list[_Keys]) -> _Matches:
    """Each incoming row's old row (first matcher with hits decides), and which rows depend.

    A row depends on an earlier incoming one when (1) they share a key (the
    later one may find the earlier one's row), (2) they match the same old
    row (the later one sees the earlier one's fills) or (3) it is ambiguous
    and a candidate gets filled (the report names rows as they are then).
    """
    m, n_old = job.m, job.n_old
    match = _Matches(
        target=np.full(m, -1, dtype=np.int64),
        decided=np.zeros(m, dtype=bool),
        ambiguous=np.zeros(m, dtype=bool),
        amb_matcher=np.full(m, -1, dtype=np.int64),
        dependent=np.zeros(m, dtype=bool),
    )
    for i, k in enumerate(keys):
        ci = k.codes_in
        valid = ci >= 0
        # (1) rows sharing a key
        if valid.any():
            per_key = np.bincount(ci[valid], minlength=len(k.counts))
            match.dependent |= valid & (per_key[np.where(valid, ci, 0)] > 1)
        live = valid & ~match.decided
        held = np.zeros(m, dtype=np.int64)
        held[live] = k.counts[ci[live]]
        hit = live & (held > 0)
        one = hit & (held == 1)
        match.target[one] = k.first[ci[one]]
        many = hit & (held > 1)
        match.ambiguous |= many
        match.amb_matcher[many] = i
        match.decided |= hit
    # (2) rows filling the same old row
    target = match.target
    matched = np.flatnonzero(target >= 0)
    if len(matched):
        per_row = np.bincount(target[matched], minlength=max(n_old, 1))
        match.dependent[matched[per_row[target[matched]] > 1]] = True
    # (3) an ambiguous row whose candidate is filled
    if match.ambiguous.any():
        filled_rows = set(target[matched].tolist())
        for n in np.flatnonzero(match.ambiguous).tolist():
            k = keys[int(match.amb_matcher[n])]
            hits = np.flatnonzero(k.codes_base == k.codes_in[n]).tolist()
            match.candidates[n] = hits
            if filled_rows.intersection(hits):
                match.dependent[n] = True
                match.dependent[matched[np.isin(target[matched], hits)]] = True
    return match


def _mark_fill_collisions(job: _Job, keys: list[_Keys], match: _Matches) -> bool:
    """Mark dependent the rows whose key an old row gets only by another row's fill.

    Repeats until no new row is marked; False (give up) when that takes
    more than a few rounds or a matcher has no column-wise keys.
    """
    for _round in range(_FILL_ROUNDS):
        rows = np.flatnonzero((match.target >= 0) & ~match.dependent)
        marked = _fill_keys_collide(job, keys, rows, match.target)
        if marked is None:
            return False
        if not len(marked):
            return True
        match.dependent[marked] = True
    return False


def _fill_keys_collide(
    job: _Job, keys: list[_Keys], rows: np.ndarray, target: np.ndarray
) -> np.ndarray | None:
    """Incoming rows whose key an old row gets only by a fill of ``rows`` (with their fillers).

    Returns an empty array when no fill creates a key another incoming row
    holds; None when a matcher has no column-wise keys (give up). A filled
    row whose cells a key reads end up as the filling row's own is skipped:
    its new key is that row's, which no other incoming row holds (else both
    would depend on each other already).
    """
    if not len(rows):
        return np.zeros(0, dtype=np.int64)
    data = job.data
    where = target[rows]
    touched: set[str] = set()
    after: dict[str, np.ndarray] = {}
    for c, cells in job.rows_in.cells.items():
        if c == job.id_column:
            continue
        value = cells[rows]
        has = job.present[c][rows]
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
    for matcher, k in zip(job.matchers, keys, strict=True):
        if matcher.uses is not None and not matcher.uses & touched:
            continue
        if matcher.columns is None:
            return None
        names = matcher.uses if matcher.uses is not None else set(data)
        part = np.arange(len(rows))
        if matcher.uses is not None:
            own = np.ones(len(rows), dtype=bool)
            for c in names:
                now = after[c] if c in after else data[c][where] if c in data else ""
                given = job.rows_in.cells[c][rows] if c in job.rows_in.cells else ""
                own &= now == given
            part = np.flatnonzero(~own)
        now_cells = {c: after[c] if c in after else data[c][where] for c in names if c in data}
        sub = Columns({c: v[part].tolist() for c, v in now_cells.items()}, len(part))
        new = np.asarray(list(matcher.columns(sub)), dtype=object).reshape(len(part))
        old_keys = k.base.take(where[part])
        changed = part[(new != old_keys) & pd.notna(new)]
        if not len(changed):
            continue
        new_at = np.empty(len(rows), dtype=object)
        new_at[part] = new
        new = new_at
        in_keys = pd.Series(k.incoming, dtype=object)
        hit = np.flatnonzero(in_keys.isin(set(new[changed].tolist())).to_numpy())
        if not len(hit):
            continue
        filler: dict[str, list[int]] = {}
        for j in changed.tolist():
            filler.setdefault(new[j], []).append(int(rows[j]))
        for n in hit.tolist():
            others = [f for f in filler.get(str(k.incoming[n]), []) if f != n]
            if others:
                marked.append(n)
                marked.extend(others)
    return np.asarray(sorted(set(marked)), dtype=np.int64)


@dataclass
class _Found:
    """Conflicts and ambiguities found, each with the incoming row (and cell) it came from."""

    conflicts: list[tuple[int, int, Conflict]] = field(default_factory=list)
    ambiguities: list[tuple[int, Ambiguous]] = field(default_factory=list)


def _fill_independent(job: _Job, keys: list[_Keys], match: _Matches, found: _Found) -> np.ndarray:
    """Fill the old rows the independent rows matched; report their conflicts and ambiguities.

    A cell is filled where the old cell is empty (by masks, a column at a
    time); where both hold different values (after the column's ``same``
    normalizer, outside ``quiet`` columns) that is a conflict, named by the
    old row as the one-at-a-time merge sees it (the row's earlier cells
    filled). Returns which old rows got a cell filled.
    """
    data, rows_in, target = job.data, job.rows_in, match.target
    rows = np.flatnonzero((target >= 0) & ~match.dependent)
    filled_base = np.zeros(job.n_old, dtype=bool)
    pending_conflicts: list[tuple[str, np.ndarray]] = []
    fills: dict[str, tuple[np.ndarray, np.ndarray]] = {}
    for c, cells in rows_in.cells.items():
        if c == job.id_column:
            continue
        here = rows[job.present[c][rows]]
        if not len(here):
            continue
        where = target[here]
        old = data[c][where]
        value = cells[here]
        empty = old == ""
        fills[c] = (here[empty], where[empty])
        if c not in job.quiet:
            differ = ~empty & (old != value)
            norm = job.same.get(c)
            if norm is not None and differ.any():
                differ[differ] = ~_same_after(norm, old[differ], value[differ])
            if differ.any():
                pending_conflicts.append((c, here[differ]))
    # conflicts, before any cell is written (each label sees the row as it was then)
    for c, at in pending_conflicts:
        shapes = rows_in.shape[at]
        for k in np.unique(shapes).tolist():
            _report_conflicts(job, c, at[shapes == k], target, k, found)
    for c, (here, where) in fills.items():
        if len(where):
            data[c][where] = rows_in.cells[c][here]
            filled_base[where] = True
    for n in np.flatnonzero(match.ambiguous & ~match.dependent).tolist():
        i = int(match.amb_matcher[n])
        names = tuple(job.name_of(job.old_row(h)) for h in match.candidates[n])
        found.ambiguities.append(
            (n, Ambiguous(job.table, job.name_of(rows_in.row(n)), job.matchers[i].name, names))
        )
    return filled_base


def _report_conflicts(
    job: _Job, c: str, at: np.ndarray, target: np.ndarray, shape: int, found: _Found
) -> None:
    """The conflicts of incoming rows ``at`` (all of one shape) in column ``c``.

    Each is named by its old row with the incoming row's cells before ``c``
    filled where they were empty (as the one-at-a-time merge sees the row
    then); the rows are made a column at a time.
    """
    data, rows_in = job.data, job.rows_in
    order = rows_in.order[shape]
    pos = order.index(c)
    where = target[at]
    row_cells = {col: data[col][where] for col in data}
    for col in order[:pos]:
        if col == job.id_column or col not in row_cells:
            continue
        now, given = row_cells[col], rows_in.cells[col][at]
        row_cells[col] = np.where((now == "") & (given != ""), given, now)
    names = list(row_cells)
    kept = data[c][where].tolist()
    offered = rows_in.cells[c][at].tolist()
    columns = [row_cells[col].tolist() for col in names]
    for j, (n, values) in enumerate(zip(at.tolist(), zip(*columns, strict=True), strict=True)):
        row = dict(zip(names, values, strict=True))
        found.conflicts.append(
            (n, pos, Conflict(job.table, job.name_of(row), c, kept[j], offered[j]))
        )


def _same_after(norm: Callable[[str], object], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """``norm(a[i]) == norm(b[i])`` for every ``i`` (each distinct value normalized once)."""
    codes, distinct = pd.factorize(np.concatenate((a, b)))
    normed, _ = pd.factorize(
        pd.Series([norm(v) for v in distinct.tolist()], dtype=object), use_na_sentinel=False
    )
    both = np.asarray(normed, dtype=np.int64)[codes]
    return np.asarray(both[: len(a)] == both[len(a) :], dtype=bool)


@dataclass
class _Dependent:
    """What the dependent rows did.

    ``pending[n]``: the cells of the row incoming row ``n`` added;
    ``final_target[n]``: the old row ``n`` was merged into, or ``n_old + n'``
    for the row incoming row ``n'`` added; ``touched_base``: old rows they filled.
    """

    pending: dict[int, dict[str, str]] = field(default_factory=dict)
    final_target: dict[int, int] = field(default_factory=dict)
    touched_base: set[int] = field(default_factory=set)


def _merge_dependent(
    job: _Job, keys: list[_Keys], match: _Matches, found: _Found
) -> _Dependent | None:
    """Merge the dependent rows one at a time, in their order (as the definition does).

    Rows they add or fill are indexed under their keys, so later dependent
    rows find them. None (give up) when an added row's id could be taken or
    repeated, or when such a row holds a key an independent row looks up.
    """
    data, rows_in, n_old, id_column = job.data, job.rows_in, job.n_old, job.id_column
    done = _Dependent()
    pending = done.pending
    extra: list[dict[str, list[int]]] = [{} for _ in job.matchers]
    seen_conflicts: set[tuple[int, str, str]] = set()
    dependent_rows = np.flatnonzero(match.dependent).tolist()
    independent = ~match.dependent

    def row_at(ref: int) -> dict[str, str]:
        if ref < n_old:
            return job.old_row(ref)
        cells = pending[ref - n_old]
        return {c: cells.get(c, "") for c in data} | {
            c: v for c, v in cells.items() if c not in data
        }

    def index(ref: int, i: int, key: str | None) -> None:
        if key is None or (ref < n_old and keys[i].base[ref] == key):
            return
        held = extra[i].setdefault(key, [])
        if ref not in held:
            held.append(ref)

    if id_column and dependent_rows:
        # an added row's id is known when it is added (a report may name it): only
        # when no id of a row that may be added is taken or repeated
        maybe = np.flatnonzero((~match.decided & ~job.only) | match.dependent)
        wanted = (
            rows_in.cells[id_column][maybe].tolist()
            if id_column in rows_in.cells
            else [""] * len(maybe)
        )
        if len(set(wanted)) != len(wanted) or set(wanted) & set(data[id_column].tolist()):
            return None
    for n in dependent_rows:
        row_cells = rows_in.row(n)
        hit_ref: int | None = None
        is_ambiguous = False
        for i, (matcher, k) in enumerate(zip(job.matchers, keys, strict=True)):
            key = k.incoming[n]
            if key is None:
                continue
            code = k.codes_in[n]
            hits: list[int] = []
            if code >= 0 and k.counts[code]:
                hits = (
                    [int(k.first[code])]
                    if k.counts[code] == 1
                    else np.flatnonzero(k.codes_base == code).tolist()
                )
            more = extra[i].get(key)
            if more:
                hits = hits + more
            if len(hits) == 1:
                hit_ref = hits[0]
            elif len(hits) > 1:
                names = tuple(job.name_of(row_at(h)) for h in hits)
                found.ambiguities.append(
                    (n, Ambiguous(job.table, job.name_of(row_cells), matcher.name, names))
                )
                is_ambiguous = True
            if hits:
                break
        if is_ambiguous:
            continue
        if hit_ref is None:
            if job.only[n]:
                continue
            pending[n] = dict(row_cells)
            ref = n_old + n
            done.final_target[n] = ref
            for i, k in enumerate(keys):
                index(ref, i, k.incoming[n])
            continue
        done.final_target[n] = hit_ref
        changed: set[str] = set()
        for pos, (c, value) in enumerate(row_cells.items()):
            if c == id_column:
                continue
            current = pending[hit_ref - n_old].get(c, "") if hit_ref >= n_old else data[c][hit_ref]
            if current == "":
                if hit_ref < n_old:
                    data[c][hit_ref] = value
                    done.touched_base.add(hit_ref)
                else:
                    pending[hit_ref - n_old][c] = value
                changed.add(c)
            elif current != value and c not in job.quiet:
                norm = job.same.get(c)
                if norm is not None and norm(current) == norm(value):
                    continue
                if (hit_ref, c, value) not in seen_conflicts:
                    seen_conflicts.add((hit_ref, c, value))
                    conflict = Conflict(job.table, job.name_of(row_at(hit_ref)), c, current, value)
                    found.conflicts.append((n, pos, conflict))
        if changed:
            row = row_at(hit_ref)
            for i, matcher in enumerate(job.matchers):
                if matcher.uses is not None and not matcher.uses & changed:
                    continue
                index(hit_ref, i, matcher.key(row))
    # rows added or filled above must not hold a key an independent row looks up
    for i, k in enumerate(keys):
        if not extra[i]:
            continue
        in_keys = np.asarray(k.incoming, dtype=object)
        wanted_keys = set(in_keys[independent & (k.codes_in >= 0)].tolist())
        if wanted_keys.intersection(extra[i]):
            return None
    return done


def _assemble(
    job: _Job, match: _Matches, done: _Dependent, found: _Found, filled_base: np.ndarray
) -> MergeResult | None:
    """The merged table and what happened to each row.

    Added rows go after the old ones in incoming order, with ids made
    unique; new columns are kept in the order the one-at-a-time merge meets
    them. None (give up) when making an id unique changes a key.
    """
    data, rows_in, n_old, m, id_column = job.data, job.rows_in, job.n_old, job.m, job.id_column
    independent = ~match.dependent
    added_rows = ~match.decided & ~job.only & independent
    pending = done.pending
    # ---- added rows: positions in incoming order, ids made unique
    added_in = np.flatnonzero(added_rows | np.isin(np.arange(m), list(pending)))
    position = {int(n): n_old + k for k, n in enumerate(added_in.tolist())}
    ids_added: np.ndarray | None = None
    if id_column and len(added_in):
        ids_added = _added_ids(job, id_column, added_in, pending)
        if ids_added is None:
            return None
    result = MergeResult(job.table, job.frame, [])
    targets: list[int | None] = [None] * m
    for n in np.flatnonzero((match.target >= 0) & independent).tolist():
        targets[n] = int(match.target[n])
    for n, ref in done.final_target.items():
        targets[n] = position[ref - n_old] if ref >= n_old else ref
    for n in np.flatnonzero(added_rows).tolist():
        targets[n] = position[n]
    result.targets = targets
    # ---- new columns, in the order the one-at-a-time merge meets them
    columns = job.base_columns
    if job.new_columns:
        processed = np.asarray([t is not None for t in targets], dtype=bool)
        is_added = np.zeros(m, dtype=bool)
        is_added[added_in] = True
        used = []
        for c in job.new_columns:
            rows_with = np.flatnonzero(
                job.present[c] & processed & (is_added if c == id_column else True)
            )
            if len(rows_with):
                n = int(rows_with[0])
                used.append((n, rows_in.order[rows_in.shape[n]].index(c), c))
        keep = [c for _, _, c in sorted(used)]
        for c in job.new_columns:
            if c not in keep:
                del data[c]
        columns = job.base_columns + keep
    # ---- the merged table
    out: dict[str, pd.Series] = {}
    # the added rows a dependent row added (their cells as it left them)
    from_pending = [(k, pending[n]) for k, n in enumerate(added_in.tolist()) if n in pending]
    for c in columns:
        given = rows_in.cells.get(c)
        part = (
            given[added_in].copy()
            if given is not None
            else np.full(len(added_in), "", dtype=object)
        )
        for k, cells in from_pending:
            part[k] = cells.get(c, "")
        if c == id_column and ids_added is not None:
            part = ids_added
        out[c] = pd.Series(np.concatenate((data[c], part)), dtype=object)
    size = n_old + len(added_in)
    result.frame = pd.DataFrame(out, columns=columns, index=pd.RangeIndex(size))
    # ---- counts and reports, in incoming order
    ambiguous_rows = {k for k, _ in found.ambiguities}
    result.skipped = int(np.count_nonzero(~match.decided & job.only & independent)) + sum(
        1
        for n in np.flatnonzero(match.dependent).tolist()
        if targets[n] is None and job.only[n] and n not in ambiguous_rows
    )
    result.added = sorted(position.values())
    touched = set(np.flatnonzero(filled_base).tolist()) | done.touched_base
    result.updated = sorted(touched)
    hit_base = {t for t in targets if t is not None and t < n_old}
    result.unchanged = sorted(hit_base - touched)
    result.conflicts = [c for _, _, c in sorted(found.conflicts, key=lambda x: (x[0], x[1]))]
    result.ambiguous = [a for _, a in sorted(found.ambiguities, key=lambda x: x[0])]
    return result


def _added_ids(
    job: _Job, id_column: str, added_in: np.ndarray, pending: dict[int, dict[str, str]]
) -> np.ndarray | None:
    """The ids of the added rows (incoming rows ``added_in``), made unique.

    None (give up) when an id had to change and a matcher reads the id
    column (the row's key would change with it).
    """
    rows_in, n_old = job.rows_in, job.n_old
    wanted_ids = (
        rows_in.cells[id_column][added_in]
        if id_column in rows_in.cells
        else (np.full(len(added_in), "", dtype=object))
    )
    for k, n in enumerate(added_in.tolist()):
        if n in pending and pending[n].get(id_column, "") != wanted_ids[k]:
            wanted_ids[k] = pending[n].get(id_column, "")
    taken = set(job.data[id_column].tolist()) if n_old else set()
    ids_added = wanted_ids.copy()
    if len(set(wanted_ids.tolist())) != len(wanted_ids) or taken.intersection(wanted_ids.tolist()):
        for k, want in enumerate(wanted_ids.tolist()):
            unique = unique_id(want, taken)
            taken.add(unique)
            ids_added[k] = unique
        if np.any(ids_added != wanted_ids) and any(
            mt.uses is None or id_column in mt.uses for mt in job.matchers
        ):
            return None
    return ids_added
