"""What each section of the yearly reflection report shows: sentences, tables, charts.

Every function takes the :class:`~meetupstats.reflection.ReportData` of the
report and returns something a notebook displays: an escaped
:class:`~meetupstats.fragments.Html` fragment or a
:class:`~meetupstats.charts.Chart`. The numbers come from
:mod:`meetupstats.reflection` and :mod:`meetupstats.metrics`; the text from
the logbook is escaped by :mod:`meetupstats.fragments`, never put into
Markdown.

In a year without attended events, a section's summary says so in one
sentence and its tables and charts show nothing, so the report stays short.

One module per section of the notebook, each importing only
:mod:`~meetupstats.reflection_views.base` (the empty-year guard, text helpers),
:mod:`meetupstats.reflection` and :mod:`meetupstats.reflection_rules`:
:mod:`~meetupstats.reflection_views.frame` (title, closing note, companion files),
:mod:`~meetupstats.reflection_views.at_a_glance`,
:mod:`~meetupstats.reflection_views.learning`,
:mod:`~meetupstats.reflection_views.networking`,
:mod:`~meetupstats.reflection_views.pays` (where it pays),
:mod:`~meetupstats.reflection_views.ladder` (career ladder),
:mod:`~meetupstats.reflection_views.goals` and
:mod:`~meetupstats.reflection_views.closing` (Insights, reflection prompts).
The notebook calls them through this package: ``from meetupstats import
reflection_views as view; view.glance(report)``. No module is named like a view
(``glance``, ``insights``, ``prompts``): the submodule and the function would
share one name in this package.
"""

from __future__ import annotations

from meetupstats.reflection_views.at_a_glance import glance, last_year, monthly_chart
from meetupstats.reflection_views.closing import InsightsPlaceholder, insights, prompts
from meetupstats.reflection_views.frame import Companions, companions, footer, header
from meetupstats.reflection_views.goals import goals_chart, goals_summary, suggestions
from meetupstats.reflection_views.ladder import ladder_summary, milestones_chart, roles_chart
from meetupstats.reflection_views.learning import (
    applied_list,
    learning_events,
    learning_summary,
    topics_chart,
)
from meetupstats.reflection_views.networking import (
    company_chart,
    event_funnel_table,
    funnel_chart,
    introductions_table,
    networking_summary,
    opportunity_table,
)
from meetupstats.reflection_views.pays import best_worst, pays_summary, returns_chart

__all__ = [
    "Companions",
    "InsightsPlaceholder",
    "applied_list",
    "best_worst",
    "companions",
    "company_chart",
    "event_funnel_table",
    "footer",
    "funnel_chart",
    "glance",
    "goals_chart",
    "goals_summary",
    "header",
    "insights",
    "introductions_table",
    "ladder_summary",
    "last_year",
    "learning_events",
    "learning_summary",
    "milestones_chart",
    "monthly_chart",
    "networking_summary",
    "opportunity_table",
    "pays_summary",
    "prompts",
    "returns_chart",
    "roles_chart",
    "suggestions",
    "topics_chart",
]
