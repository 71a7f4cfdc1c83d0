"""Tiny logbooks built inside tests.

``write_logbook(tmp_path, events=[...], contacts=[...], ...)`` writes the CSV
files (header = every schema column plus any extra keys used in the rows) and
returns the folder; ``make_logbook(...)`` loads it as well. Rows are dicts of
cell *text*, exactly as a user would type them, so tests exercise the real
loader.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Mapping
from pathlib import Path

from meetupstats import schema
from meetupstats.logbook import Logbook, load_logbook

Row = Mapping[str, object]


def _header(table: schema.Table, rows: Iterable[Row]) -> list[str]:
    header = list(table.column_names)
    for row in rows:
        header += [k for k in row if k not in header]
    return header


def write_table(folder: Path, name: str, rows: list[Row]) -> Path:
    table = schema.TABLES[name]
    path = folder / table.filename
    header = _header(table, rows)
    with open(path, "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: "" if v is None else str(v) for k, v in row.items()})
    return path


def write_logbook(
    folder: Path,
    *,
    events: list[Row] = (),  # type: ignore[assignment]
    contacts: list[Row] = (),  # type: ignore[assignment]
    interactions: list[Row] = (),  # type: ignore[assignment]
    learnings: list[Row] = (),  # type: ignore[assignment]
    goals: str | None = None,
) -> Path:
    """Write a logbook folder from rows of cell text; returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    write_table(folder, "events", list(events))
    write_table(folder, "contacts", list(contacts))
    write_table(folder, "interactions", list(interactions))
    write_table(folder, "learnings", list(learnings))
    if goals is not None:
        (folder / schema.GOALS_FILE).write_text(goals, encoding="utf-8")
    return folder


def make_logbook(folder: Path, **tables: object) -> Logbook:
    """``write_logbook`` then ``load_logbook`` (raises on any error)."""
    return load_logbook(write_logbook(folder, **tables))  # type: ignore[arg-type]


def event(event_id: str, date: str, status: str = "attended", **cells: object) -> dict[str, object]:
    """An events.csv row with a default title."""
    return {
        "event_id": event_id,
        "date": date,
        "title": cells.pop("title", f"Event {event_id}"),
        "status": status,
        **cells,
    }


def contact(contact_id: str, **cells: object) -> dict[str, object]:
    """A contacts.csv row with a default name."""
    return {"contact_id": contact_id, "name": cells.pop("name", f"Person {contact_id}"), **cells}


def interaction(date: str, contact_id: str, kind: str, **cells: object) -> dict[str, object]:
    return {"date": date, "contact_id": contact_id, "kind": kind, **cells}


def learning(event_id: str, takeaway: str = "a takeaway", **cells: object) -> dict[str, object]:
    return {"event_id": event_id, "takeaway": takeaway, **cells}
