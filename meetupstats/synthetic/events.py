"""The events: the meetups of each year, their story (ladder, channels, topics) and numbers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.synthetic.frames import _dates, _frame
from meetupstats.synthetic.plan import _date, _day, _objects, _pick, _Plan
from meetupstats.synthetic.vocabulary import (
    _CHANNEL_PAYOFF,
    _COMMUNITIES,
    _DURATIONS,
    _EVENT_NOTES,
    _FRONTIER,
    _FRONTIER_FROM,
    _INVITE_ONLY,
    _OWN_COMMUNITY,
    _STYLE_ENERGY,
    _TITLES,
    _TOPICS,
    _TRANSLIT,
    _WEEKDAYS,
)


@dataclass
class _Event:
    day: int
    community: str
    city: str
    format: str
    style: str
    access: str
    channel: str
    status: str
    topics: list[str]
    role: str | None = None
    protected: bool = False  # a story beat: coverage fixes leave it alone
    title: str = ""
    notes: str | None = None
    numbers: dict[str, float | None] = field(default_factory=dict)
    url: str | None = None
    event_id: str = ""


def _era_weights(p: float) -> dict[str, float]:
    return {
        "early": max(0.15, 1 - 1.6 * p),
        "mid": max(0.15, 1 - 2 * abs(p - 0.5)),
        "late": max(0.1, 1.6 * p - 0.6),
        "any": 0.5,
    }


def _draw_event(rng: np.random.Generator, year: int, p: float) -> _Event:
    eras = _era_weights(p)
    community = _COMMUNITIES[
        int(
            rng.choice(
                len(_COMMUNITIES),
                p=_normalized([eras[c[5]] for c in _COMMUNITIES]),
            )
        )
    ]
    name, city, home, fmt, style, era = community
    channel_weights = {
        "meetup.com": 3,
        "eventbrite": 2,
        "luma": 1 + 2 * p,
        "linkedin": 2,
        "whatsapp": 1,
        "telegram": 0.5,
        "slack": 1,
        "email": 1,
        "colleague": 1 + p,
        "newsfeed": 2 - p,
        "other": 0.5,
    }
    channel = (
        home if rng.random() < 0.6 else _pick(rng, schema.CHANNELS, list(channel_weights.values()))
    )
    if rng.random() >= 0.7:
        fmt = _pick(rng, schema.FORMATS, (1, 1, 2, 0.5, 1))
    if rng.random() >= 0.7:
        style = _pick(rng, schema.STYLES, (2, 1, 1, 0.5, 1))
    access = "invite-only" if name == _INVITE_ONLY or rng.random() < 0.06 else "public"
    topic_era = (
        era if era != "any" and rng.random() < 0.7 else _pick(rng, list(eras), list(eras.values()))
    )
    pool = _TOPICS[topic_era]
    n_topics = 1 + int(rng.random() < 0.6) + int(rng.random() < 0.2)
    topics = [
        pool[int(i)] for i in rng.choice(len(pool), size=min(n_topics, len(pool)), replace=False)
    ]
    if rng.random() < 0.2 and topic_era != "any":
        topics.append(_TOPICS["any"][int(rng.integers(len(_TOPICS["any"])))])
    if p >= _FRONTIER_FROM:
        topics = [_FRONTIER.get(t, t) for t in topics]
    return _Event(
        day=_event_day(rng, year, fmt),
        community=name,
        city=city if fmt != "online" else "",
        format=fmt,
        style=style,
        access=access,
        channel=channel,
        status="attended",  # set per year by _statuses
        topics=topics,
    )


def _normalized(weights: Sequence[float]) -> np.ndarray:
    w = np.asarray(weights, dtype=float)
    return w / w.sum()


def _event_day(rng: np.random.Generator, year: int, fmt: str) -> int:
    """A day of ``year`` outside the summer and Christmas breaks, on a weekday fitting ``fmt``."""
    first, last = _day(dt.date(year, 1, 8)), _day(dt.date(year, 12, 18))
    while True:
        day = int(rng.integers(first, last + 1))
        d = _date(day)
        while d.weekday() not in _WEEKDAYS[fmt]:
            d -= dt.timedelta(days=1)
        if d.month != 7 and d.year == year:
            return _day(d)


def _on_weekday(day: int, fmt: str, floor: int) -> int:
    """``day`` moved to the nearest earlier weekday fitting ``fmt`` (later if that is before ``floor``)."""
    allowed = _WEEKDAYS[fmt]
    back = day
    while _date(back).weekday() not in allowed:
        back -= 1
    if back >= floor and _date(back).year == _date(day).year:
        return back
    while _date(day).weekday() not in allowed:
        day += 1
    return day


def _events(rng: np.random.Generator, plan: _Plan) -> list[_Event]:
    events: list[_Event] = []
    for year in range(plan.first_year, plan.last_year + 1):
        p = plan.progress(year)
        n = max(2, round(20 * plan.scale * (0.8 + 0.4 * p)))
        drawn = [_draw_event(rng, year, p) for _ in range(n)]
        for e, status in zip(drawn, _statuses(rng, n, p), strict=True):
            e.status = status
        events += drawn
    events.sort(key=lambda e: e.day)  # stable: equal days keep drawing order
    _cover_statuses(rng, events)
    _story(plan, events)
    for name, values in (
        ("format", schema.FORMATS),
        ("style", schema.STYLES),
        ("access", schema.ACCESS),
        ("channel", schema.CHANNELS),
    ):
        _cover(rng, events, name, values)
    _roles(rng, events)
    for e in events:
        _fill_numbers(rng, plan, e)
    _name_events(rng, events)
    return events


def _statuses(rng: np.random.Generator, n: int, p: float) -> np.ndarray:
    """``n`` statuses in fixed shares (attended 72 % → 82 % as the show-up rate improves), shuffled."""
    shares = np.array([0.72 + 0.1 * p, 0.1 - 0.04 * p, 0.12 - 0.06 * p, 0.06])
    counts = np.floor(shares * n).astype(np.int64)
    remainder = shares * n - counts
    counts[np.argsort(-remainder, kind="stable")[: n - counts.sum()]] += 1
    return rng.permutation(np.repeat(_objects(schema.STATUSES), counts))


def _cover_statuses(rng: np.random.Generator, events: list[_Event]) -> None:
    for status in schema.STATUSES:
        counts = pd.Series([e.status for e in events]).value_counts()
        if status in counts.index:
            continue
        spare = [i for i, e in enumerate(events) if counts[e.status] >= 3]
        if spare:
            events[spare[int(rng.integers(len(spare)))]].status = status


def _cover(
    rng: np.random.Generator, events: list[_Event], name: str, values: Sequence[str]
) -> None:
    """Make every value of ``name`` occur among the attended events, where there are enough."""
    for value in values:
        attended = [e for e in events if e.status == "attended"]
        counts = pd.Series([getattr(e, name) for e in attended]).value_counts()
        if value in counts.index:
            continue
        spare = [e for e in attended if not e.protected and counts[getattr(e, name)] >= 2]
        if not spare:
            return
        chosen = spare[int(rng.integers(len(spare)))]
        setattr(chosen, name, value)
        if name == "format":
            chosen.day = _on_weekday(
                chosen.day, value, floor=_day(dt.date(_date(chosen.day).year, 1, 1))
            )
            chosen.city = "" if value == "online" else chosen.city or "Helsinki"
        if name == "access" and chosen.community == _INVITE_ONLY:
            chosen.community = _COMMUNITIES[0][0]
    events.sort(key=lambda e: e.day)


def _first_attended(events: list[_Event], after: int, styles: Sequence[str] = ()) -> _Event | None:
    """The earliest attended, unprotected event on or after day ``after`` (preferring ``styles``)."""
    later = [e for e in events if e.status == "attended" and e.day >= after and not e.protected]
    preferred = [e for e in later if e.style in styles]
    chosen = preferred or later
    return chosen[0] if chosen else None


def _story(plan: _Plan, events: list[_Event]) -> None:
    """The ladder: a question in the first year, a talk, then an evening she organizes."""
    first_year = [
        e for e in events if e.status == "attended" and _date(e.day).year == plan.first_year
    ]
    if first_year:
        asked = first_year[len(first_year) // 2]
        asked.numbers["questions_asked"] = 1
        asked.protected = True
    talk = _first_attended(events, _day(dt.date(plan.talk_year, 3, 1)), ("talks", "workshop"))
    if talk is None:
        return
    talk.role, talk.protected = "speaker", True
    if talk.style not in ("talks", "workshop"):
        talk.style = "talks"
    talk.notes = "My first talk! Nervous, but people asked good questions"
    org = _first_attended(events, max(talk.day + 1, _day(dt.date(plan.organize_year, 3, 1))))
    if org is None:
        return
    org.role, org.protected = "organizer", True
    org.community, org.city, org.format, org.style = (
        _OWN_COMMUNITY,
        "Helsinki",
        "afterwork",
        "talks",
    )
    org.access, org.channel = "public", "meetup.com"
    org.day = _on_weekday(org.day, "afterwork", floor=talk.day + 1)
    org.notes = "The first evening I organized myself"
    events.sort(key=lambda e: e.day)


def _roles(rng: np.random.Generator, events: list[_Event]) -> None:
    talk_day = min((e.day for e in events if e.role == "speaker"), default=None)
    org_day = min((e.day for e in events if e.role == "organizer"), default=None)
    for e in events:
        if e.protected and e.role:
            continue
        if e.status in ("no-show", "cancelled"):
            e.role = "attendee"
            continue
        if e.status == "skipped":
            continue
        u = rng.random()
        e.role = None if u < 0.15 else "attendee"
        if talk_day is not None and e.day > talk_day:
            if e.style in ("talks", "workshop") and u > 0.88:
                e.role = "speaker"
            elif e.style == "panel" and u > 0.55:
                e.role = "panelist"
        if org_day is not None and e.day > org_day and e.role in (None, "attendee"):
            v = rng.random()
            e.role = "organizer" if v < 0.1 else "host" if v < 0.16 else e.role
        if e.role in (None, "attendee") and rng.random() < 0.04:
            e.role = "volunteer"
    # every role appears where the story allows it
    for role, after in (("panelist", talk_day), ("host", org_day), ("volunteer", None)):
        if after is None and role != "volunteer":
            continue
        if any(e.role == role for e in events):
            continue
        spare = [
            e
            for e in events
            if e.status == "attended"
            and not e.protected
            and e.role in (None, "attendee")
            and (after is None or e.day > after)
        ]
        if spare:
            spare[int(rng.integers(len(spare)))].role = role


def _fill_numbers(rng: np.random.Generator, plan: _Plan, e: _Event) -> None:
    year = _date(e.day).year
    p = plan.progress(year)
    payoff = _CHANNEL_PAYOFF[e.channel]
    nums = e.numbers
    paid = e.format == "fullday" or (e.channel == "eventbrite" and rng.random() < 0.7)
    ticket = float(rng.choice((15.0, 25.0, 35.0, 45.0))) if paid else 0.0
    if e.format == "fullday":
        ticket = float(rng.choice((89.0, 129.0, 189.0, 249.0)))
    travel = 0 if e.format == "online" else int(rng.choice((20, 30, 40, 50, 60)))
    if e.city == "Espoo":
        travel += 30
    if e.city == "Tampere":
        travel = 300
    if e.status == "no-show":
        nums.update(cost=ticket)
        return
    if e.status != "attended":
        return
    speaking = e.role in schema.SPEAKER_ROLES or e.role in schema.ORGANIZER_ROLES
    duration = float(rng.choice(_DURATIONS[e.format])) + (
        1.0 if e.role in schema.ORGANIZER_ROLES else 0
    )
    transit = 0.0 if travel == 0 else 5.5 if e.city != "Tampere" else 42.0
    energy = (
        _STYLE_ENERGY[e.style]
        + (1 if e.format == "fullday" else -1 if e.format == "online" else 0)
        + (1 if speaking else 0)
        + (1 if e.role in schema.ORGANIZER_ROLES else 0)
        + int(rng.integers(-1, 2))
        - (1 if p > 0.6 and rng.random() < 0.5 else 0)
    )
    rating = round(3.5 + 0.8 * (payoff - 1.1) + (0.4 if speaking else 0) + rng.normal(0, 0.7))
    asks = rng.random() < 0.2 + 0.5 * p and not speaking
    questions = (1 + int(rng.random() < 0.3)) if asks else 0
    nums.update(
        duration_h=duration,
        travel_min=float(travel) if rng.random() > 0.03 else None,
        cost=ticket + transit,
        energy_cost=float(min(5, max(1, energy))),
        rating=float(min(5, max(1, rating))) if rng.random() > 0.03 else None,
        questions_asked=float(max(questions, nums.get("questions_asked") or 0)),
    )
    if e.notes is None and rng.random() < 0.12:
        e.notes = _EVENT_NOTES[int(rng.integers(len(_EVENT_NOTES)))]


def _slug(text: str) -> str:
    kept = "".join(ch for ch in text.lower().translate(_TRANSLIT) if ch.isalnum() or ch == "-")
    return "-".join(part for part in kept.split("-") if part)


def _name_events(rng: np.random.Generator, events: list[_Event]) -> None:
    used: set[str] = set()
    counters: dict[str, int] = {}
    for e in events:
        slug = _slug(e.community)
        base = f"{_date(e.day).isoformat()}-{slug}"
        event_id, n = base, 1
        while event_id in used:
            n += 1
            event_id = f"{base}-{n}"
        used.add(event_id)
        e.event_id = event_id
        counters[e.community] = counters.get(e.community, 0) + 1
        phrases = _TITLES[e.topics[0]]
        phrase = phrases[int(rng.integers(len(phrases)))]
        e.title = f"{e.community} #{counters[e.community]}: {phrase}"
        fake_id = int(rng.integers(100_000_000, 999_999_999))
        if e.channel == "meetup.com":
            e.url = f"https://www.meetup.com/{slug}/events/{fake_id}/"
        elif e.channel == "eventbrite":
            e.url = f"https://www.eventbrite.com/e/{_slug(phrase)}-tickets-{fake_id}"
        elif e.channel == "luma":
            e.url = f"https://lu.ma/{np.base_repr(fake_id, 36).lower()}"
        elif rng.random() < 0.4:
            e.url = f"https://events.example.org/{slug}/{fake_id}"


def _events_frame(events: list[_Event]) -> pd.DataFrame:
    def number(name: str) -> list[float]:
        return [np.nan if e.numbers.get(name) is None else float(e.numbers[name]) for e in events]  # type: ignore[arg-type]

    return _frame(
        schema.EVENTS,
        {
            "event_id": [e.event_id for e in events],
            "date": _dates(np.array([e.day for e in events], dtype=np.int64)),
            "title": [e.title for e in events],
            "community": [e.community for e in events],
            "city": [e.city or None for e in events],
            "format": [e.format for e in events],
            "style": [e.style for e in events],
            "access": [e.access for e in events],
            "channel": [e.channel for e in events],
            "status": [e.status for e in events],
            "role": [e.role for e in events],
            **{
                name: number(name)
                for name in (
                    "duration_h",
                    "travel_min",
                    "cost",
                    "energy_cost",
                    "rating",
                    "questions_asked",
                )
            },
            "topics": [e.topics for e in events],
            "url": [e.url for e in events],
            "notes": [e.notes for e in events],
        },
        len(events),
    )
