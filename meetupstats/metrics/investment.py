"""Investment: what a year of meetups cost you in events, hours, money and energy."""

from __future__ import annotations

from typing import Any

from meetupstats.logbook import Logbook
from meetupstats.metrics._select import (
    attended_in,
    check_year,
    event_hours,
    float_sum,
    in_year,
    int_sum,
    ratio,
)


def investment_metrics(logbook: Logbook, year: int) -> dict[str, Any]:
    """The Investment metrics of calendar year ``year``.

    Definitions (DESIGN.md), over the *attended events* of ``year``
    (``status = attended``, ``date`` in ``year``):

    - ``events_attended`` — count of attended events (``int``).
    - ``hours_invested`` — Σ ``duration_h + travel_min / 60`` (missing counts 0).
    - ``money_spent`` — Σ ``cost`` over events in ``year`` with status
      ``attended`` *or* ``no-show`` (missing counts 0).
    - ``energy_spent`` — Σ ``energy_cost`` (missing counts 0; ``int``).
    - ``show_up_rate`` — attended / (attended + no-show) among events in
      ``year``; ``None`` when there are neither.

    Returns
    -------
    dict
        Metric name → value (``int``, ``float`` or ``None``).
    """
    year = check_year(year)
    events = logbook.events
    attended = attended_in(events, year)
    in_y = events.loc[in_year(events["date"], year)]
    paid = in_y.loc[in_y["status"].isin(["attended", "no-show"])]
    n_attended = len(attended)
    n_no_show = int((in_y["status"] == "no-show").sum())
    return {
        "events_attended": n_attended,
        "hours_invested": float(event_hours(attended).sum()),
        "money_spent": float_sum(paid["cost"]),
        "energy_spent": int_sum(attended["energy_cost"]),
        "show_up_rate": ratio(n_attended, n_attended + n_no_show),
    }
