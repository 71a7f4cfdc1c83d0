"""The deterministic rules of the reflection report: goals and reflection prompts.

Every rule reads numbers that :mod:`meetupstats.metrics` and
:mod:`meetupstats.reflection` computed and cites the number that triggered it;
nothing here reads a file or the clock, so the same logbook always gives the
same suggestions.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from meetupstats import schema
from meetupstats.reflection import (
    ReportData,
    _memoized,
    metric_label,
    returns_by,
    year_funnel,
)

# --------------------------------------------------------------------------- goals


@_memoized
def goals_table(data: ReportData) -> pd.DataFrame:
    """:func:`~meetupstats.metrics.goal_progress` of the year with a readable ``goal`` label.

    Returns
    -------
    DataFrame
        ``metric``, ``goal`` (the metric in words), ``target``, ``actual``, ``share``
        (0–1, NaN when unknown), ``reached`` (bool or NA).
    """
    from meetupstats.metrics.summary import progress_towards

    g = progress_towards(data.book.goals.get(data.year, {}), data.summary)
    return pd.DataFrame(
        {
            "metric": g["metric"].to_numpy(dtype=object),
            "goal": [metric_label(m) for m in g["metric"]],
            "target": g["target"].to_numpy(dtype=object),
            "actual": g["actual"].to_numpy(dtype=object),
            "share": g["share_reached"].to_numpy(dtype="float64"),
            "reached": g["reached"].to_numpy(dtype=object),
        }
    )


def suggested_goals(data: ReportData) -> pd.DataFrame:
    """Goals for next year, derived deterministically from this year's numbers.

    Rules (each only when its metric is known):

    - ``events_attended``: this year's count (keep the pace), at least 4;
    - ``asked_share``: +0.2 (to at most 1.0) when below 0.8;
    - ``follow_up_rate``: +0.15 (to at most 0.8) when below 0.8;
    - ``applied_rate``: +0.1 (to at most 0.6) when below 0.6;
    - ``kept_warm_rate``: +0.1 (to at most 0.6) when below 0.6;
    - ``talks_given``: one more than this year once you ask questions
      (ladder stage asker or higher);
    - ``events_organized``: 1 when you have spoken but never organized.

    Shares are rounded to 0.05.

    Returns
    -------
    DataFrame
        ``metric`` (a goals.yml key), ``goal`` (in words), ``now`` (this
        year's value), ``target``, ``why``.
    """
    s = data.summary
    rows: list[dict[str, Any]] = []

    def add(metric: str, target: float, why: str) -> None:
        rows.append(
            {
                "metric": metric,
                "goal": metric_label(metric),
                "now": s.get(metric),
                "target": target,
                "why": why,
            }
        )

    def raise_share(metric: str, step: float, ceiling: float, why: str) -> None:
        value = s.get(metric)
        if value is not None and value < ceiling:
            add(metric, _round_share(min(value + step, ceiling)), why)

    n = int(s["events_attended"])
    if n:
        add("events_attended", max(n, 4), f"you went to {n} this year; keep the pace")
        raise_share("asked_share", 0.2, 1.0, "asking is the first rung of the ladder")
    raise_share(
        "follow_up_rate", 0.15, 0.8, "a quick follow-up is what turns a chat into a contact"
    )
    raise_share("applied_rate", 0.1, 0.6, "a takeaway only pays once you use it")
    raise_share("kept_warm_rate", 0.1, 0.6, "a yearly check-in keeps a tie alive")
    stage = s.get("ladder_stage")
    rank = schema.LADDER_STAGES.index(stage) if stage in schema.LADDER_STAGES else 0
    if rank >= schema.LADDER_STAGES.index("asker"):
        talks = int(s.get("talks_given") or 0)
        add(
            "talks_given",
            talks + 1,
            "a lightning talk is the next rung" if talks == 0 else "one more talk than this year",
        )
    first_talk = s["milestones"].get("first_talk")
    if first_talk and not s["milestones"].get("first_organized"):
        add("events_organized", 1, "you have spoken; co-organizing one is the top rung")
    return pd.DataFrame(rows, columns=["metric", "goal", "now", "target", "why"])


def goals_yaml(year: int, goals: pd.DataFrame) -> str:
    """``goals`` (from :func:`suggested_goals`) as a ``goals.yml`` block for ``year``."""
    lines = [f"{year}:"]
    for metric, target in zip(goals["metric"], goals["target"], strict=True):
        value = f"{target:g}" if isinstance(target, float) else str(target)
        lines.append(f"  {metric}: {value}")
    return "\n".join(lines) + "\n"


def _round_share(x: float) -> float:
    return round(round(x / 0.05) * 0.05, 2)


# --------------------------------------------------------------------------- prompts


def reflection_prompts(data: ReportData) -> list[dict[str, str]]:
    """Questions to reflect on, from deterministic rules over the year's numbers.

    Each prompt cites the number that triggered it. Rules, in this order:

    1. asked at fewer than half of ≥ 3 events → prepare one question;
    2. ``follow_up_rate`` < 0.5 (≥ 3 new contacts) → follow up within two days;
       ≥ 0.7 → keep it;
    3. ``applied_rate`` < 0.3 (≥ 3 takeaways) → pick one takeaway to try;
    4. ``show_up_rate`` < 0.8 → sign up more selectively;
    5. the best format per hour returned at least twice the worst (each
       with ≥ 2 events) → more of the best;
    6. events with energy cost ≥ 4 and no return → which to skip;
    7. ``kept_warm_rate`` < 0.3 → a quarterly check-in;
    8. no new topic (≥ 3 events) → one event outside your field;
    9. asked at ≥ half of the events but no talk yet → a lightning talk;
       spoke but never organized → co-organize;
    10. ``mean_rating`` fell by ≥ 0.5 against the previous year (when comparing).

    Returns
    -------
    list of dict
        ``prompt`` and ``because`` (plain text).
    """
    s, out = data.summary, []
    n = int(s["events_attended"])
    if n == 0:
        return []
    r = data.year_returns
    asked_at = int((r["questions"].fillna(0) >= 1).sum())
    if n >= 3 and asked_at < n / 2:
        out.append(
            _prompt(
                "Before the next meetup, write down one question for the speaker. What stopped you asking this year?",
                f"you asked a question at {asked_at} of {n} events",
            )
        )
    funnel = year_funnel(data).set_index("stage")["count"]
    met, followed = int(funnel.iloc[0]), int(funnel.iloc[2])
    rate = s.get("follow_up_rate")
    if rate is not None and met >= 3 and rate < 0.5:
        out.append(
            _prompt(
                "Who did you mean to write to and never did? Try sending a short message within two days of meeting someone.",
                f"you followed up with {followed} of {met} new contacts within two weeks ({rate:.0%})",
            )
        )
    elif rate is not None and met >= 3 and rate >= 0.7:
        out.append(
            _prompt(
                "Your follow-up habit works. Which conversation from this year do you want to take further?",
                f"you followed up with {followed} of {met} new contacts within two weeks ({rate:.0%})",
            )
        )
    applied, takeaways = int(r["applied_takeaways"].sum()), int(s["takeaways"] or 0)
    if takeaways >= 3 and (s.get("applied_rate") or 0) < 0.3:
        out.append(
            _prompt(
                "Pick one takeaway from each meetup and put a date on trying it. Which one from this year is still worth doing?",
                f"you applied {applied} of {takeaways} takeaways",
            )
        )
    show = s.get("show_up_rate")
    if show is not None and show < 0.8:
        events = data.book.events
        in_year = events["date"].dt.year == data.year
        no_show = int((in_year & (events["status"] == "no-show")).sum())
        out.append(
            _prompt(
                "Sign up only for what you would still go to on a rainy evening. What made you skip?",
                f"you missed {no_show} of the {no_show + n} events you signed up for ({show:.0%} show-up rate)",
            )
        )
    fmt = returns_by(data, "format")
    fmt = fmt.loc[(fmt["events"] >= 2) & fmt["per_hour"].notna()]
    if len(fmt) >= 2:
        best, worst = fmt.iloc[0], fmt.iloc[-1]
        if worst["per_hour"] > 0 and best["per_hour"] >= 2 * worst["per_hour"]:
            out.append(
                _prompt(
                    f"Could you swap a {worst['value']} meetup for a {best['value']} one next year?",
                    f"{best['value']} events returned {best['per_hour']:.2f} points per hour, "
                    f"{worst['value']} events {worst['per_hour']:.2f}",
                )
            )
    drained = r.loc[(r["energy"] >= 4) & (r["return"] == 0)]
    if len(drained):
        out.append(
            _prompt(
                "Which of the draining events would you skip next time, and what would you do with that evening?",
                f"{len(drained)} event{'s' if len(drained) != 1 else ''} cost you 4 or 5 energy points and returned nothing you recorded",
            )
        )
    warm = s.get("kept_warm_rate")
    if warm is not None and warm < 0.3:
        out.append(
            _prompt(
                "Put a quarterly reminder in your calendar to check in with three people you met.",
                f"only {warm:.0%} of the contacts you met more than 90 days ago were still in touch after 90 days",
            )
        )
    if n >= 3 and int(s.get("new_topics") or 0) == 0:
        out.append(
            _prompt(
                "Try one meetup outside your field next year. What topic are you curious about?",
                f"none of this year's {s.get('distinct_topics') or 0} topics was new to you",
            )
        )
    m = s["milestones"]
    if asked_at >= n / 2 and not m.get("first_talk"):
        out.append(
            _prompt(
                "You already speak up at most meetups. What would a five-minute lightning talk of yours be about?",
                f"you asked questions at {asked_at} of {n} events and have not given a talk yet",
            )
        )
    elif m.get("first_talk") and not m.get("first_organized"):
        out.append(
            _prompt(
                "Which community could use a co-organizer like you?",
                f"you gave your first talk on {m['first_talk']} and have not organized an event yet",
            )
        )
    now_rating, before = s.get("mean_rating"), data.previous.get("mean_rating")
    if (
        data.has_previous
        and now_rating is not None
        and before is not None
        and now_rating <= before - 0.5
    ):
        out.append(
            _prompt(
                "Meetups felt less worthwhile than the year before. What changed: the events, or what you want from them?",
                f"your mean rating fell from {before:.1f} to {now_rating:.1f}",
            )
        )
    return out


def _prompt(prompt: str, because: str) -> dict[str, str]:
    return {"prompt": prompt, "because": because}
