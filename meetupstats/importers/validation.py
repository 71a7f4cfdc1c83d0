"""Checking a planned import's merged tables before anything is written.

:func:`validate_merged` runs the loader's own conversion and checks on the
merged text cells; :func:`check_merged` (writing the tables to a temporary
folder and loading them) runs instead when an imported cell could read back
differently from the file.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.errors import LogbookError, Problem
from meetupstats.importers.batch import ImportBatch
from meetupstats.importers.saving import record_lines
from meetupstats.importers.texts import _csv_of
from meetupstats.logbook import Logbook, SavedTexts, load_logbook
from meetupstats.merge import Columns


def check_merged(
    texts: Mapping[str, pd.DataFrame],
    folder: Path,
    changed: Mapping[str, np.ndarray] | None = None,
) -> Logbook:
    """Load the merged tables exactly as they would be saved; raise if invalid.

    The tables are written to a temporary folder and loaded with
    :func:`load_logbook`, so the check is the validator itself; problems name
    the logbook folder's files (and the lines of the files as written whole).
    ``changed`` as in :func:`validate_merged`.
    """
    with tempfile.TemporaryDirectory(prefix="meetupstats-import-") as tmp:
        tmp_path = Path(tmp)
        for name, table in schema.TABLES.items():
            (tmp_path / table.filename).write_text(_csv_of(texts[name]), encoding="utf-8")
        try:
            book = load_logbook(tmp_path)
        except LogbookError as e:
            lines = {name: record_lines(texts[name]) for name in schema.TABLES}
            imported = _changed_lines(folder, lines, changed)
            raise LogbookError(
                _named(
                    Problem(
                        p.file.replace(str(tmp_path), str(folder)),
                        p.line,
                        p.column,
                        p.message,
                        p.severity,
                    ),
                    imported,
                )
                for p in e.problems
            ) from None
    return book


def _changed_lines(
    folder: Path, lines: Mapping[str, np.ndarray], changed: Mapping[str, np.ndarray] | None
) -> set[tuple[str, int]] | None:
    """The (file, line) of each row the import added or updated (None: every row)."""
    if changed is None:
        return None
    out: set[tuple[str, int]] = set()
    for name, rows in changed.items():
        file = str(folder / schema.TABLES[name].filename)
        out.update((file, line) for line in lines[name][rows].tolist())
    return out


def _named(problem: Problem, changed: set[tuple[str, int]] | None) -> Problem:
    """``problem`` as reported after an import: "after the import: " unless it is
    on a row the import did not change (then the logbook had it already, and it
    reads as loading the logbook reports it)."""
    if changed is None or problem.line is None or (problem.file, problem.line) in changed:
        return Problem(
            problem.file,
            problem.line,
            problem.column,
            "after the import: " + problem.message,
            problem.severity,
        )
    return problem


def validate_merged(
    texts: Mapping[str, pd.DataFrame],
    folder: Path,
    book: Logbook,
    batch: ImportBatch,
    changed: Mapping[str, np.ndarray] | None = None,
    lines: Mapping[str, np.ndarray] | None = None,
    saved: SavedTexts | None = None,
) -> Logbook:
    """What :func:`check_merged` returns, without writing and re-reading the files.

    The merged text cells go through the loader's own typed conversion and
    checks (:func:`meetupstats.logbook.typed_frame`, ``check_references``,
    the warnings), with each row's line as the saved file would have it.
    What reading the written file could do differently (skip a row whose
    cells are all blank, refuse a NUL, a too long cell or text that is not
    UTF-8) can only come from the imported cells; when one of them could,
    :func:`check_merged` itself runs.

    ``changed`` (:meth:`ImportReport.changed_rows`): the rows the import
    added or updated, per table; only those are converted, the others are
    ``book``'s typed rows (they are its rows rendered as saved, which read
    back to the same values). Ids, references and the warnings are checked
    on the whole tables. Without it every row is converted.

    ``lines``: the line each row of a table starts on in its file after the
    import (:func:`~meetupstats.importers.saving.plan_writes`); for a table
    not given, the line :func:`~meetupstats.csvfile.columns_to_csv_text` writes it on.

    An error on a row the import added or updated (all rows without
    ``changed``) reads "after the import: ..."; one on another row is the
    logbook's own and reads as loading the logbook reports it (an import
    loads the logbook without the checks of whole tables, which run here).

    ``saved``, when given, gets the converted rows' cells as saved, per
    table (see :func:`~meetupstats.logbook.typed_frame`; none when
    :func:`check_merged` ran instead).
    """
    from meetupstats.csvfile import MAX_FIELD_CHARS
    from meetupstats.logbook import (
        FolderTables,
        check_oddities,
        check_references,
        sort_problems,
    )

    cells = [
        *batch.events,
        *batch.contacts,
        *(r.cells for r in batch.interactions),
    ]
    values = [v for row in cells for v in row.values() if isinstance(v, str)]
    tables = [
        t
        for t in (
            batch.contact_columns,
            None if batch.interaction_columns is None else batch.interaction_columns.cells,
        )
        if t is not None
    ]
    for t in tables:
        for column in t.values():
            values.extend(column)
    # the cells joined by NUL (a separator no cell holds when there is one per gap)
    joined = "\x00".join(values)
    try:
        data = joined.encode("utf-8")
    except UnicodeEncodeError:
        return check_merged(texts, folder, changed)
    gaps = _nuls(data)  # a NUL's UTF-8 is one NUL byte
    if (
        len(gaps) != max(len(values) - 1, 0)
        or (
            len(data) > MAX_FIELD_CHARS
            and _longest(data, gaps) > MAX_FIELD_CHARS  # bytes: at least as many as characters
            and max(map(len, values)) > MAX_FIELD_CHARS
        )
        or any(
            not (isinstance(row.get("source"), str) and row["source"].strip())
            and not "".join(v for v in row.values() if isinstance(v, str)).strip()
            for row in cells
        )
        or any(_has_blank_row(t) for t in tables)
    ):
        return check_merged(texts, folder, changed)
    padded = _padded_text(joined, data, gaps)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    row_lines: dict[str, np.ndarray] = {}
    for name, table in schema.TABLES.items():
        text = texts[name]
        given = None if lines is None else lines.get(name)
        row_lines[name] = record_lines(text) if given is None else given
        old = book.table(name)
        rows = None if changed is None else converted_rows(text, old, changed.get(name))
        frames[name] = _typed(
            table,
            text,
            str(folder / table.filename),
            row_lines[name],
            padded,
            problems,
            old,
            rows,
            None if saved is None else saved.setdefault(name, {}),
        )
    read = FolderTables(frames, row_lines, set(schema.TABLES))
    check_references(folder, schema.TABLES, read, problems)
    check_oddities(folder, read, problems)
    sort_problems(folder, schema.TABLES, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        imported = _changed_lines(folder, row_lines, changed)
        raise LogbookError(_named(p, imported) for p in errors)
    warnings = tuple(p for p in problems if p.severity == "warning")
    return Logbook(**frames, goals=book.goals, path=folder, warnings=warnings)


def converted_rows(
    text: pd.DataFrame, old: pd.DataFrame, changed: np.ndarray | None
) -> np.ndarray | None:
    """The rows of merged table ``text`` that are not ``old``'s rows as loaded.

    ``changed`` lists the rows the import added or updated (``None``: the
    import did not touch the table). None (every row then) when the
    table's columns changed or a row after ``old``'s is not listed.
    """
    if list(text.columns) != list(old.columns):
        return None
    rows = np.zeros(0, dtype=np.int64) if changed is None else changed
    n_old, n = len(old), len(text)
    added = rows[rows >= n_old]
    if n < n_old or len(added) != n - n_old or (len(added) and added[-1] != n - 1):
        return None
    return rows


def _typed(
    table: schema.Table,
    text: pd.DataFrame,
    display: str,
    lines: np.ndarray,
    padded: bool,
    problems: list[Problem],
    old: pd.DataFrame,
    rows: np.ndarray | None,
    saved: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """The typed table of the merged cells ``text``: every row converted
    (``rows`` None), or rows ``rows`` converted and the others ``old``'s
    (``saved``: gets the converted rows' cells as saved)."""
    from meetupstats.csvfile import CsvColumns
    from meetupstats.logbook import check_unique, typed_frame

    at = slice(None) if rows is None else rows
    raw = CsvColumns(
        display,
        list(text.columns),
        {c: text[c].to_numpy(dtype=object)[at] for c in text.columns},
        lines[at],
        padded=padded,
    )
    if rows is None:
        return typed_frame(table, raw, problems, texts=saved)
    frame = old
    if len(rows):
        converted = typed_frame(table, raw, problems, check_key=False, texts=saved)
        order = np.arange(len(text), dtype=np.int64)
        order[rows] = len(old) + np.arange(len(rows), dtype=np.int64)
        frame = pd.concat([old, converted], ignore_index=True).take(order)
        frame.index = pd.RangeIndex(len(frame))
    if table.key:
        check_unique(frame[table.key], lines, display, table.key, problems)
    return frame


def _has_blank_row(table: Columns) -> bool:
    """Whether a row of ``table`` has no ``source`` and only blank cells (the CSV reader skips it).

    Each column's distinct cells are stripped once, and only the rows still
    blank are looked at in the next column.
    """
    blank = np.ones(table.size, dtype=bool)
    order = ["source", *(c for c in table if c != "source")] if "source" in table else list(table)
    for name in order:
        if not blank.any():
            return False
        at = np.flatnonzero(blank)
        column = table[name]
        cells = (
            np.asarray(column, dtype=object)
            if len(at) == table.size
            else np.asarray([column[i] for i in at.tolist()], dtype=object).reshape(len(at))
        )
        codes, distinct = pd.factorize(cells)
        empty = np.array([not v.strip() for v in distinct.tolist()], dtype=bool)
        blank[at] = empty[codes] if len(codes) else blank[at]
    return bool(blank.any())


_PADDED_CELL = re.compile(r"(?:\A|\x00)\s|\s(?:\x00|\Z)")
#: which bytes are the ASCII blanks of str.strip
_ASCII_BLANK = np.zeros(256, dtype=bool)
_ASCII_BLANK[list(b" \t\n\x0b\x0c\r\x1c\x1d\x1e\x1f")] = True
#: the other blanks of str.strip (none is above U+3000)
_OTHER_BLANKS = tuple(c for c in map(chr, range(0x80, 0x3001)) if c.isspace())


def _any_padded(values: list[str]) -> bool:
    """Whether any of ``values`` (none holding a NUL) has a blank at either end."""
    joined = "\x00".join(values)
    data = joined.encode("utf-8")
    return _padded_text(joined, data, _nuls(data))


def _nuls(data: bytes) -> np.ndarray:
    """The positions of the NUL bytes in ``data``."""
    return np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == 0)


def _padded_text(joined: str, data: bytes, gaps: np.ndarray) -> bool:
    """Whether a cell of ``joined`` (cells separated by NUL, which none holds;
    ``data`` its UTF-8, ``gaps`` the NULs' positions in it) has a blank at
    either end (``str.strip``'s blanks are the regex's ``\\s``)."""
    if not joined.isascii() and any(c in joined for c in _OTHER_BLANKS):
        return _PADDED_CELL.search(joined) is not None
    # ASCII blanks only: a look at the bytes at the ends and beside each separator
    b = np.frombuffer(data, dtype=np.uint8)
    if not len(b):
        return False
    edges = np.concatenate(([0, len(b) - 1], gaps[gaps > 0] - 1, gaps[gaps < len(b) - 1] + 1))
    return bool(_ASCII_BLANK[b[edges]].any())


def _longest(data: bytes, gaps: np.ndarray) -> int:
    """The most bytes between two NULs of ``data`` (at ``gaps``) or its ends."""
    return int(np.diff(gaps, prepend=-1, append=len(data)).max()) - 1
