"""The closing sections: Insights and the reflection prompts.

Under ``meetupstats report`` the Insights section is computed in the command's
own process; the kernel shows an :class:`InsightsPlaceholder` in its place.
(Named ``closing`` so that no module shadows the ``insights`` and ``prompts`` views.)
"""

from __future__ import annotations

from typing import Any

from meetupstats import reflection
from meetupstats import reflection_rules as rules
from meetupstats.fragments import Html, bullets, join, note, tag
from meetupstats.reflection import ReportData


def prompts(data: ReportData) -> Html:
    """Reflection prompts, each with the number that triggered it."""
    items = rules.reflection_prompts(data)
    if not items:
        return note(
            "No prompt this year: the numbers gave no rule anything to say."
            if data.events_attended
            else f"Nothing to reflect on for {data.year} yet."
        )
    return bullets(
        [
            join([p["prompt"], tag("span", f"Because {p['because']}.", cls="ms-because")])
            for p in items
        ],
        cls="ms-prompts",
    )


def insights(data: ReportData) -> Html | InsightsPlaceholder:
    """The Insights section (:func:`meetupstats.insights.present.insights_html`) of
    :meth:`~meetupstats.reflection.ReportData.insights`.

    The drivers' cross-validation runs
    :data:`~meetupstats.insights.drivers.REPORT_REPEATS` times (same signal
    rule as ``meetupstats insights``, fewer repeats), so the report stays quick.
    In a kernel run by ``meetupstats report`` the command computes the section
    itself, beside the kernel: this returns an :class:`InsightsPlaceholder`.
    """
    if reflection.insights_outside():
        return InsightsPlaceholder()
    from meetupstats.insights.present import insights_html

    return insights_html(data.insights())


class InsightsPlaceholder:
    """Where the Insights section goes when ``meetupstats report`` computes it in
    its own process (:data:`~meetupstats.reflection.INSIGHTS_MIME`); the command
    replaces this output by the section before writing the report."""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        return {"text/html": "", reflection.INSIGHTS_MIME: {}}
