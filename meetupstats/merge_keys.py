"""The column-wise merge's inputs and keys.

Step 1 of :mod:`meetupstats.merge_columns`: the incoming and old rows as
arrays (:class:`_Job`); every matcher's key of the rows that need it,
numbered from the declared key parts (:func:`part_codes`) and joined with
one hash pass (:func:`_join_keys`), each matcher's when first asked for
(:class:`_KeysByMatcher`). Step 2 (matches, dependent rows) is in
:mod:`meetupstats.merge_matches`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated
from meetupstats.merge import Columns, KeyPart, Matcher, Row, incoming_columns


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
        self.only = np.zeros(self.m, dtype=bool)
        self.present = {c: v != "" for c, v in self.rows_in.cells.items()}
        self.new_columns = [c for c in self.rows_in.cells if c not in self.data]
        self._old_cells: dict[str, list[str]] = {}
        #: part_codes' factorized columns of every old and incoming row (like every key,
        #: made before any cell is filled)
        self.hashed: dict[str, tuple[np.ndarray, list[str]]] = {}

    @functools.cached_property
    def old_table(self) -> Columns:
        """The old rows as they were before the merge (made when first asked for)."""
        return self.old_columns(None)

    def old_columns(self, uses: frozenset[str] | None) -> Columns:
        """The old rows as they were before the merge, only the columns ``uses``
        names (None: all); each column made when first asked for."""
        return Columns(
            {c: self._old_column(c) for c in self.base_columns if uses is None or c in uses},
            self.n_old,
        )

    def _old_column(self, c: str) -> list[str]:
        if c not in self._old_cells:
            cells = _text_array(self.frame[c].to_numpy(dtype=object), self.n_old).tolist()
            self._old_cells[c] = cells
        return self._old_cells[c]

    @functools.cached_property
    def in_table(self) -> Columns:
        """The incoming rows (made when first asked for)."""
        return self.rows_in.columns()

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


class _TableKeys:
    """One matcher's keys of a table's rows (``None``: does not apply): the old
    rows as they were before the merge, or the incoming rows.

    Either all given as text, or made on demand (and kept) from the table
    ``table_of`` gives (asked for only then).
    """

    def __init__(
        self,
        matcher: Matcher,
        table_of: Callable[[], Columns],
        keys: list[str | None] | None = None,
    ) -> None:
        self.matcher = matcher
        self._table_of = table_of
        self.known: dict[int, str | None] = {}
        self.keys = keys

    @functools.cached_property
    def table(self) -> Columns:
        return self._table_of()

    @functools.cached_property
    def columns(self) -> list[str]:
        """The columns the keys read."""
        uses = self.matcher.uses
        return [c for c in self.table if uses is None or c in uses]

    def take(self, positions: np.ndarray) -> np.ndarray:
        """The keys of rows ``positions`` (object array)."""
        self.prefetch(positions)
        if self.keys is not None:
            return np.asarray(self.keys, dtype=object)[positions]
        out = np.empty(len(positions), dtype=object)
        out[:] = [self.known[p] for p in positions.tolist()]
        return out

    def prefetch(self, positions: np.ndarray) -> None:
        """Make the keys of rows ``positions`` a column at a time (``self[p]`` then
        only looks them up)."""
        if self.keys is not None or self.matcher.columns is None:
            return
        wanted = [p for p in dict.fromkeys(positions.tolist()) if p not in self.known]
        if 2 * len(wanted) > self.table.size:  # most rows: the whole table at once
            self.keys = list(self.matcher.columns(self.table))
        elif wanted:
            sub = Columns(
                {c: [self.table[c][p] for p in wanted] for c in self.columns}, len(wanted)
            )
            self.known.update(zip(wanted, self.matcher.columns(sub), strict=True))

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

    incoming: _TableKeys
    base: _TableKeys
    codes_in: np.ndarray
    codes_base: np.ndarray
    counts: np.ndarray
    first: np.ndarray


def part_codes(
    parts: Sequence[KeyPart],
    cells: Mapping[str, np.ndarray],
    n: int,
    hashed: dict[str, tuple[np.ndarray, list[str]]] | None = None,
) -> np.ndarray | None:
    """Numbers for the keys ``parts`` make of ``n`` rows' ``cells`` (``-1``: ``None``).

    Two rows get the same number exactly when their keys (the parts' values
    joined with ``\\x1f``) are the same text. Each column is hashed once and
    each distinct cell normalized once. None when a part's value holds
    ``\\x1f`` (then different parts could join to the same text).

    ``hashed`` keeps each column's ``pandas.factorize`` over all ``n`` rows
    for the next call with the same ``cells`` (another matcher's parts).
    """
    if not parts:
        return np.full(n, -1, dtype=np.int64)
    # required parts first, those with a normalizer (which may leave no value) before
    # the others: each part is only read on the rows every earlier part left a key
    ordered = sorted(parts, key=lambda p: (not p.required, p.normalize is None))
    at = np.arange(n, dtype=np.int64)  # the rows that still have a key
    combined = np.zeros(n, dtype=np.int64)  # the number so far of each row of ``at``
    bound = 1  # combined < bound
    for part in ordered:
        every = len(at) == n  # (then the arrays are taken as they are, not copied)
        column = cells.get(part.column)
        if column is None:
            column = repeated("", n)
        known = None if hashed is None else hashed.get(part.column)
        if known is not None:
            codes, values = known[0] if every else known[0][at], known[1]
        else:
            array = np.asarray(column, dtype=object)
            found_codes, distinct = pd.factorize(array if every else array[at])
            codes, values = np.asarray(found_codes, dtype=np.int64), distinct.tolist()
            if hashed is not None and every:
                hashed[part.column] = (codes, values)
        norm = part.normalize
        if norm is None:  # the cells themselves ("" = None)
            if "\x1f" in "".join(values) and _held_with_separator(values, codes):
                return None
            value_codes = np.arange(len(values), dtype=np.int64)
            if "" in values:
                value_codes[values.index("")] = -1
        else:
            normed = [(norm(v) if v else None) or None for v in values]
            if "\x1f" in "".join(v for v in normed if v is not None) and _held_with_separator(
                [v or "" for v in normed], codes
            ):
                return None
            found, _ = pd.factorize(pd.Series(normed, dtype=object), use_na_sentinel=True)
            value_codes = np.asarray(found, dtype=np.int64)
        code = value_codes[codes] if len(at) else np.zeros(0, dtype=np.int64)
        width = len(values) + 1
        if bound * width >= 1 << 62:  # renumber densely before the numbers could overflow
            combined = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
            bound = int(combined.max()) + 1 if len(at) else 1
        combined = combined * width + (code + 1)
        bound *= width
        if part.required:
            held = code >= 0
            if not held.all():
                at, combined = at[held], combined[held]
    # numbered densely over the rows with a key, from 0
    out = np.full(n, -1, dtype=np.int64)
    out[at] = np.asarray(pd.factorize(combined)[0], dtype=np.int64)
    return out


def _held_with_separator(values: list[str], codes: np.ndarray) -> bool:
    """Whether a value the rows hold (``values[codes]``; a kept column's values
    are more than these rows') contains the key separator ``\\x1f``."""
    flags = np.array(["\x1f" in v for v in values], dtype=bool)
    return bool(flags[codes].any()) if len(codes) else False


def _join_keys(job: _Job, matcher: Matcher, rows: np.ndarray | None = None) -> _Keys:
    """``matcher``'s keys of the old and the incoming rows, joined by one hash pass.

    With the matcher's ``parts``, the keys are numbered from the cells
    (:func:`part_codes`); the old rows' key text is then only made for the
    rows that need it later.

    ``rows``: number only these incoming rows' keys (the others get ``-1``)
    and only the old rows that could share one: those holding one of their
    values of a required part compared as it is. Without it, every row's.
    """
    m, n_old = job.m, job.n_old
    codes: np.ndarray | None = None
    if matcher.parts is not None and matcher.columns is not None and n_old:
        inc = np.arange(m, dtype=np.int64) if rows is None else rows
        old_at = _old_rows_sharing(job, matcher.parts, inc) if rows is not None else None
        stacked = {}
        for part in matcher.parts:
            c = part.column
            old = job.data.get(c)
            new = job.rows_in.cells.get(c)
            if old is None:
                old = repeated("", n_old)
            stacked[c] = np.concatenate(
                (
                    old if old_at is None else old[old_at],
                    new[inc] if new is not None else repeated("", len(inc)),
                )
            )
        n_base = n_old if old_at is None else len(old_at)
        every = old_at is None and len(inc) == m  # the same rows as other matchers'
        found = part_codes(matcher.parts, stacked, n_base + len(inc), job.hashed if every else None)
        if found is not None:
            codes = np.full(n_old + m, -1, dtype=np.int64)
            codes[np.arange(n_old) if old_at is None else old_at] = found[:n_base]
            codes[n_old + inc] = found[n_base:]
    if codes is not None:
        # key text only for the rows that need it later (most never do)
        incoming = _TableKeys(matcher, lambda: job.in_table)
        base = _TableKeys(matcher, lambda: job.old_columns(matcher.uses))
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
        incoming = _TableKeys(matcher, lambda: job.in_table, ik)
        base = _TableKeys(matcher, lambda: job.old_table, bk)
        n_keys = len(uniques)
    cb, ci = codes[:n_old], codes[n_old:]
    counts = np.bincount(cb[cb >= 0], minlength=n_keys)
    first = np.full(n_keys, -1, dtype=np.int64)
    held_at = np.flatnonzero(cb >= 0)
    first[cb[held_at][::-1]] = held_at[::-1]  # the first old row holding each key
    return _Keys(incoming, base, ci, cb, counts, first)


def _old_rows_sharing(job: _Job, parts: Sequence[KeyPart], inc: np.ndarray) -> np.ndarray | None:
    """The old rows holding a value incoming rows ``inc`` hold in a required part
    compared as it is (only they can share a key with those rows); None: all."""
    anchor = next((p.column for p in parts if p.required and p.normalize is None), None)
    if anchor is None:
        return None
    old = job.data.get(anchor)
    new = job.rows_in.cells.get(anchor)
    if old is None or new is None:  # every key of one side is None
        return np.zeros(0, dtype=np.int64)
    held = pd.Series(old, dtype=object, copy=False).isin(pd.unique(new[inc])).to_numpy()
    return np.flatnonzero(held & (old != ""))


class _KeysByMatcher:
    """Each matcher's :class:`_Keys` (``keys[i]``), joined when first asked for.

    A matcher only rows still unmatched look up: when earlier matchers found
    old rows for every incoming row (a re-import), its keys are never made.
    :meth:`join` numbers only the keys of some incoming rows (see
    :func:`_join_keys`); :meth:`every_row` makes every key at once. Keys are
    made from the old rows' cells as they are when asked for: the merge asks
    for all it needs before it fills any cell.
    """

    def __init__(self, job: _Job) -> None:
        self.job = job
        self._joined: dict[int, _Keys] = {}
        self._partial: set[int] = set()

    def join(self, i: int, rows: np.ndarray) -> _Keys:
        """Matcher ``i``'s keys, numbered at least for incoming rows ``rows``
        (for every row when that is most of them)."""
        if i not in self._joined:
            some = 2 * len(rows) < self.job.m
            self._joined[i] = _join_keys(self.job, self.job.matchers[i], rows if some else None)
            if some:
                self._partial.add(i)
        return self._joined[i]

    def every_row(self) -> None:
        """Join every matcher's keys of every row now (again where only some rows'
        were numbered), from the cells as they are now."""
        for i in range(len(self)):
            if i not in self._joined or i in self._partial:
                self._joined[i] = _join_keys(self.job, self.job.matchers[i])
        self._partial.clear()

    def __len__(self) -> int:
        return len(self.job.matchers)

    def __iter__(self) -> Iterator[_Keys]:
        return (self[i] for i in range(len(self)))

    def __getitem__(self, i: int) -> _Keys:
        if i not in self._joined:
            self._joined[i] = _join_keys(self.job, self.job.matchers[i])
        return self._joined[i]
