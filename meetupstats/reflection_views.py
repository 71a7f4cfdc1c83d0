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
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import pandas as pd

from meetupstats import charts, reflection
from meetupstats import reflection_rules as rules
from meetupstats.charts import Chart
from meetupstats.fragments import (
    Html,
    bullets,
    fmt_date,
    fmt_day,
    fmt_number,
    fmt_percent,
    fmt_progress,
    join,
    note,
    paragraph,
    stat_tiles,
    table,
    tag,
)
from meetupstats.reflection import COMPANIONS_MIME, ReportData, metric_label, metric_text

F = TypeVar("F", bound=Callable[..., Any])


def _needs_events(func: F) -> F:
    """Show nothing (not even an empty chart) when the year has no attended event."""

    @functools.wraps(func)
    def wrapper(data: ReportData, *args: Any, **kwargs: Any) -> Any:
        if data.events_attended == 0:
            return Html("")
        return func(data, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _title_fmt(width: int = 70) -> Callable[[Any], str]:
    def fmt(v: Any) -> str:
        s = "–" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v)
        return s if len(s) <= width else s[: width - 1] + "…"

    return fmt


# --------------------------------------------------------------------------- header


def header(data: ReportData) -> Html:
    """The report's title and one line about what it covers."""
    title = reflection.report_title(data.year, data.owner)
    bits = [f"{data.year}, from your meetup logbook"]
    if data.as_of is not None:
        bits.append(f"numbers as of {fmt_day(data.as_of)}")
    if data.anonymized:
        bits.append("contacts anonymized")
    if not data.compare:
        bits.append("no comparison with the year before")
    return join([tag("h1", title), paragraph(" · ".join(bits), cls="ms-meta")])


