"""The benchmark rows of issue 8 and the table ``make bench`` prints.

Each row times meetupstats against a baseline in the same run (see
:mod:`benchmarks.timing`) and compares the ratio of medians with its target.
A row whose module is not there yet says so instead of failing the run.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import pandas as pd

from benchmarks import datasets
from benchmarks.datasets import FULL, TINY, Sizes
from benchmarks.timing import Comparison, command, compare, console_script, python, timed

TABLES = ("events.csv", "contacts.csv", "interactions.csv", "learnings.csv")
HEAVY_START_UP = ("sklearn", "matplotlib", "papermill", "nbconvert", "nbformat")


@dataclass
class Row:
    """One line of the results table."""

    name: str
    baseline: str
    limit: float
    ratio: float | None = None
    note: str = ""
    seconds: str = ""

    @property
    def verdict(self) -> str:
        if self.ratio is None:
            return "skip"
        return "pass" if self.ratio <= self.limit else "FAIL"


@dataclass
class Context:
    """The generated data sets and the options of this run."""

    sizes: Sizes
    reps: int
    root: Path
    heavy: Path = field(init=False)
    _cache: dict[str, object] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.heavy = self.root / "heavy"

    def once(self, key: str, make: Callable[[], object]) -> object:
        if key not in self._cache:
            self._cache[key] = make()
        return self._cache[key]


def _missing(*modules: str) -> str | None:
    for name in modules:
        try:
            if importlib.util.find_spec(name) is None:
                return name
        except ModuleNotFoundError:
            return name
    return None


def _seconds(c: Comparison) -> str:
    return f"{c.ours:.3g}s vs {c.base:.3g}s"


# --------------------------------------------------------------------------- rows


def row_load(ctx: Context) -> Row:
    from meetupstats.logbook import load_logbook

    row = Row("load_logbook + validation, heavy user", "pandas.read_csv of the 4 files", 2.0)
    files = [ctx.heavy / name for name in TABLES]
    c = compare(
        timed(lambda: load_logbook(ctx.heavy)),
        timed(lambda: [pd.read_csv(f) for f in files]),
        ctx.reps,
    )
    row.ratio, row.seconds = c.ratio, _seconds(c)
    return row


def _summary_rows(ctx: Context) -> Iterator[Row]:
    one = Row("yearly_summary, one year, after load", "that load", 1.0)
    every = Row(f"summaries of all {ctx.sizes.years} years", "that load", 3.0)
    growth = Row("growth: summary at 4x size vs 1x", "summary at 1x", 4.5)
    gone = _missing("meetupstats.metrics.summary")
    if gone:
        for row in (one, every, growth):
            row.note = f"{gone} not there yet"
            yield row
        return
    from meetupstats.logbook import load_logbook
    from meetupstats.metrics.summary import yearly_summary

    book = load_logbook(ctx.heavy)
    last = ctx.sizes.last_year
    years = range(ctx.sizes.first_year, last + 1)
    load = timed(lambda: load_logbook(ctx.heavy))
    c = compare(timed(lambda: yearly_summary(book, last)), load, ctx.reps)
    one.ratio, one.seconds = c.ratio, _seconds(c)
    yield one
    c = compare(timed(lambda: [yearly_summary(book, y) for y in years]), load, ctx.reps)
    every.ratio, every.seconds = c.ratio, _seconds(c)
    yield every
    big_dir = ctx.root / "heavy4x"
    if not big_dir.exists():
        datasets.write_logbook(big_dir, ctx.sizes, growth=4)
    big = load_logbook(big_dir)
    c = compare(
        timed(lambda: yearly_summary(big, last)),
        timed(lambda: yearly_summary(book, last)),
        ctx.reps,
    )
    growth.ratio, growth.seconds = c.ratio, _seconds(c)
    growth.note = (
        f"{len(big.interactions):,} vs {len(book.interactions):,} interactions, year {last}"
    )
    yield growth


def _import_rows(ctx: Context) -> Iterator[Row]:
    first = Row("import linkedin, 30k export into heavy logbook", "read_csv export + save", 3.0)
    again = Row("import linkedin again (idempotent)", "read_csv export + save", 3.0)
    gone = _missing("meetupstats.importers.linkedin")
    if gone:
        for row in (first, again):
            row.note = f"{gone} not there yet"
            yield row
        return
    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import linkedin_batch
    from meetupstats.logbook import load_logbook, save_logbook

    book = load_logbook(ctx.heavy)
    export = ctx.once(
        "linkedin",
        lambda: datasets.write_linkedin_export(ctx.root / "linkedin", book, ctx.sizes),
    )
    archive, files = cast(tuple[Path, list[Path]], export)
    work = ctx.root / "import"
    saved = ctx.root / "saved"

    def fresh_copy() -> None:
        shutil.rmtree(work, ignore_errors=True)
        shutil.copytree(ctx.heavy, work)

    def fresh_target() -> None:
        shutil.rmtree(saved, ignore_errors=True)

    def baseline() -> None:
        datasets.read_linkedin_plain(files)
        save_logbook(book, saved)

    base = timed(baseline, fresh_target)
    c = compare(
        timed(lambda: import_into(work, linkedin_batch(archive)), fresh_copy), base, ctx.reps
    )
    report = import_into(work, linkedin_batch(archive))  # the folder now holds the import
    first.ratio, first.seconds = c.ratio, _seconds(c)
    first.note = f"{len(files)} files, {sum(f.stat().st_size for f in files) / 1e6:.1f} MB"
    yield first
    c = compare(timed(lambda: import_into(work, linkedin_batch(archive))), base, ctx.reps)
    again.ratio, again.seconds = c.ratio, _seconds(c)
    again.note = "nothing written" if not report.written else f"wrote {report.written}"
    yield again


def _report_rows(ctx: Context) -> Iterator[Row]:
    sample = Row("meetupstats report, sample", "papermill floor notebook + HTML", 1.5)
    heavy = Row("meetupstats report, heavy user", "papermill floor notebook + HTML", 3.0)
    gone = _missing("meetupstats.report", "meetupstats.cli.report")
    if gone:
        for row in (sample, heavy):
            row.note = f"{gone} not there yet"
            yield row
        return
    from meetupstats.resources import sample_logbook_dir

    floor_nb = datasets.write_floor_notebook(ctx.root / "floor" / "floor.ipynb")
    floor = command([python(), "-m", "benchmarks.floor", str(floor_nb), str(ctx.root / "f.html")])
    cli = console_script("meetupstats")
    for row, data, year in (
        (sample, Path(sample_logbook_dir()), 2025),
        (heavy, ctx.heavy, ctx.sizes.last_year),
    ):
        out = ctx.root / f"report-{row is heavy}" / "r.html"
        argv = [*cli, "report", "--year", str(year), "--data", str(data), "--out", str(out)]
        c = compare(command(argv), floor, ctx.reps)
        row.ratio, row.seconds = c.ratio, _seconds(c)
        yield row


def _start_up_rows(ctx: Context) -> Iterator[Row]:
    empty = ctx.root / "empty"
    if not empty.exists():
        datasets.write_empty_logbook(empty)
    floor = command([python(), "-c", "import pandas"])
    cli = console_script("meetupstats")
    probe = (
        "import sys\nfrom meetupstats.cli import main\nmain(sys.argv[1:])\n"
        f"print(','.join(m for m in {HEAVY_START_UP!r} if m in sys.modules), file=sys.stderr)"
    )
    for label, args in (
        ("CLI start-up: meetupstats --version", ["--version"]),
        ("CLI start-up: validate, empty logbook", ["validate", "--data", str(empty)]),
    ):
        row = Row(label, "python -c 'import pandas'", 1.3)
        reps = ctx.reps if ctx.sizes is TINY else max(ctx.reps, 7)  # start-up is short: more
        c = compare(command([*cli, *args]), floor, reps)
        row.ratio, row.seconds = c.ratio, _seconds(c)
        done = subprocess.run(
            [python(), "-c", probe, *args], capture_output=True, text=True, check=False
        )
        loaded = done.stderr.strip().splitlines()[-1:] or [""]
        row.note = f"heavy modules at start-up: {loaded[0] or 'none'}"
        yield row


def row_memory(ctx: Context) -> Row:
    row = Row("peak memory of summary, heavy user", "deep size of the loaded DataFrames", 3.0)
    gone = _missing("meetupstats.metrics.summary", "meetupstats.cli.summary")
    if gone:
        row.note = f"{gone} not there yet"
        return row
    done = subprocess.run(
        [python(), "-m", "benchmarks.memory", str(ctx.heavy), str(ctx.sizes.last_year)],
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    row.ratio = result["peak"] / result["deep"]
    row.seconds = f"{result['peak'] / 1e6:.0f} MB vs {result['deep'] / 1e6:.0f} MB"
    return row


def row_community(ctx: Context) -> Row:
    s = ctx.sizes
    row = Row(
        f"community summary, {s.members:,} members, {s.community_events:,} events, "
        f"{s.attendance:,} rows",
        "pandas.read_csv of the 3 files",
        3.0,
    )
    gone = _missing("meetupstats.community.folder", "meetupstats.community.metrics")
    if gone:
        row.note = f"{gone} not there yet"
        return row
    from meetupstats.community.folder import load_community
    from meetupstats.community.metrics import community_summary

    folder = ctx.root / "community"
    files = ctx.once("community", lambda: datasets.write_community(folder, s))
    assert isinstance(files, list)

    def ours() -> None:
        community_summary(load_community(folder), s.last_year)

    c = compare(timed(ours), timed(lambda: [pd.read_csv(f) for f in files]), ctx.reps)
    row.ratio, row.seconds = c.ratio, _seconds(c)
    return row


# --------------------------------------------------------------------------- running

GROUPS: dict[str, Callable[[Context], Iterator[Row]]] = {
    "load": lambda ctx: iter([row_load(ctx)]),
    "summary": _summary_rows,
    "import": _import_rows,
    "report": _report_rows,
    "startup": _start_up_rows,
    "memory": lambda ctx: iter([row_memory(ctx)]),
    "community": lambda ctx: iter([row_community(ctx)]),
}


def machine() -> str:
    """Cores, memory, Python and library versions, for the results file."""
    import os

    import numpy as np

    try:
        mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
        memory = f"{mem:.0f} GiB RAM"
    except (ValueError, OSError, AttributeError):
        memory = "RAM unknown"
    return (
        f"{os.cpu_count()} cores, {memory}, {platform.system()} {platform.machine()}, "
        f"Python {platform.python_version()}, pandas {pd.__version__}, numpy {np.__version__}"
    )


def table(rows: Sequence[Row]) -> str:
    """The results as a Markdown table."""
    lines = [
        "| target | measured against | measured | limit | result | times | note |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        measured = "—" if r.ratio is None else f"{r.ratio:.2f}×"
        lines.append(
            f"| {r.name} | {r.baseline} | {measured} | ≤ {r.limit:g}× | {r.verdict} "
            f"| {r.seconds} | {r.note} |"
        )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the data, run the chosen rows, print the table; exit 1 if a row fails."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--tiny", action="store_true", help="tiny data (smoke test), not issue 8's")
    parser.add_argument("--reps", type=int, default=5, help="timed repetitions per side (≥ 5)")
    parser.add_argument(
        "--only", nargs="+", choices=sorted(GROUPS), help="run only these groups of rows"
    )
    parser.add_argument("--skip", nargs="+", choices=sorted(GROUPS), default=[])
    parser.add_argument("--keep", type=Path, help="generate the data here and keep it")
    args = parser.parse_args(argv)
    sizes = TINY if args.tiny else FULL
    groups = [g for g in (args.only or GROUPS) if g not in args.skip]
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="meetupstats-bench-") as tmp:
        root = args.keep or Path(tmp)
        root.mkdir(parents=True, exist_ok=True)
        ctx = Context(sizes, args.reps, root)
        print(f"machine: {machine()}", file=sys.stderr)
        if not ctx.heavy.exists():
            book = datasets.write_logbook(ctx.heavy, sizes)
            print(
                f"heavy user: {len(book.events):,} events, {len(book.contacts):,} contacts, "
                f"{len(book.interactions):,} interactions, {len(book.learnings):,} takeaways",
                file=sys.stderr,
            )
        rows: list[Row] = []
        for group in groups:
            for row in GROUPS[group](ctx):
                print(f"{row.verdict:>4}  {row.name}: {row.ratio}", file=sys.stderr)
                rows.append(row)
    print(table(rows))
    print(f"\n{len(rows)} rows in {time.perf_counter() - started:.0f}s; {machine()}")
    return 1 if any(r.verdict == "FAIL" for r in rows) else 0
