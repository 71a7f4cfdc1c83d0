"""Networking: the follow-up funnel, introductions, companies, opportunities."""

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
