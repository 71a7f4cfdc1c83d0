"""Return metrics: pure functions over a :class:`~meetupstats.logbook.Logbook`.

No file is read, nothing is printed and the clock is never consulted: the
only notion of "now" is the ``as_of`` parameter, which defaults to the latest
date in the logbook. Definitions follow DESIGN.md ("Metrics — names and exact
definitions") to the letter; each function's docstring repeats the ones it
computes.

- :mod:`.investment`, :mod:`.learning`, :mod:`.networking`, :mod:`.career` —
  the metrics of one area for one year, as a dict;
- :mod:`.by_dimension` — the same return per channel, format, style, access;
- :mod:`.summary` — ``yearly_summary`` (the ``summary --json`` object),
  ``compare_years``, ``goal_progress``;
- :mod:`.ledgers` — ``event_returns`` and ``contact_ledger``.
"""

from __future__ import annotations

from meetupstats.metrics._select import attended_in, new_contacts_in
from meetupstats.metrics.by_dimension import breakdown, breakdowns
from meetupstats.metrics.career import career_metrics, ladder_stage, milestones
from meetupstats.metrics.investment import investment_metrics
from meetupstats.metrics.learning import event_topics, learning_metrics
from meetupstats.metrics.ledgers import contact_ledger, event_returns
from meetupstats.metrics.networking import networking_metrics
from meetupstats.metrics.summary import compare_years, goal_progress, yearly_summary

__all__ = [
    "attended_in",
    "breakdown",
    "breakdowns",
    "career_metrics",
    "compare_years",
    "contact_ledger",
    "event_returns",
    "event_topics",
    "goal_progress",
    "investment_metrics",
    "ladder_stage",
    "learning_metrics",
    "milestones",
    "networking_metrics",
    "new_contacts_in",
    "yearly_summary",
]
