"""Importing into a logbook folder: lock, load, plan, validate, save (the I/O edge)."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

from meetupstats import schema
from meetupstats.importers.batch import ImportBatch, ImportReport
from meetupstats.importers.planning import plan_import
from meetupstats.importers.saving import file_contents, file_stamps, plan_writes
from meetupstats.importers.validation import converted_rows, validate_merged
from meetupstats.logbook import Logbook, load_logbook, save_table_files

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
    to know who is in it already); when it has a ``prepare()`` method (reading
    the export, see :class:`~meetupstats.importers.linkedin.LinkedInBatch`),
    that runs while the logbook loads. Holds the folder's lock from loading to
    saving. The merged logbook is validated before anything is written; when
    it has an error, nothing is written (:class:`LogbookError`). Only the
    records the import added or updated are written
    (:mod:`~meetupstats.importers.saving`): the other records of a file keep
    their bytes, and a table it did not change is not written. The files it
    changes are replaced together, with a backup of every table file; when
    nothing changes, nothing is written (a second import of the same file
    leaves every file byte-identical).
    """
    from meetupstats.storage import folder_lock

    path = Path(folder)
    if not path.is_dir() or any(
        t.required_file and not (path / t.filename).exists() for t in schema.TABLES.values()
    ):
        load_logbook(path)  # a clear error when the folder is not a logbook (before locking)
    with folder_lock(path), _cyclic_gc_paused():
        stamps = file_stamps(path)
        book = _load_beside(path, getattr(batch, "prepare", None))
        built = batch if isinstance(batch, ImportBatch) else batch(book)
        report = plan_import(book, built)
        report.dry_run = dry_run
        if not report.changed:
            report.logbook = book
            return report
        changed = report.changed_rows()
        rows = {
            name: converted_rows(report.texts[name], book.table(name), changed.get(name))
            for name in schema.TABLES
        }
        writes = plan_writes(path, report.texts, book, rows, stamps)
        lines = {name: w.lines for name, w in writes.items()}
        merged = validate_merged(report.texts, path, book, report.batch, changed, lines)
        report.logbook = merged
        if not dry_run:
            contents = file_contents(writes, report.texts, merged, rows)
            report.written = save_table_files(path, contents)
            log.info("%s: wrote %s", path, ", ".join(report.written))
    return report


def _load_beside(path: Path, prepare: Callable[[], object] | None) -> Logbook:
    """:func:`load_logbook`, with ``prepare()`` running in a thread meanwhile.

    Both are mostly parsing, and pandas' CSV tokenizer, zlib and numpy let
    other threads run while they work, so the two overlap in part (about a
    fifth of their time on a large LinkedIn export). The logbook's error
    comes first, as when the export was read after it; the thread has ended
    either way before this returns.
    """
    if prepare is None:
        return load_logbook(path)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="meetupstats-export") as pool:
        reading = pool.submit(prepare)
        book = load_logbook(path)
        reading.result()
    return book
