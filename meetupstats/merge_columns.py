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

Step 1 (the job's arrays, the keys) is in :mod:`meetupstats.merge_keys`,
step 2 (the matches) in :mod:`meetupstats.merge_matches`; 3 to 5 are here.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated
from meetupstats.merge import (
    Ambiguous,
    Columns,
    Conflict,
    Matcher,
    MergeResult,
    Row,
    RowLabel,
    unique_id,
)
from meetupstats.merge_keys import _Job, _KeysByMatcher
from meetupstats.merge_keys import part_codes as part_codes  # imported from here by tests
from meetupstats.merge_matches import _mark_fill_collisions, _match_old_rows, _Matches


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
    keys = _KeysByMatcher(job)
    match = _match_old_rows(job, keys)
    for c in job.new_columns:
        job.data[c] = repeated("", job.n_old)
    if not _mark_fill_collisions(job, keys, match):
        return None
    if match.dependent.any():
        # the dependent rows look keys up row by row: every row's, of the old rows
        # as they were before the merge (so made before the fills below)
        keys.every_row()
    found = _Found()
    filled_base = _fill_independent(job, match, found)
    dependent = _merge_dependent(job, keys, match, found)
    if dependent is None:
        return None
    return _assemble(job, match, dependent, found, filled_base)


@dataclass
class _Found:
    """Conflicts and ambiguities found, each with the incoming row (and cell) it came from."""

    conflicts: list[tuple[int, int, Conflict]] = field(default_factory=list)
    ambiguities: list[tuple[int, Ambiguous]] = field(default_factory=list)


def _fill_independent(job: _Job, match: _Matches, found: _Found) -> np.ndarray:
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
    if isinstance(job.label, RowLabel):  # every row's name at once
        shown = job.label.columns(Columns(dict(zip(names, columns, strict=True)), len(at)))
    else:
        shown = [job.name_of(dict(zip(names, v, strict=True))) for v in zip(*columns, strict=True)]
    found.conflicts.extend(
        zip(
            at.tolist(),
            itertools.repeat(pos),
            map(Conflict, itertools.repeat(job.table), shown, itertools.repeat(c), kept, offered),
        )
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
    job: _Job, keys: _KeysByMatcher, match: _Matches, found: _Found
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
    dependent = np.flatnonzero(match.dependent)
    dependent_rows = dependent.tolist()
    independent = ~match.dependent
    for i in range(len(keys) if dependent_rows else 0):  # every row's keys made already
        keys[i].incoming.prefetch(dependent)  # their key text, a column at a time

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
    for i in range(len(keys)):
        if not extra[i]:
            continue
        k = keys[i]
        wanted_keys = set(k.incoming.take(np.flatnonzero(independent & match.looks_up[i])).tolist())
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
    position = np.full(m, -1, dtype=np.int64)  # where each added incoming row goes
    position[added_in] = n_old + np.arange(len(added_in), dtype=np.int64)
    ids_added: np.ndarray | None = None
    if id_column and len(added_in):
        ids_added = _added_ids(job, id_column, added_in, pending)
        if ids_added is None:
            return None
    result = MergeResult(job.table, job.frame, np.zeros(0, dtype=np.int64))
    target = np.where(independent, match.target, -1)  # -1: None
    for n, ref in done.final_target.items():
        target[n] = position[ref - n_old] if ref >= n_old else ref
    target[added_rows] = position[added_rows]
    result.positions = target
    # ---- new columns, in the order the one-at-a-time merge meets them
    columns = job.base_columns
    if job.new_columns:
        processed = target >= 0
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
    out: dict[str, np.ndarray] = {}
    # the added rows a dependent row added (their cells as it left them)
    from_pending = [
        (int(np.searchsorted(added_in, n)), cells)
        for n, cells in sorted(pending.items())
        if position[n] >= 0
    ]
    for c in columns:
        if not len(added_in):  # the old rows as filled
            out[c] = data[c]
            continue
        given = rows_in.cells.get(c)
        part = given[added_in] if given is not None else repeated("", len(added_in))
        for k, cells in from_pending:
            part[k] = cells.get(c, "")
        if c == id_column and ids_added is not None:
            part = ids_added
        out[c] = np.concatenate((data[c], part))
    size = n_old + len(added_in)
    result.frame = pd.DataFrame(out, columns=columns, index=pd.RangeIndex(size), dtype=object)
    # ---- counts and reports, in incoming order
    ambiguous_rows = {k for k, _ in found.ambiguities}
    result.skipped = int(np.count_nonzero(~match.decided & job.only & independent)) + sum(
        1
        for n in np.flatnonzero(match.dependent).tolist()
        if target[n] < 0 and job.only[n] and n not in ambiguous_rows
    )
    result.added = list(range(n_old, size))
    touched = filled_base.copy()
    touched[list(done.touched_base)] = True
    result.updated = np.flatnonzero(touched).tolist()
    hit = np.zeros(n_old, dtype=bool)
    hit[target[(target >= 0) & (target < n_old)]] = True
    result.unchanged = np.flatnonzero(hit & ~touched).tolist()
    result.conflicts = [c for _, _, c in sorted(found.conflicts, key=itemgetter(0, 1))]
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
        else (repeated("", len(added_in)))
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
