"""Property tests: imports are idempotent, and no valid logbook makes ``summary`` raise.

* Import → import: a generated LinkedIn ``Connections.csv`` (then its
  ``messages.csv``), or a generated calendar, imported twice leaves every file
  of the logbook byte-identical after the second import (``.backup/``
  included: nothing is written at all). Generated text includes quotes,
  commas, line breaks, accents, emoji and formula-like cells.
* Random valid logbooks with edge values (numbers at 0 and at the loader's
  largest allowed magnitude, text of any Unicode, ids differing in case,
  circular introductions, dates far apart) never make the summary raise:
  ``yearly_summary`` → the ``summary --json`` text → the ``summary`` table.
  (tests/test_metrics_properties.py checks the metrics' ranges; this file
  checks the path from CSV text to printed output.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import tempfile
from pathlib import Path

from builders import contact, event, interaction, learning, write_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats import schema
from meetupstats.importers import ImportReport, import_into
from meetupstats.importers.ics import read_ics
from meetupstats.importers.linkedin import linkedin_batch
from meetupstats.logbook import MAX_NUMBER, load_logbook, save_logbook

SETTINGS = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TODAY = dt.date(2026, 1, 1)

# text written by strangers: printable Unicode plus the characters that break CSV and ICS
odd = st.sampled_from(
    [",", '"', ";", "\n", "\\", "=", "+", "-", "@", " ", "é", "ß", "🚀", "\u00a0", "'"]
)
texts = st.text(
    alphabet=st.one_of(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), odd),
    max_size=24,
)
names = texts.filter(lambda t: t.strip() and "\n" not in t)
days = st.dates(dt.date(2015, 1, 1), dt.date(2025, 12, 31))


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def _base_logbook(folder: Path) -> Path:
    return write_logbook(
        folder,
        events=[event("e1", "2025-03-12")],
        contacts=[contact("c1", name="Hand Written", company="=mine")],
    )


def _saved_as_save_logbook_would(folder: Path, report: ImportReport) -> None:
    """The files an import wrote are what ``save_logbook`` writes for its merged
    logbook, and that logbook is what loading them gives (only the changed rows
    were converted and rendered)."""
    import pandas as pd

    assert report.logbook is not None
    loaded = load_logbook(folder)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(loaded.table(name), report.logbook.table(name))
    assert loaded.warnings == report.logbook.warnings
    with tempfile.TemporaryDirectory() as tmp:
        save_logbook(report.logbook, Path(tmp))
        for name in report.written:
            assert (Path(tmp) / name).read_bytes() == (folder / name).read_bytes(), name


@st.composite
def connections(draw: st.DrawFn) -> list[tuple[str, str, str, str, str, dt.date]]:
    """(first, last, handle, company, position, connected on) rows."""
    n = draw(st.integers(1, 8))
    handles = draw(
        st.lists(
            st.from_regex(r"[a-z][a-z0-9-]{2,12}", fullmatch=True),
            min_size=n,
            max_size=n,
            unique=True,
        )
    )
    return [(draw(names), draw(texts), h, draw(texts), draw(texts), draw(days)) for h in handles]


def _connections_csv(rows: list[tuple[str, str, str, str, str, dt.date]]) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"]
    )
    for first, last, handle, company, position, day in rows:
        url = f"https://www.linkedin.com/in/{handle}"
        w.writerow([first, last, url, "", company, position, day.strftime("%d %b %Y")])
    return 'Notes:\n"a preamble, as LinkedIn writes it"\n\n' + buf.getvalue()


def _messages_csv(rows: list[tuple[str, str, str, str, str, dt.date]], data: st.DataObject) -> str:
    me = "https://www.linkedin.com/in/zz-me"
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(
        [
            "CONVERSATION ID",
            "CONVERSATION TITLE",
            "FROM",
            "SENDER PROFILE URL",
            "TO",
            "RECIPIENT PROFILE URLS",
            "DATE",
            "SUBJECT",
            "CONTENT",
            "FOLDER",
        ]
    )
    for i, (first, _last, handle, *_rest) in enumerate(rows):
        them = f"https://www.linkedin.com/in/{handle}"
        for j in range(data.draw(st.integers(1, 3))):
            out = data.draw(st.booleans())
            when = dt.datetime.combine(data.draw(days), dt.time(12, j))
            sender, to = (me, them) if out else (them, me)
            w.writerow(
                [
                    f"conv-{i}",
                    "",
                    first,
                    sender,
                    "",
                    to,
                    f"{when:%Y-%m-%d %H:%M:%S} UTC",
                    "",
                    data.draw(texts),
                    "INBOX",
                ]
            )
    return buf.getvalue()


@SETTINGS
@given(rows=connections(), data=st.data())
def test_linkedin_import_twice_changes_nothing(
    rows: list[tuple[str, str, str, str, str, dt.date]], data: st.DataObject
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = _base_logbook(root / "logbook")
        export = root / "Connections.csv"
        export.write_text(_connections_csv(rows), encoding="utf-8")
        messages = root / "messages.csv"
        messages.write_text(_messages_csv(rows, data), encoding="utf-8")
        _saved_as_save_logbook_would(folder, import_into(folder, linkedin_batch(export)))
        _saved_as_save_logbook_would(folder, import_into(folder, linkedin_batch(messages)))
        first = _files(folder)
        again = import_into(folder, linkedin_batch(export))
        again_messages = import_into(folder, linkedin_batch(messages))
        assert _files(folder) == first
        assert again.written == [] and again_messages.written == []
        book = load_logbook(folder)
        assert int((book.contacts["source"] == "linkedin").sum()) == len(rows)
        assert "=mine" in set(book.contacts["company"])  # the user's own cell


@st.composite
def calendars(draw: st.DrawFn) -> bytes:
    import icalendar

    cal = icalendar.Calendar()
    cal.add("prodid", "-//property test//EN")
    cal.add("version", "2.0")
    if draw(st.booleans()):
        cal.add("x-wr-timezone", "Europe/Helsinki")
    for i in range(draw(st.integers(1, 6))):
        ev = icalendar.Event()
        ev.add("uid", f"{i}-{draw(st.from_regex(r'[a-z0-9]{1,8}', fullmatch=True))}@meetup.com")
        day = draw(days)
        if draw(st.booleans()):
            ev.add("dtstart", day)  # all day
        else:
            start = dt.datetime.combine(day, dt.time(draw(st.integers(0, 23)), 0), tzinfo=dt.UTC)
            ev.add("dtstart", start)
            ev.add("dtend", start + dt.timedelta(minutes=draw(st.integers(0, 600))))
        ev.add("summary", draw(texts))
        ev.add("location", draw(texts))
        ev.add("description", draw(texts))
        ev.add("url", f"https://www.meetup.com/group/events/{i}/")
        if draw(st.booleans()):
            ev.add("status", "CANCELLED")
        if draw(st.integers(0, 3)) == 0:
            ev.add("rrule", {"freq": "weekly", "count": draw(st.integers(1, 5))})
        cal.add_component(ev)
    return bytes(cal.to_ical())


@SETTINGS
@given(ics=calendars())
def test_ics_import_twice_changes_nothing(ics: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        folder = _base_logbook(root / "logbook")
        export = root / "calendar.ics"
        export.write_bytes(ics)
        _saved_as_save_logbook_would(folder, import_into(folder, read_ics(export, today=TODAY)))
        first = _files(folder)
        again = import_into(folder, read_ics(export, today=TODAY))
        assert _files(folder) == first
        assert again.written == []


# --------------------------------------------------------------------------- summary never raises

numbers = st.sampled_from(["", "0", "0.25", "1", "7", f"{MAX_NUMBER:.0f}", f"{MAX_NUMBER:g}"])
wholes = st.sampled_from(["", "0", "1", "7", f"{MAX_NUMBER:.0f}"])
small = st.sampled_from(["", "1", "3", "5"])
wide_days = st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)).map(dt.date.isoformat)
near_days = st.dates(dt.date(2024, 1, 1), dt.date(2026, 12, 31)).map(dt.date.isoformat)
any_day = st.one_of(near_days, wide_days)


def _maybe(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.one_of(st.just(""), strategy)


@st.composite
def edge_logbooks(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    ids = draw(
        st.lists(st.sampled_from(["a", "A", "b", "B", "c", "é", "x-1"]), unique=True, max_size=5)
    )
    events = [
        event(
            f"e-{eid}",
            draw(any_day),
            draw(st.sampled_from(schema.STATUSES)),
            title=draw(names),
            topics=draw(texts),
            format=draw(_maybe(st.sampled_from(schema.FORMATS))),
            channel=draw(_maybe(st.sampled_from(schema.CHANNELS))),
            role=draw(_maybe(st.sampled_from(schema.ROLES))),
            duration_h=draw(numbers),
            travel_min=draw(wholes),
            cost=draw(numbers),
            energy_cost=draw(small),
            rating=draw(small),
            questions_asked=draw(wholes),
            notes=draw(texts),
        )
        for eid in ids
    ]
    event_ids = [e["event_id"] for e in events]
    contact_ids = [
        f"c-{i}" for i in draw(st.lists(st.sampled_from("aAbBcC"), unique=True, max_size=5))
    ]
    contacts = [
        contact(
            cid,
            name=draw(names),
            company=draw(texts),
            met_on=draw(_maybe(any_day)),
            met_event_id=draw(_maybe(st.sampled_from(event_ids))) if event_ids else "",
            introduced_by=draw(_maybe(st.sampled_from(contact_ids))),
        )
        for cid in contact_ids
    ]
    interactions = [
        interaction(
            draw(any_day),
            draw(st.sampled_from(contact_ids)),
            draw(st.sampled_from(schema.INTERACTION_KINDS)),
            direction=draw(_maybe(st.sampled_from(schema.DIRECTIONS))),
            note=draw(texts),
        )
        for _ in range(draw(st.integers(0, 8) if contact_ids else st.just(0)))
    ]
    learnings = [
        learning(
            draw(st.sampled_from(event_ids)),
            draw(names),
            topic=draw(texts),
            applied_on=draw(_maybe(any_day)),
            impact=draw(small),
        )
        for _ in range(draw(st.integers(0, 6) if event_ids else st.just(0)))
    ]
    return {
        "events": events,
        "contacts": contacts,
        "interactions": interactions,
        "learnings": learnings,
    }


@SETTINGS
@given(tables=edge_logbooks(), year=st.sampled_from([1900, 2024, 2025, 2026, 2200]))
def test_summary_of_any_valid_logbook_prints(
    tables: dict[str, list[dict[str, object]]], year: int
) -> None:
    from meetupstats.cli.summary import render_table
    from meetupstats.metrics import yearly_summary
    from meetupstats.report import summary_json

    with tempfile.TemporaryDirectory() as tmp:
        book = load_logbook(write_logbook(Path(tmp) / "logbook", **tables))  # type: ignore[arg-type]
    summary = yearly_summary(book, year)
    data = json.loads(summary_json(summary))
    assert data["year"] == year
    assert set(schema.METRIC_NAMES) <= set(data)
    assert isinstance(render_table(summary), str)
