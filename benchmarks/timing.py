"""Side-by-side timing: medians of interleaved repetitions after a warm-up."""

from __future__ import annotations

import gc
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: a timed action: does its own untimed setup and returns the seconds of the timed part
Timed = Callable[[], float]


def timed(action: Callable[[], object], setup: Callable[[], object] | None = None) -> Timed:
    """A :data:`Timed` running ``setup`` (untimed), then ``action`` (timed)."""

    def run() -> float:
        if setup is not None:
            setup()
        gc.collect()
        start = time.perf_counter()
        action()
        return time.perf_counter() - start

    return run


def command(argv: Sequence[str], cwd: Path | None = None) -> Timed:
    """A :data:`Timed` running a command (output discarded; a failure raises)."""
    env = {k: v for k, v in os.environ.items() if k != "MEETUPSTATS_DATA"}

    def run() -> float:
        start = time.perf_counter()
        done = subprocess.run(
            list(argv),
            cwd=cwd,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            check=False,
        )
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise RuntimeError(
                f"{' '.join(argv)} exited {done.returncode}: {done.stderr.decode()[-2000:]}"
            )
        return elapsed

    return run


@dataclass(frozen=True)
class Comparison:
    """Medians (seconds) of the measured side and of its baseline."""

    ours: float
    base: float
    ours_all: tuple[float, ...]
    base_all: tuple[float, ...]

    @property
    def ratio(self) -> float:
        return self.ours / self.base


def compare(ours: Timed, base: Timed, reps: int, warmup: int = 1) -> Comparison:
    """Time both sides ``reps`` times, alternating which goes first; medians after warm-up."""
    for _ in range(warmup):
        base()
        ours()
    a: list[float] = []
    b: list[float] = []
    for i in range(reps):
        if i % 2:
            b.append(base())
            a.append(ours())
        else:
            a.append(ours())
            b.append(base())
    return Comparison(statistics.median(a), statistics.median(b), tuple(a), tuple(b))


def python() -> str:
    """The interpreter running the benchmarks (the project's virtualenv)."""
    return sys.executable


def console_script(name: str) -> list[str]:
    """``name``'s console script beside the interpreter, else ``python -m``."""
    script = Path(sys.executable).with_name(name)
    return [str(script)] if script.exists() else [sys.executable, "-m", name]
