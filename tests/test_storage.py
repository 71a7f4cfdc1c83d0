"""Atomic saves, backups, recovery after a crash, and the writer lock."""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest
from builders import event, write_logbook

from meetupstats import storage
from meetupstats.errors import LockError, MeetupStatsError
from meetupstats.logbook import load_logbook, save_logbook


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.glob("*.csv"))}


def _changed(folder: Path, title: str) -> object:
    book = load_logbook(folder)
    events = book.events.copy()
    events.loc[0, "title"] = title
    return book.with_tables(events=events)


def test_save_keeps_the_previous_version_as_backup(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="Old")])
    before = _snapshot(folder)
    written = save_logbook(_changed(folder, "New"))  # type: ignore[arg-type]
    assert written == ["events.csv"]
    (backup,) = storage.list_backups(folder)
    assert (backup / "events.csv").read_bytes() == before["events.csv"]
    assert load_logbook(folder).events["title"].iloc[0] == "New"


def test_backups_rotate(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="v0")])
    for i in range(1, storage.KEEP_BACKUPS + 3):
        save_logbook(_changed(folder, f"v{i}"))  # type: ignore[arg-type]
    backups = storage.list_backups(folder)
    assert len(backups) == storage.KEEP_BACKUPS
    # the newest backup holds the version before the last save
    assert "v6" in (backups[-1] / "events.csv").read_text(encoding="utf-8")


def test_failed_rename_leaves_the_previous_logbook_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="Old")])
    new = _changed(folder, "New")
    real_replace = os.replace

    def crash(src: Path, dst: Path) -> None:
        if Path(dst) == folder / "events.csv":
            raise OSError("simulated crash during rename")
        real_replace(src, dst)

    monkeypatch.setattr(storage.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        save_logbook(new)  # type: ignore[arg-type]
    monkeypatch.undo()
    # a crash before the COMMIT mark would leave only staging; here the mark was
    # written, so the next load rolls the save forward: old or new, never a mix.
    after = load_logbook(folder)
    assert after.events["title"].iloc[0] == "New"
    assert not (folder / storage.STAGING).exists()


def test_crash_while_backing_up_leaves_the_previous_logbook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="Old")])
    before = _snapshot(folder)
    new = _changed(folder, "New")

    def crash(src: Path, dst: Path) -> None:
        raise OSError("simulated crash")

    monkeypatch.setattr(storage.os, "replace", crash)
    with pytest.raises(OSError, match="simulated"):
        save_logbook(new)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert _snapshot(folder) == before
    assert load_logbook(folder).events["title"].iloc[0] == "Old"


def test_full_disk_while_staging_changes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="Old")])
    before = _snapshot(folder)
    new = _changed(folder, "New")
    real = storage._write_durable

    def full(path: Path, data: bytes) -> None:
        if path.name == "events.csv":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(storage, "_write_durable", full)
    with pytest.raises(MeetupStatsError, match="No space left on device"):
        save_logbook(new)  # type: ignore[arg-type]
    assert _snapshot(folder) == before
    assert not (folder / storage.STAGING).exists()


def test_interrupted_staging_without_commit_mark_is_discarded(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="Old")])
    staging = folder / storage.STAGING
    staging.mkdir()
    (staging / "events.csv").write_text("half written")
    assert load_logbook(folder).events["title"].iloc[0] == "Old"
    assert not staging.exists()


def _hold_lock(folder: str, seconds: float, ready: multiprocessing.synchronize.Event) -> None:  # type: ignore[name-defined]
    with storage.folder_lock(Path(folder)):
        ready.set()
        time.sleep(seconds)


def test_second_writer_waits_then_fails_clearly(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("fork")
    ready = ctx.Event()
    holder = ctx.Process(target=_hold_lock, args=(str(tmp_path), 5.0, ready))
    holder.start()
    try:
        assert ready.wait(10)
        with (
            pytest.raises(LockError, match=f"pid {holder.pid}"),
            storage.folder_lock(tmp_path, timeout=0.3),
        ):
            pass
    finally:
        holder.kill()
        holder.join()
    # the holder died without unlocking: the lock is free again (never stale)
    with storage.folder_lock(tmp_path, timeout=1.0):
        assert (tmp_path / storage.LOCK).read_text() == str(os.getpid())


def test_restore_command_puts_the_newest_backup_back(tmp_path: Path) -> None:
    import subprocess
    import sys

    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02", title="First")])
    original = _snapshot(folder)
    save_logbook(_changed(folder, "Second"))  # type: ignore[arg-type]
    cmd = [sys.executable, "-m", "meetupstats", "restore", "--data", str(folder)]
    listed = subprocess.run([*cmd, "--list"], capture_output=True, text=True, check=True)
    assert "events.csv" in listed.stdout
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert _snapshot(folder) == original
    # the replaced version ("Second") is itself backed up, so a restore can be undone
    assert "Second" in (storage.list_backups(folder)[-1] / "events.csv").read_text(encoding="utf-8")
    missing = subprocess.run([*cmd, "nope"], capture_output=True, text=True)
    assert missing.returncode == 2
    assert "no backup named 'nope'" in missing.stderr


def test_a_read_without_a_lock_file_is_redone_when_a_writer_appeared(tmp_path: Path) -> None:
    # A hand-made folder has no .lock until its first write, and readers do not
    # create it: a read that ran unlocked while a writer started is done again.
    (tmp_path / "a.csv").write_text("v1")
    reads: list[str] = []

    def read_with_a_writer_starting() -> str:
        text = (tmp_path / "a.csv").read_text()
        reads.append(text)
        if len(reads) == 1:  # a writer takes the folder meanwhile and replaces the file
            storage.commit_files(tmp_path, {"a.csv": b"v2"})
        return text

    assert storage.read_consistently(tmp_path, read_with_a_writer_starting) == "v2"
    assert reads == ["v1", "v2"]


def test_a_read_with_no_writer_is_done_once_and_creates_no_lock_file(tmp_path: Path) -> None:
    (tmp_path / "a.csv").write_text("v1")
    reads: list[int] = []
    assert storage.read_consistently(tmp_path, lambda: reads.append(1) or "done") == "done"
    assert reads == [1]
    assert not (tmp_path / storage.LOCK).exists()
    # once a writer has created the lock file, a read holds the lock: done once too
    storage.commit_files(tmp_path, {"a.csv": b"v2"})
    assert storage.read_consistently(tmp_path, lambda: reads.append(2) or "again") == "again"
    assert reads == [1, 2]
