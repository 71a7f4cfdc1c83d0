"""Concurrent runs through the real command line: serialized, bounded, never lossy.

* Three ``meetupstats import`` processes (LinkedIn, vCard, calendar) started
  together into one logbook are serialized by the folder lock: each one's
  rows are in the logbook afterwards (a lost update would drop one import).
* A writer that finds the lock held waits ``$MEETUPSTATS_LOCK_TIMEOUT``
  seconds, then fails with one line and exit code 1, changing nothing.
* A lock file left by a process that died holding it does not block (the
  lock is ``flock``: the kernel drops it with its holder); neither does a
  ``.lock`` file holding a stale pid.
* An import SIGKILLed at random moments leaves a logbook that loads (old or
  new, never a mix), and running the import again completes it.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from builders import contact, event, write_logbook

from meetupstats import storage
from meetupstats.importers import text_tables
from meetupstats.logbook import Logbook, load_logbook

EXPORTS = Path(__file__).resolve().parent / "fixtures" / "exports"
KILLS = 4


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "meetupstats", *args]


def _env(lock_timeout: float = 60.0) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MEETUPSTATS_DATA"}
    env[storage.LOCK_TIMEOUT_ENV] = str(lock_timeout)
    return env


def _files(folder: Path) -> dict[str, bytes]:
    """Every file of the logbook, ``.backup/`` included (``.lock`` holds a pid: left out)."""
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != storage.LOCK
    }


def _logbook(folder: Path) -> Path:
    return write_logbook(
        folder,
        events=[event("e1", "2025-03-12")],
        contacts=[contact("c1", name="Already Here")],
    )


def _rows(book: Logbook) -> dict[str, list[tuple[str, ...]]]:
    """What an import adds, independent of the order imports ran in.

    (Which import adds a person and which one fills in their row depends on
    the order, so ids and ``source`` may differ; the people, events and
    interactions may not.)
    """
    texts = text_tables(book)
    contacts, interactions = texts["contacts"], texts["interactions"]
    name_of = dict(zip(contacts["contact_id"], contacts["name"], strict=True))
    return {
        "contacts": sorted((n,) for n in contacts["name"]),
        "events": sorted(map(tuple, texts["events"][["event_id", "date", "title"]].to_numpy())),
        "interactions": sorted(
            (d, k, name_of[c])
            for d, k, c in interactions[["date", "kind", "contact_id"]].to_numpy()
        ),
    }


def test_three_imports_at_once_are_serialized_and_nothing_is_lost(tmp_path: Path) -> None:
    folder = _logbook(tmp_path / "logbook")
    commands = [
        _cli("import", "linkedin", str(EXPORTS / "Connections.csv"), "--data", str(folder)),
        _cli("import", "vcard", str(EXPORTS / "iphone_30.vcf"), "--data", str(folder)),
        _cli(
            "import", "ics", str(EXPORTS / "meetup_invite.ics"), "--data", str(folder)
        ),  # one past Meetup event
    ]
    # Hold the lock while all three start, so they really contend for it.
    with storage.folder_lock(folder):
        procs = [
            subprocess.Popen(c, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for c in commands
        ]
        time.sleep(1.5)
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (_out, err) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, err.decode()
        assert b"Traceback" not in err
    # nothing lost: the same rows as the three imports run one after another
    serial = _logbook(tmp_path / "serial")
    for command in commands:
        command[command.index("--data") + 1] = str(serial)
        done = subprocess.run(command, env=_env(), capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert _rows(load_logbook(folder)) == _rows(load_logbook(serial))
    book = load_logbook(folder)
    assert "Already Here" in set(book.contacts["name"])
    assert {"linkedin", "ics"} <= set(book.contacts["source"].dropna()) | set(
        book.events["source"].dropna()
    )
    # three writes, three backups (each import backed up the version it replaced)
    assert len(storage.list_backups(folder)) == 3


def test_second_writer_waits_a_bounded_time_then_fails_clearly(tmp_path: Path) -> None:
    folder = _logbook(tmp_path / "logbook")
    before = _files(folder)
    with storage.folder_lock(folder):
        proc = subprocess.run(
            _cli("import", "linkedin", str(EXPORTS / "Connections.csv"), "--data", str(folder)),
            env=_env(lock_timeout=1),
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "the logbook is busy (locked by pid" in lines[0]
    assert f"pid {os.getpid()}" in lines[0]  # names the holder: this test
    assert "Traceback" not in proc.stderr
    assert _files(folder) == before
    # once the holder is gone, the same import goes through
    again = subprocess.run(
        _cli("import", "linkedin", str(EXPORTS / "Connections.csv"), "--data", str(folder)),
        env=_env(lock_timeout=5),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert again.returncode == 0, again.stderr


HOLDER = """
import sys, time
from pathlib import Path
from meetupstats.storage import folder_lock
with folder_lock(Path(sys.argv[1])):
    print("locked", flush=True)
    time.sleep(600)
"""


def test_lock_of_a_killed_process_does_not_block(tmp_path: Path) -> None:
    folder = _logbook(tmp_path / "logbook")
    with subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder)], stdout=subprocess.PIPE, text=True
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        os.kill(holder.pid, signal.SIGKILL)
        holder.wait()
    # the lock file is still there and names the dead process
    assert (folder / storage.LOCK).read_text() == str(holder.pid)
    proc = subprocess.run(
        _cli("import", "linkedin", str(EXPORTS / "Connections.csv"), "--data", str(folder)),
        env=_env(lock_timeout=2),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr
    assert "linkedin" in set(load_logbook(folder).contacts["source"].dropna())


def test_lock_file_with_a_stale_pid_does_not_block(tmp_path: Path) -> None:
    folder = _logbook(tmp_path / "logbook")
    (folder / storage.LOCK).write_text("999999999")  # no such process, no flock held
    proc = subprocess.run(
        _cli("import", "vcard", str(EXPORTS / "card_40.vcf"), "--data", str(folder)),
        env=_env(lock_timeout=2),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr


def _connections(n: int) -> str:
    rows = [
        f"First{i},Last{i},https://www.linkedin.com/in/person-{i},,Company {i % 37},Role,"
        f"{1 + i % 28:02d} Feb 2025"
        for i in range(n)
    ]
    return (
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        + "\n".join(rows)
        + "\n"
    )


def test_import_killed_at_random_moments_loses_nothing(tmp_path: Path) -> None:
    """SIGKILL during an import: the logbook loads as before or as after, and a rerun finishes.

    ``KILLS`` kills at random moments of a 3,000-connection import; after
    each, the logbook must load and hold either none or all of the import's
    contacts (never some), and the hand-written rows must be intact.
    """
    n = 3000
    folder = _logbook(tmp_path / "logbook")
    export = tmp_path / "Connections.csv"
    export.write_text(_connections(n), encoding="utf-8")
    command = _cli("import", "linkedin", str(export), "--data", str(folder))
    rng = random.Random(11)
    seen: set[int] = set()
    for _ in range(KILLS):
        with subprocess.Popen(
            command, env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        ) as proc:
            time.sleep(rng.uniform(0.3, 2.5))
            proc.send_signal(signal.SIGKILL)
            proc.wait()
        book = load_logbook(folder)  # finishes or discards an interrupted save
        imported = int((book.contacts["source"] == "linkedin").sum())
        assert imported in (0, n), imported
        assert "Already Here" in set(book.contacts["name"])
        assert list(book.events["event_id"]) == ["e1"]
        seen.add(imported)
    done = subprocess.run(command, env=_env(), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    book = load_logbook(folder)
    assert int((book.contacts["source"] == "linkedin").sum()) == n
    assert len(book.interactions) == n
