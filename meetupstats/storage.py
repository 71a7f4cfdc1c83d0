"""Writing a folder of files safely: all-or-nothing, with backups and a lock.

A logbook is several CSV files that must change together. :func:`commit_files`
writes the new versions into ``.staging/``, marks the set complete with a
``COMMIT`` file, then renames each into place. A crash before the mark leaves
the old files (the staging folder is discarded on the next load); a crash
after it is rolled forward by :func:`recover`, which every load runs first.
So a reader sees the old set or the new set, never a mix and never a
truncated file. The previous set is copied under ``.backup/<time>/`` first
(the newest :data:`KEEP_BACKUPS` are kept), and :func:`folder_lock` serializes
writers across processes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import json
import logging
import os
import shutil
import time
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TypeVar

from meetupstats.errors import LockError, MeetupStatsError

log = logging.getLogger(__name__)

T = TypeVar("T")

STAGING = ".staging"
BACKUP = ".backup"
LOCK = ".lock"
COMMIT = "COMMIT"
KEEP_BACKUPS = 5
#: seconds a second writer waits for the lock (``$MEETUPSTATS_LOCK_TIMEOUT`` overrides)
LOCK_TIMEOUT_S = 10.0
LOCK_TIMEOUT_ENV = "MEETUPSTATS_LOCK_TIMEOUT"


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_durable(path: Path, data: bytes) -> None:
    with open(path, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())


def recover(folder: Path) -> None:
    """Finish or discard an interrupted :func:`commit_files` in ``folder``."""
    staging = folder / STAGING
    if not staging.is_dir():
        return
    marker = staging / COMMIT
    if marker.is_file():
        names = json.loads(marker.read_text(encoding="utf-8"))
        for name in names:
            staged = staging / name
            if staged.exists():
                os.replace(staged, folder / name)
        _fsync_dir(folder)
        log.warning("%s: finished an interrupted save", folder)
    shutil.rmtree(staging, ignore_errors=True)


def commit_files(
    folder: Path, contents: Mapping[str, bytes], *, backup_names: list[str] | None = None
) -> list[str]:
    """Replace files of ``folder`` with ``contents`` as one all-or-nothing change.

    Files whose bytes are unchanged are not touched; when nothing changed,
    nothing is written at all (no backup either). Returns the names written.
    ``backup_names`` are the files copied into the backup (default: the keys
    of ``contents``), so a backup is a complete snapshot of the set.
    """
    with folder_lock(folder):
        return _commit(folder, contents, backup_names)


def _commit(
    folder: Path, contents: Mapping[str, bytes], backup_names: list[str] | None
) -> list[str]:
    changed = {}
    for name, data in contents.items():
        target = folder / name
        if not (target.is_file() and target.read_bytes() == data):
            changed[name] = data
    if not changed:
        return []
    _backup(folder, backup_names if backup_names is not None else list(contents))
    staging = folder / STAGING
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        for name, data in changed.items():
            _write_durable(staging / name, data)
        # The mark appears whole or not at all: written aside, then renamed.
        _write_durable(staging / f"{COMMIT}.tmp", json.dumps(sorted(changed)).encode())
        os.replace(staging / f"{COMMIT}.tmp", staging / COMMIT)
        _fsync_dir(staging)
    except OSError as e:
        shutil.rmtree(staging, ignore_errors=True)
        raise MeetupStatsError(
            f"{folder}: could not write the new version ({e.strerror or e}); nothing was changed"
        ) from None
    # From here on the change is decided: recover() rolls it forward if we die.
    for name in sorted(changed):
        os.replace(staging / name, folder / name)
    _fsync_dir(folder)
    shutil.rmtree(staging, ignore_errors=True)
    return sorted(changed)


def _backup(folder: Path, names: list[str]) -> Path | None:
    existing = [n for n in names if (folder / n).is_file()]
    if not existing:
        return None
    root = folder / BACKUP
    root.mkdir(exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S%f")
    target = root / stamp
    n = 1
    while target.exists():
        target = root / f"{stamp}-{n}"
        n += 1
    tmp = root / f".tmp-{target.name}"
    tmp.mkdir()
    for name in existing:
        shutil.copy2(folder / name, tmp / name)
    os.replace(tmp, target)
    for old in list_backups(folder)[:-KEEP_BACKUPS]:
        shutil.rmtree(old, ignore_errors=True)
    return target


def list_backups(folder: Path) -> list[Path]:
    """Backups of ``folder``, oldest first."""
    root = folder / BACKUP
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))


#: folders whose lock this process holds, and how (the lock is re-entrant)
_HELD: dict[Path, bool] = {}


@contextlib.contextmanager
def folder_lock(
    folder: Path, timeout: float | None = None, *, shared: bool = False
) -> Iterator[bool]:
    """Hold the lock of ``folder``: exclusive for a read-modify-write, shared to read.

    The lock is an OS advisory lock (``flock``) on ``folder/.lock``: it is
    released when the holder exits or dies, so a lock left by a killed process
    is never stale. Readers share it; a writer excludes readers and other
    writers, so nobody reads a set of files while it is being replaced. A
    process that already holds the lock gets it again at once (a writer's own
    load). Readers never create ``.lock``: where it does not exist yet, no
    writer has locked the folder and they read without it (``init`` creates
    it; :func:`read_consistently` covers a hand-made folder's very first
    write). Yields whether the lock is held. Waits up to ``timeout`` seconds (default:
    ``$MEETUPSTATS_LOCK_TIMEOUT``, else :data:`LOCK_TIMEOUT_S`), then raises
    :class:`LockError`. A reader of a folder where no lock file can be created
    (read-only: nobody can write there either) reads without one.
    """
    key = folder.resolve()
    if key in _HELD:
        if not shared and _HELD[key]:
            raise RuntimeError(f"{folder}: cannot upgrade a shared lock to an exclusive one")
        yield True
        return
    if timeout is None:
        try:
            timeout = float(os.environ.get(LOCK_TIMEOUT_ENV, LOCK_TIMEOUT_S))
        except ValueError:
            timeout = LOCK_TIMEOUT_S
    try:
        # Readers never create the lock file: reading leaves a folder as it was.
        flags = os.O_RDONLY if shared else os.O_RDWR | os.O_CREAT
        fd = os.open(folder / LOCK, flags, 0o600)
    except OSError as e:
        if shared:  # no writer has ever locked here (or a read-only folder)
            yield False
            return
        raise MeetupStatsError(
            f"{folder}: cannot create the lock file ({e.strerror or e})"
        ) from None
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, (fcntl.LOCK_SH if shared else fcntl.LOCK_EX) | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    holder = (
                        os.pread(fd, 64, 0).decode(errors="replace").strip() or "another process"
                    )
                    raise LockError(
                        f"{folder}: the logbook is busy (locked by pid {holder}) for more than "
                        f"{timeout:g} s; try again when the other meetupstats command has finished"
                    ) from None
                time.sleep(0.05)
        if not shared:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode(), 0)
        _HELD[key] = shared
        try:
            yield True
        finally:
            del _HELD[key]
    finally:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextlib.contextmanager
def reading(folder: Path) -> Iterator[bool]:
    """Read ``folder``'s files consistently: finish an interrupted save, then hold a
    shared lock. Yields whether the lock is held (see :func:`read_consistently`)."""
    if (folder / STAGING).is_dir():
        try:
            with folder_lock(folder):
                recover(folder)
        except LockError:
            raise
        except (MeetupStatsError, OSError):
            log.warning("%s: cannot finish an interrupted save (read-only folder?)", folder)
    with folder_lock(folder, shared=True) as locked:
        yield locked


def read_consistently(folder: Path, read: Callable[[], T]) -> T:
    """``read()`` of ``folder``'s files as one version (under :func:`reading`).

    A folder no writer has locked yet has no lock file, and readers do not
    create one, so such a read holds no lock. A writer creates the lock file
    before it replaces anything: when one appeared while ``read()`` ran, the
    read is done again, under the lock.
    """
    with reading(folder) as locked:
        result = read()
    if locked or not (folder / LOCK).exists():
        return result
    with reading(folder):
        return read()


def restore_backup(folder: Path, backup: Path) -> list[str]:
    """Put the files of ``backup`` (a folder of :func:`list_backups`) back in place.

    Goes through :func:`commit_files`, so the version being replaced is itself
    backed up first and the restore is all-or-nothing. Returns the names written.
    """
    contents = {p.name: p.read_bytes() for p in sorted(backup.iterdir()) if p.is_file()}
    return commit_files(folder, contents)
