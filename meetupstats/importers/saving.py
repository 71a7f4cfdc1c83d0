"""What an import writes into the logbook's files: only the records it changed.

A table file the import changed is rewritten record by record when its
records can be located (:func:`~meetupstats.csvfile.record_spans`): a row
the import left alone keeps its record's bytes (the user's own spelling of a
value, quoting and line breaks), a row it updated gets the record
:func:`~meetupstats.logbook.save_logbook` writes for it, and the rows it
added are appended, each ending in the file's line break. A file written by
``save_logbook`` therefore becomes exactly what ``save_logbook`` writes for
the merged logbook. The table is written whole, as ``save_logbook`` writes
it, when its records cannot be located that way: a file only the careful
parser reads, one whose header is not the table's columns, or one that
changed since the import loaded it. A table the import did not change is not
written.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import (
    RecordSpans,
    columns_to_csv_text,
    encoded_records,
    record_spans,
    records_text,
    splice_records,
)
from meetupstats.importers.texts import rendered_rows, saved_cells
from meetupstats.logbook import Logbook, SavedTexts

#: a file's size, modification time (ns) and inode: unchanged, the file is the one loaded
FileStamp = tuple[int, int, int]


def file_stamps(folder: Path) -> dict[str, FileStamp | None]:
    """Each table file's :data:`FileStamp` (None: no such file), taken before loading."""
    out: dict[str, FileStamp | None] = {}
    for table in schema.TABLES.values():
        try:
            st = os.stat(folder / table.filename)
        except OSError:
            out[table.filename] = None
        else:
            out[table.filename] = (st.st_size, st.st_mtime_ns, st.st_ino)
    return out


@dataclass(frozen=True)
class TableWrite:
    """How one merged table reaches its file.

    ``spans``: its file's records, which are kept or replaced one by one
    (None: the table is written whole); ``lines[i]``: the line row ``i``
    starts on in the file after the import.
    """

    spans: RecordSpans | None
    lines: np.ndarray


def loaded_spans(folder: Path, stamps: Mapping[str, FileStamp | None]) -> dict[str, RecordSpans]:
    """The records of each table file of ``folder`` that is still the one
    loaded (its :data:`FileStamp` as in ``stamps``, taken before loading) and
    that the fast reader reads, by table name."""
    out = {}
    for name, table in schema.TABLES.items():
        spans = _loaded_spans(folder / table.filename, stamps.get(table.filename))
        if spans is not None:
            out[name] = spans
    return out


def plan_writes(
    texts: Mapping[str, pd.DataFrame],
    book: Logbook,
    rows: Mapping[str, np.ndarray | None],
    located: Mapping[str, RecordSpans],
) -> dict[str, TableWrite]:
    """How each merged table ``texts[name]`` is written, given the rows that are
    not ``book``'s rows as loaded (``rows[name]``, ascending; None: the
    table's columns changed, every row counts as new) and the records of its
    file (:func:`loaded_spans`; a table not there is written whole)."""
    out = {}
    for name in schema.TABLES:
        text, n_old = texts[name], len(book.table(name))
        spans = None
        changed = rows.get(name)
        if changed is not None:
            spans = located.get(name)
            if spans is not None and (spans.header != list(text.columns) or len(spans) != n_old):
                spans = None
        if spans is None:
            out[name] = TableWrite(None, record_lines(text))
        else:
            assert changed is not None
            out[name] = TableWrite(spans, _spliced_lines(spans, text, changed))
    return out


