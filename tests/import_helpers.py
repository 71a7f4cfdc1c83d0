"""What the import tests share: the command line in a subprocess, and file digests."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

EXPORTS = Path(__file__).parent / "fixtures" / "exports"
ROOT = Path(__file__).parent.parent


def cli(*args: object) -> subprocess.CompletedProcess[str]:
    """``python -m meetupstats ARGS`` from the repository root."""
    return subprocess.run(
        [sys.executable, "-m", "meetupstats", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every CSV file of ``folder`` (to prove an import changed nothing)."""
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.csv"))
    }
