"""The column-wise merge's matches: step 2 of :mod:`meetupstats.merge_columns`.

Each incoming row's old row (the first matcher that finds old rows decides,
:func:`_match_old_rows`), and which incoming rows depend on an earlier one
(:func:`_match_old_rows`, :func:`_mark_fill_collisions`) and so are merged
one at a time. The keys they compare are :mod:`meetupstats.merge_keys`'.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats.merge import Columns, Matcher
from meetupstats.merge_keys import _Job, _Keys, _KeysByMatcher

#: how many times a fill may create a key another row holds before the merge gives up
_FILL_ROUNDS = 4


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
