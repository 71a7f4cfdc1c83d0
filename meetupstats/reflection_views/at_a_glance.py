"""Year at a glance: the headline numbers, this time last year, meetups per month."""

from __future__ import annotations

import pandas as pd

from meetupstats import charts, reflection
from meetupstats.charts import Chart
from meetupstats.fragments import (
    Html,
    bullets,
    fmt_day,
    fmt_number,
    join,
    paragraph,
    stat_tiles,
    tag,
)
from meetupstats.reflection import ReportData, metric_label, metric_text
from meetupstats.reflection_views.base import _needs_events, _plural


def glance(data: ReportData) -> Html:
    """Headline sentence and numbers of the year, with the change against the year before."""
    s = data.summary
    n = data.events_attended
    if n == 0:
        return tag(
            "p",
            f"You did not attend any meetup in {data.year}, so there is nothing to reflect on "
            "for this year yet. Log the events you go to in events.csv (or import your "
            "calendar) and render the report again.",
            cls="ms-empty-year",
        )
    hours = metric_text("hours_invested", s["hours_invested"])
    lead = [
        f"In {data.year} you went to {_plural(n, 'meetup')} and invested {hours} hours "
        f"in them, travel included."
    ]
    money = s.get("money_spent") or 0
    if money:
        lead.append(f"Tickets and travel cost {money:,.2f} (in your currency).")
    lead.append(
        f"You came back with {_plural(int(s['takeaways']), 'takeaway')} and "
        f"{_plural(int(s['new_contacts']), 'new contact')}, and "
        f"{_plural(int(s['opportunities']), 'opportunity', 'opportunities')} came your way."
    )
    if data.has_previous:
        before = int(data.previous["events_attended"])
        diff = n - before
        if diff:
            lead.append(
                f"That is {_plural(abs(diff), 'meetup')} {'more' if diff > 0 else 'fewer'} "
                f"than in {data.year - 1} ({before})."
            )
        else:
            lead.append(f"As many meetups as in {data.year - 1}.")
    return join([paragraph(" ".join(lead), cls="ms-lead"), stat_tiles(_tiles(data))])


_TILES = (
    "events_attended",
    "hours_invested",
    "takeaways",
    "applied_rate",
    "new_contacts",
    "follow_up_rate",
    "opportunities",
    "mean_rating",
)


def _tiles(data: ReportData) -> list[dict[str, object]]:
    from meetupstats.metrics.summary import LOWER_IS_BETTER, compare_summaries

    s = data.summary
    cmp = (
        compare_summaries(data.previous, data.summary).set_index("metric")
        if data.has_previous
        else None
    )
    tiles: list[dict[str, object]] = []
    for metric in _TILES:
        tile: dict[str, object] = {
            "label": metric_label(metric),
            "value": metric_text(metric, s.get(metric)),
        }
        if cmp is not None and metric in cmp.index:
            row = cmp.loc[metric]
            sign = -1 if metric in LOWER_IS_BETTER else 1
            prev_year = data.year - 1
            if bool(row["per_event"]) and metric != "events_attended":
                now, before = row["current_per_event"], row["previous_per_event"]
                delta = row["per_event_change"]
                detail = (
                    f"{fmt_number(now, 1)} per event ({fmt_number(before, 1)} in {prev_year})"
                    if pd.notna(now) and pd.notna(before)
                    else ""
                )
            else:
                delta = row["change"]
                before = row["previous"]
                detail = (
                    f"{_signed(metric, delta)} vs {prev_year}"
                    if pd.notna(delta)
                    else f"– in {prev_year}"
                )
            tile["detail"] = detail
            tile["tone"] = (
                "flat"
                if pd.isna(delta) or abs(delta) < 1e-9
                else ("up" if sign * delta > 0 else "down")
            )
        tiles.append(tile)
    return tiles


def _signed(metric: str, delta: float) -> str:
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    if metric in reflection.SHARE_METRICS:
        return f"{sign}{abs(delta) * 100:.0f} points"
    return sign + fmt_number(abs(delta), 1)


def last_year(data: ReportData) -> Html:
    """ "This time last year": what you were doing a year ago, and how far you came since."""
    if not data.compare:
        return Html("")
    t = reflection.this_time_last_year(data)
    then = fmt_day(t["date"])
    events: pd.DataFrame = t["events"]
    parts: list[object] = [tag("h3", "This time last year")]
    if not events.empty:
        parts.append(
            paragraph(
                f"In the {reflection.LAST_YEAR_WEEKS} weeks up to {then} you went to "
                f"{_plural(len(events), 'meetup')}:"
            )
        )
        items = [
            join(
                [
                    tag("strong", str(e.title)),
                    f" ({fmt_day(e.date)}"
                    + (f", {e.community}" if isinstance(e.community, str) and e.community else "")
                    + (f", as {e.role}" if str(e.role) != "attendee" else "")
                    + ")",
                ]
            )
            for e in events.itertuples(index=False)
        ]
        parts.append(bullets(items))
    elif t["last_before"] is not None:
        last = t["last_before"]
        parts.append(
            paragraph(
                f"In the {reflection.LAST_YEAR_WEEKS} weeks up to {then} you were at no meetup; "
                "the one before was ",
                tag("strong", str(last["title"])),
                f" on {fmt_day(last['date'])}.",
            )
        )
    else:
        parts.append(paragraph(f"On {then} you had not been to a meetup yet."))
    parts.append(
        paragraph(
            f"Your ladder stage then: {t['stage_then']}; at the end of {data.year}: "
            f"{data.summary['ladder_stage']}. Since then you went to "
            f"{_plural(t['events_since'], 'meetup')} and met "
            f"{_plural(t['contacts_since'], 'new person', 'new people')}."
        )
    )
    return join(parts)


@_needs_events
def monthly_chart(data: ReportData) -> Chart:
    """Attended events per month, beside the year before when comparing."""
    monthly = reflection.monthly_attendance(data)
    compare = data.has_previous
    return charts.bars(
        monthly,
        label="month",
        value="events",
        title=f"Meetups attended per month, {data.year}",
        value_label="events attended",
        label_axis="month",
        integer=True,
        compare="previous" if compare else None,
        compare_name=str(data.year - 1),
        value_name=str(data.year),
    )