# --------------------------------------------------------------------------- year at a glance


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
    from meetupstats.metrics import compare_years
    from meetupstats.metrics.summary import LOWER_IS_BETTER

    s = data.summary
    cmp = (
        compare_years(data.book, data.year, as_of=data.as_of).set_index("metric")
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


# --------------------------------------------------------------------------- learning


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


# --------------------------------------------------------------------------- networking


def networking_summary(data: ReportData) -> Html:
    """New contacts, follow-up, kept warm and opportunities, in sentences."""
    s = data.summary
    if data.events_attended == 0 and int(s["new_contacts"]) == 0:
        return note(f"No meetups and no new contacts in {data.year}.")
    funnel = reflection.year_funnel(data).set_index("stage")["count"]
    met = int(funnel.iloc[0])
    if met == 0:
        sentences = [f"You did not log any new contact in {data.year}."]
    else:
        sentences = [
            f"You met {_plural(met, 'new person', 'new people')} "
            f"({metric_text('contacts_per_event', s['contacts_per_event'])} per meetup)."
        ]
        sentences.append(
            f"You connected on LinkedIn with {int(funnel.iloc[1])} within a week "
            f"({fmt_percent(s['connect_rate'])}) and followed up with {int(funnel.iloc[2])} "
            f"within two weeks ({fmt_percent(s['follow_up_rate'])})"
            + (
                f"; your first follow-up came after a median of "
                f"{fmt_number(s['median_follow_up_days'], 0)} days."
                if s.get("median_follow_up_days") is not None
                else "."
            )
        )
        if s.get("kept_warm_rate") is not None:
            sentences.append(
                f"Of the people you met at least 90 days ago, {fmt_percent(s['kept_warm_rate'])} "
                "were still in touch 90 days later."
            )
    opp = int(s["opportunities"])
    sentences.append(
        f"{_plural(opp, 'opportunity', 'opportunities').capitalize()} came through people this year"
        + (
            f", {int(s['opportunities_from_meetups'])} of them from people met at meetups."
            if opp
            else "."
        )
    )
    return paragraph(" ".join(sentences))


@_needs_events
def funnel_chart(data: ReportData) -> Chart:
    """The follow-up funnel of the year's new contacts."""
    return charts.funnel(
        reflection.year_funnel(data),
        title=f"From meeting to opportunity: people you met in {data.year}",
        empty="You did not log any new contact this year, so there is no funnel to show.",
    )


@_needs_events
def event_funnel_table(data: ReportData) -> Html:
    """The funnel per meetup where you met someone."""
    per_event = reflection.event_funnels(data)
    short = {
        "met": "met",
        "connected within 7 days": "connected",
        "followed up within 14 days": "followed up",
        "still in touch after 90 days": "in touch",
        "brought an opportunity": "opportunity",
    }
    return join(
        [
            tag("h3", "The funnel per meetup"),
            table(
                per_event.rename(columns=short),
                formats={"date": fmt_date, "title": _title_fmt(60)},
                caption="People met at each meetup: connected on LinkedIn within 7 days, "
                "followed up within 14 days, still in touch after 90 days, brought an opportunity.",
                empty="You did not log meeting anyone at this year's meetups.",
            ),
        ]
    )


@_needs_events
def introductions_table(data: ReportData) -> Html:
    """Who introduced you to whom this year."""
    intro = reflection.introductions(data)
    text: object
    if intro.empty:
        text = note("Nobody you met this year came through an introduction.")
    else:
        by = intro["introduced_by"].value_counts()
        text = paragraph(
            f"{_plural(by.size, 'person', 'people')} introduced you to "
            f"{_plural(len(intro), 'new contact')} this year."
        )
    return join(
        [
            tag("h3", "Introductions"),
            text,
            table(
                intro.rename(
                    columns={
                        "introduced_by": "introduced by",
                        "met_on": "met on",
                        "met_at": "met at",
                    }
                ),
                formats={"met on": fmt_date, "met at": _title_fmt(50)},
                empty="",
            )
            if not intro.empty
            else Html(""),
        ]
    )


@_needs_events
def company_chart(data: ReportData) -> Html:
    """Where the year's new contacts work, and how diverse that is."""
    mix = reflection.company_mix(data)
    s = data.summary
    if mix.empty:
        return join(
            [
                tag("h3", "Company diversity"),
                note("No company is recorded for this year's new contacts."),
            ]
        )
    total = int(mix["contacts"].sum())
    distinct = len(reflection.company_mix(data, n=10_000))
    top = mix.iloc[0]
    sentence = paragraph(
        f"Your new contacts with a known company work at {_plural(distinct, 'company', 'companies')}; "
        f"the most, {int(top['contacts'])} of {total}, at {top['company']}. "
        f"Company diversity: {metric_text('company_entropy_bits', s.get('company_entropy_bits'))} bits "
        "(0 = everyone from one company; each extra bit doubles the effective number of companies)."
    )
    chart = charts.bars(
        mix,
        label="company",
        value="contacts",
        title=f"Where the people you met in {data.year} work",
        value_label="new contacts",
        horizontal=True,
        integer=True,
    )
    return join([tag("h3", "Company diversity"), sentence, chart.html()])


@_needs_events
def opportunity_table(data: ReportData) -> Html:
    """The contacts who brought this year's opportunities."""
    opp = reflection.opportunity_contacts(data)
    return join(
        [
            tag("h3", "The people behind your opportunities"),
            table(
                opp.rename(columns={"met_at": "met at", "met_on": "met on"}),
                formats={"met on": fmt_date, "met at": _title_fmt(50)},
                empty="No opportunity (job lead, referral, invitation, collaboration, mentoring, client) was logged this year.",
                max_rows=12,
            ),
        ]
    )


# --------------------------------------------------------------------------- where it pays


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


# --------------------------------------------------------------------------- career ladder


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


# --------------------------------------------------------------------------- goals


def goals_summary(data: ReportData) -> Html:
    """Progress against goals.yml, as a table."""
    goals = rules.goals_table(data)
    if goals.empty:
        return note(
            f"You set no goals for {data.year} in goals.yml. The suggestions below are a place to start."
        )
    reached = int(goals["reached"].fillna(False).astype(bool).sum())
    return join(
        [
            paragraph(
                f"You reached {reached} of your {_plural(len(goals), 'goal')} for {data.year}."
            ),
            table(
                pd.DataFrame(
                    {
                        "goal": goals["goal"],
                        "target": [
                            metric_text(m, v)
                            for m, v in zip(goals["metric"], goals["target"], strict=True)
                        ],
                        "actual": [
                            metric_text(m, v)
                            for m, v in zip(goals["metric"], goals["actual"], strict=True)
                        ],
                        "reached": [fmt_progress(v) for v in goals["share"]],
                        "done": [
                            "–" if v is None or v is pd.NA else ("yes" if v else "not yet")
                            for v in goals["reached"]
                        ],
                    }
                ),
            ),
        ]
    )


def goals_chart(data: ReportData) -> Chart | Html:
    """Goal progress bars (nothing when there are no goals)."""
    goals = rules.goals_table(data)
    if goals.empty:
        return Html("")
    return charts.progress(
        goals, title=f"Progress towards your {data.year} goals", empty="No goal could be measured."
    )


def suggestions(data: ReportData) -> Html:
    """Suggested goals for next year, and the goals.yml lines to copy."""
    goals = rules.suggested_goals(data)
    if goals.empty:
        return note("Log a few meetups first; suggestions follow from your numbers.")
    shown = pd.DataFrame(
        {
            "goal": goals["goal"],
            f"{data.year}": [
                metric_text(m, v) for m, v in zip(goals["metric"], goals["now"], strict=True)
            ],
            f"target {data.year + 1}": [
                metric_text(m, v) for m, v in zip(goals["metric"], goals["target"], strict=True)
            ],
            "why": goals["why"],
        }
    )
    return join(
        [
            tag("h3", f"Suggested goals for {data.year + 1}"),
            table(shown),
            paragraph("To track them, add these lines to goals.yml in your logbook folder:"),
            tag("pre", rules.goals_yaml(data.year + 1, goals)),
        ]
    )


# --------------------------------------------------------------------------- prompts


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


class Companions:
    """The report's companion files, carried out of the kernel by a display output.

    Shown in a notebook it is invisible (empty HTML); ``meetupstats report``
    takes it out of the executed notebook (:data:`COMPANIONS_MIME`) and writes
    ``<stem>.json`` and ``<stem>-card.png`` beside the HTML, so the card is
    drawn where matplotlib is already loaded and the summary already computed.
    """

    def __init__(self, summary_json: str, card_png: bytes) -> None:
        self.summary_json = summary_json
        self.card_png = card_png

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        import base64

        payload = {
            "summary_json": self.summary_json,
            "card_png": base64.b64encode(self.card_png).decode("ascii"),
        }
        return {"text/html": "", COMPANIONS_MIME: payload}


def companions(data: ReportData) -> Companions:
    """The ``summary --json`` text of the year and its share card PNG (aggregates only)."""
    import json

    text = json.dumps(data.summary, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    card = reflection.share_card(data.summary)
    return Companions(text, card.png or b"")


def footer(data: ReportData) -> Html:
    """How to read the report, in one small paragraph."""
    return paragraph(
        "Made with meetupstats from your own logbook; nothing left your computer. "
        "Definitions of every number: docs/metrics.md in meetupstats. "
        "Every number of the year, unrounded, is in the .json file beside this report.",
        cls="ms-meta",
    )
