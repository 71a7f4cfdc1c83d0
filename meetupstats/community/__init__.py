"""Community mode: analytics for people who run a meetup.

A community folder (``community_events.csv``, ``attendance.csv``,
``members.csv``, ``salt.txt``; see :mod:`meetupstats.community.schema`) is
filled from organizer exports by :func:`import_export` and summarised by
:func:`community_summary`; ``notebooks/community_report.ipynb`` shows it.

>>> from meetupstats.community import load_community, community_summary
>>> community_summary(load_community("my-community"), 2025)  # doctest: +SKIP
"""

from __future__ import annotations

from meetupstats.community.folder import (
    Community,
    init_community,
    latest_date,
    load_community,
    save_community,
    validate_community,
)
from meetupstats.community.imports import ImportReport, import_export
from meetupstats.community.metrics import (
    check_ins,
    cohort_table,
    community_summary,
    draw_and_keep,
    event_table,
    first_timer_table,
    regulars_over_time,
)

__all__ = [
    "Community",
    "ImportReport",
    "check_ins",
    "cohort_table",
    "community_summary",
    "draw_and_keep",
    "event_table",
    "first_timer_table",
    "import_export",
    "init_community",
    "latest_date",
    "load_community",
    "regulars_over_time",
    "save_community",
    "validate_community",
]
