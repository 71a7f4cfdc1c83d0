"""The vectorized metrics against a plain-Python reading of DESIGN.md, on random logbooks.

``reference_summary`` re-derives every metric from the raw CSV text with
loops and the standard library, one DESIGN.md sentence at a time; hypothesis
generates the logbooks (see ``test_metrics_properties``).
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import statistics
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from builders import write_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_metrics_properties import dates, logbooks

from meetupstats import schema
from meetupstats.logbook import load_logbook
from meetupstats.metrics import yearly_summary

Row = dict[str, Any]


def read(folder: Path, name: str) -> list[Row]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as f:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(f)]


def day(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def num(text: str) -> float:
    """A number cell; missing counts 0."""
    return float(text) if text else 0.0


def ratio(a: float, b: float) -> float | None:
    return a / b if b else None


def entropy(counts: Iterable[int]) -> float | None:
    c = [v for v in counts if v > 0]
    total = sum(c)
    return -sum(v / total * math.log2(v / total) for v in c) + 0.0 if c else None


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


def reference_summary(folder: Path, year: int, as_of: dt.date | None) -> Row:
    events, contacts = read(folder, "events"), read(folder, "contacts")
    interactions, learnings = read(folder, "interactions"), read(folder, "learnings")
    for e in events:
        e["day"] = day(e["date"])
    by_id = {e["event_id"]: e for e in events}
    attended = [e for e in events if e["status"] == "attended" and e["day"].year == year]
    ids = {e["event_id"] for e in attended}
    in_y = [e for e in events if e["day"].year == year]
    no_show = sum(e["status"] == "no-show" for e in in_y)
    hours = sum(num(e["duration_h"]) + num(e["travel_min"]) / 60 for e in attended)
    energy = int(sum(num(e["energy_cost"]) for e in attended))
    out: Row = {
        "events_attended": len(attended),
        "hours_invested": hours,
        "money_spent": sum(num(e["cost"]) for e in in_y if e["status"] in ("attended", "no-show")),
        "energy_spent": energy,
        "show_up_rate": ratio(len(attended), len(attended) + no_show),
    }

    taken = [x for x in learnings if x["event_id"] in ids]
    applied = [x for x in taken if x["applied_on"]]
    to_apply = [(day(x["applied_on"]) - by_id[x["event_id"]]["day"]).days for x in applied]

    def topics(e: Row) -> set[str]:
        found = {t.strip().lower() for t in e["topics"].split(";")}
        found |= {x["topic"].lower() for x in learnings if x["event_id"] == e["event_id"]}
        return found - {""}

    counts = Counter(t for e in attended for t in topics(e))
    seen = {
        t for e in events if e["status"] == "attended" and e["day"].year < year for t in topics(e)
    }
    rated = [num(e["rating"]) for e in attended if e["rating"]]
    out |= {
        "takeaways": len(taken),
        "takeaways_per_event": ratio(len(taken), len(attended)),
        "takeaways_per_hour": ratio(len(taken), hours),
        "applied_rate": ratio(len(applied), len(taken)),
        "median_days_to_apply": median(to_apply),
        "questions_asked": int(sum(num(e["questions_asked"]) for e in attended)),
        "asked_share": ratio(sum(num(e["questions_asked"]) >= 1 for e in attended), len(attended)),
        "distinct_topics": len(counts),
        "topic_entropy_bits": entropy(counts.values()),
        "new_topics": len(set(counts) - seen),
        "mean_rating": sum(rated) / len(rated) if rated else None,
    }

    for c in contacts:
        c["met"] = day(c["met_on"])
    new = [c for c in contacts if c["met"] and c["met"].year == year]
    of: dict[str, list[Row]] = {}
    for i in interactions:
        of.setdefault(i["contact_id"], []).append(i)

    def lags(c: Row, kinds: Iterable[str], directions: Iterable[str] | None) -> list[int]:
        if not c["met"]:
            return []
        return sorted(
            (day(i["date"]) - c["met"]).days
            for i in of.get(c["contact_id"], [])
            if i["kind"] in kinds
            and (directions is None or i["direction"] in directions)
            and day(i["date"]) >= c["met"]
        )

    def follow_ups(c: Row) -> list[int]:
        return lags(c, schema.FOLLOW_UP_KINDS, ("out", "mutual"))

    def followed(c: Row) -> bool:
        return bool(follow_ups(c)) and follow_ups(c)[0] <= 14

    if as_of is None:
        every = [e["day"] for e in events] + [c["met"] for c in contacts if c["met"]]
        every += [day(i["date"]) for i in interactions]
        every += [day(x["applied_on"]) for x in learnings if x["applied_on"]]
        as_of = max(every, default=None)
    eligible = [c for c in new if as_of and c["met"] <= as_of - dt.timedelta(days=90)]
    warm = [
        c
        for c in eligible
        if any(
            day(i["date"]) >= c["met"] + dt.timedelta(days=90) for i in of.get(c["contact_id"], [])
        )
    ]
    met_at = {c["contact_id"]: c["met_event_id"] for c in contacts}
    opps = [
        i
        for i in interactions
        if day(i["date"]).year == year and i["kind"] in schema.OPPORTUNITY_KINDS
    ]
    firsts = [follow_ups(c)[0] for c in new if follow_ups(c)]
    out |= {
        "new_contacts": len(new),
        "contacts_per_event": ratio(sum(c["met_event_id"] in ids for c in new), len(attended)),
        "contacts_per_hour": ratio(len(new), hours),
        "connect_rate": ratio(
            sum(
                bool(lags(c, ("linkedin-connect",), None))
                and lags(c, ("linkedin-connect",), None)[0] <= 7
                for c in new
            ),
            len(new),
        ),
        "follow_up_rate": ratio(sum(followed(c) for c in new), len(new)),
        "median_follow_up_days": median(firsts),
        "kept_warm_rate": ratio(len(warm), len(eligible)),
        "introduced_contacts": sum(bool(c["introduced_by"]) for c in new),
        "opportunities": len(opps),
        "opportunities_from_meetups": sum(bool(met_at[i["contact_id"]]) for i in opps),
        "company_entropy_bits": entropy(
            Counter(c["company"] for c in new if c["company"]).values()
        ),
        "contacts_per_energy": ratio(len(new), energy),
        "talks_given": sum(e["role"] in schema.SPEAKER_ROLES for e in attended),
        "events_organized": sum(e["role"] in schema.ORGANIZER_ROLES for e in attended),
    }

    history = [e for e in events if e["status"] == "attended" and e["day"].year <= year]

    def first(test: Callable[[Row], bool]) -> str | None:
        found = [e["day"] for e in history if test(e)]
        return min(found).isoformat() if found else None

    milestones = {
        "first_event": first(lambda e: True),
        "first_question": first(lambda e: num(e["questions_asked"]) >= 1),
        "first_talk": first(lambda e: e["role"] in schema.SPEAKER_ROLES),
        "first_organized": first(lambda e: e["role"] in schema.ORGANIZER_ROLES),
    }
    reached = [s for s, m in zip(schema.LADDER_STAGES[1:], milestones.values(), strict=True) if m]
    out["ladder_stage"] = reached[-1] if reached else "newcomer"
    out["milestones"] = milestones

    out["breakdowns"] = {}
    for dim in schema.BREAKDOWN_DIMENSIONS:
        rows = []
        for value in {e[dim] for e in attended if e[dim]}:
            group = [e for e in attended if e[dim] == value]
            gid = {e["event_id"] for e in group}
            stars = [num(e["rating"]) for e in group if e["rating"]]
            met = [c for c in contacts if c["met_event_id"] in gid]
            rows.append(
                {
                    "value": value,
                    "events": len(group),
                    "mean_rating": sum(stars) / len(stars) if stars else None,
                    "takeaways_per_event": sum(x["event_id"] in gid for x in learnings)
                    / len(group),
                    "contacts_per_event": len(met) / len(group),
                    "follow_up_rate": ratio(sum(followed(c) for c in met), len(met)),
                    "opportunities": sum(met_at[i["contact_id"]] in gid for i in opps),
                }
            )
        out["breakdowns"][dim] = sorted(rows, key=lambda r: (-r["events"], r["value"]))
    return out


def same(want: Any, got: Any) -> bool:
    if isinstance(want, dict):
        return want.keys() <= got.keys() and all(same(want[k], got[k]) for k in want)
    if isinstance(want, list):
        return len(want) == len(got) and all(same(w, g) for w, g in zip(want, got, strict=True))
    if isinstance(want, float) or isinstance(got, float):
        return want is not None and got is not None and math.isclose(want, got, abs_tol=1e-9)
    return bool(want == got) and type(want) is type(got)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=logbooks(), as_of=st.one_of(st.none(), dates))
def test_every_metric_matches_the_plain_python_reference(
    rows: dict[str, Any], as_of: str | None
) -> None:
    with tempfile.TemporaryDirectory() as name:
        folder = write_logbook(Path(name), **rows)
        book = load_logbook(folder)
        for year in (2023, 2024, 2025):
            got = yearly_summary(book, year, as_of)
            want = reference_summary(folder, year, day(as_of or ""))
            wrong = {k: (want[k], got[k]) for k in want if not same(want[k], got[k])}
            assert not wrong, f"{year}: reference vs yearly_summary {wrong}"
