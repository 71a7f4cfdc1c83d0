"""Luma guest export: ``<Event Title> - Guests - YYYY-MM-DD-HH-MM-SS.csv``.

``api_id,name,first_name,last_name,email,phone_number,created_at,
approval_status,checked_in_at,...``; newer files start with ``guest_id`` and add
``utm_*``, ``referrer``, ``referred_by``. Guest ids are per event, so the person
is the salted hash of ``email`` (else of the name). ``approval_status``:
``approved`` → yes, ``waitlist`` → waitlist, ``declined``/``cancelled`` → no,
``pending`` → none. ``checked_in_at`` set → checked in. The event title comes
from the file name; the time in the name is when the file was exported, not
when the event took place, so it never gives the event date.
"""

from __future__ import annotations

import re
from pathlib import Path

from meetupstats.community.exports import (
    AttendeeRow,
    AttendeeRows,
    Headers,
    cell,
    merge_duplicates,
    parse_day,
    read_export,
)
from meetupstats.community.identity import email_person_id, name_person_id
from meetupstats.errors import ImportFileError, Problem

APPROVAL = {
    "approved": "yes",
    "waitlist": "waitlist",
    "declined": "no",
    "cancelled": "no",
    "canceled": "no",
    "pending": "none",
}
# "Title - Guests - 2025-08-08-00-16-45" (+ " (1)" when the browser renamed a re-download)
_FILE_NAME = re.compile(
    r"^(?P<title>.+?) - Guests - \d{4}-\d{2}-\d{2}-\d{2}-\d{2}-\d{2}(?: ?\(\d+\))?$"
)


def title_from_filename(path: Path) -> str | None:
    """The event title in a Luma export's file name (``None`` if it does not follow the pattern)."""
    m = _FILE_NAME.match(path.stem.strip())
    return m["title"].strip() if m else None


def read_guests(path: Path, salt: str) -> AttendeeRows:
    """Parse a Luma guest export (``api_id`` or ``guest_id`` variant)."""
    raw = read_export(path)
    display = str(path)
    h = Headers(raw)
    i_status = h.find("approval_status")
    i_email = h.find("email")
    i_name = h.find("name")
    if i_status is None or (i_email is None and i_name is None):
        h.missing(display, "Luma guest export", ["approval_status", "email (or name)"])
    i_first, i_last = h.find("first_name"), h.find("last_name")
    i_checked = h.find("checked_in_at")
    i_created = h.find("created_at")
    errors: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[AttendeeRow] = []
    for record, line in zip(raw.rows, raw.lines, strict=True):
        status = cell(record, i_status)
        rsvp = APPROVAL.get(status.casefold())
        if rsvp is None:
            errors.append(
                Problem(
                    display,
                    line,
                    "approval_status",
                    f"unknown value {status!r} (expected approved, declined, pending, waitlist or cancelled)",
                )
            )
            continue
        checked = True if cell(record, i_checked) else None
        name = cell(record, i_name) or f"{cell(record, i_first)} {cell(record, i_last)}"
        pid = email_person_id(cell(record, i_email), salt) or name_person_id(name, salt)
        if pid is None:
            warnings.append(
                Problem(display, line, None, "no email and no name: row skipped", "warning")
            )
            continue
        rows.append(AttendeeRow(line, pid, rsvp, checked, parse_day(cell(record, i_created))))
    if errors:
        raise ImportFileError(errors)
    parsed = AttendeeRows("luma", display, rows, title=title_from_filename(path), problems=warnings)
    return merge_duplicates(parsed)
