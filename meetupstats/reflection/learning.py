"""Learning: the year's topics, the events that taught most, the takeaways applied."""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats.reflection.base import ReportData


def topic_table(data: ReportData) -> pd.DataFrame:
    """The topics of the year's attended events, most frequent first.

    Returns
    -------
    DataFrame
        ``topic``; ``events`` — attended events of the year with that topic
        (the topic rule of ``distinct_topics``); ``new`` — True when no
        attended event of an earlier year had it (the rule of ``new_topics``).
    """
    from meetupstats.metrics import event_topics

    topics = event_topics(data.book)
    year = topics["date"].dt.year
    now = topics.loc[year == data.year]
    earlier = set(topics.loc[year < data.year, "topic"])
    counts = now["topic"].value_counts()
    out = pd.DataFrame({"topic": counts.index.astype(object), "events": counts.to_numpy()})
    out["new"] = ~out["topic"].isin(earlier)
    return out.sort_values(["events", "topic"], ascending=[False, True], kind="stable").reset_index(
        drop=True
    )


def best_learning_events(data: ReportData, n: int = 5) -> pd.DataFrame:
    """The year's events that taught most per hour: ``learning_return / hours``.

    ``learning_return`` is one point per takeaway plus one per applied
    takeaway (:func:`~meetupstats.metrics.event_returns`). Events with no
    learning return, or no recorded hours, are left out.

    Returns
    -------
    DataFrame
        ``date``, ``title``, ``takeaways``, ``applied``, ``hours``,
        ``per_hour`` — at most ``n`` rows, best first.
    """
    r = data.year_returns
    r = r.loc[(r["learning_return"] > 0) & (r["hours"] > 0)]
    out = pd.DataFrame(
        {
            "date": r["date"],
            "title": r["title"],
            "takeaways": r["takeaways"],
            "applied": r["applied_takeaways"],
            "hours": r["hours"],
            "per_hour": r["learning_return"] / r["hours"],
        }
    )
    return out.sort_values(["per_hour", "date"], ascending=[False, True], kind="stable").head(n)


def applied_takeaways(data: ReportData, n: int = 8) -> pd.DataFrame:
    """Takeaways of the year's attended events that you put into practice, quickest first.

    Returns
    -------
    DataFrame
        ``takeaway``, ``event`` (title), ``applied_on``, ``days`` (applied_on − event date).
    """
    r = data.year_returns.set_index("event_id")
    lrn = data.book.learnings
    lrn = lrn.loc[lrn["event_id"].isin(r.index) & lrn["applied_on"].notna()]
    event_date = r["date"].reindex(lrn["event_id"].to_numpy()).to_numpy()
    out = pd.DataFrame(
        {
            "takeaway": lrn["takeaway"].to_numpy(dtype=object),
            "event": r["title"].reindex(lrn["event_id"].to_numpy()).to_numpy(dtype=object),
            "applied_on": lrn["applied_on"].to_numpy(),
            "days": (lrn["applied_on"].to_numpy() - event_date) / np.timedelta64(1, "D"),
        }
    )
    return out.sort_values(["days", "applied_on"], kind="stable").head(n).reset_index(drop=True)
