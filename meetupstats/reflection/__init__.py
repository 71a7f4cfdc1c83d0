"""The derived tables of the yearly career-reflection report, one module per section.

Pure functions over a :class:`~meetupstats.logbook.Logbook` and the outputs of
:mod:`meetupstats.metrics`: the metric definitions are never repeated here,
only combined (the follow-up funnel uses the same windows and helpers as
``connect_rate``, ``follow_up_rate`` and ``kept_warm_rate``; "return" is the
return of :func:`~meetupstats.metrics.event_returns`).

:func:`prepare` gathers what every section needs once, as an immutable
:class:`ReportData`; the section views (:mod:`meetupstats.reflection_views`)
and the notebook read from it. Suggested goals and reflection prompts are in
:mod:`meetupstats.reflection_rules`.

Modules (imports go one way: ``base`` ← ``handoff`` ← ``loading``, and
``base`` ← each section):

- :mod:`~meetupstats.reflection.base` — :class:`ReportData`, the per-report memo,
  the Insights analysis;
- :mod:`~meetupstats.reflection.handoff` — what ``meetupstats report`` and its
  kernel hand each other (the logbook, the Insights placeholder, the companions);
- :mod:`~meetupstats.reflection.loading` — :func:`prepare`, the report's year,
  date and title;
- :mod:`~meetupstats.reflection.at_a_glance`, :mod:`~meetupstats.reflection.learning`,
  :mod:`~meetupstats.reflection.networking`, :mod:`~meetupstats.reflection.pays`
  (where it pays), :mod:`~meetupstats.reflection.ladder` (career ladder) — the
  sections' tables;
- :mod:`~meetupstats.reflection.labels` — metric labels and display text, the share card.

Every public name is re-exported here: ``from meetupstats import reflection;
reflection.topic_table(data)``. A test that monkeypatches a name patches the
module that looks it up (e.g. ``meetupstats.reflection.loading.read_handoff``
for :func:`prepare`).
"""

from __future__ import annotations

from meetupstats.reflection.at_a_glance import (
    LAST_YEAR_WEEKS,
    monthly_attendance,
    reference_date,
    stage_on,
    this_time_last_year,
)
from meetupstats.reflection.base import ReportData, report_insights
from meetupstats.reflection.base import _memoized as _memoized  # for reflection_rules
from meetupstats.reflection.handoff import (
    COMPANIONS_MIME,
    INSIGHTS_MIME,
    INSIGHTS_OUTSIDE_ENV,
    LOGBOOK_HANDOFF_ENV,
    handed_over,
    handoff_path,
    insights_outside,
    read_handoff,
    write_handoff,
)
from meetupstats.reflection.labels import SHARE_METRICS, metric_label, metric_text, share_card
from meetupstats.reflection.ladder import ROLE_GROUPS, milestone_points, roles_by_year
from meetupstats.reflection.learning import applied_takeaways, best_learning_events, topic_table
from meetupstats.reflection.loading import (
    prepare,
    prepare_logbook,
    prepare_request,
    report_as_of,
    report_title,
    report_year,
)
from meetupstats.reflection.networking import (
    FUNNEL_STAGES,
    company_mix,
    contact_funnel,
    contact_stages,
    event_funnels,
    introductions,
    opportunity_contacts,
    year_funnel,
)
from meetupstats.reflection.pays import best_and_worst_events, returns_by

__all__ = [
    "COMPANIONS_MIME",
    "FUNNEL_STAGES",
    "INSIGHTS_MIME",
    "INSIGHTS_OUTSIDE_ENV",
    "LAST_YEAR_WEEKS",
    "LOGBOOK_HANDOFF_ENV",
    "ROLE_GROUPS",
    "SHARE_METRICS",
    "ReportData",
    "applied_takeaways",
    "best_and_worst_events",
    "best_learning_events",
    "company_mix",
    "contact_funnel",
    "contact_stages",
    "event_funnels",
    "handed_over",
    "handoff_path",
    "insights_outside",
    "introductions",
    "metric_label",
    "metric_text",
    "milestone_points",
    "monthly_attendance",
    "opportunity_contacts",
    "prepare",
    "prepare_logbook",
    "prepare_request",
    "read_handoff",
    "reference_date",
    "report_as_of",
    "report_insights",
    "report_title",
    "report_year",
    "returns_by",
    "roles_by_year",
    "share_card",
    "stage_on",
    "this_time_last_year",
    "topic_table",
    "write_handoff",
    "year_funnel",
]
