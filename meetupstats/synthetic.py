"""A seeded generator of synthetic logbooks: the bundled sample and benchmark-size ones.

Everything it makes is fictional. The persona is *Maija Esimerkki*, a product
manager in Helsinki who goes to industry meetups; her contacts work at made-up
companies ("Northwind Labs Oy", "Example Analytics"), their e-mail addresses are
on ``example.com`` / ``example.org``, and event pages carry fake ids.

The logbook tells a story the report can show:

- the ladder: the first question asked in the first year, the first talk
  (``speaker``) a third of the way in, the first evening she organizes
  (``organizer``) two thirds of the way in (2023 / 2024 / 2025 for the sample);
- follow-ups improve: the share of new contacts followed up within 14 days is
  about 30 % in the first year and about 70 % in the last (set exactly per year);
- channels pay differently: contacts from events found on meetup.com or through
  a colleague are followed up and bring opportunities far more often than those
  from eventbrite or newsfeed events;
- topics shift from discovery and roadmapping to analytics to AI;
- introductions, opportunities (speaking invitations only after the first
  talk), applied takeaways, costs, energy and ratings.

Sizes. At ``scale=1`` a year has about 20 events; the number of events grows
linearly with ``scale``, and the contacts met per event as ``scale**0.76``, the
takeaways per event as ``scale**0.68`` and the interactions per contact as
``scale**0.42`` (:data:`_GROWTH`), so a large ``scale`` gives a heavy user
rather than only more of the same evenings. ``years`` multiplies every table.
``generate(scale=10, years=10)`` is the benchmark "heavy user" (about 2,000
events, 30,000 contacts, 200,000 interactions, 20,000 takeaways).

The output is a pure function of the arguments (``numpy.random.default_rng``):
the same arguments give byte-identical files. Regenerate the sample with::

    python -m meetupstats.synthetic data/sample
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import math
import shutil
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.errors import MeetupStatsError, UsageError
from meetupstats.logbook import Logbook

log = logging.getLogger(__name__)

PERSONA = "Maija Esimerkki"
#: First line of the README that :func:`write_sample` writes; a folder whose
#: README starts with it may be overwritten by a new generation.
README_TITLE = "# Synthetic meetupstats logbook"

_EPOCH = dt.date(1970, 1, 1)

# --------------------------------------------------------------------------- vocabulary

#: How well a discovery channel pays: drives follow-ups, opportunities, ratings.
_CHANNEL_PAYOFF = {
    "meetup.com": 1.7,
    "eventbrite": 0.45,
    "luma": 1.2,
    "linkedin": 0.9,
    "whatsapp": 1.0,
    "telegram": 0.9,
    "slack": 1.2,
    "email": 1.0,
    "colleague": 1.9,
    "newsfeed": 0.4,
    "other": 0.8,
}
_FORMAT_CONTACTS = {"breakfast": 0.9, "lunch": 0.8, "afterwork": 1.3, "fullday": 1.4, "online": 0.4}
_STYLE_CONTACTS = {"talks": 1.0, "panel": 0.8, "workshop": 1.0, "unconference": 1.3, "social": 1.4}
_STYLE_TAKEAWAYS = {"talks": 1.2, "panel": 1.0, "workshop": 1.4, "unconference": 1.1, "social": 0.4}
_STYLE_ENERGY = {"talks": 2, "panel": 2, "workshop": 3, "unconference": 4, "social": 4}
_DURATIONS = {
    "breakfast": (1.0, 1.5, 2.0),
    "lunch": (1.0, 1.5),
    "afterwork": (2.0, 2.5, 3.0, 3.5),
    "fullday": (6.0, 7.0, 8.0),
    "online": (1.0, 1.5, 2.0),
}
#: Weekdays (Monday = 0) an event of each format falls on.
_WEEKDAYS = {
    "breakfast": (1, 2, 3),
    "lunch": (1, 2, 3),
    "afterwork": (1, 2, 3),
    "fullday": (3, 4, 5),
    "online": (0, 1, 2, 3),
}

#: name, city, home channel, usual format, usual style, era of its topics
_COMMUNITIES: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Product Lounge Helsinki", "Helsinki", "meetup.com", "afterwork", "talks", "any"),
    ("Roadmap Breakfast Club", "Helsinki", "linkedin", "breakfast", "talks", "early"),
    ("Discovery Guild Finland", "Helsinki", "slack", "afterwork", "workshop", "early"),
    ("UX Research Circle", "Espoo", "email", "lunch", "talks", "early"),
    ("Tampere Product People", "Tampere", "meetup.com", "afterwork", "talks", "any"),
    ("Northern Data Night", "Helsinki", "meetup.com", "afterwork", "talks", "mid"),
    ("Metrics & Muffins", "Helsinki", "whatsapp", "breakfast", "social", "mid"),
    ("Example Analytics Tech Talks", "Helsinki", "eventbrite", "afterwork", "panel", "mid"),
    ("Experimentation Unconference", "Helsinki", "newsfeed", "fullday", "unconference", "mid"),
    ("Espoo AI Builders", "Espoo", "luma", "afterwork", "workshop", "late"),
    ("LLM Product Forum", "Helsinki", "luma", "afterwork", "panel", "late"),
    ("Remote Product Guild", "", "telegram", "online", "talks", "any"),
    ("Kallio Founders Afterwork", "Helsinki", "colleague", "afterwork", "social", "any"),
    ("Northwind Labs Open House", "Helsinki", "colleague", "afterwork", "talks", "any"),
    ("Nordic Product Day (fictional)", "Helsinki", "eventbrite", "fullday", "talks", "any"),
    ("PM Lunch Club", "Helsinki", "other", "lunch", "social", "any"),
)
_INVITE_ONLY = "Northwind Labs Open House"
_OWN_COMMUNITY = "Product Evenings Helsinki"


def _words(text: str, sep: str | None = None) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(sep))


def _lines(text: str) -> dict[str, tuple[str, ...]]:
    """``key: a | b | c`` lines as ``{key: (a, b, c)}``."""
    pairs = (line.split(":", 1) for line in text.strip().splitlines())
    return {key.strip(): _words(values, "|") for key, values in pairs}


_TOPICS = {
    "early": ("discovery", "roadmapping", "user-research", "prioritization", "stakeholders"),
    "mid": ("analytics", "experimentation", "metrics", "data-products"),
    "late": ("ai", "llm", "ai-ethics", "automation"),
    "any": ("leadership", "career", "design"),
}
_TITLES = {
    "discovery": ("Continuous discovery in practice", "Opportunity trees, one year in"),
    "roadmapping": ("Now-next-later roadmaps", "Roadmaps without dates?"),
    "user-research": ("Interviewing users without leading them", "Research ops on a budget"),
    "prioritization": ("Saying no to good ideas", "RICE, ICE and gut feeling"),
    "stakeholders": ("Managing up without losing your soul", "Stakeholder maps that work"),
    "analytics": ("Product analytics from zero", "Dashboards nobody opens"),
    "experimentation": ("A/B tests for small teams", "When not to run an experiment"),
    "metrics": ("North star metrics, honestly", "Picking the metric that matters"),
    "data-products": ("Shipping data products", "Data contracts for PMs"),
    "ai": ("Shipping AI features responsibly", "AI in the product trio"),
    "llm": ("LLM prototypes in a week", "Evaluating LLM features"),
    "ai-ethics": ("Bias checks before launch", "Explainability for product people"),
    "automation": ("Automating the boring parts of PM", "Agents in customer support"),
    "leadership": ("Growing as a product lead", "Leading without authority"),
    "career": ("From PM to head of product", "Career ladders for PMs"),
    "design": ("Design critiques that help", "Designers and PMs, pairing"),
}
_TAKEAWAYS = _lines(
    """
