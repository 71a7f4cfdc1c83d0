"""Calendar files (.ics): Google/Outlook exports and platform invites → events.

Parsing is :mod:`icalendar`'s; recurring events (``RRULE``, ``RDATE``,
``EXDATE``, moved occurrences with ``RECURRENCE-ID``) are expanded by
:mod:`recurring_ical_events`, which also applies a Google export's
``X-WR-TIMEZONE`` to UTC and floating times. No RRULE logic lives here.

Which events are kept: a calendar holds far more than meetups, so an event
series is kept when its URL, UID, organizer or description points to a
meetup platform (meetup.com, eventbrite.*, lu.ma / luma.com), or its title
matches ``match`` (a regular expression, case-insensitive).

Each kept occurrence dated before ``today`` becomes an events row: title,
local date (an event's own ``TZID``; UTC times in ``X-WR-TIMEZONE`` or else
``tz``; floating times as written), duration in hours (all-day events, whose
``DTEND`` is exclusive, have none and get format ``fullday``), city from the
location, URL, channel from the platform host, status ``cancelled`` for
``STATUS:CANCELLED`` and ``status`` (default ``attended``) otherwise.
Occurrences on or after ``today`` are upcoming: not imported (those within
a year ahead are counted in the notes).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from meetupstats.csvfile import read_bytes
from meetupstats.errors import ImportFileError, Problem, ProblemsError, UsageError
from meetupstats.importers.batch import ImportBatch
from meetupstats.importers.identity import short_hash

SOURCE = "ics"
#: repeating-event occurrences one file may expand to (a daily rule since 1970 has ~21,000)
MAX_OCCURRENCES = 25_000
log = logging.getLogger(__name__)
PAST_STATUSES = ("attended", "no-show", "skipped")

_PLATFORM = re.compile(
    r"(?<![a-z0-9-])(?:[a-z0-9-]+\.)*(meetup\.com|eventbrite\.[a-z]{2,3}(?:\.[a-z]{2})?|lu\.ma|luma\.com)"
    r"(?![a-z0-9-])",
    re.IGNORECASE,
)
_URL = re.compile(r"https?://[^\s<>\"'\\]+", re.IGNORECASE)
_ONLINE = re.compile(r"\bonline\b|zoom\.us|teams\.microsoft|meet\.google|\bwebinar\b", re.I)
_US_STATE = re.compile(r"^[A-Z]{2}$")


def channel_of(text: str | None) -> str | None:
    """The logbook channel of the first platform host in ``text``, or None.

    ``meetup.com`` → ``meetup.com``; ``eventbrite.*`` → ``eventbrite``;
    ``lu.ma`` / ``luma.com`` → ``luma``.
    """
    if not text:
        return None
    m = _PLATFORM.search(text)
    if m is None:
        return None
    host = m[1].lower()
    if host == "meetup.com":
        return "meetup.com"
    if host.startswith("eventbrite."):
        return "eventbrite"
    return "luma"


def city_of(location: str | None) -> str | None:
    """A best guess at the city in a free-text location, or None.

    ``"Maria 01, Lapinlahdenkatu 16, 00180 Helsinki, Finland"`` → ``Helsinki``:
    the comma-separated part before the country (when there are three parts
    or more), else the last part, without postal codes (words holding
    digits); a US state abbreviation steps one part back. A single part
    (``"Startup Sauna"``) or an online location gives None: too unsure.
    """
    if not location or _ONLINE.search(location) or _URL.search(location):
        return None
    parts = [p.strip() for p in location.replace("\n", ",").split(",") if p.strip()]
    if len(parts) < 2:
        return None
    i = len(parts) - 1
    if len(parts) >= 3 and not any(ch.isdigit() for ch in parts[-1]):
        i -= 1
    while i >= 0:
        words = [w for w in parts[i].split() if not any(ch.isdigit() for ch in w)]
        candidate = " ".join(words)
        if candidate and not _US_STATE.match(candidate):
            return candidate
        i -= 1
    return None


def read_ics(
    path: Path,
    *,
    today: dt.date,
    match: str | None = None,
    start: dt.date | None = None,
    end: dt.date | None = None,
    status: str = "attended",
    tz: dt.tzinfo | None = None,
) -> ImportBatch:
    """Parse a calendar file into events rows (see module doc).

    Parameters
    ----------
    path : Path
        The .ics file.
    today : date
        Reference date: occurrences dated before it are past (imported),
        others upcoming (not imported). The caller reads the clock, not this.
    match : str, optional
        Regular expression: events whose title matches are kept too.
    start, end : date, optional
        Only occurrences dated in ``[start, end]`` (inclusive).
    status : str
        Status of past, not-cancelled events: ``attended``, ``no-show`` or
        ``skipped``.
    tz : tzinfo, optional
        Zone for UTC times when the file has no ``X-WR-TIMEZONE`` (default:
        the machine's local zone).

    Raises
    ------
    ImportFileError
        Not an iCalendar file, or truncated.
    UsageError
        A bad ``match`` pattern or ``status``.
    """
    import icalendar

    if status not in PAST_STATUSES:
        raise UsageError(f"--status must be one of {', '.join(PAST_STATUSES)}, got {status!r}")
    try:
        pattern = re.compile(match, re.IGNORECASE) if match else None
    except re.error as e:
        raise UsageError(f"--match {match!r} is not a valid regular expression: {e}") from None
    display = str(path)
    calendar = load_calendar(path)

    events = [c for c in calendar.walk("VEVENT")]
    by_uid: dict[str, list[Any]] = {}
    for comp in events:
        by_uid.setdefault(_uid(comp), []).append(comp)
    kept_uids = {
        uid
        for uid, comps in by_uid.items()
        if any(
            _is_platform(c) or (pattern and pattern.search(str(c.get("SUMMARY", ""))))
            for c in comps
        )
    }
    recurring = {
        uid
        for uid, comps in by_uid.items()
        if any(k in c for c in comps for k in ("RRULE", "RDATE", "RECURRENCE-ID"))
    }
    filtered = icalendar.Calendar()
    for key, value in calendar.items():
        filtered[key] = value
    for sub in calendar.subcomponents:
        if sub.name != "VEVENT" or _uid(sub) in kept_uids:
            filtered.add_component(sub)

    lo = (start or dt.date(1970, 1, 1)) - dt.timedelta(days=1)
    hi = (end or today + dt.timedelta(days=366)) + dt.timedelta(days=2)
    batch = ImportBatch(SOURCE, display)
    upcoming = 0
    rows: list[dict[str, str]] = []
    for occ in occurrences(filtered, lo, hi, display):
        begin = occ.get("DTSTART")
        if begin is None:
            continue
        day = local_date(begin.dt, tz)
        if (start and day < start) or (end and day > end):
            continue
        if day >= today:
            upcoming += 1
            continue
        rows.append(_row(occ, day, tz, status, recurring))
    rows.sort(key=lambda r: (r["date"], r["source_id"]))
    batch.events = rows
    batch.notes.append(
        f"{display}: {len(kept_uids)} of {len(by_uid)} calendar event series are meetups "
        f"(a platform link{' or a title matching --match' if pattern else ''}); "
        f"{len(rows)} past occurrence(s) taken"
        + (f", {upcoming} upcoming left out (not logbook rows)" if upcoming else "")
    )
    return batch


def load_calendar(path: Path) -> Any:
    """Read and parse an iCalendar file (the first VCALENDAR of the file).

    Raises
    ------
    ImportFileError
        Not an iCalendar file (one line naming what was found), or a file
        the parser cannot read (truncated), each as one line.
    """
    import icalendar

    display = str(path)
    try:
        data = read_bytes(path, display)
    except ProblemsError as e:
        raise ImportFileError(e.problems) from None
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head[:15].upper().startswith(b"BEGIN:VCALENDAR"):
        first = head.split(b"\n", 1)[0].decode("utf-8", "replace").strip()[:80]
        raise ImportFileError(
            [
                Problem(
                    display,
                    1,
                    None,
                    "expected an iCalendar file (.ics, starting with BEGIN:VCALENDAR); "
                    f"found: {first!r}",
                )
            ]
        )
    try:
        calendar = icalendar.Calendar.from_ical(head)
    except (ValueError, KeyError, IndexError) as e:
        raise ImportFileError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"not a readable iCalendar file ({_one_line(e)}); truncated?",
                )
            ]
        ) from None
    if isinstance(calendar, list):  # several VCALENDARs in one file
        calendar = calendar[0]
    return calendar


def occurrences(calendar: Any, lo: dt.date, hi: dt.date, display: str) -> list[Any]:
    """Every occurrence of the calendar's events between ``lo`` and ``hi``.

    Recurring events are expanded by :mod:`recurring_ical_events` (which
    applies ``X-WR-TIMEZONE``); a rule repeating more than
    :data:`MAX_OCCURRENCES` times is refused first, so it cannot hang the run.
    """
    import recurring_ical_events

    _check_repetitions(calendar, hi, display)
    try:
        return list(recurring_ical_events.of(calendar).between(lo, hi))
    except Exception as e:  # the library raises several types for a broken rule
        raise ImportFileError(
            [Problem(display, None, None, f"cannot expand the recurring events: {_one_line(e)}")]
        ) from None


def _one_line(e: Exception, limit: int = 160) -> str:
    """An exception's message on one line, shortened (library messages quote the input)."""
    text = " ".join(str(e).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _check_repetitions(calendar: Any, hi: dt.date, display: str) -> None:
    """Refuse a file whose rules repeat more than :data:`MAX_OCCURRENCES` times up to ``hi``.

    A rule such as ``FREQ=SECONDLY`` with no end would otherwise keep the
    expansion busy for hours (and a meetup never repeats that often). Counted
    with :mod:`dateutil` from each series' start, stopping at the limit.
    """
    from dateutil.rrule import rrulestr

    total = 0
    for comp in calendar.walk("VEVENT"):
        if "RRULE" not in comp or comp.get("DTSTART") is None:
            continue
        try:
            begin = comp.get("DTSTART").dt
            if not isinstance(begin, dt.datetime):
                begin = dt.datetime.combine(begin, dt.time())
            rules = comp["RRULE"] if isinstance(comp["RRULE"], list) else [comp["RRULE"]]
            for rule in rules:
                text = rule.to_ical().decode()
                text = re.sub(r"UNTIL=(\d{8})(T\d{6})?Z?", r"UNTIL=\1\2", text)
                for occurrence in rrulestr(text, dtstart=begin.replace(tzinfo=None)):
                    if occurrence.date() > hi:
                        break
                    total += 1
                    if total > MAX_OCCURRENCES:
                        summary = str(comp.get("SUMMARY", "") or "")[:80]
                        raise ImportFileError(
                            [
                                Problem(
                                    display,
                                    None,
                                    None,
                                    f"repeating events ({summary!r}: {text[:60]}) have more than "
                                    f"{MAX_OCCURRENCES:,} occurrences; not a meetup calendar?",
                                )
                            ]
                        )
        except ImportFileError:
            raise
        except Exception:  # a rule dateutil cannot read: left to the expansion's own errors
            log.debug("%s: cannot pre-count a rule", display, exc_info=True)


def _uid(comp: Any) -> str:
    uid = str(comp.get("UID", "")).strip()
    if uid:
        return uid
    begin = comp.get("DTSTART")
    return "h" + short_hash(
        str(begin.dt) if begin is not None else "", str(comp.get("SUMMARY", ""))
    )


def _texts(comp: Any) -> Iterable[str]:
    for key in ("URL", "UID", "ORGANIZER", "DESCRIPTION"):
        value = comp.get(key)
        if value is not None:
            yield str(value)


def _is_platform(comp: Any) -> bool:
    return any(channel_of(t) for t in _texts(comp))


def local_date(value: dt.date | dt.datetime, tz: dt.tzinfo | None = None) -> dt.date:
    """The local calendar date of an event start.

    Times with their own zone (``TZID``) and floating times keep their date;
    UTC times are converted to ``tz`` (default: the machine's local zone).
    """
    if not isinstance(value, dt.datetime):
        return value
    if value.tzinfo is None:
        return value.date()
    if value.utcoffset() == dt.timedelta(0) and (value.tzname() or "").upper() in ("UTC", "Z"):
        return value.astimezone(tz).date() if tz is not None else value.astimezone().date()
    return value.date()


def _hours(comp: Any) -> str:
    begin = comp.get("DTSTART").dt
    if not isinstance(begin, dt.datetime):
        return ""
    finish = comp.get("DTEND")
    if finish is not None and isinstance(finish.dt, dt.datetime):
        delta = finish.dt - begin
    elif comp.get("DURATION") is not None:
        delta = comp.get("DURATION").dt
    else:
        return ""
    hours = round(delta.total_seconds() / 3600, 2)
    if hours < 0:
        return ""
    return str(int(hours)) if float(hours).is_integer() else repr(hours)


def _row(
    comp: Any, day: dt.date, tz: dt.tzinfo | None, status: str, recurring: set[str]
) -> dict[str, str]:
    uid = _uid(comp)
    source_id = uid
    if uid in recurring:
        rid = comp.get("RECURRENCE-ID")
        original = local_date(rid.dt, tz) if rid is not None else day
        source_id = f"{uid}/{original:%Y%m%d}"
    url = str(comp.get("URL", "") or "").strip()
    if not url:
        links = [u for u in _URL.findall(str(comp.get("DESCRIPTION", ""))) if channel_of(u)]
        url = links[0].rstrip(".,;)") if links else ""
    channel = next((c for c in map(channel_of, [url, *_texts(comp)]) if c), "")
    location = str(comp.get("LOCATION", "") or "")
    all_day = not isinstance(comp.get("DTSTART").dt, dt.datetime)
    fmt = "fullday" if all_day else ("online" if location and _ONLINE.search(location) else "")
    cancelled = str(comp.get("STATUS", "")).strip().upper() == "CANCELLED"
    return {
        "event_id": f"{SOURCE}:{source_id}",
        "date": day.isoformat(),
        "title": str(comp.get("SUMMARY", "") or "").strip() or "(untitled event)",
        "city": city_of(location) or "",
        "format": fmt,
        "channel": channel,
        "status": "cancelled" if cancelled else status,
        "duration_h": _hours(comp),
        "url": url,
        "source": SOURCE,
        "source_id": source_id,
    }
