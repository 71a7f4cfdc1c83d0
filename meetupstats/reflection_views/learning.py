"""Learning: takeaways, questions and topics; the meetups that taught most."""

from __future__ import annotations

from meetupstats import charts, reflection
from meetupstats.charts import Chart
from meetupstats.fragments import (
    Html,
    fmt_date,
    fmt_number,
    fmt_percent,
    join,
    note,
    paragraph,
    table,
    tag,
)
from meetupstats.reflection import ReportData, metric_text
from meetupstats.reflection_views.base import _needs_events, _plural, _title_fmt


def learning_summary(data: ReportData) -> Html:
    """Takeaways, how many you applied, questions asked and topics, in sentences."""
    s = data.summary
    n = data.events_attended
    if n == 0:
        return note(f"No meetups in {data.year}, so nothing was learned there.")
    takeaways = int(s["takeaways"])
    applied = int(data.year_returns["applied_takeaways"].sum())
    asked_at = int((data.year_returns["questions"].fillna(0) >= 1).sum())
    sentences = [
        f"You noted {_plural(takeaways, 'takeaway')} "
        f"({metric_text('takeaways_per_event', s['takeaways_per_event'])} per event, "
        f"{metric_text('takeaways_per_hour', s['takeaways_per_hour'])} per hour)."
    ]
    if takeaways:
        days = s.get("median_days_to_apply")
        sentences.append(
            f"You applied {applied} of them ({fmt_percent(s['applied_rate'])})"
            + (
                f", a median of {fmt_number(days, 0)} days after the event."
                if days is not None
                else "."
            )
        )
    sentences.append(
        f"You asked {_plural(int(s['questions_asked']), 'question')}, at {asked_at} of {n} events."
    )
    topics = int(s.get("distinct_topics") or 0)
    if topics:
        sentences.append(
            f"Your meetups covered {_plural(topics, 'topic')}, "
            f"{int(s.get('new_topics') or 0)} of them new to you."
        )
    return paragraph(" ".join(sentences))


@_needs_events
def topics_chart(data: ReportData, n: int = 12) -> Chart:
    """The year's most frequent topics, new ones marked."""
    topics = reflection.topic_table(data).head(n)
    topics = topics.assign(
        label=[
            f"{t} (new)" if new else str(t)
            for t, new in zip(topics["topic"], topics["new"], strict=True)
        ]
    )
    return charts.bars(
        topics,
        label="label",
        value="events",
        title=f"Topics of your {data.year} meetups",
        value_label="events with the topic",
        horizontal=True,
        integer=True,
        empty="No topics were recorded for this year's meetups (add them in the topics column).",
    )


@_needs_events
def learning_events(data: ReportData) -> Html:
    """The events that taught you most per hour."""
    best = reflection.best_learning_events(data)
    return join(
        [
            tag("h3", "The meetups that taught you most per hour"),
            table(
                best.rename(columns={"per_hour": "points per hour"}),
                formats={
                    "date": fmt_date,
                    "title": _title_fmt(),
                    "hours": lambda v: fmt_number(v, 1),
                },
                caption="One point per takeaway, one more per takeaway you applied; hours include travel.",
                empty="No takeaways recorded this year.",
            ),
        ]
    )


@_needs_events
def applied_list(data: ReportData) -> Html:
    """Takeaways you put into practice, quickest first."""
    applied = reflection.applied_takeaways(data)
    return join(
        [
            tag("h3", "Takeaways you put into practice"),
            table(
                applied.rename(columns={"applied_on": "applied on", "days": "days after"}),
                formats={
                    "takeaway": _title_fmt(90),
                    "event": _title_fmt(50),
                    "applied on": fmt_date,
                    "days after": lambda v: fmt_number(v, 0),
                },
                empty="None of this year's takeaways is marked as applied yet (fill applied_on in learnings.csv).",
            ),
        ]
    )
