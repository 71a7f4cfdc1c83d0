"""What ``notebooks/community_report.ipynb`` shows: prepared data, escaped HTML, charts.

The notebook only calls these functions. :func:`prepare` loads the folder
and computes every table once; each view returns an :class:`~meetupstats.fragments.Html`
fragment (all text escaped) or a :class:`~meetupstats.charts.Chart`.

Privacy: the report shows counts and shares only. Attendees never appear
individually (the folder holds no names, and person ids are not printed).
Event titles are the organizer's own and are shown, escaped. Speaker names
are personal data: without ``names`` they are replaced by ``Speaker 1``,
``Speaker 2``, ... (by number of events).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from meetupstats import charts
from meetupstats.community import metrics
from meetupstats.community.folder import Community, latest_date, load_community
from meetupstats.errors import UsageError
from meetupstats.fragments import (
    Html,
    fmt_date,
    fmt_number,
    fmt_percent,
    note,
    stat_tiles,
    table,
    tag,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True)
class CommunityReport:
    """Everything the community report shows, computed once."""

    year: int
    as_of: pd.Timestamp | None
    names: bool
    summary: dict[str, Any]
    events: pd.DataFrame
    all_events: pd.DataFrame
    first_timers: pd.DataFrame
    cohorts: pd.DataFrame
    cohort_sizes: pd.Series
    regulars: pd.DataFrame
    draw: dict[str, pd.DataFrame]


def prepare(
    data_dir: str | Path | None,
    year: int | None = None,
    *,
    as_of: str | None = None,
    names: bool = False,
) -> CommunityReport:
    """Load the community folder and compute the report's tables.

    ``year`` ``None`` means the year of the latest event.
    """
    if data_dir is None:
        raise UsageError("data_dir: give the community folder to report on")
    community = load_community(data_dir)
    return prepare_community(community, year, as_of=as_of, names=names)


def prepare_community(
    community: Community, year: int | None = None, *, as_of: Any = None, names: bool = False
) -> CommunityReport:
    """:func:`prepare` for an already loaded :class:`Community`."""
    end = pd.Timestamp(as_of).normalize() if as_of is not None else latest_date(community)
    if year is None:
        last = community.events["date"].max()
        year = int(last.year) if not pd.isna(last) else (end.year if end is not None else 2000)
    draw = {by: metrics.draw_and_keep(community, by, end) for by in ("format", "style", "speakers")}
    if not names:
        draw["speakers"] = _pseudonymous_speakers(draw["speakers"])
    cohorts, sizes = metrics.cohort_table(community, end)
    return CommunityReport(
        year=year,
        as_of=end,
        names=names,
        summary=metrics.community_summary(community, year, end),
        events=metrics.event_table(community, year),
        all_events=metrics.event_table(community),
        first_timers=metrics.first_timer_table(community, end),
        cohorts=cohorts,
        cohort_sizes=sizes,
        regulars=metrics.regulars_over_time(community, end),
        draw=draw,
    )


def _pseudonymous_speakers(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    out["value"] = [f"Speaker {i}" for i in range(1, len(out) + 1)]
    return out


# --------------------------------------------------------------------------- HTML


def headline(report: CommunityReport) -> Html:
    """The year's key numbers as tiles, with one sentence on what they cover."""
    s = report.summary
    if s["events"] == 0:
        return note(f"No event of {report.year} is in the community folder yet.")
    tiles = [
        {"label": "events", "value": fmt_number(s["events"])},
        {"label": "RSVPs (yes)", "value": fmt_number(s["rsvps"])},
        {"label": "checked in", "value": fmt_number(s["checked_in"])},
        {"label": "show rate", "value": fmt_percent(s["show_rate"])},
        {"label": "walk-ins", "value": fmt_number(s["walk_ins"])},
        {"label": "people who came", "value": fmt_number(s["unique_attendees"])},
        {"label": "first-timers", "value": fmt_number(s["first_timers"])},
        {
            "label": "first-timers back within 180 days",
            "value": fmt_percent(s["first_timer_return_rate"]),
        },
        {"label": "regulars (3+ check-ins)", "value": fmt_number(s["regulars"])},
        {"label": "active in the last 180 days", "value": fmt_number(s["active_members"])},
    ]
    if s["members"] is not None:
        tiles.append({"label": "members (latest list)", "value": fmt_number(s["members"])})
        tiles.append({"label": "joined this year", "value": fmt_number(s["new_members"])})
    missing = s["events"] - s["events_with_check_in_data"]
    caveat = (
        f" {missing} event(s) of {report.year} have no check-in data and are left out of the "
        "show rate and attendance figures (not counted as zero)."
        if missing
        else ""
    )
    as_of = fmt_date(report.as_of) if report.as_of is not None else "–"
    return tag(
        "div",
        stat_tiles(tiles),
        note(f"{report.year}, as of {as_of}.{caveat}"),
    )


