"""Contacts met at the events, the interactions with them, and the takeaways."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.arrays import repeated
from meetupstats.synthetic.events import _Event, _normalized, _slug
from meetupstats.synthetic.frames import _dates, _frame
from meetupstats.synthetic.plan import _draw, _objects, _Plan, _sometimes
from meetupstats.synthetic.vocabulary import (
    _CHANNEL_PAYOFF,
    _COMPANIES,
    _CONTACT_NOTES,
    _DIRECTION_P,
    _FIRST_NAMES,
    _FOLLOW_UP,
    _FOLLOW_UP_P,
    _FORMAT_CONTACTS,
    _INTERACTION_NOTES,
    _LAST_NAMES,
    _ONGOING,
    _ONGOING_P,
    _OPPORTUNITY_P,
    _POSITIONS,
    _STYLE_CONTACTS,
    _STYLE_TAKEAWAYS,
    _TAGS,
    _TAKEAWAYS,
    _TOPICS,
)


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
            note = repeated(None, n)
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
        repeated("intro-received", len(intro)),
        event=c.event[intro],
        direction=repeated("in", len(intro)),
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
        repeated("linkedin-connect", len(connect)),
        event=np.where(offset == 0, c.event[connect], -1),
        direction=np.where(rng.random(len(connect)) < 0.7, "out", "in").astype(object),
        note=repeated(None, len(connect)),
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
        direction=repeated("in", len(inbound)),
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
