"""Shared test setup: quiet, deterministic, offline."""

from __future__ import annotations

import os

# Tests never use a personal logbook by accident.
os.environ.pop("MEETUPSTATS_DATA", None)
os.environ.setdefault("MPLBACKEND", "Agg")
