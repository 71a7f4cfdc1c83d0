"""What the organizer exports have in common: reading, header lookup, dates.

Each source module (:mod:`~meetupstats.community.meetup`,
:mod:`~meetupstats.community.eventbrite`, :mod:`~meetupstats.community.luma`)
turns one export file into :class:`AttendeeRows` or :class:`MemberRows`
through these helpers; :mod:`meetupstats.community.imports` merges them into
the folder. Headers are matched by name, ignoring case, surrounding spaces
and repeated spaces, so column order and trailing spaces do not matter.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from meetupstats.csvfile import RawCsv, parse_csv, read_text
from meetupstats.errors import ImportFileError, Problem

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:$|[T ])")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})(?:$|[ ,T])")
_MONTH_FIRST = re.compile(r"^([A-Za-z]+)\.? +(\d{1,2}),? +(\d{4})(?:$|[ ,])")
_DAY_FIRST = re.compile(r"^(\d{1,2}) +([A-Za-z]+)\.?,? +(\d{4})(?:$|[ ,])")
_MONTHS = {
    name: i
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}

RSVP_ORDER = {"yes": 3, "waitlist": 2, "none": 1, "no": 0}


@dataclass
class AttendeeRow:
    """One person's answer for the event, as an export states it."""

    line: int
    person_id: str
    rsvp: str
    checked_in: bool | None
    registered_at: dt.date | None


@dataclass
class AttendeeRows:
    """An event attendee export, parsed.

    ``title`` and ``date`` are what the file (or its name) says about the
    event, ``None`` when it says nothing; ``problems`` are warnings (rows
    skipped or merged).
    """

    source: str
    display: str
    rows: list[AttendeeRow]
    title: str | None = None
    date: dt.date | None = None
    source_id: str | None = None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class MemberRow:
    """One member of a group member list."""

    line: int
    person_id: str
    joined_on: dt.date
    last_attended: dt.date | None
    events_attended: int | None
    no_shows: int | None
    role: str | None


@dataclass
class MemberRows:
    """A group member list, parsed (``problems`` are warnings)."""

    source: str
    display: str
    rows: list[MemberRow]
    problems: list[Problem] = field(default_factory=list)


def header_key(name: str) -> str:
    """A header cell reduced for matching: trimmed, case-folded, single spaces."""
    return " ".join(name.split()).casefold()


class Headers:
    """Find columns of a parsed export by any of several names."""

    def __init__(self, raw: RawCsv) -> None:
        self.raw = raw
        self._index: dict[str, int] = {}
        for i, name in enumerate(raw.header):
            self._index.setdefault(header_key(name), i)

    def find(self, *names: str) -> int | None:
        """Index of the first of ``names`` present in the header, else ``None``."""
        for name in names:
            i = self._index.get(header_key(name))
            if i is not None:
                return i
        return None

    def find_matching(self, pattern: str) -> list[int]:
        """Indexes of headers whose reduced name matches the regex ``pattern``."""
        rx = re.compile(pattern)
        return [i for key, i in self._index.items() if rx.search(key)]

    def name(self, index: int) -> str:
        return self.raw.header[index]

    def missing(self, display: str, source: str, wanted: Sequence[str], hint: str = "") -> None:
        """Raise a clear error naming the columns wanted and the columns found."""
        found = ", ".join(repr(h) for h in self.raw.header) or "none"
        raise ImportFileError(
            [
                Problem(
                    display,
                    self.raw.header_line,
                    None,
                    f"not a {source} file I can read: expected the column(s) {', '.join(wanted)}; "
                    f"found {found}{hint}",
                )
            ]
        )


def cell(row: Sequence[str], index: int | None) -> str:
    """The trimmed cell ``row[index]`` (``""`` when the column is absent)."""
    return "" if index is None else row[index].strip()


def read_export(path: Path) -> RawCsv:
    """Read an export as CSV, or as tab-separated text when the header says so.

    Meetup's older ``.xls`` member list is really tab-separated text; a
    tab-separated header line (more tabs than commas) selects that reading.
    Structural problems (unclosed quotes, ragged rows) are errors.
    """
    display = str(path)
    text = read_text(path, display)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if first.count("\t") > first.count(",") else ","
    raw = parse_csv(text, display, delimiter=delimiter)
    if raw.problems:
        raise ImportFileError(raw.problems)
    return raw


def parse_day(text: str) -> dt.date | None:
    """The calendar date at the start of an export's date or timestamp cell.

    Accepts ISO (``2025-08-08``, ``2025-08-08T00:16:45.813Z``: the date as
    written, no time-zone shift), ``MM/DD/YYYY`` (``DD/MM/YYYY`` when the first
    number is above 12), ``March 20, 2024`` / ``Mar 20 2024`` and
    ``20 March 2024``, each optionally followed by a time. ``None`` otherwise.
    """
    t = text.strip()
    try:
        if m := _ISO.match(t):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _SLASH.match(t):
            a, b, year = int(m[1]), int(m[2]), int(m[3])
            month, day = (b, a) if a > 12 else (a, b)
            return dt.date(year, month, day)
        if (m := _MONTH_FIRST.match(t)) and m[1].casefold() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[1].casefold()], int(m[2]))
        if (m := _DAY_FIRST.match(t)) and m[2].casefold() in _MONTHS:
            return dt.date(int(m[3]), _MONTHS[m[2].casefold()], int(m[1]))
    except ValueError:
        return None
    return None


def parse_count(text: str) -> int | None:
    """A whole count from a cell like ``" 12"`` or ``"1,204"``; ``None`` when empty."""
    t = text.strip().replace(",", "").replace("\u00a0", "")
    if t in ("", "-"):
        return None
    return int(t) if t.isdigit() else None


def merge_duplicates(parsed: AttendeeRows) -> AttendeeRows:
    """Fold rows of the same person into one (an order of several tickets).

    The merged row keeps the strongest rsvp (yes > waitlist > none > no),
    checked in if any row is, and the earliest ``registered_at``. Each
    folded row adds a warning naming both lines.
    """
    seen: dict[str, int] = {}
    rows: list[AttendeeRow] = []
    for row in parsed.rows:
        j = seen.get(row.person_id)
        if j is None:
            seen[row.person_id] = len(rows)
            rows.append(row)
            continue
        kept = rows[j]
        if RSVP_ORDER[row.rsvp] > RSVP_ORDER[kept.rsvp]:
            kept.rsvp = row.rsvp
        if row.checked_in is not None:
            kept.checked_in = bool(kept.checked_in) or row.checked_in
        if row.registered_at is not None and (
            kept.registered_at is None or row.registered_at < kept.registered_at
        ):
            kept.registered_at = row.registered_at
        parsed.problems.append(
            Problem(
                parsed.display,
                row.line,
                None,
                f"same person as line {kept.line}: counted once",
                "warning",
            )
        )
    parsed.rows = rows
    return parsed
