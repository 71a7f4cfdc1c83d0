"""What ``meetupstats report`` and the kernel that runs the report's notebook hand each other.

The command loads and validates the logbook, then hands it to the kernel
(:func:`write_handoff`, :func:`read_handoff`); it computes the Insights section
in its own process while the kernel draws the rest (:func:`insights_outside`,
:data:`INSIGHTS_MIME`); and it takes the summary JSON and the share card out of
the executed notebook (:data:`COMPANIONS_MIME`).
"""

from __future__ import annotations

import os
from pathlib import Path

from meetupstats.logbook import Logbook

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


def write_handoff(book: Logbook, folder: Path, path: Path) -> Path:
    """Write ``book`` (loaded from ``folder``) to ``path`` (:func:`handoff_path` of a
    private folder) for the report's kernel (:data:`LOGBOOK_HANDOFF_ENV`); returns it."""
    import pickle

    path = Path(path)
    path.write_bytes(pickle.dumps((str(Path(folder).resolve()), book), protocol=5))
    return path


def read_handoff(folder: Path) -> Logbook | None:
    """The logbook ``meetupstats report`` loaded from ``folder`` and handed to this
    kernel (:data:`LOGBOOK_HANDOFF_ENV`); ``None`` when there is none for that folder.

    The file is one the command wrote, moments ago, in a private temporary
    folder that only lives while its kernel runs.
    """
    import pickle

    path = os.environ.get(LOGBOOK_HANDOFF_ENV)
    if not path:
        return None
    try:
        data = Path(path).read_bytes()
    except OSError:
        return None
    where, book = pickle.loads(data)
    if where != str(Path(folder).resolve()) or not isinstance(book, Logbook):
        return None
    return book


def insights_outside() -> bool:
    """True in a kernel run by ``meetupstats report``, which computes the Insights
    section itself (:data:`INSIGHTS_OUTSIDE_ENV`)."""
    return os.environ.get(INSIGHTS_OUTSIDE_ENV) == "1"
