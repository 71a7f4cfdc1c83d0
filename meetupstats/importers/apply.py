"""Importing into a logbook folder: lock, load, plan, validate, save (the I/O edge)."""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Executor
from pathlib import Path

from meetupstats import schema
from meetupstats.importers.batch import ImportBatch, ImportReport
from meetupstats.importers.planning import plan_import
from meetupstats.importers.saving import file_contents, file_stamps, loaded_spans, plan_writes
from meetupstats.importers.validation import converted_rows, validate_merged
from meetupstats.logbook import (
    Logbook,
    SavedTexts,
    UncheckedLogbook,
    load_logbook,
    load_logbook_unchecked,
    save_table_files,
)

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
    it has an error, nothing is written (:class:`LogbookError`). The checks
    of whole tables (references, warnings) run once, on the merged tables (on
    the logbook as loaded when the import changes nothing); an error the
    logbook had before is reported as loading it reports it. Only the
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
    with folder_lock(path), _cyclic_gc_paused(), _beside() as beside:
        stamps = file_stamps(path)
        loaded = _load_beside(path, getattr(batch, "prepare", None), beside)
        book = loaded.book
        # the table files' records are located while the batch is planned
        located = beside.submit(loaded_spans, path, stamps)
        built = batch if isinstance(batch, ImportBatch) else batch(book)
        report = plan_import(book, built, loaded.texts)
        report.dry_run = dry_run
        if not report.changed:
            report.logbook = loaded.checked()
            return report
        changed = report.changed_rows()
        rows = {
            name: converted_rows(report.texts[name], book.table(name), changed.get(name))
            for name in schema.TABLES
        }
        writes = plan_writes(report.texts, book, rows, located.result())
        lines = {name: w.lines for name, w in writes.items()}
        converted: SavedTexts = {}  # the changed rows' cells as saved, which validating gives
        merged = validate_merged(report.texts, path, book, report.batch, changed, lines, converted)
        report.logbook = merged
        if not dry_run:
            contents = file_contents(writes, report.texts, merged, rows, converted)
            report.written = save_table_files(path, contents)
            log.info("%s: wrote %s", path, ", ".join(report.written))
    return report


@contextlib.contextmanager
def _beside() -> Iterator[Executor]:
    """A thread for work that needs no result from the main thread's (reading
    files: pandas' CSV tokenizer, zlib and numpy let other threads run while
    they work). Waits for that work to end on leaving."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1, thread_name_prefix="meetupstats-export") as pool:
        yield pool


def _load_beside(
    path: Path, prepare: Callable[[], object] | None, beside: Executor
) -> UncheckedLogbook:
    """:func:`load_logbook_unchecked`, with ``prepare()`` running ``beside`` meanwhile.

    Both are mostly parsing, so the two overlap in part (about a fifth of
    their time on a large LinkedIn export). The logbook's error comes first,
    as when the export was read after it.
    """
    if prepare is None:
        return load_logbook_unchecked(path)
    reading = beside.submit(prepare)
    loaded = load_logbook_unchecked(path, beside=False)  # the export's reading is beside
    reading.result()
    return loaded
