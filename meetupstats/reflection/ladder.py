"""Career ladder: the milestones reached and the rung you stood on per year."""

from __future__ import annotations

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.reflection.base import ReportData

#: Role groups of the career-ladder chart, lowest rung first.
ROLE_GROUPS = ("listened", "asked a question", "spoke", "organized")


def milestone_points(data: ReportData) -> pd.DataFrame:
    """The ladder milestones reached up to the end of the year, as timeline points.

    Returns
    -------
    DataFrame
        ``label`` (``first meetup``, ``first question``, ``first talk``,
        ``first event organized``) and ``date`` (NaT when not reached).
    """
    labels = {
        "first_event": "first meetup",
        "first_question": "first question",
        "first_talk": "first talk",
        "first_organized": "first event organized",
    }
    m = data.summary["milestones"]
    return pd.DataFrame(
        {
            "label": list(labels.values()),
            "date": pd.to_datetime([m.get(k) for k in labels]),
        }
    )


def roles_by_year(data: ReportData) -> pd.DataFrame:
    """Attended events per year (up to the report's year) by the highest rung you stood on.

    Each event counts once, in the first matching group: ``organized``
    (role organizer/host), ``spoke`` (speaker/panelist), ``asked a
    question`` (questions_asked ≥ 1), ``listened`` (the rest).

    Returns
    -------
    DataFrame
        ``year`` and one count column per group of :data:`ROLE_GROUPS`.
    """
    r = data.returns.loc[data.returns["year"] <= data.year]
    role = r["role"].astype(object)
    group = np.select(
        [
            role.isin(schema.ORGANIZER_ROLES).to_numpy(),
            role.isin(schema.SPEAKER_ROLES).to_numpy(),
            (r["questions"].fillna(0) >= 1).to_numpy(),
        ],
        ["organized", "spoke", "asked a question"],
        default="listened",
    )
    table = pd.crosstab(r["year"].to_numpy(), group)
    table = table.reindex(columns=list(ROLE_GROUPS), fill_value=0)
    first = int(r["year"].min()) if len(r) else data.year
    table = table.reindex(range(first, data.year + 1), fill_value=0)
    table.index.name = "year"
    return table.reset_index()
