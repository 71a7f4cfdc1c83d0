"""Eventbrite attendee report.

``Order #, Order Date, First Name, Last Name, Email, Quantity, Price Tier,
Ticket Type, Attendee #, ..., Attendee Status, ..., Job Title, Company`` plus
one column per custom question (ignored). UK reports say ``Order no.``,
``Surname``, ``Attendee no.``; some headers carry trailing spaces. ``Attendee
Status`` ``Attending`` → rsvp yes; ``Checked In`` (older reports) → yes and
checked in; ``Refunded`` / ``Cancelled`` / ``Not Attending`` / ``Deleted`` /
``Transferred`` → no. A check-in date column (``Check-In Date``, ``Checked
In Date``, ...) with a value also means checked in. The person is the salted
hash of ``Email``, else of the name. ``Event Name`` / ``Event Date`` /
``Event ID`` columns, when a report has them, give the event.
"""

from __future__ import annotations

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

STATUSES: dict[str, tuple[str, bool | None]] = {
    "attending": ("yes", None),
    "checked in": ("yes", True),
    "checked-in": ("yes", True),
    "refunded": ("no", None),
    "cancelled": ("no", None),
    "canceled": ("no", None),
    "not attending": ("no", None),
    "deleted": ("no", None),
    "transferred": ("no", None),
}
_TRUE = {"yes", "y", "true", "1", "checked in"}
_FALSE = {"no", "n", "false", "0", "not checked in"}


def read_attendees(path: Path, salt: str) -> AttendeeRows:
    """Parse an Eventbrite attendee report."""
    raw = read_export(path)
    display = str(path)
    h = Headers(raw)
    i_status = h.find("Attendee Status", "Status")
    i_email = h.find("Email", "Email Address", "E-mail")
    i_first = h.find("First Name", "Forename")
    i_last = h.find("Last Name", "Surname")
    if i_status is None or (i_email is None and i_first is None and i_last is None):
        h.missing(display, "Eventbrite attendee report", ["Attendee Status", "Email (or a name)"])
    i_order_date = h.find("Order Date", "Order date")
    # A check-in date/time column, or a yes/no "Checked In" column.
    i_checkin = h.find_matching(r"^check(ed)?[- ]?in\b")
    errors: list[Problem] = []
    warnings: list[Problem] = []
    rows: list[AttendeeRow] = []
    for record, line in zip(raw.rows, raw.lines, strict=True):
        status = cell(record, i_status)
        mapped = STATUSES.get(" ".join(status.split()).casefold())
        if mapped is None:
            allowed = (
                "Attending, Checked In, Refunded, Cancelled, Not Attending, Deleted, Transferred"
            )
            errors.append(
                Problem(
                    display,
                    line,
                    h.name(i_status),  # type: ignore[arg-type]
                    f"unknown attendee status {status!r} (expected one of {allowed})",
                )
            )
            continue
        rsvp, checked = mapped
        for i in i_checkin:
            value = cell(record, i)
            low = value.casefold()
            if low in _TRUE or (value and low not in _FALSE and parse_day(value) is not None):
                checked = True
            elif low in _FALSE and checked is None:
                checked = False
        name = f"{cell(record, i_first)} {cell(record, i_last)}"
        pid = email_person_id(cell(record, i_email), salt) or name_person_id(name, salt)
        if pid is None:
            warnings.append(
                Problem(display, line, None, "no email and no name: row skipped", "warning")
            )
            continue
        rows.append(AttendeeRow(line, pid, rsvp, checked, parse_day(cell(record, i_order_date))))
    if errors:
        raise ImportFileError(errors)
    first = raw.rows[0] if raw.rows else []
    title = cell(first, h.find("Event Name", "Event Title", "Event")) or None
    date = parse_day(cell(first, h.find("Event Date", "Event Start Date", "Event Start")))
    source_id = cell(first, h.find("Event ID")) or None
    parsed = AttendeeRows(
        "eventbrite", display, rows, title=title, date=date, source_id=source_id, problems=warnings
    )
    return merge_duplicates(parsed)
