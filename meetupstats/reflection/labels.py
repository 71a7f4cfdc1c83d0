"""Metric names in words, metric values as display text, and the year's share card."""

from __future__ import annotations

import math
from typing import Any

_LABELS = {
    "events_attended": "events attended",
    "hours_invested": "hours invested",
    "money_spent": "money spent",
    "energy_spent": "energy spent (points)",
    "show_up_rate": "show-up rate",
    "takeaways": "takeaways",
    "takeaways_per_event": "takeaways per event",
    "takeaways_per_hour": "takeaways per hour",
    "applied_rate": "takeaways applied",
    "median_days_to_apply": "median days to apply",
    "questions_asked": "questions asked",
    "asked_share": "events where you asked",
    "distinct_topics": "distinct topics",
    "topic_entropy_bits": "topic diversity (bits)",
    "new_topics": "new topics",
    "mean_rating": "mean rating (1–5)",
    "new_contacts": "new contacts",
    "contacts_per_event": "contacts per event",
    "contacts_per_hour": "contacts per hour",
    "connect_rate": "connected within 7 days",
    "follow_up_rate": "followed up within 14 days",
    "median_follow_up_days": "median days to follow up",
    "kept_warm_rate": "still in touch after 90 days",
    "introduced_contacts": "contacts introduced to you",
    "opportunities": "opportunities",
    "opportunities_from_meetups": "opportunities from meetup contacts",
    "company_entropy_bits": "company diversity (bits)",
    "contacts_per_energy": "contacts per energy point",
    "talks_given": "talks given",
    "events_organized": "events organized",
    "ladder_stage": "ladder stage",
}

#: Metrics that are shares (0–1), shown as percentages.
SHARE_METRICS = frozenset(
    {
        "show_up_rate",
        "applied_rate",
        "asked_share",
        "connect_rate",
        "follow_up_rate",
        "kept_warm_rate",
    }
)


def metric_label(metric: str) -> str:
    """A metric name in words (``follow_up_rate`` → ``followed up within 14 days``)."""
    return _LABELS.get(metric, metric.replace("_", " "))


def metric_text(metric: str, value: object) -> str:
    """A metric value as display text: shares as percentages, numbers rounded, None as a dash."""
    from meetupstats.fragments import fmt_number, fmt_percent

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if isinstance(value, str):
        return value
    if metric in SHARE_METRICS:
        return fmt_percent(value)
    if metric in {"hours_invested", "money_spent"}:
        return fmt_number(value, 0) if float(value) >= 100 else fmt_number(value, 1)  # type: ignore[arg-type]
    return fmt_number(value, 2)


def share_card(summary: dict[str, Any]) -> Any:
    """The share card of the year: aggregate numbers only (see :func:`meetupstats.charts.share_card`)."""
    from meetupstats.charts import share_card as draw

    s = summary
    n = int(s["events_attended"])
    applied = s.get("applied_rate")
    takeaways = int(s.get("takeaways") or 0)
    tiles = [
        (f"{n}", "meetups attended"),
        (metric_text("hours_invested", s["hours_invested"]), "hours invested"),
        (
            f"{takeaways}",
            "takeaways"
            + (f", {round(applied * takeaways)} applied" if applied is not None else ""),
        ),
        (f"{int(s['new_contacts'])}", "new contacts"),
        (metric_text("follow_up_rate", s.get("follow_up_rate")), "followed up within 14 days"),
        (f"{int(s['opportunities'])}", "opportunities"),
    ]
    bits = [f"ladder stage: {s['ladder_stage']}"]
    if s.get("talks_given"):
        bits.append(f"{s['talks_given']} talk{'s' if s['talks_given'] != 1 else ''} given")
    if s.get("events_organized"):
        bits.append(f"{s['events_organized']} organized")
    if s.get("mean_rating") is not None:
        bits.append(f"rated {s['mean_rating']:.1f}/5 on average")
    return draw(int(s["year"]), tiles, headline=" · ".join(bits), footer="made with meetupstats")
