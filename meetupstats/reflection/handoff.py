"""What ``meetupstats report`` and the kernel that runs the report's notebook hand each other.

The command loads and validates the logbook, then hands it to the kernel
(:func:`write_handoff`, :func:`read_handoff`); it computes the Insights section
in its own process while the kernel draws the rest (:func:`insights_outside`,
:data:`INSIGHTS_MIME`); and it takes the summary JSON and the share card out of
the executed notebook (:data:`COMPANIONS_MIME`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from meetupstats.logbook import Logbook

if TYPE_CHECKING:
    from meetupstats.reflection.base import ReportData

#: MIME type of the display output that carries the summary JSON and the share
#: card out of the kernel (:func:`meetupstats.reflection_views.companions`).
COMPANIONS_MIME = "application/vnd.meetupstats.companions+json"

#: MIME type of the Insights section's placeholder output: under ``meetupstats
#: report`` the section is computed in the command's own process while the
#: kernel draws the rest, and put in place of the placeholder
#: (:func:`meetupstats.report.render_reflection`).
INSIGHTS_MIME = "application/vnd.meetupstats.insights-placeholder+json"
#: Set to ``"1"`` in the kernel's environment by ``meetupstats report``: the
#: Insights section is computed outside the kernel.
INSIGHTS_OUTSIDE_ENV = "MEETUPSTATS_REPORT_INSIGHTS_OUTSIDE"

#: Set by ``meetupstats report`` in the kernel's environment: the path of the
#: logbook it loaded and validated (:func:`write_handoff`), so the kernel does
#: not load the same folder a second time (:func:`read_handoff`).
LOGBOOK_HANDOFF_ENV = "MEETUPSTATS_REPORT_LOGBOOK"


def handoff_path(private: Path) -> Path:
    """The file in the private folder ``private`` that :func:`write_handoff` writes
    (known before it is written: the kernel is told where to look when it starts)."""
    return Path(private) / "logbook.pickle"


def write_handoff(
    book: Logbook,
    folder: Path,
    path: Path,
    prepared: tuple[Mapping[str, Any], ReportData] | None = None,
) -> Path:
    """Write ``book`` (loaded from ``folder``) to ``path`` (:func:`handoff_path` of a
    private folder) for the report's kernel (:data:`LOGBOOK_HANDOFF_ENV`); returns it.

    ``prepared``: the report data the command computed from ``book``, with the
    arguments of :func:`~meetupstats.reflection.prepare` it answers (the
    notebook's parameters); the kernel takes it when it asks for exactly those.
    """
    import pickle

    path = Path(path)
    request = dict(prepared[0]) if prepared is not None else None
    report = prepared[1] if prepared is not None else None
    path.write_bytes(pickle.dumps((str(Path(folder).resolve()), book, request, report), protocol=5))
    return path


def read_handoff(folder: Path) -> Logbook | None:
    """The logbook ``meetupstats report`` loaded from ``folder`` and handed to this
    kernel (:data:`LOGBOOK_HANDOFF_ENV`); ``None`` when there is none for that folder.

    The file is one the command wrote, moments ago, in a private temporary
    folder that only lives while its kernel runs.
    """
    handed = handed_over(folder)
    return None if handed is None else handed[0]


def handed_over(
    folder: Path,
) -> tuple[Logbook, dict[str, Any] | None, ReportData | None] | None:
    """What ``meetupstats report`` handed this kernel for ``folder``: the logbook, and
    the report data it prepared with the arguments it was prepared for (or ``None``,
    ``None``); ``None`` when nothing was handed over for that folder."""
    import pickle

    from meetupstats.reflection.base import ReportData

    path = os.environ.get(LOGBOOK_HANDOFF_ENV)
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    where, book, request, report = pickle.loads(data)
    if where != str(Path(folder).resolve()) or not isinstance(book, Logbook):
        return None
    if not isinstance(request, dict) or not isinstance(report, ReportData):
        request, report = None, None
    return book, request, report


def insights_outside() -> bool:
    """True in a kernel run by ``meetupstats report``, which computes the Insights
    section itself (:data:`INSIGHTS_OUTSIDE_ENV`)."""
    return os.environ.get(INSIGHTS_OUTSIDE_ENV) == "1"
