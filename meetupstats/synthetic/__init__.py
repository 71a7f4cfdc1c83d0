"""A seeded generator of synthetic logbooks: the bundled sample and benchmark-size ones.

Everything it makes is fictional. The persona is *Maija Esimerkki*, a product
manager in Helsinki who goes to industry meetups; her contacts work at made-up
companies ("Northwind Labs Oy", "Example Analytics"), their e-mail addresses are
on ``example.com`` / ``example.org``, and event pages carry fake ids.

The logbook tells a story the report can show:

- the ladder: the first question asked in the first year, the first talk
  (``speaker``) a third of the way in, the first evening she organizes
  (``organizer``) two thirds of the way in (2023 / 2024 / 2025 for the sample);
- follow-ups improve: the share of new contacts followed up within 14 days is
  about 30 % in the first year and about 70 % in the last (set exactly per year);
- channels pay differently: contacts from events found on meetup.com or through
  a colleague are followed up and bring opportunities far more often than those
  from eventbrite or newsfeed events;
- topics shift from discovery and roadmapping to analytics to AI;
- introductions, opportunities (speaking invitations only after the first
  talk), applied takeaways, costs, energy and ratings.

Sizes. At ``scale=1`` a year has about 20 events; the number of events grows
linearly with ``scale``, and the contacts met per event as ``scale**0.76``, the
takeaways per event as ``scale**0.68`` and the interactions per contact as
``scale**0.42`` (:data:`_GROWTH`), so a large ``scale`` gives a heavy user
rather than only more of the same evenings. ``years`` multiplies every table.
``generate(scale=10, years=10)`` is the benchmark "heavy user" (about 2,000
events, 30,000 contacts, 200,000 interactions, 20,000 takeaways).

The output is a pure function of the arguments (``numpy.random.default_rng``):
the same arguments give byte-identical files. Regenerate the sample with::

    python -m meetupstats.synthetic data/sample
"""

from __future__ import annotations

import argparse
import logging
import math
import shutil
import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import numpy as np

from meetupstats import schema
from meetupstats.errors import MeetupStatsError, UsageError
from meetupstats.logbook import Logbook
from meetupstats.synthetic.events import _events, _events_frame
from meetupstats.synthetic.goals import _goals, goals_yaml
from meetupstats.synthetic.people import _contacts, _interactions, _learnings
from meetupstats.synthetic.plan import _Plan

log = logging.getLogger(__name__)

PERSONA = "Maija Esimerkki"
#: First line of the README that :func:`write_sample` writes; a folder whose
#: README starts with it may be overwritten by a new generation.
README_TITLE = "# Synthetic meetupstats logbook"


def generate(
    seed: int = 2025, scale: float = 1.0, first_year: int = 2023, years: int = 3
) -> Logbook:
    """A synthetic, fictional logbook (see the module docstring for its story).

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same arguments give the same logbook.
    scale : float
        Size: about ``20 * scale`` events a year; contacts and takeaways per
        attended event and interactions per contact grow as powers of
        ``scale`` below 1 (see the module docstring). ``scale=10, years=10``
        is the benchmark heavy user (about 2,000 events, 30,000 contacts,
        200,000 interactions, 20,000 takeaways).
    first_year, years : int
        The calendar years covered; every date lies in
        ``first_year-01-01 .. (first_year + years - 1)-12-31``.

    Returns
    -------
    Logbook
        Typed tables exactly as :func:`meetupstats.logbook.load_logbook`
        returns them (``path`` is ``None``), plus goals for the last year. It
        validates without errors or warnings.
    """
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise UsageError(f"scale must be a positive number, got {scale!r}")
    if years < 1:
        raise UsageError(f"years must be at least 1, got {years!r}")
    if not 1900 <= first_year <= 9000:
        raise UsageError(f"first year {first_year!r} is out of range")
    plan = _Plan(float(scale), first_year, years)
    rng = np.random.default_rng(seed)
    events = _events(rng, plan)
    ev_day = np.array([e.day for e in events], dtype=np.int64)
    talk_day = min(
        (e.day for e in events if e.role in schema.SPEAKER_ROLES and e.status == "attended"),
        default=None,
    )
    contacts = _contacts(rng, plan, events, ev_day)
    event_ids = np.array([e.event_id for e in events] + [None], dtype=object)
    interactions = _interactions(rng, plan, contacts, talk_day, event_ids)
    learnings = _learnings(rng, plan, events, ev_day)
    events_frame = _events_frame(events)
    goals = _goals(plan, events_frame, contacts.frame, learnings)
    log.debug(
        "generated %d events, %d contacts, %d interactions, %d takeaways",
        len(events_frame),
        len(contacts.frame),
        len(interactions),
        len(learnings),
    )
    return Logbook(
        events=events_frame,
        contacts=contacts.frame,
        interactions=interactions,
        learnings=learnings,
        goals=goals,
    )


