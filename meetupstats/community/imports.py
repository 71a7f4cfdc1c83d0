"""Merge an organizer export into a community folder.

:func:`import_export` reads one export (``meetup``, ``meetup-members``,
``eventbrite``, ``luma``), turns every person into a pseudonymous
``person_id`` (:mod:`meetupstats.community.identity`) and upserts the rows:
attendance by ``(event_id, person_id)``, members by ``(person_id,
snapshot_date)``, the event by ``event_id``. It is a small upsert of its own, not
:mod:`meetupstats.merge`: that engine only fills empty cells and never
overwrites, while a later download of the same event must be able to turn a
``yes`` into ``no``. Rows of the folder are never deleted, and re-importing
the same file changes nothing (the folder stays byte-identical).

When the row already exists from the **same** source, the new export wins
(a later download is the truth: a ``yes`` may become ``no``), except that an
unknown check-in or registration date never erases a known one. When it
exists from **another** source (the same email on Luma and Eventbrite), the
two are combined: the stronger rsvp (yes > waitlist > none > no), checked in
if either says so, the earlier registration, the first source kept.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meetupstats.community import schema
from meetupstats.community.exports import RSVP_ORDER, AttendeeRows, MemberRows
from meetupstats.community.folder import (
    HASHED_PREFIXES,
    Community,
    load_community,
    new_salt,
    save_community,
)
from meetupstats.community.identity import normalize_name
from meetupstats.csvfile import CsvColumns
from meetupstats.errors import Problem, UsageError
from meetupstats.logbook import typed_frame
from meetupstats.schema import Table

log = logging.getLogger(__name__)

_NO_DATE = {
    "meetup": "a Meetup attendee list does not say when the event took place",
    "eventbrite": "this Eventbrite report has no event date column",
    "luma": "a Luma guest export does not say when the event took place "
    "(the time in its file name is when it was exported)",
}


@dataclass
class ImportReport:
    """What an import did (or, with ``dry_run``, would do).

    ``added`` / ``updated`` / ``unchanged`` count attendance rows (member
    rows for ``meetup-members``); ``event`` is ``"added"``, ``"updated"``,
    ``"unchanged"`` or ``None`` (member lists); ``warnings`` are rows skipped
    or merged; ``written`` the files changed.
    """

    source: str
    file: str
    event_id: str | None
    event: str | None
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    warnings: list[Problem] = field(default_factory=list)
    written: list[str] = field(default_factory=list)
    dry_run: bool = False


def slug(title: str) -> str:
    """A short id fragment of a title: normalized words joined by ``-`` (≤ 60 characters)."""
    words = (normalize_name(title) or "event").replace(" ", "-")
    return words[:60].rstrip("-")


def import_export(
    folder: str | Path,
    source: str,
    file: str | Path,
    *,
    event_id: str | None = None,
    date: dt.date | None = None,
    title: str | None = None,
    dry_run: bool = False,
) -> ImportReport:
    """Merge the export ``file`` of ``source`` into the community folder ``folder``.

    Parameters
    ----------
    folder : path
        A community folder (``meetupstats community init``).
    source : {"meetup", "meetup-members", "eventbrite", "luma"}
    file : path
        The export, never modified.
    event_id, date, title :
        The event the attendee list belongs to. ``date`` is required unless
        the file states it or ``event_id`` names an event already in the
        folder; for ``meetup-members`` it is the day the list was downloaded
        (the snapshot date) and always required.
    dry_run : bool
        Compute the report without writing anything.

    Raises
    ------
    UsageError
        Unknown source, missing ``--date``, a folder without its salt.
    ImportFileError
        The file is not a readable export of that source (file:line: column).
    LogbookError
        The community folder itself has errors.
    """
    from meetupstats.storage import folder_lock

    if source not in schema.SOURCES:
        raise UsageError(f"unknown source {source!r} (expected one of {', '.join(schema.SOURCES)})")
    path = Path(folder)
    if not (path / schema.ATTENDANCE.filename).exists():
        raise UsageError(
            f"{path}: not a community folder (create one with `meetupstats community init {path}`)"
        )
    if dry_run:
        return _import(path, source, Path(file), event_id, date, title, dry_run=True)
    with folder_lock(path):
        return _import(path, source, Path(file), event_id, date, title, dry_run=False)


def _import(
    folder: Path,
    source: str,
    file: Path,
    event_id: str | None,
    date: dt.date | None,
    title: str | None,
    *,
    dry_run: bool,
) -> ImportReport:
    community = load_community(folder)
    salt = community.salt
    if salt is None:
        ids = community.attendance["person_id"].dropna().astype(str)
        if ids.str.startswith(HASHED_PREFIXES).any():
            raise UsageError(
                f"{folder / schema.SALT_FILE}: salt file missing; without it the people already "
                "imported cannot be recognised. Restore it (see .backup/) before importing"
            )
        salt = new_salt()
        community = community.with_tables(salt=salt)
    if source == "meetup-members":
        from meetupstats.community.meetup import read_members

        if date is None:
            raise UsageError(
                "--date is required for meetup-members: give the day the member list was "
                "downloaded (its snapshot date), e.g. --date 2025-03-31"
            )
        members = read_members(file)
        merged, report = _merge_members(community, members, date)
    else:
        parsed = _read_attendees(source, file, salt)
        merged, report = _merge_attendance(community, parsed, event_id, date, title)
    report.dry_run = dry_run
    if not dry_run:
        report.written = save_community(merged, folder)
    log.info("%s: %s", file, report)
    return report


def _read_attendees(source: str, file: Path, salt: str) -> AttendeeRows:
    if source == "meetup":
        from meetupstats.community.meetup import read_attendees

        return read_attendees(file, salt)
    if source == "eventbrite":
        from meetupstats.community.eventbrite import read_attendees as read_eventbrite

        return read_eventbrite(file, salt)
    from meetupstats.community.luma import read_guests

    return read_guests(file, salt)


# --------------------------------------------------------------------------- typed rows


def _typed_rows(table: Table, rows: list[dict[str, str]]) -> pd.DataFrame:
    """Rows of cell text typed exactly as the loader types them."""
    header = list(table.column_names)
    columns = {name: np.array([row.get(name, "") for row in rows], dtype=object) for name in header}
    raw = CsvColumns(table.filename, header, columns, np.arange(2, len(rows) + 2, dtype=np.int64))
    problems: list[Problem] = []
    frame = typed_frame(table, raw, problems)
    if any(p.severity == "error" for p in problems):  # importer bug, not user input
        raise ValueError("; ".join(str(p) for p in problems))
    return frame


def _day(value: dt.date | None) -> str:
    return "" if value is None else value.isoformat()


def _bool(value: bool | None) -> str:
    return "" if value is None else ("true" if value else "false")


def _same(a: Any, b: Any) -> bool:
    if pd.isna(a) and pd.isna(b):
        return True
    if pd.isna(a) or pd.isna(b):
        return False
    return bool(a == b)


def _upsert(
    old: pd.DataFrame,
    new: pd.DataFrame,
    key: tuple[str, ...],
    combine: Any,
) -> tuple[pd.DataFrame, int, int, int]:
    """Upsert ``new`` into ``old`` by ``key``; ``combine(old_row, new_row) -> dict`` of cells.

    Returns the merged frame and the counts added, updated, unchanged.
    Existing rows keep their place; new rows are appended in file order.
    """
    out = old.copy()
    wanted = set(new[key[0]].dropna())
    candidates = out[out[key[0]].isin(wanted)]
    index = {
        tuple(r): i
        for i, r in zip(
            candidates.index, candidates[list(key)].itertuples(index=False), strict=True
        )
    }
    added_rows: list[int] = []
    updated = unchanged = 0
    for j, new_row in new.iterrows():
        k = tuple(new_row[list(key)])
        i = index.get(k)
        if i is None:
            added_rows.append(int(j))
            continue
        cells = combine(out.loc[i], new_row)
        changed = False
        for column, value in cells.items():
            if not _same(out.loc[i, column], value):
                out.loc[i, column] = value
                changed = True
        updated += changed
        unchanged += not changed
    if added_rows:
        extra = new.loc[added_rows]
        if len(out):
            out = pd.concat([out, extra], ignore_index=True)
            for column in old.columns:  # keep the loader's dtypes (extra columns stay text)
                if column in new.columns and out[column].dtype != old[column].dtype:
                    out[column] = out[column].astype(old[column].dtype)
        else:  # (concatenating with an empty frame is deprecated in pandas)
            out = extra.reset_index(drop=True)
            for column in old.columns:
                if column not in out.columns:  # a user's own column, still empty
                    out[column] = pd.Series([None] * len(out), dtype=object)
    return out.reset_index(drop=True), len(added_rows), updated, unchanged


# --------------------------------------------------------------------------- attendance


def _merge_attendance(
    community: Community,
    parsed: AttendeeRows,
    event_id: str | None,
    date: dt.date | None,
    title: str | None,
) -> tuple[Community, ImportReport]:
    from meetupstats.importers import defuse_formula

    source = parsed.source
    events = community.events
    known = events.set_index("event_id") if len(events) else None
    # Titles come from a platform (or are pasted from one): defused like every
    # imported text, so a spreadsheet never runs them as a formula.
    file_title = defuse_formula(parsed.title or Path(parsed.display).stem)
    title = defuse_formula(title) if title else title
    if date is None:
        date = parsed.date
    if event_id is None:
        if parsed.source_id:
            event_id = f"{source}:{parsed.source_id}"
        elif date is not None:
            event_id = f"{source}:{date.isoformat()}-{slug(title or file_title)}"
    existing = (
        known.loc[event_id]
        if known is not None and event_id is not None and event_id in known.index
        else None
    )
    if date is None and existing is None:
        raise UsageError(
            f"--date is required: {_NO_DATE[source]}; give the event's date, e.g. --date 2025-03-12"
        )
    if event_id is None:  # unreachable: a date gives an id
        raise UsageError("give --event-id or --date")
    event_row = {
        "event_id": event_id,
        "date": _day(date) if date is not None else f"{existing['date']:%Y-%m-%d}",  # type: ignore[index]
        "title": title or (existing["title"] if existing is not None else file_title),
        "source": source,
        "source_id": parsed.source_id or "",
    }
    new_event = _typed_rows(schema.COMMUNITY_EVENTS, [event_row])

    def keep_event(old: pd.Series, new: pd.Series) -> dict[str, Any]:
        # Only what the command line says explicitly changes a known event.
        cells: dict[str, Any] = {}
        if date is not None and not _same(old["date"], new["date"]):
            cells["date"] = new["date"]
        if title and old["title"] != title:
            cells["title"] = title
        return cells

    merged_events, e_added, e_updated, _ = _upsert(events, new_event, ("event_id",), keep_event)
    event_state = "added" if e_added else "updated" if e_updated else "unchanged"

    rows = [
        {
            "event_id": event_id,
            "person_id": r.person_id,
            "rsvp": r.rsvp,
            "checked_in": _bool(r.checked_in),
            "registered_at": _day(r.registered_at),
            "source": source,
        }
        for r in parsed.rows
    ]
    new = _typed_rows(schema.ATTENDANCE, rows)

    def combine(old: pd.Series, new_row: pd.Series) -> dict[str, Any]:
        same_source = old["source"] == source or pd.isna(old["source"])
        checked = new_row["checked_in"] if not pd.isna(new_row["checked_in"]) else old["checked_in"]
        registered = (
            new_row["registered_at"]
            if not pd.isna(new_row["registered_at"])
            else old["registered_at"]
        )
        if same_source:
            return {
                "rsvp": new_row["rsvp"],
                "checked_in": checked,
                "registered_at": registered,
                "source": source,
            }
        rsvp = max(str(old["rsvp"]), str(new_row["rsvp"]), key=RSVP_ORDER.__getitem__)
        if not pd.isna(old["checked_in"]) and not pd.isna(new_row["checked_in"]):
            checked = bool(old["checked_in"]) or bool(new_row["checked_in"])
        if not pd.isna(old["registered_at"]) and not pd.isna(new_row["registered_at"]):
            registered = min(old["registered_at"], new_row["registered_at"])
        return {"rsvp": rsvp, "checked_in": checked, "registered_at": registered}

    merged, added, updated, unchanged = _upsert(
        community.attendance, new, ("event_id", "person_id"), combine
    )
    report = ImportReport(
        source,
        parsed.display,
        event_id,
        event_state,
        added,
        updated,
        unchanged,
        warnings=list(parsed.problems),
    )
    return community.with_tables(events=merged_events, attendance=merged), report


def _merge_members(
    community: Community, parsed: MemberRows, snapshot: dt.date
) -> tuple[Community, ImportReport]:
    rows = [
        {
            "person_id": r.person_id,
            "joined_on": _day(r.joined_on),
            "last_attended": _day(r.last_attended),
            "events_attended": "" if r.events_attended is None else str(r.events_attended),
            "no_shows": "" if r.no_shows is None else str(r.no_shows),
            "role": r.role or "",
            "source": parsed.source,
            "snapshot_date": snapshot.isoformat(),
        }
        for r in parsed.rows
    ]
    new = _typed_rows(schema.MEMBERS, rows)
    columns = [c for c in schema.MEMBERS.column_names if c not in ("person_id", "snapshot_date")]

    def replace_all(old: pd.Series, new_row: pd.Series) -> dict[str, Any]:
        return {c: new_row[c] for c in columns}

    merged, added, updated, unchanged = _upsert(
        community.members, new, ("person_id", "snapshot_date"), replace_all
    )
    report = ImportReport(
        parsed.source, parsed.display, None, None, added, updated, unchanged, list(parsed.problems)
    )
    return community.with_tables(members=merged), report
