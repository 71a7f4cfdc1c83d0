"""What the section views share: the empty-year guard and two text helpers."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from meetupstats.fragments import Html
from meetupstats.reflection import ReportData

F = TypeVar("F", bound=Callable[..., Any])


def _needs_events(func: F) -> F:
    """Show nothing (not even an empty chart) when the year has no attended event."""

    @functools.wraps(func)
    def wrapper(data: ReportData, *args: Any, **kwargs: Any) -> Any:
        if data.events_attended == 0:
            return Html("")
        return func(data, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _title_fmt(width: int = 70) -> Callable[[Any], str]:
    def fmt(v: Any) -> str:
        s = "–" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
        return s if len(s) <= width else s[: width - 1] + "…"

    return fmt