def file_contents(
    writes: Mapping[str, TableWrite],
    texts: Mapping[str, pd.DataFrame],
    merged: Logbook,
    rows: Mapping[str, np.ndarray | None],
    saved: SavedTexts | None = None,
) -> dict[str, bytes]:
    """The bytes of each table file the import changed (see the module), by file name.

    ``merged`` is the merged logbook (its rows ``rows[name]`` are rendered
    from their values, or taken from ``saved[name]``: the cells of those
    rows that validating them gave; every other row of ``texts`` is already
    as saved).
    """
    out = {}
    for name, table in schema.TABLES.items():
        text, typed, changed = texts[name], merged.table(name), rows.get(name)
        if changed is None:
            changed = np.arange(len(text), dtype=np.int64)
        if not len(changed):
            continue
        given = None if saved is None else saved.get(name)
        if given is not None and any(len(v) != len(changed) for v in given.values()):
            given = None  # not these rows' cells
        spans = writes[name].spans
        if spans is None:
            data = columns_to_csv_text(saved_cells(table, text, typed, changed, given))
            out[table.filename] = data.encode("utf-8")
            continue
        cells = list(rendered_rows(table, typed, changed, list(text.columns), given).values())
        replaced = changed[changed < len(spans)]
        k = len(replaced)
        records = encoded_records(
            functools.partial(_rows_of, [c[:k] for c in cells]), k, spans.newline
        )
        appended = records_text(functools.partial(_rows_of, [c[k:] for c in cells]), spans.newline)
        out[table.filename] = splice_records(spans, replaced, records, appended)
    return out


def _rows_of(columns: list[np.ndarray]) -> Iterator[tuple[str, ...]]:
    """The rows of cells given column by column."""
    return zip(*(c.tolist() for c in columns), strict=True)


def record_lines(text: pd.DataFrame) -> np.ndarray:
    """The line each row of ``text`` starts on in the file ``columns_to_csv_text`` writes.

    The header is line 1; a cell's line breaks (``\\n``, ``\\r\\n`` or a lone
    ``\\r``, as the csv module counts them) push the rows after it down.
    """
    breaks = 1 + _cell_breaks(text, None)
    return 2 + np.concatenate(([0], np.cumsum(breaks)[:-1])) if len(breaks) else breaks


def _cell_breaks(text: pd.DataFrame, rows: np.ndarray | None) -> np.ndarray:
    """The line breaks in each row's cells (rows ``rows``, or every row)."""
    n = len(text) if rows is None else len(rows)
    breaks = np.zeros(n, dtype=np.int64)
    for c in text.columns:
        column = text[c].to_numpy(dtype=object)
        cells = (column if rows is None else column[rows]).tolist()
        joined = "".join(cells)
        if "\n" not in joined and "\r" not in joined:
            continue
        breaks += np.fromiter(
            (s.count("\n") + s.count("\r") - s.count("\r\n") for s in cells), np.int64, n
        )
    return breaks


def _loaded_spans(path: Path, stamp: FileStamp | None) -> RecordSpans | None:
    """The records of the file at ``path`` when it is still the one loaded (else None).

    The stamp is compared after loading: a file changed while it was loaded
    has another one, so the records found are those the logbook holds."""
    if stamp is None:
        return None
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if (st.st_size, st.st_mtime_ns, st.st_ino) != stamp:
                return None
            data = f.read()
    except OSError:
        return None
    return record_spans(data) if len(data) == stamp[0] else None


def _spliced_lines(spans: RecordSpans, text: pd.DataFrame, changed: np.ndarray) -> np.ndarray:
    """The line each row of ``text`` starts on once rows ``changed`` are spliced
    into the file of ``spans`` (the old ones replaced, the others appended)."""
    n_old = len(spans)
    breaks = 1 + _cell_breaks(text, changed)  # each changed record's, its line break included
    old = changed < n_old
    # a replaced record moves every line after it by the change in its line breaks
    moved = np.zeros(n_old, dtype=np.int64)
    moved[changed[old]] = breaks[old] - spans.line_breaks[changed[old]]
    lines = spans.lines + np.cumsum(moved) - moved
    data = spans.data
    end = spans.line_breaks_in_file + int(moved.sum())
    last = changed[old][-1:]
    kept_to = int(spans.ends[last[0]]) if len(last) else 0  # the bytes after it are kept
    if kept_to < len(data) and not data.endswith(b"\n"):
        end += 1  # the last line gets its line break before the appended records
    added = breaks[~old]
    first = end + 1 + np.concatenate(([0], np.cumsum(added)[:-1])) if len(added) else added
    return np.concatenate((lines, first)).astype(np.int64)
