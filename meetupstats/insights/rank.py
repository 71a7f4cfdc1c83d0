"""Rank upcoming events by the return similar events gave you.

Input: an ``.ics`` calendar file or a CSV with the ``events.csv`` columns
(``title`` and ``date`` required, everything else optional). Each upcoming
event gets an **expected return** per currency:

- *networking*: followed-up contacts per event (contacts met there and
  followed up within 14 days);
- *learning*: takeaways plus applied takeaways per event.

For each currency separately: when :func:`~meetupstats.insights.drivers.drivers`
found a **signal**, the expected value is the fitted model's prediction;
otherwise it is your **historical average** over the most specific group of
past events that resembles the upcoming one and has at least
:data:`MIN_GROUP_EVENTS` events (format+style+channel, then community, then
pairs, then single features, then all your events) — and the reason says
which. ``score`` = expected followed-up contacts + expected takeaways
(+ applied), i.e. return points per event as in
:func:`~meetupstats.metrics.event_returns` without opportunities (or one of
them alone with ``by``).

From a calendar: format from the title (breakfast, lunch, afterwork, online,
...) or else the start time (before 10:30 breakfast, 11:00–14:00 lunch, from
16:00 afterwork; all-day or ≥ 6 hours fullday; an online location online);
style from the title (workshop, panel, unconference, talk(s), social); channel
from a platform link (:func:`meetupstats.importers.ics.channel_of`);
community when the title or organizer names a community of your logbook.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import read_text
from meetupstats.errors import Problem, ProblemsError
from meetupstats.insights.drivers import DriverResult, category_values, fmt, number_values

MIN_GROUP_EVENTS = 3
#: Groups of past events tried in order, most specific first.
GROUPS: tuple[tuple[str, ...], ...] = (
    ("format", "style", "channel"),
    ("community",),
    ("format", "style"),
    ("format", "channel"),
    ("style", "channel"),
    ("format",),
    ("style",),
    ("channel",),
    ("access",),
    (),
)
UNITS = {"networking": "followed-up contacts", "learning": "takeaways (+ applied)"}
BY_CHOICES = ("both", "networking", "learning")
#: Columns an upcoming-events table has after :func:`read_upcoming`.
UPCOMING_COLUMNS = (
    "title",
    "date",
    "community",
    "format",
    "style",
    "access",
    "channel",
    "role",
    "duration_h",
    "travel_min",
    "energy_cost",
    "line",
)
_STYLE_NOUN = {
    "talks": "talks",
    "panel": "panels",
    "workshop": "workshops",
    "unconference": "unconferences",
    "social": "socials",
}
_FORMAT_WORDS = {
    "breakfast": r"breakfast|aamiainen",
    "lunch": r"lunch|brunch",
    "afterwork": r"after[\s-]?work|afterwork|after[\s-]?hours|drinks|evening",
    "online": r"online|webinar|virtual|zoom",
    "fullday": r"conference|summit|full[\s-]?day|hackathon|festival",
}
_STYLE_WORDS = {
    "workshop": r"workshop|hands[\s-]?on|masterclass|bootcamp",
    "panel": r"panel",
    "unconference": r"unconference|open space|barcamp",
    "talks": r"talks?\b|lightning|keynote|presentation",
    "social": r"social|networking|mixer|drinks",
}
_ONLINE_PLACE = re.compile(r"\bonline\b|zoom\.us|teams\.microsoft|meet\.google|\bwebinar\b", re.I)


class RankFileError(ProblemsError):
    """The file given to ``rank`` cannot be read as upcoming events."""


# --------------------------------------------------------------------------- reading


def read_upcoming(path: Path, *, since: dt.date | None = None) -> tuple[pd.DataFrame, list[str]]:
    """Upcoming events from an ``.ics`` or ``.csv`` file, and notes on what was left out.

    A file starting with ``BEGIN:VCALENDAR`` is a calendar; anything else is
    read as CSV. From a calendar, occurrences dated before ``since`` are past
    and left out (recurring events are expanded from ``since`` for a year);
    a CSV is taken as given.

    Returns
    -------
    DataFrame
        Columns :data:`UPCOMING_COLUMNS` (categories as text or ``None``,
        numbers as floats, ``date`` a Timestamp, ``line`` the source line or
        ``None``), in file order.

    Raises
    ------
    RankFileError
        With every ``file:line: column: problem`` found.
    """
    display = str(path)
    try:
        text = read_text(path, display)
    except ProblemsError as e:
        raise RankFileError(e.problems) from None
    if text.lstrip(" \t\r\n").upper().startswith("BEGIN:VCALENDAR"):
        return _read_ics(path, since)
    return _read_csv(text, display), []


def _read_csv(text: str, display: str) -> pd.DataFrame:
    """Rows of a CSV with events.csv columns; cells checked and typed as the logbook's."""
    from meetupstats.csvfile import read_columns
    from meetupstats.logbook import typed_frame

    raw = read_columns(text, display)
    problems = list(raw.problems)
    if not raw.header:
        raise RankFileError(problems)
    missing = [name for name in ("title", "date") if name not in raw.header]
    if missing and set(raw.header) & set(schema.EVENTS.column_names):
        raise RankFileError(
            [
                Problem(
                    display, raw.header_line, name, "required column is missing from the header"
                )
                for name in missing
            ]
        )
    if missing:
        # Not the file rank expects at all: say so once, not a problem per row.
        found = ", ".join(raw.header[:8]) + (", ..." if len(raw.header) > 8 else "")
        raise RankFileError(
            [
                Problem(
                    display,
                    raw.header_line,
                    None,
                    "expected an .ics calendar or a CSV with events.csv columns (at least "
                    f"date, title); missing {', '.join(missing)}; found columns: {found}",
                )
            ]
        )
    typed = typed_frame(_UPCOMING_TABLE, raw, problems)
    if problems:
        raise RankFileError(problems)
    if typed.empty:
        raise RankFileError([Problem(display, None, None, "no events in the file")])
    out = pd.DataFrame(index=typed.index)
    for name in UPCOMING_COLUMNS[:-1]:
        column = typed[name]
        if name in ("duration_h", "travel_min", "energy_cost"):
            out[name] = column.astype("float64")
        elif name == "date":
            out[name] = column
        else:  # text and categories as plain text or None
            out[name] = column.astype(object).where(column.notna(), None)
    out["line"] = raw.lines.tolist()
    return out[list(UPCOMING_COLUMNS)].reset_index(drop=True)


