"""Where it pays: return per hour and per energy point, the best and worst meetups."""

from __future__ import annotations

from meetupstats import charts, reflection
from meetupstats.charts import Chart
from meetupstats.fragments import Html, fmt_date, fmt_number, join, note, paragraph, table, tag
from meetupstats.reflection import ReportData
from meetupstats.reflection_views.base import _needs_events, _plural, _title_fmt


def pays_summary(data: ReportData) -> Html:
    """How "return" is counted, and the best channel/format per hour."""
    if data.events_attended == 0:
        return note(f"No meetups in {data.year} to compare.")
    r = data.year_returns
    total, hours = int(r["return"].sum()), float(r["hours"].sum())
    sentences = [
        "Return points: one per takeaway, one more per takeaway applied, one per person you "
        "followed up within 14 days, and one per opportunity through the people you met there.",
        f"This year's meetups returned {_plural(total, 'point')} for {fmt_number(hours, 1)} hours"
        + (f" ({fmt_number(total / hours, 2)} per hour)." if hours else "."),
    ]
    for dim in ("format", "channel"):
        by = reflection.returns_by(data, dim)
        by = by.loc[by["per_hour"].notna()]
        if len(by) >= 2:
            best = by.iloc[0]
            sentences.append(
                f"Best {dim} per hour: {best['value']} ({fmt_number(best['per_hour'], 2)} points per hour "
                f"over {_plural(int(best['events']), 'event')})."
            )
    return paragraph(" ".join(sentences))


@_needs_events
def returns_chart(data: ReportData) -> Chart:
    """Return per hour and per energy point by channel, format, style and access."""
    from meetupstats import schema

    panels = {}
    for dim in schema.BREAKDOWN_DIMENSIONS:
        by = reflection.returns_by(data, dim)
        panels[dim] = by.assign(
            label=[f"{v} ({n})" for v, n in zip(by["value"], by["events"], strict=True)]
        )
    return charts.panel_grid(
        panels,
        label="label",
        values=[
            ("per_hour", "return points per hour"),
            ("per_energy", "… per energy point"),
        ],
        title="What paid back (number of events in brackets)",
        empty="No channel, format, style or access is recorded for this year's meetups.",
    )


@_needs_events
def best_worst(data: ReportData) -> Html:
    """The year's best and worst meetups by return per hour."""
    best, worst = reflection.best_and_worst_events(data)
    formats = {
        "date": fmt_date,
        "title": _title_fmt(55),
        "community": _title_fmt(30),
        "hours": lambda v: fmt_number(v, 1),
        "per hour": lambda v: fmt_number(v, 2),
    }
    rename = {"per_hour": "per hour"}
    return join(
        [
            tag("h3", "Best meetups of the year (return per hour)"),
            table(
                best.rename(columns=rename), formats=formats, empty="No meetup with recorded hours."
            ),
            tag("h3", "Least rewarding"),
            table(
                worst.rename(columns=rename),
                formats=formats,
                empty="Too few meetups with recorded hours to name the least rewarding.",
            ),
        ]
    )
