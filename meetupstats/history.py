"""Whole-history tables for the exploration notebook (``notebooks/explore.ipynb``).

Pure functions over a :class:`~meetupstats.logbook.Logbook` or the ledgers of
:mod:`meetupstats.metrics`; they return DataFrames ready to look at (pandas
escapes cell text when a notebook shows them as HTML).
"""

from __future__ import annotations

import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook


def attendance_by_quarter(book: Logbook) -> pd.DataFrame:
    """Events per calendar quarter and status, over the whole logbook.

    Returns
    -------
    DataFrame
        ``quarter`` (``2024Q3``) and one count column per status of
        :data:`meetupstats.schema.STATUSES`; every quarter from the first to
        the last event, empty quarters included.
    """
    events = book.events.dropna(subset=["date"])
    columns = ["quarter", *schema.STATUSES]
    if events.empty:
        return pd.DataFrame(columns=columns)
    quarter = events["date"].dt.to_period("Q")
    table = pd.crosstab(quarter, events["status"].astype(str))
    full = pd.period_range(quarter.min(), quarter.max(), freq="Q")
    table = table.reindex(index=full, columns=list(schema.STATUSES), fill_value=0)
    out = table.reset_index(names="quarter")
    out["quarter"] = out["quarter"].astype(str)
    return out[columns]


def community_table(book: Logbook) -> pd.DataFrame:
    """Per community: attended events, first and last visit, mean rating, return.

    Returns
    -------
    DataFrame
        ``community`` (``(none)`` when empty), ``events``, ``first``,
        ``last``, ``mean_rating``, ``return`` (Σ of
        :func:`~meetupstats.metrics.event_returns` ``return``),
        ``return_per_hour`` (Σ return / Σ hours); most events first.
    """
    from meetupstats.metrics import event_returns

    r = event_returns(book)
    r = r.assign(community=r["community"].fillna("(none)").astype(str))
    grouped = r.groupby("community", sort=True).agg(
        events=("event_id", "size"),
        first=("date", "min"),
        last=("date", "max"),
        mean_rating=("rating", "mean"),
        ret=("return", "sum"),
        hours=("hours", "sum"),
    )
    grouped["return_per_hour"] = grouped["ret"].where(grouped["hours"] > 0) / grouped[
        "hours"
    ].where(grouped["hours"] > 0)
    out = grouped.rename(columns={"ret": "return"}).drop(columns="hours").reset_index()
    return out.sort_values(
        ["events", "community"], ascending=[False, True], kind="stable"
    ).reset_index(drop=True)


def topic_evolution(book: Logbook, n: int = 15) -> pd.DataFrame:
    """Attended events per topic and year, for the ``n`` topics seen at most events.

    Returns
    -------
    DataFrame
        Indexed by ``topic``; one column per year; most frequent topics first.
    """
    from meetupstats.metrics import event_topics

    topics = event_topics(book)
    if topics.empty:
        return pd.DataFrame(index=pd.Index([], name="topic"))
    table = pd.crosstab(topics["topic"], topics["date"].dt.year)
    order = table.sum(axis=1).sort_values(ascending=False, kind="stable").index
    table = table.loc[order].head(n)
    table.columns.name = "year"
    return table


def top_events(returns: pd.DataFrame, n: int = 15) -> pd.DataFrame:
    """The ``n`` events with the highest return per hour, over all years.

    ``returns`` is :func:`~meetupstats.metrics.event_returns`.
    """
    cols = [
        "date",
        "title",
        "community",
        "format",
        "channel",
        "hours",
        "energy",
        "rating",
        "takeaways",
        "contacts_followed_up",
        "opportunities",
        "return",
        "return_per_hour",
    ]
    ranked = returns.sort_values(
        ["return_per_hour", "date"], ascending=[False, True], na_position="last", kind="stable"
    )
    return ranked[cols].head(n).reset_index(drop=True)


def ledger_view(ledger: pd.DataFrame) -> pd.DataFrame:
    """The contact ledger, strongest ties first, with the columns worth reading.

    ``ledger`` is :func:`~meetupstats.metrics.contact_ledger`.
    """
    cols = [
        "name",
        "company",
        "met_on",
        "met_event_title",
        "introduced_by_name",
        "first_follow_up_days",
        "interactions",
        "last_interaction",
        "days_since",
        "opportunities",
        "tie_strength",
    ]
    return (
        ledger.sort_values(["tie_strength", "name"], ascending=[False, True], kind="stable")[cols]
        .reset_index(drop=True)
        .round({"tie_strength": 2})
    )


def metrics_by_year(book: Logbook, as_of: object = None) -> pd.DataFrame:
    """Every metric of :data:`meetupstats.schema.METRIC_NAMES`, one column per year with events.

    Returns
    -------
    DataFrame
        Indexed by metric name; one column per calendar year from the first
        to the last event.
    """
    from meetupstats.metrics import yearly_summary

    dates = book.events["date"].dropna()
    if dates.empty:
        return pd.DataFrame(index=pd.Index(schema.METRIC_NAMES, name="metric"))
    years = range(int(dates.min().year), int(dates.max().year) + 1)
    columns = {y: yearly_summary(book, y, as_of=as_of) for y in years}
    return pd.DataFrame(
        {y: [s[m] for m in schema.METRIC_NAMES] for y, s in columns.items()},
        index=pd.Index(schema.METRIC_NAMES, name="metric"),
    )
