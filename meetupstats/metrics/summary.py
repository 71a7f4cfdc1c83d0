"""A year in one object: every metric of DESIGN.md, a comparison with the year before, goals."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import check_year, to_json_value
from meetupstats.metrics.by_dimension import _breakdowns
from meetupstats.metrics.career import career_metrics, milestones
from meetupstats.metrics.investment import investment_metrics
from meetupstats.metrics.learning import learning_metrics
from meetupstats.metrics.networking import _networking, year_contacts

#: Metrics that grow with the number of events attended: ``compare_years``
#: also compares them per attended event, since a raw count would mislead.
PER_EVENT_METRICS = (
    "hours_invested",
    "money_spent",
    "energy_spent",
    "takeaways",
    "questions_asked",
    "new_contacts",
    "introduced_contacts",
    "opportunities",
    "opportunities_from_meetups",
    "talks_given",
    "events_organized",
)

#: Metrics where less is better (budgets and delays): a goal on them is a ceiling.
LOWER_IS_BETTER = ("money_spent", "energy_spent", "median_days_to_apply", "median_follow_up_days")

#: The metric group of each metric name (Investment, Learning, Networking, Career).
METRIC_GROUP = {m: g for g, names in schema.METRIC_GROUPS.items() for m in names}


def yearly_summary(logbook: Logbook, year: int, as_of: object = None) -> dict[str, Any]:
    """Every metric of calendar year ``year``: the object ``meetupstats summary --json`` prints.

    Keys, in order: ``year``; every metric name of DESIGN.md (see
    :data:`meetupstats.schema.METRIC_NAMES` and the ``*_metrics`` functions
    for their definitions); ``milestones`` (``first_event``,
    ``first_question``, ``first_talk``, ``first_organized`` → ISO date or
    ``None``); ``breakdowns`` (``channel``, ``format``, ``style``, ``access``
    → list of row dicts with ``value`` and the columns of
    :func:`~meetupstats.metrics.by_dimension.breakdown`).

    Values are plain JSON data and unrounded: counts are ``int``, ratios
    ``float``, a zero denominator or an empty median/mean/entropy ``None``
    (never NaN). A year without data gives zeros and ``None`` s.

    ``as_of`` (default: the latest date in the logbook) only affects
    ``kept_warm_rate``.
    """
    year = check_year(year)
    metrics: dict[str, Any] = {}
    metrics.update(investment_metrics(logbook, year))
    metrics.update(learning_metrics(logbook, year))
    shared = year_contacts(logbook, year)  # per-contact work both of these need
    metrics.update(_networking(logbook, year, as_of, shared))
    metrics.update(career_metrics(logbook, year))
    out: dict[str, Any] = {"year": year}
    out.update({name: to_json_value(metrics[name]) for name in schema.METRIC_NAMES})
    out["milestones"] = {k: to_json_value(v) for k, v in milestones(logbook, year).items()}
    out["breakdowns"] = {
        dim: [{k: to_json_value(v) for k, v in row.items()} for row in table.to_dict("records")]
        for dim, table in _breakdowns(logbook, year, shared).items()
    }
    return out


def _number(value: Any) -> float:
    return math.nan if value is None or isinstance(value, str) else float(value)


def compare_years(logbook: Logbook, year: int, as_of: object = None) -> pd.DataFrame:
    """This year against the previous one, one row per numeric metric.

    ``ladder_stage`` (text) is left out; see ``yearly_summary``.

    Returns
    -------
    DataFrame
        ``metric``, ``group`` (Investment/Learning/Networking/Career);
        ``previous`` — the value in ``year − 1``; ``current`` — in ``year``;
        ``change`` — current − previous (NaN if either is missing);
        ``relative_change`` — change / previous (NaN if previous is 0 or missing);
        ``per_event`` — True for the counts of :data:`PER_EVENT_METRICS`, which
        grow with attendance; for those ``previous_per_event`` and
        ``current_per_event`` are the value / events_attended of that year and
        ``per_event_change`` their difference (NaN elsewhere, or when a year
        has no attended event).
    """
    year = check_year(year)
    return compare_summaries(
        yearly_summary(logbook, year - 1, as_of), yearly_summary(logbook, year, as_of)
    )


def compare_summaries(before: Mapping[str, Any], now: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`compare_years` of two :func:`yearly_summary` objects already computed
    (``before`` of the previous year, ``now`` of the year)."""
    names = [m for m in schema.METRIC_NAMES if m != "ladder_stage"]
    previous = np.array([_number(before[m]) for m in names])
    current = np.array([_number(now[m]) for m in names])
    per_event = np.array([m in PER_EVENT_METRICS for m in names])
    n_before = before["events_attended"] or math.nan
    n_now = now["events_attended"] or math.nan
    change = current - previous
    with np.errstate(divide="ignore", invalid="ignore"):
        relative = np.where(previous != 0, change / previous, math.nan)
    prev_pe = np.where(per_event, previous / n_before, math.nan)
    cur_pe = np.where(per_event, current / n_now, math.nan)
    return pd.DataFrame(
        {
            "metric": names,
            "group": [METRIC_GROUP[m] for m in names],
            "previous": previous,
            "current": current,
            "change": change,
            "relative_change": relative,
            "per_event": per_event,
            "previous_per_event": prev_pe,
            "current_per_event": cur_pe,
            "per_event_change": cur_pe - prev_pe,
        }
    )


