"""Goals: progress against goals.yml and suggested goals for next year."""

from __future__ import annotations

import pandas as pd

from meetupstats import charts
from meetupstats import reflection_rules as rules
from meetupstats.charts import Chart
from meetupstats.fragments import Html, fmt_progress, join, note, paragraph, table, tag
from meetupstats.reflection import ReportData, metric_text
from meetupstats.reflection_views.base import _plural


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
