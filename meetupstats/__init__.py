"""meetupstats: is going to industry meetups worth it for you, and what to change?

The public API a notebook needs. Names are imported on first use, so that
``import meetupstats`` (and the command line) stays fast.

>>> import meetupstats as ms
>>> book = ms.load_logbook(ms.sample_logbook_dir())
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "Logbook": "meetupstats.logbook",
    "load_logbook": "meetupstats.logbook",
    "save_logbook": "meetupstats.logbook",
    "validate_logbook": "meetupstats.logbook",
    "init_logbook": "meetupstats.logbook",
    "empty_logbook": "meetupstats.logbook",
    "latest_date": "meetupstats.logbook",
    "sample_logbook_dir": "meetupstats.resources",
    "MeetupStatsError": "meetupstats.errors",
    "LogbookError": "meetupstats.errors",
    "Problem": "meetupstats.errors",
    "yearly_summary": "meetupstats.metrics",
    "compare_years": "meetupstats.metrics",
    "goal_progress": "meetupstats.metrics",
    "event_returns": "meetupstats.metrics",
    "contact_ledger": "meetupstats.metrics",
    "breakdowns": "meetupstats.metrics",
    "investment_metrics": "meetupstats.metrics",
    "learning_metrics": "meetupstats.metrics",
    "networking_metrics": "meetupstats.metrics",
    "career_metrics": "meetupstats.metrics",
    "milestones": "meetupstats.metrics",
    "ladder_stage": "meetupstats.metrics",
    "event_topics": "meetupstats.metrics",
    "attended_in": "meetupstats.metrics",
    "load_community": "meetupstats.community",
    "community_summary": "meetupstats.community",
    "insights_summary": "meetupstats.insights",
    "rank_upcoming": "meetupstats.insights",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from meetupstats.community import community_summary, load_community
    from meetupstats.errors import LogbookError, MeetupStatsError, Problem
    from meetupstats.insights import insights_summary, rank_upcoming
    from meetupstats.logbook import (
        Logbook,
        empty_logbook,
        init_logbook,
        latest_date,
        load_logbook,
        save_logbook,
        validate_logbook,
    )
    from meetupstats.metrics import (
        attended_in,
        breakdowns,
        career_metrics,
        compare_years,
        contact_ledger,
        event_returns,
        event_topics,
        goal_progress,
        investment_metrics,
        ladder_stage,
        learning_metrics,
        milestones,
        networking_metrics,
        yearly_summary,
    )
    from meetupstats.resources import sample_logbook_dir


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'meetupstats' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