#: The columns ``rank`` reads from a CSV, declared as in events.csv (only
#: ``title`` and ``date`` required: an upcoming event has no status or id yet).
_UPCOMING_TABLE = schema.Table(
    "upcoming",
    tuple(
        replace(schema.EVENTS.column(name), required=name in ("title", "date"), unique=False)
        for name in UPCOMING_COLUMNS[:-1]
    ),
    required_file=True,
    description="upcoming events to rank",
)


def _frame(columns: dict[str, Any]) -> pd.DataFrame:
    out = pd.DataFrame(columns)
    for name in UPCOMING_COLUMNS:
        if name not in out:
            out[name] = None
    return out[list(UPCOMING_COLUMNS)].reset_index(drop=True)


def _read_ics(path: Path, since: dt.date | None) -> tuple[pd.DataFrame, list[str]]:
    """Occurrences of a calendar's events from ``since`` on (a year of repeats, all one-offs).

    Reading, expanding and local dates are the calendar importer's
    (:mod:`meetupstats.importers.ics`); only which occurrences count differs:
    the importer takes the past, ``rank`` the future.
    """
    from meetupstats.importers.ics import load_calendar, local_date, occurrences

    display = str(path)
    try:
        calendar = load_calendar(path)
    except ProblemsError as e:
        raise RankFileError(e.problems) from None
    components: list[Any] = list(calendar.walk("VEVENT"))
    starts = [local_date(c["DTSTART"].dt) for c in components if c.get("DTSTART") is not None]
    if not starts:
        raise RankFileError(
            [Problem(display, None, None, "no events (VEVENT with DTSTART) in the file")]
        )
    lo = since or min(starts)
    hi = lo + dt.timedelta(days=366)
    try:
        expanded = occurrences(calendar, lo, hi, display)
    except ProblemsError as e:
        raise RankFileError(e.problems) from None
    # One-off events after the window are upcoming too.
    single = [
        c
        for c in components
        if c.get("DTSTART") is not None
        and not any(k in c for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
        and local_date(c["DTSTART"].dt) >= hi
    ]
    rows = []
    cancelled = 0
    for comp in [*expanded, *single]:
        if str(comp.get("STATUS", "")).strip().upper() == "CANCELLED":
            cancelled += 1
            continue
        rows.append(_ics_row(comp))
    past = sum(1 for d in starts if d < lo)
    notes = []
    if past and since is not None:
        notes.append(f"{display}: events dated before {lo:%Y-%m-%d} are past and left out")
    if cancelled:
        notes.append(f"{display}: {cancelled} cancelled event(s) left out")
    out = _frame({k: [r[k] for r in rows] for k in UPCOMING_COLUMNS} if rows else {})
    out["date"] = pd.to_datetime(out["date"])
    out = out.sort_values(["date", "title"], kind="stable").reset_index(drop=True)
    return out, notes


def _ics_row(comp: Any) -> dict[str, Any]:
    from meetupstats.importers.ics import channel_of, local_date

    begin = comp["DTSTART"].dt
    title = str(comp.get("SUMMARY", "") or "").strip() or "(untitled event)"
    hours: float | None = None
    if isinstance(begin, dt.datetime):
        end = comp.get("DTEND")
        if end is not None and isinstance(end.dt, dt.datetime):
            hours = (end.dt - begin).total_seconds() / 3600
        elif comp.get("DURATION") is not None:
            hours = comp["DURATION"].dt.total_seconds() / 3600
    if hours is not None and hours < 0:
        hours = None
    location = str(comp.get("LOCATION", "") or "")
    texts = [str(comp.get(k, "") or "") for k in ("URL", "UID", "ORGANIZER", "DESCRIPTION")]
    channel = next((c for c in map(channel_of, texts) if c), None)
    organizer = comp.get("ORGANIZER")
    organizer_name = str(organizer.params.get("CN", "")) if organizer is not None else ""
    return {
        "title": title,
        "date": local_date(begin),
        "community": organizer_name or None,
        "format": _format_of(title, begin, hours, location),
        "style": _match_words(title, _STYLE_WORDS),
        "access": None,
        "channel": channel,
        "role": None,
        "duration_h": hours,
        "travel_min": None,
        "energy_cost": None,
        "line": None,
    }


def _match_words(text: str, words: dict[str, str]) -> str | None:
    for value, pattern in words.items():
        if re.search(rf"\b(?:{pattern})", text, re.IGNORECASE):
            return value
    return None


def _format_of(
    title: str, begin: dt.date | dt.datetime, hours: float | None, location: str
) -> str | None:
    named = _match_words(title, _FORMAT_WORDS)
    if named:
        return named
    if _ONLINE_PLACE.search(location):
        return "online"
    if not isinstance(begin, dt.datetime) or (hours is not None and hours >= 6):
        return "fullday"
    minutes = begin.hour * 60 + begin.minute
    if minutes < 10 * 60 + 30:
        return "breakfast"
    if 11 * 60 <= minutes <= 14 * 60:
        return "lunch"
    if minutes >= 16 * 60:
        return "afterwork"
    return None


# --------------------------------------------------------------------------- scoring


def match_communities(upcoming: pd.DataFrame, known: Sequence[str]) -> pd.DataFrame:
    """Set ``community`` to a known community the title or organizer names (longest first).

    An upcoming event whose ``community`` is already one of ``known`` keeps
    it; otherwise the longest known community name found (case-insensitively)
    in its title or organizer wins; else ``community`` is left as it was.
    """
    names = sorted(
        {k for k in known if isinstance(k, str) and k.strip()}, key=lambda k: (-len(k), k)
    )
    out = []
    for title, community in zip(upcoming["title"], upcoming["community"], strict=True):
        if community in names:
            out.append(community)
            continue
        text = f"{title} {community or ''}".casefold()
        out.append(next((k for k in names if k.casefold() in text), community))
    return upcoming.assign(community=pd.Series(out, index=upcoming.index, dtype=object))


def describe_group(keys: dict[str, str]) -> str:
    """Plain words for a group of events: ``afterwork talks found via meetup.com``."""
    if not keys:
        return "your events"
    if "community" in keys:
        return f"{keys['community']} events"
    words = []
    if "access" in keys:
        words.append(keys["access"])
    if "format" in keys:
        words.append("full-day" if keys["format"] == "fullday" else keys["format"])
    words.append(_STYLE_NOUN.get(keys.get("style", ""), "events"))
    text = " ".join(words)
    if "channel" in keys:
        text += f" found via {keys['channel']}"
    return text


def _group_mean(
    history: pd.DataFrame,
    cats: dict[str, pd.Series],
    event: dict[str, Any],
    y: dict[str, np.ndarray],
) -> tuple[dict[str, str], int, dict[str, float]]:
    for group in GROUPS:
        if any(event.get(k) is None for k in group):
            continue
        rows = np.ones(len(history), dtype=bool)
        for k in group:
            rows &= (cats[k] == event[k]).to_numpy(dtype=bool)
        if rows.sum() >= MIN_GROUP_EVENTS or (not group and rows.sum() > 0):
            keys = {k: str(event[k]) for k in group}
            return keys, int(rows.sum()), {t: float(v[rows].mean()) for t, v in y.items()}
    return {}, 0, {}


def rank_events(
    upcoming: pd.DataFrame,
    history: pd.DataFrame,
    drivers: dict[str, DriverResult],
    *,
    by: str = "both",
) -> pd.DataFrame:
    """Score and order ``upcoming`` events, best first.

    Parameters
    ----------
    upcoming : DataFrame
        From :func:`read_upcoming` (events.csv columns).
    history : DataFrame
        Past attended events with settled returns
        (:func:`meetupstats.insights._history.event_table`).
    drivers : dict
        ``{"networking": DriverResult, "learning": DriverResult}``; a result
        with ``signal`` is used as the model, otherwise group averages are.
    by : {"both", "networking", "learning"}
        Which currency the score counts.

    Returns
    -------
    DataFrame
        ``title``, ``date``, ``score``, ``networking``, ``learning`` (expected
        per event), ``method`` (``model``, ``average`` or ``none``), ``reason``;
        sorted by score (highest first), then date, then title.
    """
    from meetupstats.insights.drivers import targets

    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}")
    wanted = ("networking", "learning") if by == "both" else (by,)
    y = (
        {t: v.to_numpy(dtype="float64") for t, v in targets(history).items()}
        if len(history)
        else {}
    )
    cats = category_values(history)
    upcoming = match_communities(upcoming, list(cats["community"].dropna().unique()))
    up_cats = category_values(upcoming)
    rows = []
    for i in range(len(upcoming)):
        event = {k: up_cats[k].iloc[i] for k in up_cats}
        expected: dict[str, float | None] = {}
        reasons: list[str] = []
        methods: set[str] = set()
        averaged: list[str] = []
        for t in wanted:
            result = drivers.get(t)
            if result is not None and result.signal and result.model is not None:
                one = upcoming.iloc[[i]]
                value = max(float(result.predict(one)[0]), 0.0)
                expected[t] = value
                reasons.append(_model_reason(result, one, event, value, t))
                methods.add("model")
            else:
                averaged.append(t)
        if averaged:
            if not len(history):
                reasons.append("no past attended events to compare with")
                methods.add("none")
                for t in averaged:
                    expected[t] = None
            else:
                keys, n, means = _group_mean(history, cats, event, y)
                for t in averaged:
                    expected[t] = means[t]
                amounts = " and ".join(f"{fmt(means[t])} {UNITS[t]}" for t in averaged)
                why = (
                    f"{describe_group(keys)} gave you {amounts} per event "
                    f"({n} event{'s' if n != 1 else ''}; historical average"
                    + ("" if keys else ", nothing more specific to go on")
                    + ")"
                )
                reasons.append(why)
                methods.add("average")
        known = [v for v in expected.values() if v is not None]
        rows.append(
            {
                "title": upcoming["title"].iloc[i],
                "date": pd.Timestamp(upcoming["date"].iloc[i]),
                "score": float(sum(known)) if known else 0.0,
                "networking": expected.get("networking"),
                "learning": expected.get("learning"),
                "method": "+".join(sorted(methods)),
                "reason": "; ".join(reasons),
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["title", "date", "score", "networking", "learning", "method", "reason"],
    )
    if out.empty:
        return out
    out["_r"] = out["score"].round(6)
    out = out.sort_values(["_r", "date", "title"], ascending=[False, True, True], kind="stable")
    return out.drop(columns="_r").reset_index(drop=True)


def _model_reason(
    result: DriverResult,
    upcoming: pd.DataFrame,
    event: dict[str, Any],
    expected: float,
    target: str,
) -> str:
    """ "expected 3.5 followed-up contacts: your average 2.1, afterwork +0.9, ..., from a model..."."""
    contributions = result.contributions(upcoming).iloc[0]
    numbers = number_values(upcoming)
    parts = []
    for name, value in sorted(contributions.items(), key=lambda kv: (-abs(kv[1]), kv[0]))[:3]:
        if round(value, 2) == 0:
            continue
        if name in numbers:
            x = numbers[name].iloc[0]
            label = f"{name} {fmt(x)}" if not pd.isna(x) else f"{name} unknown (your median)"
        else:
            label = str(event[name]) if event.get(name) is not None else f"{name} unknown"
        parts.append(f", {label} {'+' if value >= 0 else '−'}{fmt(abs(value))}")
    return (
        f"expected {fmt(expected)} {UNITS[target]} (your average {fmt(result.mean_target)}"
        f"{''.join(parts)}), from a model that beat your average on held-out events "
        f"({result.n} events)"
    )


def to_json(ranked: pd.DataFrame) -> list[dict[str, Any]]:
    """The ``rank --json`` list: ``{"title", "date", "score", "reason"}``, best first."""
    return [
        {
            "title": str(title),
            "date": pd.Timestamp(date).strftime("%Y-%m-%d"),
            "score": round(float(score), 4) + 0.0,
            "reason": str(reason),
        }
        for title, date, score, reason in zip(
            ranked["title"], ranked["date"], ranked["score"], ranked["reason"], strict=True
        )
    ]
