"""The column-wise merge's inputs, keys and matches.

Steps 1 and 2 of :mod:`meetupstats.merge_columns`: the incoming and old
rows as arrays (:class:`_Job`); every matcher's key of every row, numbered
from the declared key parts (:func:`part_codes`) and joined with one hash
pass (:func:`_join_keys`); each incoming row's old row, and which incoming
rows depend on an earlier one (:func:`_match_old_rows`,
:func:`_mark_fill_collisions`) and so are merged one at a time.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats.merge import Columns, KeyPart, Matcher, Row, incoming_columns

#: how many times a fill may create a key another row holds before the merge gives up
_FILL_ROUNDS = 4


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

    @functools.cached_property
    def old_table(self) -> Columns:
        """The old rows as they were before the merge (made when first asked for)."""
        return Columns(
            {
                c: _text_array(self.frame[c].to_numpy(dtype=object), self.n_old).tolist()
                for c in self.base_columns
            },
            self.n_old,
        )

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
                old = np.full(n_old, "", dtype=object)
            stacked[c] = np.concatenate(
                (
                    old if old_at is None else old[old_at],
                    new[inc] if new is not None else np.full(len(inc), "", dtype=object),
                )
            )
        n_base = n_old if old_at is None else len(old_at)
        found = part_codes(matcher.parts, stacked, n_base + len(inc))
        if found is not None:
            codes = np.full(n_old + m, -1, dtype=np.int64)
            codes[np.arange(n_old) if old_at is None else old_at] = found[:n_base]
            codes[n_old + inc] = found[n_base:]
    if codes is not None:
        # key text only for the rows that need it later (most never do)
        incoming = _TableKeys(matcher, lambda: job.in_table)
        base = _TableKeys(matcher, lambda: job.old_table)
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
    :func:`_join_keys`); :meth:`every_row` makes sure all are numbered.
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
        """Number every row's keys (joined again where only some were)."""
        for i in sorted(self._partial):
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


@dataclass
class _Matches:
    """Each incoming row's match among the old rows only.

    ``target[n]``: the one old row it matched (``-1``: none or several);
    ``decided[n]``: some matcher found old rows; ``ambiguous[n]``: several,
    under matcher ``amb_matcher[n]``, namely ``candidates[n]``;
    ``dependent[n]``: the row may depend on an earlier incoming row, so it
    is merged one at a time; ``looks_up[i][n]``: the row has a key under
    matcher ``i`` and no earlier matcher found old rows for it (so it looks
    that key up).
    """

    target: np.ndarray
    decided: np.ndarray
    ambiguous: np.ndarray
    amb_matcher: np.ndarray
    dependent: np.ndarray
    candidates: dict[int, list[int]] = field(default_factory=dict)
    looks_up: list[np.ndarray] = field(default_factory=list)


def _match_old_rows(job: _Job, keys: _KeysByMatcher) -> _Matches:
    """Each incoming row's old row (first matcher with hits decides), and which rows depend.

    A row depends on an earlier incoming one when (1) they share a key, the
    later one looks that key up and the earlier one may be added (then the
    later one may find the earlier one's row; a row some matcher found old
    rows for is never added), (2) they match the same old row (the later one
    sees the earlier one's fills) or (3) it is ambiguous and a candidate
    gets filled (the report names rows as they are then).
    """
    m, n_old = job.m, job.n_old
    match = _Matches(
        target=np.full(m, -1, dtype=np.int64),
        decided=np.zeros(m, dtype=bool),
        ambiguous=np.zeros(m, dtype=bool),
        amb_matcher=np.full(m, -1, dtype=np.int64),
        dependent=np.zeros(m, dtype=bool),
    )
    for i in range(len(keys)):
        if match.decided.all():  # every row found: no row looks further
            match.looks_up.append(np.zeros(m, dtype=bool))
            continue
        # the keys of the rows that look this matcher up, and of the found rows
        # whose fill changes a cell it reads (see _fill_keys_collide)
        k = keys.join(i, np.flatnonzero(~match.decided | _fills(job, job.matchers[i], match)))
        ci = k.codes_in
        valid = ci >= 0
        live = valid & ~match.decided
        match.looks_up.append(live)
        held = np.zeros(m, dtype=np.int64)
        held[live] = k.counts[ci[live]]
        hit = live & (held > 0)
        one = hit & (held == 1)
        match.target[one] = k.first[ci[one]]
        many = hit & (held > 1)
        match.ambiguous |= many
        match.amb_matcher[many] = i
        match.decided |= hit
    # (1) rows sharing a key that a later one looks up and an earlier one may add
    may_add = ~match.decided & ~job.only
    positions = np.arange(m, dtype=np.int64)
    for i, looks in enumerate(match.looks_up):
        if not looks.any():
            continue
        k = keys[i]
        ci = k.codes_in
        with_key = np.flatnonzero(ci >= 0)
        if not len(with_key):
            continue
        n_keys = len(k.counts)
        first_added = np.full(n_keys, m, dtype=np.int64)
        adding = with_key[may_add[with_key]]
        np.minimum.at(first_added, ci[adding], positions[adding])
        last_looking = np.full(n_keys, -1, dtype=np.int64)
        looking = with_key[looks[with_key]]
        np.maximum.at(last_looking, ci[looking], positions[looking])
        shared = first_added < last_looking
        match.dependent[with_key[shared[ci[with_key]]]] = True
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