discovery: Talk to a customer every week, not per project | Write the assumption down before the interview | Map opportunities before solutions
roadmapping: Put outcomes, not features, on the roadmap | Keep the later column deliberately vague | Review the roadmap with sales every quarter
user-research: Ask about the last time, not about the future | Recruit participants from the support queue | Share raw clips, not only summaries
prioritization: Score confidence separately from impact | Publish what we decided not to do | Time-box prioritization meetings to 30 minutes
stakeholders: Pre-wire decisions one to one | Send a weekly five-line update | Name the decision owner in every doc
analytics: Instrument the activation event first | Every dashboard needs an owner | Cohort charts beat totals
experimentation: Decide the stopping rule before starting | Small teams can use sequential tests | Log every experiment in one place
metrics: Pair each metric with a counter-metric | Check the metric moves when users are happier | One north star, three inputs
data-products: Treat the dataset as a product with users | Agree data contracts with the source team | Document freshness next to every table
ai: Start from the workflow, not the model | Plan for the wrong answer case in the UI | Measure time saved, not model accuracy
llm: Build an evaluation set before prompting | Keep a human in the loop for the first release | Log prompts and outputs from day one
ai-ethics: Run a bias review before launch | Explain to users what the model cannot do | Keep an opt-out for automated decisions
automation: Automate the weekly report first | Write the runbook before the agent | Measure the handover rate to humans
leadership: Give feedback within a day | Delegate outcomes, not tasks | Protect one focus day a week
career: Write a brag document monthly | Ask for the stretch project explicitly | Find a mentor outside the company
design: Critique against the goal, not taste | Invite engineers to design reviews | Prototype in the real data early
"""
)
_FIRST_NAMES = _words(
    "Aino Eino Helmi Onni Ilona Väinö Sofia Leevi Emilia Elias Aada Oliver Linnea Veeti Kerttu "
    "Joona Pihla Mikael Sara Anton Noora Daniel Iida Samuel Priya Lucas Mei Omar Fatima Jonas "
    "Ingrid Mateo Zara Henrik Yuki Ahmed Laura Kristian Nina Tomás"
)
#: Surnames that say "example", "sketch", "draft" (mostly in Finnish): clearly made up.
_LAST_NAMES = _words(
    "Esimerkki Malli Testinen Kuvitelma Harjoitus Keksitty Näyte Luonnos Mallikas Koekäyttäjä "
    "Sample Example Placeholder Fictive Mockford Dummyson Testwood Draftley Demoinen Kokeilu "
    "Otos Vara Leikkinen Satunnainen Luonnosmaa Kaavio Prototyyppi Harjoitusmaa Exampleton "
    "Sketch"
)
_COMPANIES = _words(
    "Northwind Labs Oy|Example Analytics|Contoso Nordic|Fabrikam Oy|Sample Health Oy|"
    "Placeholder Games|Demo Bank Oyj|Lorem Logistics|Ipsum Insights|Mock Mobility Oy|"
    "Fictional Fintech Oy|Testable Tech|Dummy Data Co|Imaginary Retail Oy|Acme Software Oy|"
    "Widget Works|Example Energy Oy|Pretend Media|Hypothetical Health|Specimen Studios",
    "|",
)
_POSITIONS = _words(
    "Product Manager|Senior Product Manager|Head of Product|Product Owner|UX Researcher|"
    "Product Designer|Data Scientist|Analytics Lead|Engineering Manager|ML Engineer|CTO|"
    "Founder|Recruiter|Developer Advocate|Community Manager|VP Product",
    "|",
)
_TAGS = ("mentor", "hiring", "speaker", "data", "design", "ai", "founder", "organizer")
_CONTACT_NOTES = (
    "Met in the coffee queue",
    "Works on pricing; knows the analytics crowd",
    'Said "let\'s grab coffee sometime"',
    "Asked a sharp question about metrics",
    "Runs a podcast, ask about guesting",
    "Moved from Tampere, new in town",
)
_EVENT_NOTES = (
    "Great Q&A, stayed for the sauna",
    "Too crowded to talk to anyone",
    'Speaker said "ship the smallest thing", noted',
    "Good snacks, short talks",
    "Left early, tired",
)
_TRANSLIT = str.maketrans({"ä": "a", "ö": "o", "å": "a", "á": "a", "é": "e", " ": "-"})

_FOLLOW_UP = ("message", "email", "coffee", "call", "meeting")
_FOLLOW_UP_P = (0.4, 0.25, 0.15, 0.1, 0.1)
_ONGOING = ("message", "email", "coffee", "call", "meeting", "other", "intro-made")
_ONGOING_P = (0.3, 0.15, 0.14, 0.1, 0.1, 0.11, 0.1)
_OPPORTUNITY_P = {
    "job-lead": 0.24,
    "referral": 0.14,
    "speaking-invite": 0.2,
    "collaboration": 0.16,
    "mentoring": 0.14,
    "client": 0.12,
}
#: P(out), P(in), P(mutual) per interaction kind.
_DIRECTION_P = {
    "message": (0.5, 0.38, 0.12),
    "email": (0.5, 0.4, 0.1),
    "coffee": (0.45, 0.25, 0.3),
    "call": (0.45, 0.3, 0.25),
    "meeting": (0.4, 0.3, 0.3),
    "other": (0.4, 0.6, 0.0),
    "intro-made": (1.0, 0.0, 0.0),
    "job-lead": (0.0, 1.0, 0.0),
    "referral": (0.3, 0.7, 0.0),
    "speaking-invite": (0.0, 1.0, 0.0),
    "collaboration": (0.2, 0.2, 0.6),
    "mentoring": (0.5, 0.3, 0.2),
    "client": (0.1, 0.7, 0.2),
}
_INTERACTION_NOTES = {
    "message": ("Thanks for the chat", "Sent the slides", "Shared an article"),
    "email": ("Sent the research template", "Intro email with context"),
    "coffee": ("Coffee in Kamppi", "Walk and talk"),
    "call": ("30 min call about roadmaps", "Quick call"),
    "meeting": ("Lunch at their office", "Workshop planning"),
    "other": ("Congratulated on the new role", "Liked my post"),
    "intro-made": ("Introduced to a fellow PM", "Connected with a recruiter friend"),
    "job-lead": ("Lead for a senior PM role", "Head of Product opening"),
    "referral": ("Referral for a product role", "Referred a designer to them"),
    "speaking-invite": ("Invited to speak at their meetup", "Panel invitation"),
    "collaboration": ("Co-writing a blog post", "Joint workshop"),
    "mentoring": ("Monthly mentoring session", "Mentoring a junior PM"),
    "client": ("Consulting gig for a discovery sprint", "Advisory session"),
}


# --------------------------------------------------------------------------- plan


@dataclass(frozen=True)
class _Plan:
    scale: float
    first_year: int
    years: int

    @property
    def last_year(self) -> int:
        return self.first_year + self.years - 1

    @property
    def talk_year(self) -> int:
        return self.first_year + self.years // 3

    @property
    def organize_year(self) -> int:
        return self.first_year + (2 * self.years) // 3

    @property
    def start(self) -> int:
        return _day(dt.date(self.first_year, 1, 1))

    @property
    def end(self) -> int:
        return _day(dt.date(self.last_year, 12, 31))

    def progress(self, year: int) -> float:
        """0 in the first year, 1 in the last."""
        return 0.5 if self.years == 1 else (year - self.first_year) / (self.years - 1)


def _day(d: dt.date) -> int:
    return (d - _EPOCH).days


def _date(day: int) -> dt.date:
    return _EPOCH + dt.timedelta(days=int(day))


def _sometimes(mask: np.ndarray, values: Any) -> np.ndarray:
    """``values`` where ``mask`` holds, ``None`` elsewhere (an object array)."""
    out = np.full(len(mask), None, dtype=object)
    if np.ndim(values):
        out[mask] = np.asarray(values, dtype=object)[mask]
    else:
        out[mask] = values
    return out


def _objects(items: Sequence[Any]) -> np.ndarray:
    return np.array(items, dtype=object)


def _draw(rng: np.random.Generator, items: Sequence[Any], n: int) -> np.ndarray:
    """``n`` uniform draws from ``items`` (an object array)."""
    return _objects(items)[rng.integers(len(items), size=n)]


def _pick(rng: np.random.Generator, items: Sequence[Any], weights: Sequence[float]) -> Any:
    w = np.asarray(weights, dtype=float)
    return items[int(rng.choice(len(items), p=w / w.sum()))]


# --------------------------------------------------------------------------- events


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


# --------------------------------------------------------------------------- contacts


@dataclass
class _Contacts:
    met_day: np.ndarray  # int days
    event: np.ndarray  # index into events, -1 when not met at a meetup
    payoff: np.ndarray  # how well the channel of the meeting pays
    progress: np.ndarray  # plan progress of the year met
    year: np.ndarray
    introducer: np.ndarray  # index of the contact who introduced, -1 for none
    followed: np.ndarray  # followed up within 14 days (out/mutual)
    ids: np.ndarray
    names: np.ndarray
    frame: pd.DataFrame


#: How the per-event and per-contact rates grow with ``scale`` (exponents).
_GROWTH = {"contacts": 0.76, "takeaways": 0.68, "interactions": 0.42}


def _growth(scale: float, what: str) -> float:
    return float(scale ** _GROWTH[what])


def _contacts(
    rng: np.random.Generator, plan: _Plan, events: list[_Event], ev_day: np.ndarray
) -> _Contacts:
    attended = np.array([i for i, e in enumerate(events) if e.status == "attended"], dtype=np.int64)
    lam = np.array(
        [
            2.3
            * _FORMAT_CONTACTS[events[i].format]
            * _STYLE_CONTACTS[events[i].style]
            * (1.7 if events[i].role in (*schema.SPEAKER_ROLES, *schema.ORGANIZER_ROLES) else 1.0)
            * (0.6 + 0.4 * _CHANNEL_PAYOFF[events[i].channel])
            for i in attended
        ]
    ) * _growth(plan.scale, "contacts")
    counts = rng.poisson(lam) if len(attended) else np.zeros(0, dtype=np.int64)
    met_event = np.repeat(attended, counts)
    n_other = max(1, round(0.07 * len(met_event)))
    other_day = rng.integers(plan.start, plan.end + 1, n_other)
    event = np.concatenate([met_event, np.full(n_other, -1, dtype=np.int64)])
    met_day = np.concatenate([ev_day[met_event], other_day])
    order = np.lexsort((np.arange(len(event)), event, met_day))
    event, met_day = event[order], met_day[order]
    n = len(event)

    ev_payoff = np.array([_CHANNEL_PAYOFF[e.channel] for e in events] + [1.2])
    payoff = ev_payoff[event]  # -1 → the appended "not at a meetup" payoff
    year = met_day.astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    progress = np.array(
        [plan.progress(int(y)) for y in range(plan.first_year, plan.last_year + 1)]
    )[year - plan.first_year]

    # introductions: by someone met strictly earlier (so never a cycle)
    earlier = np.searchsorted(met_day, met_day, side="left")
    p_intro = np.where(event < 0, 0.6, 0.08)
    introduced = (rng.random(n) < p_intro) & (earlier > 0)
    introducer = np.where(introduced, (rng.random(n) * earlier).astype(np.int64), -1)

    # followed up within 14 days: an exact share per year, channels weighted
    followed = np.zeros(n, dtype=bool)
    keys = np.log(rng.random(n)) / payoff**3  # Efraimidis–Spirakis weighted sampling
    for y in range(plan.first_year, plan.last_year + 1):
        members = np.flatnonzero(year == y)
        target = 0.3 + 0.4 * plan.progress(y)
        chosen = members[np.argsort(-keys[members], kind="stable")[: round(target * len(members))]]
        followed[chosen] = True

    first = rng.integers(len(_FIRST_NAMES), size=n)
    last = rng.integers(len(_LAST_NAMES), size=n)
    names = _objects(_FIRST_NAMES)[first] + " " + _objects(_LAST_NAMES)[last]
    handles = (
        _objects([_slug(s) for s in _FIRST_NAMES])[first]
        + "-"
        + _objects([_slug(s) for s in _LAST_NAMES])[last]
    )
    dup = pd.Series(handles).groupby(handles).cumcount().to_numpy()
    suffix = _sometimes(dup > 0, "-" + (dup + 1).astype(str).astype(object))
    handles = handles + np.where(dup > 0, suffix, "")
    domain = np.where(rng.random(n) < 0.5, "@example.com", "@example.org").astype(object)
    linkedin = _sometimes(rng.random(n) < 0.85, "https://www.linkedin.com/in/" + handles)
    email = _sometimes(
        rng.random(n) < 0.35, _objects([h.replace("-", ".") for h in handles]) + domain
    )
    company = _sometimes(rng.random(n) < 0.9, _draw(rng, _COMPANIES, n))
    position = _sometimes(rng.random(n) < 0.85, _draw(rng, _POSITIONS, n))
    tags = _sometimes(rng.random(n) < 0.3, _draw(rng, _TAGS, n))
    notes = _sometimes(rng.random(n) < 0.12, _draw(rng, _CONTACT_NOTES, n))
    width = max(4, len(str(n)))
    ids = np.array([f"c-{i + 1:0{width}d}" for i in range(n)], dtype=object)
    event_ids = np.array([e.event_id for e in events] + [None], dtype=object)
    frame = _frame(
        schema.CONTACTS,
        {
            "contact_id": ids,
            "name": names,
            "company": company,
            "position": position,
            "linkedin_url": linkedin,
            "email": email,
            "met_on": _dates(met_day),
            "met_event_id": event_ids[event],
            "met_event_inferred": _sometimes(event >= 0, False),
            "introduced_by": _sometimes(introducer >= 0, ids[np.maximum(introducer, 0)]),
            "tags": tags,
            "notes": notes,
        },
        n,
    )
    return _Contacts(
        met_day, event, payoff, progress, year, introducer, followed, ids, names, frame
    )


# --------------------------------------------------------------------------- interactions


@dataclass
class _Rows:
    """Interaction rows under construction, one numpy array per column."""

    parts: list[dict[str, np.ndarray]] = field(default_factory=list)

    def add(
        self,
        rng: np.random.Generator,
        contact: np.ndarray,
        day: np.ndarray,
        kind: np.ndarray,
        *,
        event: np.ndarray | None = None,
        direction: np.ndarray | None = None,
        note: np.ndarray | None = None,
    ) -> None:
        n = len(contact)
        kind = np.asarray(kind, dtype=object)
        if direction is None:
            direction = np.empty(n, dtype=object)
            u = rng.random(n)
            for k in np.unique(kind):
                out, inn, _ = _DIRECTION_P[str(k)]
                mask = kind == k
                direction[mask] = np.where(
                    u[mask] < out, "out", np.where(u[mask] < out + inn, "in", "mutual")
                )
        if note is None:
            note = np.full(n, None, dtype=object)
            u = rng.random(n)
            pick = rng.random(n)
            for k in np.unique(kind):
                options = np.array(_INTERACTION_NOTES.get(str(k), ()), dtype=object)
                mask = (kind == k) & (u < (0.9 if k in schema.OPPORTUNITY_KINDS else 0.3))
                if len(options):
                    note[mask] = options[(pick[mask] * len(options)).astype(np.int64)]
        self.parts.append(
            {
                "contact": np.asarray(contact, dtype=np.int64),
                "day": np.asarray(day, dtype=np.int64),
                "kind": kind,
                "direction": np.asarray(direction, dtype=object),
                "event": np.full(n, -1, dtype=np.int64) if event is None else event,
                "note": np.asarray(note, dtype=object),
            }
        )

    def column(self, name: str) -> np.ndarray:
        return np.concatenate([part[name] for part in self.parts])


def _choice(
    rng: np.random.Generator, options: Sequence[str], p: Sequence[float], n: int
) -> np.ndarray:
    return np.array(options, dtype=object)[rng.choice(len(options), size=n, p=_normalized(p))]


def _interactions(
    rng: np.random.Generator,
    plan: _Plan,
    c: _Contacts,
    talk_day: int | None,
    event_ids: np.ndarray,
) -> pd.DataFrame:
    n = len(c.met_day)
    everyone = np.arange(n)
    rows = _Rows()
    intensity = _growth(plan.scale, "interactions")

    # introductions received, logged on the day you met
    intro = np.flatnonzero(c.introducer >= 0)
    rows.add(
        rng,
        intro,
        c.met_day[intro],
        np.full(len(intro), "intro-received", dtype=object),
        event=c.event[intro],
        direction=np.full(len(intro), "in", dtype=object),
        note="Introduced by " + c.names[c.introducer[intro]],
    )

    # LinkedIn connections: mostly the same evening, never before meeting
    connect = np.flatnonzero(rng.random(n) < 0.5 + 0.25 * c.progress + 0.15 * c.followed)
    u = rng.random(len(connect))
    offset = np.where(
        u < 0.55,
        0,
        np.where(u < 0.9, rng.integers(1, 8, len(connect)), rng.integers(8, 60, len(connect))),
    )
    rows.add(
        rng,
        connect,
        c.met_day[connect] + offset,
        np.full(len(connect), "linkedin-connect", dtype=object),
        event=np.where(offset == 0, c.event[connect], -1),
        direction=np.where(rng.random(len(connect)) < 0.7, "out", "in").astype(object),
        note=np.full(len(connect), None, dtype=object),
    )

    # the follow-up within 14 days (sooner as the years go by), kept inside the logbook's range
    fol = np.flatnonzero(c.followed)
    mean_days = 6 - 4 * c.progress[fol]
    offset = np.minimum(14, rng.geometric(1 / (1 + mean_days)))
    offset = np.where(rng.random(len(fol)) < 0.06, 0, offset)
    offset = np.maximum(0, np.minimum(offset, plan.end - c.met_day[fol]))
    rows.add(
        rng,
        fol,
        c.met_day[fol] + offset,
        _choice(rng, _FOLLOW_UP, _FOLLOW_UP_P, len(fol)),
        direction=np.where(rng.random(len(fol)) < 0.8, "out", "mutual").astype(object),
    )

    # the others: some write to you first, some get a late follow-up
    rest = np.flatnonzero(~c.followed)
    inbound = rest[rng.random(len(rest)) < 0.3]
    rows.add(
        rng,
        inbound,
        c.met_day[inbound] + rng.integers(0, 15, len(inbound)),
        _choice(rng, ("message", "email"), (0.7, 0.3), len(inbound)),
        direction=np.full(len(inbound), "in", dtype=object),
    )
    late = rest[rng.random(len(rest)) < 0.3]
    rows.add(
        rng,
        late,
        c.met_day[late] + rng.integers(15, 120, len(late)),
        _choice(rng, _FOLLOW_UP, _FOLLOW_UP_P, len(late)),
    )

    # keeping in touch: a few interactions spread over the following months
    k = rng.poisson((0.6 + 1.6 * c.followed) * np.sqrt(c.payoff) * intensity)
    who = np.repeat(everyone, k)
    gaps = rng.exponential(70.0, len(who)).astype(np.int64) + 1
    cum = np.cumsum(gaps)
    starts = np.repeat(np.cumsum(k) - k, k)
    offset = 15 + cum - (cum[starts] - gaps[starts]) if len(who) else cum
    rows.add(rng, who, c.met_day[who] + offset, _choice(rng, _ONGOING, _ONGOING_P, len(who)))

    # opportunities: far likelier from followed-up contacts and well-paying channels
    lam = 0.2 * c.payoff**1.5 * np.where(c.followed, 2.5, 0.5) * intensity
    k = rng.poisson(lam)
    who = np.repeat(everyone, k)
    kinds = _choice(rng, tuple(_OPPORTUNITY_P), tuple(_OPPORTUNITY_P.values()), len(who))
    day = c.met_day[who] + rng.integers(20, 540, len(who))
    too_early = (kinds == "speaking-invite") & (
        day <= (talk_day if talk_day is not None else plan.end + 1)
    )
    kinds[too_early] = "collaboration"
    rows.add(rng, who, day, kinds)

    day = rows.column("day")
    keep = day <= plan.end
    contact = rows.column("contact")[keep]
    day = day[keep]
    seq = np.arange(len(day))
    order = np.lexsort((seq, contact, day))
    event = rows.column("event")[keep][order]
    n_rows = len(order)
    return _frame(
        schema.INTERACTIONS,
        {
            "date": _dates(day[order]),
            "contact_id": c.ids[contact[order]],
            "kind": rows.column("kind")[keep][order],
            "direction": rows.column("direction")[keep][order],
            "event_id": _sometimes(event >= 0, event_ids[np.maximum(event, 0)]),
            "note": rows.column("note")[keep][order],
        },
        n_rows,
    )


# --------------------------------------------------------------------------- learnings


def _learnings(
    rng: np.random.Generator, plan: _Plan, events: list[_Event], ev_day: np.ndarray
) -> pd.DataFrame:
    attended = np.array([i for i, e in enumerate(events) if e.status == "attended"], dtype=np.int64)
    lam = np.array(
        [
            2.5
            * _STYLE_TAKEAWAYS[events[i].style]
            * (0.7 + 0.1 * (events[i].numbers.get("rating") or 3))
            for i in attended
        ]
    ) * _growth(plan.scale, "takeaways")
    counts = rng.poisson(lam) if len(attended) else np.zeros(0, dtype=np.int64)
    ev = np.repeat(attended, counts)
    n = len(ev)
    width = max(len(e.topics) for e in events)
    padded = np.array(
        [e.topics + [e.topics[0]] * (width - len(e.topics)) for e in events], dtype=object
    )
    n_topics = np.array([len(e.topics) for e in events])
    topic = padded[ev, (rng.random(n) * n_topics[ev]).astype(np.int64)]
    other = rng.random(n) < 0.1
    topic[other] = np.array(_TOPICS["any"], dtype=object)[
        rng.integers(len(_TOPICS["any"]), size=int(other.sum()))
    ]
    takeaway = np.empty(n, dtype=object)
    pick = rng.random(n)
    for name, phrases in _TAKEAWAYS.items():
        mask = topic == name
        takeaway[mask] = np.array(phrases, dtype=object)[
            (pick[mask] * len(phrases)).astype(np.int64)
        ]

    year = ev_day[ev].astype("datetime64[D]").astype("datetime64[Y]").astype(np.int64) + 1970
    progress = (year - plan.first_year) / max(1, plan.years - 1)
    applied = rng.random(n) < 0.25 + 0.3 * progress
    applied_day = ev_day[ev] + 1 + rng.geometric(1 / 30, n)
    applied &= applied_day <= plan.end
    impact = np.where(applied, rng.integers(3, 6, n), rng.integers(1, 5, n)).astype(float)
    impact[rng.random(n) < 0.08] = np.nan
    event_ids = np.array([e.event_id for e in events], dtype=object)
    return _frame(
        schema.LEARNINGS,
        {
            "event_id": event_ids[ev],
            "takeaway": takeaway,
            "topic": _sometimes(rng.random(n) < 0.95, topic),
            "applied_on": _dates(np.where(applied, applied_day, -1), missing=~applied),
            "impact": impact,
        },
        n,
    )


# --------------------------------------------------------------------------- typed frames


def _dates(days: np.ndarray, missing: np.ndarray | None = None) -> np.ndarray:
    """Day numbers as ``datetime64[ns]`` (``NaT`` where ``missing``)."""
    out = np.asarray(days, dtype=np.int64).astype("datetime64[D]").astype("datetime64[ns]")
    if missing is not None:
        out[missing] = np.datetime64("NaT")
    return out


def _frame(table: schema.Table, columns: Mapping[str, Any], n: int) -> pd.DataFrame:
    """A DataFrame typed exactly as :func:`meetupstats.logbook.load_logbook` types ``table``.

    ``columns`` maps column names to array-likes of length ``n``: day numbers
    already as ``datetime64``, numbers as floats with NaN for empty, text as
    objects with ``None`` for empty; absent columns are empty.
    """
    data: dict[str, pd.Series] = {}
    for column in table.columns:
        values = columns.get(column.name)
        kind = column.kind
        if kind == "date":
            arr = (
                np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
                if values is None
                else np.asarray(values, dtype="datetime64[ns]")
            )
            data[column.name] = pd.Series(arr, dtype="datetime64[ns]")
        elif kind in ("int", "float"):
            arr = np.full(n, np.nan) if values is None else np.asarray(values, dtype="float64")
            series = pd.Series(arr, dtype="float64")
            data[column.name] = series.astype("Int64") if kind == "int" else series
        elif kind == "enum":
            cells = [None] * n if values is None else list(values)
            data[column.name] = pd.Series(pd.Categorical(cells, categories=list(column.choices)))
        elif kind == "bool":
            cells = [None] * n if values is None else list(values)
            data[column.name] = pd.Series(pd.array(cells, dtype="boolean"))
        elif kind == "list":
            cells = [()] * n if values is None else [tuple(v) for v in values]
            data[column.name] = pd.Series(cells, dtype=object)
        else:
            cells = (
                [None] * n if values is None else [None if v is None else str(v) for v in values]
            )
            data[column.name] = pd.Series(cells, dtype=object)
    return pd.DataFrame(data, index=pd.RangeIndex(n))


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


# --------------------------------------------------------------------------- goals


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


# --------------------------------------------------------------------------- public API


def generate(
    seed: int = 2025, scale: float = 1.0, first_year: int = 2023, years: int = 3
) -> Logbook:
    """A synthetic, fictional logbook (see the module docstring for its story).

    Parameters
    ----------
    seed : int
        Seed of ``numpy.random.default_rng``; the same arguments give the same logbook.
    scale : float
        Size: about ``20 * scale`` events a year; contacts and takeaways per
        attended event and interactions per contact grow as powers of
        ``scale`` below 1 (see the module docstring). ``scale=10, years=10``
        is the benchmark heavy user (about 2,000 events, 30,000 contacts,
        200,000 interactions, 20,000 takeaways).
    first_year, years : int
        The calendar years covered; every date lies in
        ``first_year-01-01 .. (first_year + years - 1)-12-31``.

    Returns
    -------
    Logbook
        Typed tables exactly as :func:`meetupstats.logbook.load_logbook`
        returns them (``path`` is ``None``), plus goals for the last year. It
        validates without errors or warnings.
    """
    if not (isinstance(scale, (int, float)) and math.isfinite(scale) and scale > 0):
        raise UsageError(f"scale must be a positive number, got {scale!r}")
    if years < 1:
        raise UsageError(f"years must be at least 1, got {years!r}")
    if not 1900 <= first_year <= 9000:
        raise UsageError(f"first year {first_year!r} is out of range")
    plan = _Plan(float(scale), first_year, years)
    rng = np.random.default_rng(seed)
    events = _events(rng, plan)
    ev_day = np.array([e.day for e in events], dtype=np.int64)
    talk_day = min(
        (e.day for e in events if e.role in schema.SPEAKER_ROLES and e.status == "attended"),
        default=None,
    )
    contacts = _contacts(rng, plan, events, ev_day)
    event_ids = np.array([e.event_id for e in events] + [None], dtype=object)
    interactions = _interactions(rng, plan, contacts, talk_day, event_ids)
    learnings = _learnings(rng, plan, events, ev_day)
    events_frame = _events_frame(events)
    goals = _goals(plan, events_frame, contacts.frame, learnings)
    log.debug(
        "generated %d events, %d contacts, %d interactions, %d takeaways",
        len(events_frame),
        len(contacts.frame),
        len(interactions),
        len(learnings),
    )
    return Logbook(
        events=events_frame,
        contacts=contacts.frame,
        interactions=interactions,
        learnings=learnings,
        goals=goals,
    )


def sample_readme(
    seed: int = 2025, scale: float = 1.0, first_year: int = 2023, years: int = 3
) -> str:
    """The README.md that :func:`write_sample` puts beside the generated files."""
    options = "".join(
        f" --{flag} {value}"
        for flag, value, default in (
            ("seed", seed, 2025),
            ("scale", scale, 1.0),
            ("first-year", first_year, 2023),
            ("years", years, 3),
        )
        if value != default
    )
    last = first_year + years - 1
    return (
        f"{README_TITLE}\n\n"
        f"Synthetic data: {PERSONA}, a fictional product manager in Helsinki, and her meetups "
        f"{first_year}–{last}. Every person, company, e-mail address (example.com/example.org) "
        "and event here is made up.\n"
        f"Regenerate it byte for byte with `python -m meetupstats.synthetic <folder>{options}`"
        " (the bundled sample's folder is `data/sample`).\n"
    )


def write_sample(
    folder: str | Path,
    seed: int = 2025,
    scale: float = 1.0,
    first_year: int = 2023,
    years: int = 3,
) -> Logbook:
    """Generate a logbook (:func:`generate`) and write it to ``folder``; returns it.

    The tables go through :func:`meetupstats.logbook.save_logbook`, so the
    files are canonical; ``goals.yml`` and a ``README.md`` saying the data is
    synthetic are written beside them. A folder that already holds files of a
    logbook not made by this generator is refused and left untouched; in one
    made by it, the new version replaces the old without keeping a
    ``.backup/`` (the old one is regenerated by its arguments).

    Raises
    ------
    UsageError
        When ``folder`` holds someone's own logbook, or the arguments are bad.
    """
    from meetupstats.logbook import save_logbook
    from meetupstats.storage import BACKUP, commit_files

    target = Path(folder)
    readme = target / "README.md"
    names = [t.filename for t in schema.TABLES.values()] + [schema.GOALS_FILE, readme.name]
    existing = [name for name in names if (target / name).exists()]
    ours = readme.is_file() and readme.read_bytes().startswith(README_TITLE.encode())
    if existing and not ours:
        raise UsageError(
            f"{target}: already holds {', '.join(existing)} not written by this generator; "
            "nothing was changed (choose an empty folder)"
        )
    book = generate(seed=seed, scale=scale, first_year=first_year, years=years)
    save_logbook(book, target)
    commit_files(
        target,
        {
            schema.GOALS_FILE: goals_yaml(book.goals).encode("utf-8"),
            "README.md": sample_readme(seed, scale, first_year, years).encode("utf-8"),
        },
    )
    if ours:
        # The replaced files were generated too (any version is one command away), and a
        # backup folder inside data/sample would be shipped in the wheel.
        shutil.rmtree(target / BACKUP, ignore_errors=True)
    return replace(book, path=target)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m meetupstats.synthetic OUT_DIR [--seed N] [--scale X] [--first-year Y] [--years N]``."""
    parser = argparse.ArgumentParser(
        prog="python -m meetupstats.synthetic",
        description="Write a synthetic, fictional meetupstats logbook (the sample, or a "
        "benchmark-size one) into OUT_DIR.",
    )
    parser.add_argument("out_dir", metavar="OUT_DIR", type=Path)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--first-year", type=int, default=2023)
    parser.add_argument("--years", type=int, default=3)
    args = parser.parse_args(argv)
    try:
        book = write_sample(args.out_dir, args.seed, args.scale, args.first_year, args.years)
    except MeetupStatsError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    counts = ", ".join(f"{len(book.table(name))} {name}" for name in schema.TABLES)
    print(f"{args.out_dir}: wrote {counts}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
