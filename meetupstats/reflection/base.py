"""The data every section of the yearly reflection report reads: :class:`ReportData`.

:func:`~meetupstats.reflection.loading.prepare` computes it once per report;
the section modules (:mod:`~meetupstats.reflection.at_a_glance`,
:mod:`~meetupstats.reflection.learning`, ...) derive their tables from it, and
:func:`_memoized` keeps a table several sections read from being computed twice.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import pandas as pd

from meetupstats.logbook import Logbook

if TYPE_CHECKING:
    from meetupstats.insights import InsightsResult


@dataclass(frozen=True)
class ReportData:
    """Everything the sections of one report read, computed once.

    Attributes
    ----------
    book : Logbook
        The logbook (already anonymized when ``anonymized``).
    year : int
    as_of : Timestamp or None
        The date the report is "as of" (default: the latest date in the logbook).
    summary : dict
        :func:`~meetupstats.metrics.yearly_summary` of ``year``.
    previous : dict
        The same for ``year - 1``.
    returns : DataFrame
        :func:`~meetupstats.metrics.event_returns` (all years).
    ledger : DataFrame
        :func:`~meetupstats.metrics.contact_ledger` as of ``as_of``.
    compare : bool
        Whether the report compares with the previous year.
    anonymized : bool
    owner : str or None
        The logbook owner's name for the title (never a contact's).
    """

    book: Logbook
    year: int
    as_of: pd.Timestamp | None
    summary: dict[str, Any]
    previous: dict[str, Any]
    returns: pd.DataFrame
    ledger: pd.DataFrame
    compare: bool = True
    anonymized: bool = False
    owner: str | None = None
    #: Tables several sections read, computed once (see :func:`_memoized`).
    _memo: dict[Any, Any] = field(default_factory=dict, init=False, compare=False, repr=False)

    @property
    def events_attended(self) -> int:
        return int(self.summary["events_attended"])

    @property
    def year_returns(self) -> pd.DataFrame:
        """:attr:`returns` of the attended events of :attr:`year`."""
        return self.returns.loc[self.returns["year"] == self.year].reset_index(drop=True)

    @property
    def has_previous(self) -> bool:
        """True when comparing is on and the previous year has an attended event."""
        return self.compare and int(self.previous["events_attended"]) > 0

    def insights(self) -> InsightsResult:
        """The Insights section's analysis: :func:`report_insights` of this report,
        computed once per report."""
        if "insights" not in self._memo:
            self._memo["insights"] = report_insights(self.book, self.year, self.as_of)
        result: InsightsResult = self._memo["insights"]
        return result


F = TypeVar("F", bound=Callable[..., Any])


def _memoized(func: F) -> F:
    """Compute ``func(data, *args)`` once per :class:`ReportData` and arguments.

    Several sections read the same table (the funnel, the returns per
    dimension, the goals); each gets its own copy of the one computed.
    """

    @functools.wraps(func)
    def wrapper(data: ReportData, *args: Any, **kwargs: Any) -> Any:
        key = (func.__module__, func.__qualname__, args, tuple(sorted(kwargs.items())))
        if key not in data._memo:
            data._memo[key] = func(data, *args, **kwargs)
        found = data._memo[key]
        return found.copy() if isinstance(found, pd.DataFrame) else found

    return wrapper  # type: ignore[return-value]


def report_insights(book: Logbook, year: int, as_of: pd.Timestamp | None) -> InsightsResult:
    """The Insights section's analysis: :func:`meetupstats.insights.analyze` of ``year``.

    The drivers' cross-validation runs
    :data:`~meetupstats.insights.drivers.REPORT_REPEATS` times (the signal
    rule of ``meetupstats insights``, fewer repeats, so the report stays quick).
    """
    from meetupstats.insights import analyze
    from meetupstats.insights.drivers import REPORT_REPEATS

    return analyze(book, year, as_of, repeats=REPORT_REPEATS)