def goal_progress(logbook: Logbook, year: int, as_of: object = None) -> pd.DataFrame:
    """Progress towards the targets of ``goals.yml`` for ``year``, one row per goal.

    ``share_reached`` is in [0, 1] (1 = reached). For most metrics more is
    better: share = actual / target, capped at 1 (a target of 0 is reached
    at once). For the metrics of :data:`LOWER_IS_BETTER` (``money_spent``,
    ``energy_spent``, ``median_days_to_apply``, ``median_follow_up_days``)
    the target is a ceiling: share = 1 when actual ≤ target, else
    target / actual. For ``ladder_stage`` share = stage index reached /
    stage index targeted (newcomer = 0 … organizer = 4), capped at 1. When
    the actual value is ``None`` (a zero denominator), share and reached are
    missing.

    Returns
    -------
    DataFrame
        ``metric``, ``group``, ``target``, ``actual`` (object: numbers, or the
        stage name for ``ladder_stage``), ``direction`` (``"higher"`` or
        ``"lower"``), ``share_reached`` (float, NaN when unknown), ``reached``
        (nullable boolean). No rows when ``goals.yml`` has no goals for
        ``year``.
    """
    year = check_year(year)
    goals = logbook.goals.get(year, {})
    return progress_towards(goals, yearly_summary(logbook, year, as_of) if goals else {})


def progress_towards(goals: Mapping[str, Any], summary: Mapping[str, Any]) -> pd.DataFrame:
    """:func:`goal_progress` of the targets ``goals`` (one year of ``goals.yml``),
    given the :func:`yearly_summary` object of that year."""
    columns = ["metric", "group", "target", "actual", "direction", "share_reached", "reached"]
    if not goals:
        empty = pd.DataFrame({c: pd.Series(dtype=object) for c in columns})
        return empty.astype({"share_reached": "float64", "reached": "boolean"})
    rows = []
    for metric, target in goals.items():
        actual = summary.get(metric)
        lower = metric in LOWER_IS_BETTER
        share: float | None
        if actual is None:
            share = None
        elif metric == "ladder_stage":
            want = schema.LADDER_STAGES.index(target)
            got = schema.LADDER_STAGES.index(actual)
            share = 1.0 if want == 0 else min(got / want, 1.0)
        elif lower:
            share = 1.0 if actual <= target else float(target) / float(actual)
        else:
            share = 1.0 if target == 0 else min(float(actual) / float(target), 1.0)
        rows.append(
            {
                "metric": metric,
                "group": METRIC_GROUP.get(metric, ""),
                "target": target,
                "actual": actual,
                "direction": "lower" if lower else "higher",
                "share_reached": math.nan if share is None else share,
                "reached": pd.NA if share is None else share >= 1.0,
            }
        )
    out = pd.DataFrame(rows, columns=columns)
    return out.astype({"target": object, "actual": object, "reached": "boolean"})
