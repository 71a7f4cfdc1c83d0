"""Loading the report's logbook and choosing its year, date and title.

:func:`prepare` (or :func:`prepare_logbook` for a logbook already loaded)
gathers what every section needs once, as an immutable
:class:`~meetupstats.reflection.base.ReportData`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from meetupstats.errors import UsageError
from meetupstats.logbook import Logbook, load_logbook
from meetupstats.reflection.base import ReportData
from meetupstats.reflection.handoff import handed_over


def report_year(book: Logbook, year: int | None) -> int:
    """``year``, or by default the latest year with an attended event.

    Raises
    ------
    UsageError
        When ``year`` is None and the logbook has no attended event.
    """
    if year is not None:
        from meetupstats.metrics._select import check_year

        return check_year(year)
    attended = book.events.loc[book.events["status"] == "attended", "date"].dropna()
    if attended.empty:
        raise UsageError("the logbook has no attended event yet: give the year with --year")
    return int(attended.max().year)


def report_as_of(book: Logbook, as_of: object = None) -> pd.Timestamp | None:
    """The report's ``as_of`` date: the given one (date or ``YYYY-MM-DD``) or the latest in the logbook."""
    from meetupstats.metrics._select import resolve_as_of

    return resolve_as_of(book, as_of)


def report_title(year: int, owner: str | None = None) -> str:
    """``"Alex's 2025 in meetups"`` or ``"Your 2025 in meetups"`` (plain text, not escaped)."""
    owner = (owner or "").strip()
    if not owner:
        return f"Your {year} in meetups"
    return f"{owner}’ {year} in meetups" if owner.endswith("s") else f"{owner}’s {year} in meetups"


def prepare(
    data_dir: str | Path | None,
    year: int | None = None,
    *,
    as_of: object = None,
    compare_previous: bool = True,
    anonymize: bool = False,
    owner_name: str | None = None,
) -> ReportData:
    """Load the logbook at ``data_dir`` (default: the sample) and compute the report's inputs.

    With ``anonymize`` the logbook is replaced by
    :func:`~meetupstats.anonymize.anonymize_logbook` before anything is
    computed, so no section can show a contact's name, email, URL or company.

    Under ``meetupstats report`` the logbook the command loaded and validated
    is taken over instead of loading the folder again, and so is the report
    data it prepared from it when it was prepared for exactly these arguments
    (:func:`~meetupstats.reflection.handoff.handed_over`).
    """
    from meetupstats.resources import sample_logbook_dir

    folder = Path(data_dir) if data_dir else sample_logbook_dir()
    handed = handed_over(folder)
    if handed is None:
        book = load_logbook(folder)
    else:
        book, request, report = handed
        asked = prepare_request(year, as_of, compare_previous, anonymize, owner_name)
        if report is not None and request == asked:
            return report  # the command prepared exactly this from this logbook
    return prepare_logbook(
        book,
        year,
        as_of=as_of,
        compare_previous=compare_previous,
        anonymize=anonymize,
        owner_name=owner_name,
    )


def prepare_request(
    year: int | None,
    as_of: object,
    compare_previous: bool,
    anonymize: bool,
    owner_name: str | None,
) -> dict[str, Any]:
    """The arguments of :func:`prepare` that decide its result, as compared when the
    kernel takes report data the command prepared (:func:`write_handoff`)."""
    return {
        "year": year,
        "as_of": as_of,
        "compare_previous": bool(compare_previous),
        "anonymize": bool(anonymize),
        "owner_name": owner_name,
    }


def prepare_logbook(
    book: Logbook,
    year: int | None = None,
    *,
    as_of: object = None,
    compare_previous: bool = True,
    anonymize: bool = False,
    owner_name: str | None = None,
) -> ReportData:
    """:func:`prepare` for a logbook already loaded."""
    from meetupstats.metrics import contact_ledger, event_returns, yearly_summary

    year = report_year(book, year)
    as_of_date = report_as_of(book, as_of)
    # The summaries are aggregates only: computed on the logbook as written,
    # so ``summary`` is exactly the ``summary --json`` object of the year.
    summary = yearly_summary(book, year, as_of=as_of_date)
    previous = yearly_summary(book, year - 1, as_of=as_of_date)
    if anonymize:
        from meetupstats.anonymize import anonymize_logbook

        book = anonymize_logbook(book)
    return ReportData(
        book=book,
        year=year,
        as_of=as_of_date,
        summary=summary,
        previous=previous,
        returns=event_returns(book),
        ledger=contact_ledger(book, as_of=as_of_date),
        compare=bool(compare_previous),
        anonymized=bool(anonymize),
        owner=owner_name or None,
    )
