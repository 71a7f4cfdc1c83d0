"""``meetupstats import SOURCE FILE``: merge an export into the logbook.

Sources: ``linkedin`` (Connections.csv, Invitations.csv, messages.csv or the
export zip), ``ics`` (a calendar file), ``vcard`` (a .vcf file). Prints, per
table, ``added N, updated M, unchanged K, conflicts C``, the contacts placed
at a meetup by the LinkedIn attribution, and every conflict and ambiguous
match; ``--dry-run`` prints the plan (with the rows it would add) and writes
nothing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from meetupstats.cli import add_data_argument, data_dir, date_arg
from meetupstats.errors import UsageError

if TYPE_CHECKING:
    from meetupstats.importers import ImportBatch, ImportReport
    from meetupstats.logbook import Logbook

HELP = "merge an export (linkedin, ics, vcard) into the logbook; prints what was added, updated, left alone"
_SHOW_ADDED = 50


def add_arguments(parser: argparse.ArgumentParser) -> None:
    # --dry-run and --data may come before or after the source name.
    _add_dry_run(parser)
    add_data_argument(parser)
    parser.set_defaults(dry_run=False)
    sub = parser.add_subparsers(dest="source", metavar="SOURCE", parser_class=type(parser))
    sub.required = True

    def source(name: str, help_text: str, file_help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.add_argument("file", type=Path, metavar="FILE", help=file_help)
        _add_dry_run(p)
        add_data_argument(p)
        return p

    source(
        "linkedin",
        "LinkedIn export: contacts, connects (with direction) and messages",
        "Connections.csv, Invitations.csv, messages.csv or the whole export zip",
    )
    ics = source(
        "ics",
        "calendar file: past meetups (platform links or --match) become events",
        "an .ics file (Google/Outlook export or a Meetup/Eventbrite/Luma invite)",
    )
    ics.add_argument("--match", metavar="REGEX", help="also keep events whose title matches")
    ics.add_argument(
        "--from",
        dest="start",
        type=date_arg,
        metavar="DATE",
        help="first date to take (YYYY-MM-DD)",
    )
    ics.add_argument(
        "--to", dest="end", type=date_arg, metavar="DATE", help="last date to take (YYYY-MM-DD)"
    )
    ics.add_argument(
        "--status",
        default="attended",
        choices=("attended", "no-show", "skipped"),
        help="status of past events that were not cancelled (default: attended)",
    )
    vcard = source(
        "vcard",
        "vCards (2.1, 3.0, 4.0): phone contacts, scanned business cards",
        "a .vcf file with one or more cards",
    )
    vcard.add_argument(
        "--met-on", type=date_arg, metavar="DATE", help="the date these cards were collected"
    )
    vcard.add_argument(
        "--event", metavar="EVENT_ID", help="the event these cards were collected at"
    )


def _add_dry_run(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--dry-run",
        action="store_true",
        default=argparse.SUPPRESS,
        help="print the plan, write nothing",
    )


def run(args: argparse.Namespace) -> int:
    from meetupstats.importers import import_into

    folder = data_dir(args)
    file: Path = args.file
    builder: Callable[[Logbook], ImportBatch]
    if args.source == "linkedin":
        from meetupstats.importers.linkedin import linkedin_batch

        builder = linkedin_batch(file)
    elif args.source == "ics":
        from meetupstats.importers.ics import read_ics

        start, end = args.start, args.end
        if start and end and end < start:
            raise UsageError(f"--to {end} is before --from {start}")
        batch = read_ics(
            file,
            today=dt.date.today(),  # the one clock read: "past" is before today
            match=args.match,
            start=start,
            end=end,
            status=args.status,
        )

        def read(book: Logbook) -> ImportBatch:
            return batch

        builder = read

    else:
        builder = _vcard_builder(file, args.met_on, args.event)
    report = import_into(folder, builder, dry_run=args.dry_run)
    _print_report(report, folder)
    return 0


def _vcard_builder(
    file: Path, met_on: dt.date | None, event_id: str | None
) -> Callable[[Logbook], ImportBatch]:
    from meetupstats.importers.vcard import read_vcard

    def build(book: Logbook) -> ImportBatch:
        day = met_on
        if event_id is not None:
            hit = book.events[book.events["event_id"] == event_id]
            if hit.empty:
                raise UsageError(f"--event {event_id!r}: no row of events.csv has this event_id")
            if day is None:
                day = hit["date"].iloc[0].date()
        return read_vcard(file, met_on=day.isoformat() if day else None, event_id=event_id)

    return build


def _print_report(report: ImportReport, folder: Path) -> None:
    out = sys.stdout
    batch = report.batch
    mode = " (dry run: nothing written)" if report.dry_run else ""
    print(f"import {batch.source} {batch.file} into {folder}{mode}", file=out)
    for name, result in report.tables.items():
        print(f"{name}: {result.counts()}", file=out)
    for note in batch.notes:
        print(f"note: {note}", file=out)
    for about, people in sorted(report.unresolved.items()):
        print(
            f"note: {about}s with {len(people)} people not in the logbook were left out "
            "(not added as contacts)",
            file=out,
        )
    for name, result in report.tables.items():
        if result.skipped:
            print(
                f"note: {name}: {result.skipped} update(s) matched no row and were left out",
                file=out,
            )
    if report.attributed:
        print(
            f"Meetup attribution: {len(report.attributed)} contact(s) met at a meetup, inferred "
            "from a LinkedIn connect 0–2 days after it (met_event_inferred = true):",
            file=out,
        )
        for a in report.attributed:
            print(
                f"  {a.name} → {a.event_date} {a.event_title} [{a.event_id}] "
                f"(connected {a.connected_on})",
                file=out,
            )
    if report.attribution_ambiguous:
        print(
            "Not attributed (connected 0–2 days after more than one attended event; "
            "set met_event_id by hand):",
            file=out,
        )
        for b in report.attribution_ambiguous:
            print(f"  {b.name} (connected {b.connected_on}): {', '.join(b.event_ids)}", file=out)
    conflicts = [c for r in report.tables.values() for c in r.conflicts]
    if conflicts:
        print("Conflicts (your values kept):", file=out)
        for c in conflicts:
            print(f"  {c}", file=out)
    ambiguous = [a for r in report.tables.values() for a in r.ambiguous]
    if ambiguous:
        print("Ambiguous matches (not imported):", file=out)
        for amb in ambiguous:
            print(f"  {amb}", file=out)
    if report.dry_run:
        for name, result in report.tables.items():
            if not result.added:
                continue
            frame = result.frame
            print(f"would add to {name}.csv:", file=out)
            for pos in result.added[:_SHOW_ADDED]:
                print(f"  {_label(name, frame.iloc[pos].to_dict())}", file=out)
            if len(result.added) > _SHOW_ADDED:
                print(f"  ... and {len(result.added) - _SHOW_ADDED} more", file=out)
    elif report.written:
        print(f"wrote {', '.join(report.written)} (previous version kept in .backup/)", file=out)
    else:
        print("nothing changed", file=out)


def _label(table: str, row: dict[str, str]) -> str:
    if table == "events":
        return f"{row.get('date', '')} {row.get('title', '')} [{row.get('status', '')}]"
    if table == "contacts":
        company = f" ({row['company']})" if row.get("company") else ""
        return f"{row.get('name', '')}{company}"
    return " ".join(
        v
        for v in (row.get("date"), row.get("kind"), row.get("direction"), row.get("contact_id"))
        if v
    )
