"""Career ladder: the stage reached, the milestones, the rung per year."""

from __future__ import annotations

from meetupstats import charts, reflection
from meetupstats.charts import Chart
from meetupstats.fragments import Html, join, paragraph
from meetupstats.reflection import ReportData
from meetupstats.reflection_views.base import _plural


def ladder_summary(data: ReportData) -> Html:
    """Where you stand on the ladder, talks given and events organized."""
    s = data.summary
    stage = s["ladder_stage"]
    steps = " → ".join(
        f"[{st}]" if st == stage else st for st in ("attendee", "asker", "speaker", "organizer")
    )
    sentences = [f"Ladder stage at the end of {data.year}: {stage}."]
    if data.events_attended:
        sentences.append(
            f"This year you gave {_plural(int(s['talks_given']), 'talk')} and organized "
            f"{_plural(int(s['events_organized']), 'event')}."
        )
    return join([paragraph(" ".join(sentences)), paragraph(steps, cls="ms-meta")])


def milestones_chart(data: ReportData) -> Chart:
    """Milestones of the ladder on a timeline across all years."""
    return charts.timeline(
        reflection.milestone_points(data),
        title="Your milestones",
        empty="No milestone reached yet.",
    )


def roles_chart(data: ReportData) -> Chart:
    """Meetups per year by the highest rung you stood on."""
    roles = reflection.roles_by_year(data)
    return charts.stacked_years(
        roles,
        x="year",
        series=list(reflection.ROLE_GROUPS),
        title="What you did at your meetups, per year",
        value_label="events attended",
        x_label="year",
        empty="No attended meetups yet.",
    )
