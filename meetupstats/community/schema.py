"""The community folder schema, declared once.

A community folder (for people who *run* a meetup) holds three CSV files and
a salt file. Their columns, kinds, enums and keys live here and nowhere else:
the loader, the validator, ``community init``, the importers and the tests
derive from these declarations. The column declarations reuse
:class:`meetupstats.schema.Column` / :class:`~meetupstats.schema.Table`, so a
community table is loaded and typed exactly like a logbook table.
"""

from __future__ import annotations

from dataclasses import replace

from meetupstats.schema import EVENTS, FORMATS, STYLES, Column, Table

#: rsvp values of ``attendance.csv``: ``none`` = registered without an answer
#: (Luma ``pending``) or a walk-in added at the door.
RSVPS = ("yes", "no", "waitlist", "none")

#: the file holding the folder's secret salt for hashing emails and names
SALT_FILE = "salt.txt"

#: import sources of ``meetupstats community import``
SOURCES = ("meetup", "meetup-members", "eventbrite", "luma")

#: days of the windows in the first-timer return and active-member definitions
WINDOW_DAYS = 180
#: check-ins in a year that make a person a regular
REGULAR_CHECK_INS = 3

COMMUNITY_EVENTS = Table(
    "community_events",
    (
        Column(
            "event_id",
            required=True,
            unique=True,
            description="stable id (imports use `source:date-title` unless --event-id is given)",
            example="2025-03-12-product-night",
        ),
        EVENTS.column("date"),
        replace(EVENTS.column("title"), example="Product Night #42"),
        Column(
            "format",
            "enum",
            choices=FORMATS,
            description="time of day / length",
            example="afterwork",
        ),
        Column("style", "enum", choices=STYLES, description="what happens there", example="talks"),
        Column(
            "speakers",
            "list",
            description="speakers, `;`-separated",
            example="Aino Virtanen;Mikko Korhonen",
        ),
        Column("capacity", "int", minimum=0, description="places available", example="80"),
        Column("source", description="where the row came from", example="luma"),
        Column("source_id", description="the event's id or file in that source", example=""),
    ),
    required_file=True,
    description="one row per event you ran",
)

ATTENDANCE = Table(
    "attendance",
    (
        Column(
            "event_id",
            required=True,
            references="community_events.event_id",
            description="the event",
            example="2025-03-12-product-night",
        ),
        Column(
            "person_id",
            required=True,
            description="stable pseudonymous id: `meetup-<member id>`, `email-<salted hash>` or "
            "`name-<salted hash>`; never a raw email",
            example="email-3f2a9c0d41e7b8a65c21",
        ),
        Column(
            "rsvp",
            "enum",
            required=True,
            choices=RSVPS,
            description="the person's answer: `yes`, `no`, `waitlist`, `none`",
            example="yes",
        ),
        Column(
            "checked_in",
            "bool",
            description="`true` when checked in; empty = unknown (see the check-in rule)",
            example="true",
        ),
        Column("registered_at", "date", description="when they registered", example="2025-03-01"),
        Column("source", description="where the row came from", example="luma"),
    ),
    required_file=True,
    description="one row per person and event",
)

MEMBERS = Table(
    "members",
    (
        Column(
            "person_id",
            required=True,
            description="`meetup-<member id>`",
            example="meetup-12345678",
        ),
        Column("joined_on", "date", description="when they joined the group", example="2024-03-20"),
        Column(
            "last_attended", "date", description="their last attended event", example="2025-02-11"
        ),
        Column(
            "events_attended",
            "int",
            minimum=0,
            description="events attended (per the platform)",
            example="4",
        ),
        Column(
            "no_shows", "int", minimum=0, description="no-shows (per the platform)", example="1"
        ),
        Column("role", free_text=True, description="role in the group", example="Member"),
        Column("source", description="where the row came from", example="meetup-members"),
        Column(
            "snapshot_date",
            "date",
            required=True,
            description="when the member list was downloaded",
            example="2025-03-31",
        ),
    ),
    required_file=False,
    description="one row per member and member-list snapshot",
)

TABLES: dict[str, Table] = {t.name: t for t in (COMMUNITY_EVENTS, ATTENDANCE, MEMBERS)}

#: composite keys: no two rows of a table may share these cells
KEYS: dict[str, tuple[str, ...]] = {
    "community_events": ("event_id",),
    "attendance": ("event_id", "person_id"),
    "members": ("person_id", "snapshot_date"),
}

#: keys of ``community summary --json`` (DESIGN.md), in print order
SUMMARY_KEYS = (
    "events",
    "rsvps",
    "checked_in",
    "show_rate",
    "walk_ins",
    "mean_attendance",
    "unique_attendees",
    "first_timers",
    "first_timer_return_rate",
    "active_members",
    "regulars",
    "cohorts",
    "members",
    "new_members",
)


def empty_csv(table: Table) -> str:
    """The header line of ``table``'s CSV file, as ``community init`` writes it."""
    return ",".join(table.column_names) + "\n"
