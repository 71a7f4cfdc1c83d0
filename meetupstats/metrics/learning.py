"""Learning return: takeaways, how many you applied, questions asked, topics, ratings."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook
from meetupstats.metrics._select import (
    as_float,
    attended_in,
    check_year,
    days_between,
    entropy_bits,
    event_hours,
    in_year,
    int_sum,
    is_attended,
    lookup,
    mask,
    mean_or_none,
    median_or_none,
    ratio,
    up_to_year,
)


def normalize_topic(values: pd.Series) -> pd.Series:
    """Topics compared case-insensitively after trimming: ``str.strip().lower()``.

    Missing values and values empty after trimming become missing.
    """
    out = values.astype(object).where(values.notna(), None)
    text = pd.Series(out, dtype=object).str.strip().str.lower()
    return text.where(text.notna() & (text != ""), None)


def event_topics(logbook: Logbook, until_year: int | None = None) -> pd.DataFrame:
    """Topics of every attended event (all years), one row per (event, topic) pair.

    The topics of an attended event are its ``topics`` together with the
    ``topic`` of each of its takeaways (``learnings`` rows), normalized with
    :func:`normalize_topic`; a topic empty after trimming is dropped, and each
    (event, topic) pair appears once however often it was tagged.

    ``until_year`` keeps only events dated up to 31 December of that year.

    Returns
    -------
    DataFrame
        Columns ``event_id``, ``date``, ``topic`` (sorted by date, event_id, topic).
    """
    keep = is_attended(logbook.events)
    if until_year is not None:
        keep &= up_to_year(logbook.events["date"], until_year)
    events = logbook.events.loc[mask(keep), ["event_id", "date", "topics"]]
    tagged = events[["event_id", "topics"]].explode("topics")
    from_events = pd.DataFrame(
        {"event_id": tagged["event_id"].to_numpy(), "topic": tagged["topics"].to_numpy()}
    )
    learnings = logbook.learnings
    learnings = learnings.loc[mask(learnings["event_id"].isin(events["event_id"]))]
    from_learnings = pd.DataFrame(
        {
            "event_id": learnings["event_id"].to_numpy(dtype=object),
            "topic": learnings["topic"].to_numpy(dtype=object),
        }
    )
    pairs = pd.concat([from_events, from_learnings], ignore_index=True)
    pairs["topic"] = normalize_topic(pairs["topic"])
    pairs = pairs.loc[pairs["topic"].notna()]
    dates = pd.Series(events["date"].to_numpy(), index=pd.Index(events["event_id"], dtype=object))
    pairs = pairs.drop_duplicates(["event_id", "topic"])
    pairs = pairs.assign(date=lookup(pairs["event_id"], dates))[["event_id", "date", "topic"]]
    return pairs.sort_values(["date", "event_id", "topic"], kind="stable").reset_index(drop=True)


def year_takeaways(logbook: Logbook, year: int) -> pd.DataFrame:
    """Learnings rows whose event is an attended event of ``year``, with ``event_date``.

    A takeaway of a no-show, skipped or cancelled event is not counted.
    """
    attended = attended_in(logbook.events, year)
    dates = attended.set_index("event_id")["date"]
    rows = logbook.learnings.loc[logbook.learnings["event_id"].isin(dates.index)]
    return rows.assign(event_date=lookup(rows["event_id"], dates))


def learning_metrics(logbook: Logbook, year: int) -> dict[str, Any]:
    """The Learning-return metrics of calendar year ``year``.

    Definitions (DESIGN.md), over the attended events of ``year``:

    - ``takeaways`` — learnings rows whose event is an attended event of ``year``.
    - ``takeaways_per_event`` — takeaways / events_attended.
    - ``takeaways_per_hour`` — takeaways / hours_invested.
    - ``applied_rate`` — takeaways with ``applied_on`` set / takeaways.
    - ``median_days_to_apply`` — median of ``applied_on − event date`` in days
      over applied takeaways.
    - ``questions_asked`` — Σ ``questions_asked`` (missing counts 0).
    - ``asked_share`` — share of attended events with ``questions_asked ≥ 1``.
    - ``distinct_topics`` — number of distinct topics (see :func:`event_topics`).
    - ``topic_entropy_bits`` — Shannon entropy (bits) of the topic counts,
      each (attended event, topic) pair counting once; ``None`` without topics.
    - ``new_topics`` — how many of the year's distinct topics no attended
      event of an earlier year had (a count).
    - ``mean_rating`` — mean ``rating``, unrated events ignored.

    Every ratio with a zero denominator, and every median or mean of nothing,
    is ``None``.
    """
    year = check_year(year)
    attended = attended_in(logbook.events, year)
    n_events = len(attended)
    hours = float(event_hours(attended).sum())
    rows = year_takeaways(logbook, year)
    n_takeaways = len(rows)
    applied = rows.loc[rows["applied_on"].notna()]
    days_to_apply = days_between(applied["applied_on"], applied["event_date"])
    questions = as_float(attended["questions_asked"])
    n_asked = int((np.nan_to_num(questions) >= 1).sum())

    topics = event_topics(logbook, until_year=year)
    this_year = topics.loc[mask(in_year(topics["date"], year))]
    earlier = topics.loc[mask(topics["date"].dt.year < year)]
    distinct = this_year["topic"].unique()
    return {
        "takeaways": n_takeaways,
        "takeaways_per_event": ratio(n_takeaways, n_events),
        "takeaways_per_hour": ratio(n_takeaways, hours),
        "applied_rate": ratio(len(applied), n_takeaways),
        "median_days_to_apply": median_or_none(days_to_apply),
        "questions_asked": int_sum(attended["questions_asked"]),
        "asked_share": ratio(n_asked, n_events),
        "distinct_topics": len(distinct),
        "topic_entropy_bits": entropy_bits(this_year["topic"].value_counts(sort=False)),
        "new_topics": int((~pd.Series(distinct, dtype=object).isin(earlier["topic"])).sum()),
        "mean_rating": mean_or_none(attended["rating"]),
    }
