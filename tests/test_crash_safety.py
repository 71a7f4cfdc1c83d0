"""A save killed at a random moment leaves the old or the new logbook, never a mix.

A child process saves two versions of a sizeable logbook in turn (each save
changes events.csv *and* interactions.csv); the test SIGKILLs it at random
moments and checks, after every kill, that the next load sees one complete
version.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from builders import contact, event, interaction, write_logbook

from meetupstats.logbook import load_logbook

KILLS = 12

CHILD = """
import sys
from pathlib import Path
from meetupstats.logbook import load_logbook, save_logbook
folder = Path(sys.argv[1])
book = load_logbook(folder)
versions = []
for tag in ("A", "B"):
    ev = book.events.copy(); ev["title"] = tag
    it = book.interactions.copy(); it["note"] = tag
    versions.append(book.with_tables(events=ev, interactions=it))
print("ready", flush=True)
i = 0
while True:
    save_logbook(versions[i % 2], folder)
    print("saved", flush=True)
    i += 1
"""


def test_sigkill_during_saves_never_mixes_versions(tmp_path: Path) -> None:
    n_events, n_contacts, n_interactions = 300, 500, 20_000
    folder = write_logbook(
        tmp_path,
        events=[event(f"e{i}", "2025-01-02", title="A") for i in range(n_events)],
        contacts=[contact(f"c{i}") for i in range(n_contacts)],
        interactions=[
            interaction("2025-01-03", f"c{i % n_contacts}", "message", note="A")
            for i in range(n_interactions)
        ],
    )
    rng = random.Random(7)
    seen: set[str] = set()
    for k in range(KILLS):
        with subprocess.Popen(
            [sys.executable, "-c", CHILD, str(folder)], stdout=subprocess.PIPE, text=True
        ) as child:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            # Wait until a save has really run, and time one save (d), so the
            # kills spread over whole save cycles however slow the machine is.
            assert child.stdout.readline().strip() == "saved"
            started = time.monotonic()
            assert child.stdout.readline().strip() == "saved"
            d = time.monotonic() - started
            time.sleep(d * 3 * (k + rng.random()) / KILLS)
            os.kill(child.pid, signal.SIGKILL)
            child.wait()
        book = load_logbook(folder)  # recovers an interrupted save first
        titles = set(book.events["title"])
        notes = set(book.interactions["note"])
        assert len(book.events) == n_events
        assert len(book.interactions) == n_interactions
        assert titles == notes and len(titles) == 1, (titles, notes)
        seen |= titles
    # the kills really landed while versions alternated
    assert seen == {"A", "B"}


def test_a_reader_never_sees_a_save_half_done(tmp_path: Path) -> None:
    """Loads while another process keeps saving: every load sees one whole version."""
    n = 5_000
    folder = write_logbook(
        tmp_path,
        events=[event(f"e{i}", "2025-01-02", title="A") for i in range(50)],
        contacts=[contact(f"c{i}") for i in range(100)],
        interactions=[
            interaction("2025-01-03", f"c{i % 100}", "message", note="A") for i in range(n)
        ],
    )
    seen: set[str] = set()
    with subprocess.Popen(
        [sys.executable, "-c", CHILD, str(folder)], stdout=subprocess.PIPE, text=True
    ) as child:
        try:
            assert child.stdout is not None
            assert child.stdout.readline().strip() == "ready"
            loads = 0
            while loads < 20 or (seen != {"A", "B"} and loads < 200):
                book = load_logbook(folder)
                titles, notes = set(book.events["title"]), set(book.interactions["note"])
                assert titles == notes and len(titles) == 1, (titles, notes)
                seen |= titles
                loads += 1
                time.sleep(0.02)  # a reader pauses; back-to-back shared locks starve the writer
        finally:
            child.kill()
            child.wait()
    assert seen == {"A", "B"}