def event_list(report: CommunityReport) -> Html:
    """Attendance per event of the year (titles escaped)."""
    e = report.events
    shown = pd.DataFrame(
        {
            "date": e["date"],
            "event": e["title"],
            "RSVP yes": e["rsvps"],
            "checked in": e["checked_in"].where(e["has_check_in_data"]),
            "walk-ins": e["walk_ins"].where(e["has_check_in_data"]),
            "show rate": e["show_rate"],
            "first-timers": e["first_timers"],
        }
    )
    return table(
        shown,
        formats={"date": fmt_date, "show rate": fmt_percent},
        empty=f"No event of {report.year}.",
        caption="– : no check-in data for that event",
    )


def draw_table(report: CommunityReport, by: str) -> Html:
    """Which formats / styles / speakers drew people and kept them."""
    frame = report.draw[by].rename(
        columns={
            "value": by,
            "mean_rsvps": "RSVPs per event",
            "mean_checked_in": "checked in per event",
            "show_rate": "show rate",
            "first_timers": "first-timers",
            "first_timer_return_rate": "first-timers back",
        }
    )
    return table(
        frame,
        formats={"show rate": fmt_percent, "first-timers back": fmt_percent},
        empty=f"No event has a {by} set in community_events.csv.",
    )


def first_timer_list(report: CommunityReport) -> Html:
    """First-timers per month and how many came back within 180 days."""
    t = report.first_timers.reset_index()
    return table(
        t.rename(columns={"return_rate": "back within 180 days", "eligible": "180 days passed"}),
        formats={"back within 180 days": fmt_percent},
        empty="Nobody has checked in yet.",
    )


# --------------------------------------------------------------------------- charts


def _figure(width: float = 8.0, height: float = 3.6) -> Figure:
    # matplotlib's layout engine, not charts' measured margins: the retention heat
    # map's colorbar does not sit on the subplot grid those assume
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=charts.DPI, layout="constrained")


def _integer_y(ax: Any) -> None:
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))


def attendance_chart(report: CommunityReport) -> charts.Chart:
    """RSVP yes vs checked in (and walk-ins) per event of the year."""
    e = report.events
    title = f"RSVPs and check-ins per event, {report.year}"
    if e.empty:
        return charts.no_data(title, f"No event of {report.year}.")
    labels = [f"{d:%m-%d}" for d in e["date"]]
    with charts.style():
        fig = _figure()
        ax = fig.add_subplot()
        pos = np.arange(len(e))
        checked = e["checked_in"].where(e["has_check_in_data"]).astype("float64")
        walk = e["walk_ins"].where(e["has_check_in_data"]).astype("float64")
        ax.bar(
            pos - 0.2, e["rsvps"], 0.4, color=charts.LIGHT, edgecolor=charts.GREY, label="RSVP yes"
        )
        ax.bar(pos + 0.2, checked - walk, 0.4, color=charts.BLUE, label="checked in (RSVP yes)")
        ax.bar(pos + 0.2, walk, 0.4, bottom=checked - walk, color=charts.ORANGE, label="walk-ins")
        ax.set_xticks(
            pos, labels, rotation=45 if len(e) > 8 else 0, ha="right" if len(e) > 8 else "center"
        )
        ax.set_ylabel("people")
        ax.set_xlabel("event date (events without check-in data show the RSVP bar only)")
        fig.legend(loc="outside lower center", ncols=3)
        _integer_y(ax)
        ax.grid(True, axis="y")
        ax.set_axisbelow(True)
        ax.set_title(title)
        return charts.png_chart(fig, title)


