"""The plan of a generation (years, size) and the small drawing helpers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from meetupstats.arrays import repeated

_EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class _Plan:
    scale: float
    first_year: int
    years: int

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    @property
    def talk_year(self) -> int:
        return self.first_year + self.years // 3

    @property
    def organize_year(self) -> int:
        return self.first_year + (2 * self.years) // 3

    @property
    def start(self) -> int:
        return _day(dt.date(self.first_year, 1, 1))

    @property
    def end(self) -> int:
        return _day(dt.date(self.last_year, 12, 31))

    def progress(self, year: int) -> float:
        """0 in the first year, 1 in the last."""
        return 0.5 if self.years == 1 else (year - self.first_year) / (self.years - 1)


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


def _date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def _sometimes(mask: np.ndarray, values: Any) -> np.ndarray:
    """``values`` where ``mask`` holds, ``None`` elsewhere (an object array)."""
    out = repeated(None, len(mask))
    if np.ndim(values):
        out[mask] = np.asarray(values, dtype=object)[mask]
    else:
        out[mask] = values
    return out


def _objects(items: Sequence[Any]) -> np.ndarray:
    return np.array(items, dtype=object)


def _draw(rng: np.random.Generator, items: Sequence[Any], n: int) -> np.ndarray:
    """``n`` uniform draws from ``items`` (an object array)."""
    return _objects(items)[rng.integers(len(items), size=n)]


def _pick(rng: np.random.Generator, items: Sequence[Any], weights: Sequence[float]) -> Any:
    w = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]
