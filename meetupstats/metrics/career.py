"""The career ladder: attendee → asker → speaker → organizer, with the dates you got there."""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import (
    as_float,
    attended_in,
    check_year,
    is_attended,
    mask,
    up_to_year,
)


def _history(logbook: Logbook, year: int) -> pd.DataFrame:
    """Attended events dated on or before 31 December of ``year``."""
    events = logbook.events
    return events.loc[mask(is_attended(events) & up_to_year(events["date"], year))]


def milestones(logbook: Logbook, year: int) -> dict[str, pd.Timestamp | None]:
    """Dates of the career milestones reached by the end of ``year``.

    Over all attended events dated up to 31 December of ``year``:

    - ``first_event`` — the first attended event;
    - ``first_question`` — the first one with ``questions_asked ≥ 1``;
    - ``first_talk`` — the first with role ``speaker`` or ``panelist``;
    - ``first_organized`` — the first with role ``organizer`` or ``host``.

    ``None`` where not reached. (``yearly_summary`` renders them as ISO dates.)
    """
    year = check_year(year)
    past = _history(logbook, year)
    asked = np.nan_to_num(as_float(past["questions_asked"])) >= 1
    conditions = {
        "first_event": np.ones(len(past), dtype=bool),
        "first_question": asked,
        "first_talk": mask(past["role"].isin(schema.SPEAKER_ROLES)),
        "first_organized": mask(past["role"].isin(schema.ORGANIZER_ROLES)),
    }
    out: dict[str, pd.Timestamp | None] = {}
    for name in schema.MILESTONES:
        dates = past["date"].loc[conditions[name]]
        first = dates.min()
        out[name] = None if pd.isna(first) else pd.Timestamp(first)
    return out


def ladder_stage(logbook: Logbook, year: int) -> str:
    """The highest ladder stage reached by the end of ``year``.

    ``newcomer`` (no attended event yet), ``attendee`` (attended at least one),
    ``asker`` (asked at least one question: ``questions_asked ≥ 1``),
    ``speaker`` (role ``speaker`` or ``panelist``), ``organizer`` (role
    ``organizer`` or ``host``) — over all attended events up to 31 December of
    ``year``. The highest stage wins, even if an earlier one was skipped.
    """
    reached = milestones(logbook, year)
    stage = "newcomer"
    for name, milestone in zip(schema.LADDER_STAGES[1:], schema.MILESTONES, strict=True):
        if reached[milestone] is not None:
            stage = name
    return stage


def career_metrics(logbook: Logbook, year: int) -> dict[str, Any]:
    """The Career-ladder metrics of calendar year ``year``.

    - ``talks_given`` — attended events of ``year`` with role ``speaker`` or ``panelist``.
    - ``events_organized`` — attended events of ``year`` with role ``organizer`` or ``host``.
    - ``ladder_stage`` — see :func:`ladder_stage`.
    """
    year = check_year(year)
    attended = attended_in(logbook.events, year)
    return {
        "talks_given": int(mask(attended["role"].isin(schema.SPEAKER_ROLES)).sum()),
        "events_organized": int(mask(attended["role"].isin(schema.ORGANIZER_ROLES)).sum()),
        "ladder_stage": ladder_stage(logbook, year),
    }
