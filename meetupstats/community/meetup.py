"""Meetup downloads: an event's attendee list and the group member list.

Attendee list columns (custom RSVP questions add more, ignored):
``Name, Attendance, User ID, Title, Event Host, RSVP, Guests, RSVPed on,
Joined Group on, URL of Member Profile, Notes``. ``RSVP`` ``Yes``/``No``/
``Waitlist`` maps to rsvp; ``Attendance`` ``Y`` means checked in. ``Guests``
(+1s without an account) are not people we can follow and are ignored.
The file holds no event date or title; the title defaults to the file name.

Member list: the recent quoted CSV and the older ``.xls`` download, which is
tab-separated text with ``Meetups attended`` instead of ``Events attended``.
Columns are found by name; a file needs a member id (``User ID`` or
``Member ID``) and ``Joined Group on``. Dates are ``March 20, 2024`` or
``MM/DD/YYYY``; counts may carry a leading space.
"""

from __future__ import annotations

from pathlib import Path

from meetupstats.community.exports import (
    AttendeeRow,
    AttendeeRows,
    Headers,
    MemberRow,
    MemberRows,
    cell,
    merge_duplicates,
    parse_count,
    parse_day,
    read_export,
)
from meetupstats.community.identity import meetup_person_id, name_person_id
from meetupstats.errors import ImportFileError, Problem

RSVPS = {"yes": "yes", "no": "no", "waitlist": "waitlist", "waitlisted": "waitlist"}
ATTENDED = {"y": True, "yes": True, "n": False, "no": False}
_LOCALE_HINT = " (download the list with your Meetup account language set to English)"


def read_attendees(path: Path, salt: str) -> AttendeeRows:
    """Parse a Meetup event attendee list."""
    raw = read_export(path)
    display = str(path)
    h = Headers(raw)
    i_rsvp = h.find("RSVP", "RSVP status", "Response")
    i_id = h.find("User ID", "Member ID")
    i_name = h.find("Name")
    if i_rsvp is None or (i_id is None and i_name is None):
        h.missing(display, "Meetup attendee list", ["RSVP", "User ID (or Name)"], _LOCALE_HINT)
    i_att = h.find("Attendance", "Attended")
    i_when = h.find("RSVPed on", "RSVP date")
    rows: list[AttendeeRow] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for record, line in zip(raw.rows, raw.lines, strict=True):
        rsvp_text = cell(record, i_rsvp)
        rsvp = RSVPS.get(rsvp_text.casefold()) if rsvp_text else "none"
        if rsvp is None:
            errors.append(
                Problem(
                    display,
                    line,
                    h.name(i_rsvp),  # type: ignore[arg-type]
                    f"unknown RSVP {rsvp_text!r} (expected Yes, No or Waitlist)",
                )
            )
            continue
        att = cell(record, i_att)
        checked = ATTENDED.get(att.casefold()) if att else None
        if att and checked is None:
            errors.append(
                Problem(
                    display,
                    line,
                    h.name(i_att),  # type: ignore[arg-type]
                    f"unknown Attendance {att!r} (expected Y, N or empty)",
                )
            )
            continue
        pid = meetup_person_id(cell(record, i_id)) if cell(record, i_id) else None
        pid = pid or name_person_id(cell(record, i_name), salt)
        if pid is None:
            warnings.append(
                Problem(display, line, None, "no User ID and no name: row skipped", "warning")
            )
            continue
        rows.append(AttendeeRow(line, pid, rsvp, checked, parse_day(cell(record, i_when))))
    if errors:
        raise ImportFileError(errors)
    title = path.stem.replace("_", " ").strip() or None
    parsed = AttendeeRows("meetup", display, rows, title=title, problems=warnings)
    return merge_duplicates(parsed)


def read_members(path: Path) -> MemberRows:
    """Parse a Meetup group member list (CSV or tab-separated ``.xls`` text)."""
    raw = read_export(path)
    display = str(path)
    h = Headers(raw)
    i_id = h.find("User ID", "Member ID")
    i_joined = h.find("Joined Group on", "Joined group", "Joined")
    if i_id is None or i_joined is None:
        h.missing(
            display,
            "Meetup member list",
            ["'User ID' (or 'Member ID')", "'Joined Group on'"],
            _LOCALE_HINT,
        )
    # Older lists have both ids; prefer the one that parses on each row.
    i_member = h.find("Member ID")
    i_last = h.find("Last Attended")
    i_events = h.find("Events attended", "Meetups attended")
    i_noshow = h.find("No shows", "No-shows")
    i_role = h.find("Role")
    rows: list[MemberRow] = []
    errors: list[Problem] = []
    warnings: list[Problem] = []
    for record, line in zip(raw.rows, raw.lines, strict=True):
        pid = meetup_person_id(cell(record, i_id)) or (
            meetup_person_id(cell(record, i_member)) if i_member is not None else None
        )
        if pid is None:
            warnings.append(
                Problem(
                    display,
                    line,
                    h.name(i_id),  # type: ignore[arg-type]
                    f"no member id in {cell(record, i_id)!r}: row skipped",
                    "warning",
                )
            )
            continue
        joined_text = cell(record, i_joined)
        joined = parse_day(joined_text)
        if joined is None:
            errors.append(
                Problem(
                    display,
                    line,
                    h.name(i_joined),  # type: ignore[arg-type]
                    f"not a date: {joined_text!r} (expected e.g. 'March 20, 2024' or 03/20/2024)",
                )
            )
            continue
        counts: list[int | None] = []
        for i in (i_events, i_noshow):
            text = cell(record, i)
            n = parse_count(text)
            if text and text != "-" and n is None:
                errors.append(
                    Problem(display, line, h.name(i), f"not a count: {text!r}")  # type: ignore[arg-type]
                )
            counts.append(n)
        rows.append(
            MemberRow(
                line,
                pid,
                joined,
                parse_day(cell(record, i_last)),
                counts[0],
                counts[1],
                cell(record, i_role) or None,
            )
        )
    if errors:
        raise ImportFileError(errors)
    seen: dict[str, int] = {}
    unique: list[MemberRow] = []
    for row in rows:
        if row.person_id in seen:
            warnings.append(
                Problem(
                    display,
                    row.line,
                    None,
                    f"member listed twice (first on line {seen[row.person_id]}): kept the first",
                    "warning",
                )
            )
            continue
        seen[row.person_id] = row.line
        unique.append(row)
    return MemberRows("meetup-members", display, unique, warnings)