def sample_readme(
    seed: int = 2025, scale: float = 1.0, first_year: int = 2023, years: int = 3
) -> str:
    """The README.md that :func:`write_sample` puts beside the generated files."""
    options = "".join(
        f" --{flag} {value}"
        for flag, value, default in (
            ("seed", seed, 2025),
            ("scale", scale, 1.0),
            ("first-year", first_year, 2023),
            ("years", years, 3),
        )
        if value != default
    )
    last = first_year + years - 1
    return (
        f"{README_TITLE}\n\n"
        f"Synthetic data: {PERSONA}, a fictional product manager in Helsinki, and her meetups "
        f"{first_year}–{last}. Every person, company, e-mail address (example.com/example.org) "
        "and event here is made up.\n"
        f"Regenerate it byte for byte with `python -m meetupstats.synthetic <folder>{options}`"
        " (the bundled sample's folder is `data/sample`).\n"
    )


def write_sample(
    folder: str | Path,
    seed: int = 2025,
    scale: float = 1.0,
    first_year: int = 2023,
    years: int = 3,
) -> Logbook:
    """Generate a logbook (:func:`generate`) and write it to ``folder``; returns it.

    The tables go through :func:`meetupstats.logbook.save_logbook`, so the
    files are canonical; ``goals.yml`` and a ``README.md`` saying the data is
    synthetic are written beside them. A folder that already holds files of a
    logbook not made by this generator is refused and left untouched; in one
    made by it, the new version replaces the old without keeping a
    ``.backup/`` (the old one is regenerated by its arguments).

    Raises
    ------
    UsageError
        When ``folder`` holds someone's own logbook, or the arguments are bad.
    """
    from meetupstats.logbook import save_logbook
    from meetupstats.storage import BACKUP, LOCK, commit_files

    target = Path(folder)
    readme = target / "README.md"
    names = [t.filename for t in schema.TABLES.values()] + [schema.GOALS_FILE, readme.name]
    existing = [name for name in names if (target / name).exists()]
    ours = readme.is_file() and readme.read_bytes().startswith(README_TITLE.encode())
    if existing and not ours:
        raise UsageError(
            f"{target}: already holds {', '.join(existing)} not written by this generator; "
            "nothing was changed (choose an empty folder)"
        )
    book = generate(seed=seed, scale=scale, first_year=first_year, years=years)
    save_logbook(book, target)
    commit_files(
        target,
        {
            schema.GOALS_FILE: goals_yaml(book.goals).encode("utf-8"),
            "README.md": sample_readme(seed, scale, first_year, years).encode("utf-8"),
        },
    )
    if ours:
        # The replaced files were generated too (any version is one command away), and a
        # backup folder inside data/sample would be shipped in the wheel.
        shutil.rmtree(target / BACKUP, ignore_errors=True)
    # The writer's lock file is not part of a generated logbook (nor of the wheel).
    (target / LOCK).unlink(missing_ok=True)
    return replace(book, path=target)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m meetupstats.synthetic OUT_DIR [--seed N] [--scale X] [--first-year Y] [--years N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m meetupstats.synthetic",
        description="Write a synthetic, fictional meetupstats logbook (the sample, or a "
        "benchmark-size one) into OUT_DIR.",
    )
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--first-year", type=int, default=2023)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        book = write_sample(args.out_dir, args.seed, args.scale, args.first_year, args.years)
    except MeetupStatsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{len(book.table(name))} {name}" for name in schema.TABLES)
    print(f"{args.out_dir}: wrote {counts}")
    return 0
