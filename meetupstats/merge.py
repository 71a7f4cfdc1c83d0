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

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

Row = Mapping[str, str]
KeyFunction = Callable[[Row], "str | None"]


@dataclass(frozen=True)
class Matcher:
    """One way of recognising a row: ``key(row)`` is compared between rows."""

    name: str
    key: KeyFunction


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


def merge_rows(
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
    """Merge ``incoming`` rows into the text table ``frame`` (see module doc).

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
    rows: list[dict[str, str]] = [
        {c: ("" if pd.isna(v) else str(v)) for c, v in zip(columns, values, strict=True)}
        for values in frame.itertuples(index=False, name=None)
    ]
    n_old = len(rows)

    def name_of(row: Row) -> str:
        if label is not None:
            return label(row)
        if id_column and row.get(id_column):
            return row[id_column]
        return next((v for v in row.values() if v), "(empty row)")

    index: list[dict[str, list[int]]] = [{} for _ in matchers]

    def add_to_index(pos: int) -> None:
        for i, matcher in enumerate(matchers):
            key = matcher.key(rows[pos])
            if key is not None:
                held = index[i].setdefault(key, [])
                if pos not in held:
                    held.append(pos)

    for pos in range(n_old):
        add_to_index(pos)
    ids = {r.get(id_column, "") for r in rows} if id_column else set()

    result = MergeResult(table, frame, [])
    filled: set[int] = set()
    matched: set[int] = set()
    added: set[int] = set()
    seen_conflicts: set[tuple[int, str, str]] = set()
    for n, raw in enumerate(incoming):
        cells = {k: v for k, v in raw.items() if v is not None and v != ""}
        target: int | None = None
        ambiguous = False
        for i, matcher in enumerate(matchers):
            key = matcher.key(cells)
            if key is None:
                continue
            hits = index[i].get(key, [])
            if len(hits) == 1:
                target = hits[0]
            elif len(hits) > 1:
                result.ambiguous.append(
                    Ambiguous(
                        table, name_of(cells), matcher.name, tuple(name_of(rows[h]) for h in hits)
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
                if c not in columns:
                    columns.append(c)
                    for r in rows:
                        r[c] = ""
            new = {c: cells.get(c, "") for c in columns}
            if id_column:
                new[id_column] = _unique_id(new.get(id_column, ""), ids)
                ids.add(new[id_column])
            rows.append(new)
            pos = len(rows) - 1
            added.add(pos)
            add_to_index(pos)
            result.targets.append(pos)
            continue
        row = rows[target]
        matched.add(target)
        changed = False
        for c, value in cells.items():
            if c == id_column:
                continue
            if c not in columns:
                columns.append(c)
                for r in rows:
                    r[c] = ""
            old = row.get(c, "")
            if old == "":
                row[c] = value
                changed = True
            elif old != value and c not in quiet:
                norm = same.get(c)
                if norm is not None and norm(old) == norm(value):
                    continue
                if (target, c, value) not in seen_conflicts:
                    seen_conflicts.add((target, c, value))
                    result.conflicts.append(Conflict(table, name_of(row), c, old, value))
        if changed:
            filled.add(target)
            add_to_index(target)
        result.targets.append(target)
    result.added = sorted(added)
    result.updated = sorted(p for p in filled if p < n_old)
    result.unchanged = sorted(p for p in matched if p < n_old and p not in filled)
    result.frame = pd.DataFrame(
        {c: pd.Series([r.get(c, "") for r in rows], dtype=object) for c in columns},
        columns=columns,
        index=pd.RangeIndex(len(rows)),
    )
    return result


def _unique_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever is free."""
    if wanted not in taken:
        return wanted
    n = 2
    while f"{wanted}-{n}" in taken:
        n += 1
    return f"{wanted}-{n}"