def show_rate_chart(report: CommunityReport) -> charts.Chart:
    """Show rate per event over every year, the report's year highlighted."""
    e = report.all_events.dropna(subset=["show_rate"])
    title = "Show rate per event (checked in among RSVP yes)"
    if e.empty:
        return charts.no_data(title, "No event has check-in data yet.")
    with charts.style():
        fig = _figure()
        ax = fig.add_subplot()
        ax.plot(e["date"], e["show_rate"] * 100, marker="o", color=charts.BLUE)
        this = e[e["date"].dt.year == report.year]
        ax.plot(
            this["date"], this["show_rate"] * 100, "o", color=charts.ORANGE, label=str(report.year)
        )
        ax.set_ylim(0, 105)
        ax.set_ylabel("show rate (%)")
        ax.set_xlabel("event date")
        ax.legend(loc="lower left")
        ax.grid(True, axis="y")
        ax.set_title(title)
        return charts.png_chart(fig, title)


def first_timers_chart(report: CommunityReport) -> charts.Chart:
    """First-timers per month, and the share of them back within 180 days."""
    t = report.first_timers
    title = "First-timers per month"
    if t.empty:
        return charts.no_data(title, "Nobody has checked in yet.")
    with charts.style():
        fig = _figure()
        ax = fig.add_subplot()
        pos = np.arange(len(t))
        ax.bar(pos, t["first_timers"], color=charts.BLUE, label="first-timers")
        ax.bar(pos, t["returned"], color=charts.GREEN, label="back within 180 days")
        ax.set_xticks(
            pos,
            list(t.index),
            rotation=45 if len(t) > 8 else 0,
            ha="right" if len(t) > 8 else "center",
        )
        ax.set_ylabel("people")
        ax.set_xlabel("month of first check-in")
        fig.legend(loc="outside lower center", ncols=2)
        _integer_y(ax)
        ax.grid(True, axis="y")
        ax.set_title(title)
        return charts.png_chart(fig, title)


def cohort_heatmap(report: CommunityReport) -> charts.Chart:
    """Retention heat map: first-check-in month × months since."""
    shares = report.cohorts
    title = "Retention by first-check-in month"
    if shares.empty:
        return charts.no_data(title, "Nobody has checked in yet.")
    data = shares.to_numpy(dtype="float64")
    with charts.style():
        fig = _figure(8.0, max(2.6, 0.32 * len(shares) + 1.4))
        ax = fig.add_subplot()
        image = ax.imshow(
            np.ma.masked_invalid(data * 100), aspect="auto", cmap="Blues", vmin=0, vmax=100
        )
        ax.set_yticks(
            np.arange(len(shares)),
            [f"{c} (n={n})" for c, n in zip(shares.index, report.cohort_sizes, strict=True)],
        )
        step = max(1, data.shape[1] // 12)
        ax.set_xticks(np.arange(0, data.shape[1], step))
        ax.set_xlabel("months since the first check-in")
        ax.set_ylabel("first check-in")
        fig.colorbar(image, ax=ax, label="checked in (%)")
        ax.set_title(title)
        return charts.png_chart(fig, title)


def regulars_chart(report: CommunityReport) -> charts.Chart:
    """Regulars (3+ check-ins in the trailing 12 months) month by month."""
    r = report.regulars
    title = "Regulars over time (3+ check-ins in the last 12 months)"
    if r.empty:
        return charts.no_data(title, "Nobody has checked in yet.")
    with charts.style():
        fig = _figure()
        ax = fig.add_subplot()
        x = pd.to_datetime(list(r.index), format="%Y-%m")
        ax.plot(x, r["attendees"], color=charts.GREY, label="came at least once")
        ax.plot(x, r["regulars"], color=charts.BLUE, marker="o", label="regulars")
        ax.set_ylabel("people")
        ax.set_xlabel("month (trailing 12 months)")
        fig.legend(loc="outside lower center", ncols=2)
        _integer_y(ax)
        ax.grid(True, axis="y")
        ax.set_title(title)
        return charts.png_chart(fig, title)
