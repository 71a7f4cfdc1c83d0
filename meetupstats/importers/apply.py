"""Importing into a logbook folder: lock, load, plan, validate, save (the I/O edge)."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.importers.batch import ImportBatch, ImportReport
from meetupstats.importers.planning import plan_import
from meetupstats.importers.texts import saved_cells
from meetupstats.importers.validation import converted_rows, validate_merged
from meetupstats.logbook import Logbook, load_logbook, save_cells

log = logging.getLogger(__name__)


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (as it was after).

    An import makes millions of small objects (cells, keys, rows) that form
    no reference cycles; the collector's passes, triggered by the number of
    objects made, only walk them again (about a tenth of a large import's
    time). Memory freed by reference counting is freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_into(
    folder: str | Path,
    batch: ImportBatch | Callable[[Logbook], ImportBatch],
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Merge ``batch`` into the logbook at ``folder`` and save it (unless ``dry_run``).

    ``batch`` may be a function of the loaded logbook (an importer that needs
    to know who is in it already). Holds the folder's lock from loading to
    saving. The merged logbook is
    validated before anything is written; when it has an error, nothing is
    written (:class:`LogbookError`). Only the tables the import changed are
    written (as :func:`~meetupstats.logbook.save_logbook` would write them),
    all together, with a backup of every table file; when nothing changes,
    nothing is written (a second import of the same file leaves every file
    byte-identical).
    """
    from meetupstats.storage import folder_lock

    path = Path(folder)
    if not path.is_dir() or any(
        t.required_file and not (path / t.filename).exists() for t in schema.TABLES.values()
    ):
        load_logbook(path)  # a clear error when the folder is not a logbook (before locking)
    with folder_lock(path), _cyclic_gc_paused():
        book = load_logbook(path)
        built = batch if isinstance(batch, ImportBatch) else batch(book)
        report = plan_import(book, built)
        report.dry_run = dry_run
        if not report.changed:
            report.logbook = book
            return report
        changed = report.changed_rows()
        merged = validate_merged(report.texts, path, book, report.batch, changed)
        report.logbook = merged
        if not dry_run:
            report.written = save_cells(path, _cells_to_save(report.texts, book, merged, changed))
            log.info("%s: wrote %s", path, ", ".join(report.written))
    return report


def _cells_to_save(
    texts: Mapping[str, pd.DataFrame],
    book: Logbook,
    merged: Logbook,
    changed: Mapping[str, np.ndarray],
) -> dict[str, dict[str, np.ndarray]]:
    """The tables the import changed, as the text :func:`save_logbook` would write
    for ``merged`` (the rows it added or updated rendered from their values;
    the others are the loaded rows, already so). Tables it left alone are not
    written (a hand-edited cell there stays exactly as it is)."""
    cells = {}
    for name, table in schema.TABLES.items():
        text = texts[name]
        rows = converted_rows(text, book.table(name), changed.get(name))
        if rows is None:
            rows = np.arange(len(text), dtype=np.int64)
        if len(rows):
            cells[name] = saved_cells(table, text, merged.table(name), rows)
    return cells