def _fills(job: _Job, matcher: Matcher, match: _Matches) -> np.ndarray:
    """Which incoming rows found an old row whose empty cell (one ``matcher``
    reads) they fill."""
    found = np.flatnonzero(match.target >= 0)
    out = np.zeros(job.m, dtype=bool)
    if not len(found):
        return out
    where = match.target[found]
    for c, present in job.present.items():
        if c == job.id_column or (matcher.uses is not None and c not in matcher.uses):
            continue
        if c not in job.data:
            out[found[present[found]]] = True
            continue
        out[found] |= present[found] & (job.data[c][where] == "")
    return out


def _mark_fill_collisions(job: _Job, keys: _KeysByMatcher, match: _Matches) -> bool:
    """Mark dependent the rows whose key an old row gets only by another row's fill.

    Repeats until no new row is marked; False (give up) when that takes
    more than a few rounds or a matcher has no column-wise keys.
    """
    for _round in range(_FILL_ROUNDS):
        rows = np.flatnonzero((match.target >= 0) & ~match.dependent)
        marked = _fill_keys_collide(job, keys, rows, match.target, match.looks_up)
        if marked is None:
            return False
        if not len(marked):
            return True
        match.dependent[marked] = True
    return False


def _fill_keys_collide(
    job: _Job,
    keys: _KeysByMatcher,
    rows: np.ndarray,
    target: np.ndarray,
    looks_up: list[np.ndarray],
) -> np.ndarray | None:
    """Incoming rows that look up a key an old row gets only by a fill of ``rows``
    (with their fillers; ``looks_up`` as in :class:`_Matches`).

    Returns an empty array when no fill creates a key another incoming row
    holds; None when a matcher has no column-wise keys (give up). A filled
    row whose cells a key reads end up as the filling row's own gets that
    row's key: compared by its number (:func:`_own_key_shared`), not as text.
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
    for i, (matcher, looks) in enumerate(zip(job.matchers, looks_up, strict=True)):
        if (matcher.uses is not None and not matcher.uses & touched) or not looks.any():
            continue  # no key a row looks up can change
        k = keys[i]
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
            marked.extend(_own_key_shared(k, rows[own], where[own], looks))
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
        looking = np.flatnonzero(looks)
        in_keys = pd.Series(k.incoming.take(looking), dtype=object)
        hit = looking[in_keys.isin(set(new[changed].tolist())).to_numpy()]
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


def _own_key_shared(k: _Keys, rows: np.ndarray, where: np.ndarray, looks: np.ndarray) -> list[int]:
    """Incoming rows ``rows`` whose filled old rows ``where`` now hold the filling
    row's own key, when another incoming row looks that key up (``looks``; it
    may then find the filled row): those rows and the rows looking it up."""
    code = k.codes_in[rows]
    moved = (code >= 0) & (k.codes_base[where] != code)
    if not moved.any():
        return []
    per_key = np.bincount(k.codes_in[looks], minlength=len(k.counts))
    others = per_key[code[moved]] - looks[rows[moved]]
    shared = code[moved][others > 0]
    if not len(shared):
        return []
    fillers = rows[moved][others > 0]
    return [*fillers.tolist(), *np.flatnonzero(looks & np.isin(k.codes_in, shared)).tolist()]
