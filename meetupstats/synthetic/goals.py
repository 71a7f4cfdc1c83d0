"""Yearly goals of the synthetic logbook and their ``goals.yml`` text."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

from meetupstats.synthetic.plan import _Plan


def _goals(
    plan: _Plan, events: pd.DataFrame, contacts: pd.DataFrame, learnings: pd.DataFrame
) -> dict[int, dict[str, Any]]:
    """Targets for the last year: a few met, a few missed, so the report has something to say."""
    year = plan.last_year
    attended = events[(events["status"] == "attended") & (events["date"].dt.year == year)]
    takeaways = learnings["event_id"].isin(attended["event_id"]).sum()
    new_contacts = (contacts["met_on"].dt.year == year).sum()
    return {
        year: {
            "events_attended": len(attended) + 2,
            "talks_given": 2,
            "events_organized": 1,
            "follow_up_rate": 0.7,
            "takeaways": max(1, math.floor(takeaways * 0.9)),
            "applied_rate": 0.5,
            "new_contacts": math.ceil(new_contacts * 1.1),
            "show_up_rate": 0.9,
        }
    }


def goals_yaml(goals: Mapping[int, Mapping[str, Any]]) -> str:
    """``goals`` as the text of a ``goals.yml`` file."""
    lines = ["# Yearly targets (synthetic sample; keys are metric names)"]
    for year, targets in goals.items():
        lines.append(f"{year}:")
        lines += [f"  {name}: {value!r}" for name, value in targets.items()]
    return "\n".join(lines) + "\n"
