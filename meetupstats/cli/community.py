"""``meetupstats community init|import|summary|report``: analytics for organizers.

A community folder is not a personal logbook (see DESIGN.md, "Community
mode"), so these commands need ``--data DIR`` (or ``$MEETUPSTATS_DATA``) and
never fall back to the sample logbook.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from meetupstats.cli import DATA_ENV, EXIT_OK, add_data_argument, date_arg, year_arg
from meetupstats.errors import UsageError

HELP = "organizer analytics: init, import exports, summary, report"

SOURCES = ("meetup", "meetup-members", "eventbrite", "luma")


def _add_data(parser: argparse.ArgumentParser) -> None:
    """``--data DIR`` naming a community folder (no fallback to the sample logbook)."""
    add_data_argument(parser, f"the community folder (default: ${DATA_ENV})")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    _add_data(parser)
    sub = parser.add_subparsers(
        dest="community_command", metavar="SUBCOMMAND", parser_class=type(parser)
    )
    sub.required = True

    p = sub.add_parser(
        "init",
        help="create an empty community folder",
        description="create an empty community folder (CSV headers, a salt, a README)",
    )
    p.add_argument("dir", type=Path, metavar="DIR", help="folder to create")

    p = sub.add_parser(
        "import",
        help="merge an organizer export into the community folder",
        description="merge a Meetup, Eventbrite or Luma export into the community folder; "
        "prints what was added, updated, left alone",
    )
    p.add_argument("source", choices=SOURCES, metavar="SOURCE", help="one of " + ", ".join(SOURCES))
    p.add_argument("file", type=Path, metavar="FILE", help="the export file (never modified)")
    p.add_argument(
        "--event-id", metavar="ID", help="the event's id in the folder (default: source:date-title)"
    )
    p.add_argument(
        "--date",
        type=date_arg,
        metavar="DATE",
        help="the event's date YYYY-MM-DD (required when the file has none); "
        "for meetup-members: the day the list was downloaded",
    )
    p.add_argument("--title", help="the event's title (default: from the file or its name)")
    p.add_argument("--dry-run", action="store_true", help="show what would change, write nothing")
    _add_data(p)

    p = sub.add_parser(
        "summary",
        help="community metrics of a year",
        description="community metrics of a year (--json: one JSON object)",
    )
    p.add_argument("--year", type=year_arg, required=True, metavar="Y", help="calendar year")
    p.add_argument("--json", action="store_true", help="print one JSON object (unrounded)")
    p.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="reference date YYYY-MM-DD (default: the latest date in the folder)",
    )
    _add_data(p)

    p = sub.add_parser(
        "report",
        help="render the community report as HTML",
        description="render notebooks/community_report.ipynb as self-contained HTML",
    )
    p.add_argument("--year", type=year_arg, required=True, metavar="Y", help="calendar year")
    p.add_argument(
        "--out", type=Path, metavar="FILE", help="HTML file (default: reports/community-Y.html)"
    )
    p.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="reference date (default: latest date in the folder)",
    )
    p.add_argument(
        "--names",
        action="store_true",
        help="show event titles and speaker names (default: counts and event dates only)",
    )
    _add_data(p)


def _folder(args: argparse.Namespace) -> Path:
    if getattr(args, "data", None) is not None:
        return Path(args.data)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    raise UsageError(
        "community commands need the community folder: give --data DIR "
        f"(or set ${DATA_ENV}); create one with `meetupstats community init DIR`"
    )


def run(args: argparse.Namespace) -> int:
    command = args.community_command
    if command == "init":
        return _init(args)
    if command == "import":
        return _import(args)
    if command == "summary":
        return _summary(args)
    return _report(args)


def _init(args: argparse.Namespace) -> int:
    from meetupstats.community.folder import init_community

    folder = init_community(args.dir)
    print(f"created an empty community folder in {folder}")
    print(f"next: meetupstats community import luma FILE --date YYYY-MM-DD --data {folder}")
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    from meetupstats.community.imports import import_export

    folder = _folder(args)
    report = import_export(
        folder,
        args.source,
        args.file,
        event_id=args.event_id,
        date=args.date,
        title=args.title,
        dry_run=args.dry_run,
    )
    for warning in report.warnings:
        print(warning, file=sys.stderr)
    what = "member rows" if report.event_id is None else "attendance rows"
    prefix = "dry run, nothing written: would have " if report.dry_run else ""
    if report.event_id is not None:
        print(f"event {report.event_id}: {report.event}")
    print(
        f"{prefix}{what}: {report.added} added, {report.updated} updated, "
        f"{report.unchanged} left alone"
    )
    if not report.dry_run:
        written = ", ".join(report.written) or "nothing (already up to date)"
        print(f"{folder}: wrote {written}")
    return EXIT_OK


def _summary(args: argparse.Namespace) -> int:
    from meetupstats.community.folder import load_community
    from meetupstats.community.metrics import community_summary

    community = load_community(_folder(args))
    for warning in community.warnings:
        print(warning, file=sys.stderr)
    summary = community_summary(community, args.year, args.as_of)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, allow_nan=False))
        return EXIT_OK
    print(_text(summary))
    return EXIT_OK


def _fmt(value: Any, percent: bool = False) -> str:
    if value is None:
        return "–"
    if percent:
        return f"{value * 100:.0f}%"
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)


def _text(s: dict[str, Any]) -> str:
    rates = {"show_rate", "first_timer_return_rate"}
    lines = [f"Community {s['year']} (as of {s['as_of'] or '–'})"]
    from meetupstats.community.schema import SUMMARY_KEYS

    scalars = [k for k in SUMMARY_KEYS if k != "cohorts"]
    scalars.insert(1, "events_with_check_in_data")
    for key in scalars:
        lines.append(f"  {key:<28}{_fmt(s[key], key in rates)}")
    if s["cohorts"]:
        lines.append("  retention by first-check-in month (share back N months later):")
        for c in s["cohorts"]:
            shares = " ".join(f"{v * 100:3.0f}%" for v in c["retention"])
            lines.append(f"    {c['cohort']} (n={c['size']}): {shares}")
    return "\n".join(lines)


def _report(args: argparse.Namespace) -> int:
    from meetupstats.community.report import render_community_report

    folder = _folder(args)
    out = args.out or Path("reports") / f"community-{args.year}.html"
    path = render_community_report(folder, args.year, out, as_of=args.as_of, names=args.names)
    print(f"wrote {path}")
    return EXIT_OK
