"""``meetupstats rank FILE``: upcoming events ranked by the return similar events gave you."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from meetupstats.cli import add_data_argument, data_dir, date_arg

HELP = "rank upcoming events (an .ics file or a CSV with events.csv columns) by expected return"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, metavar="FILE", help="an .ics calendar or a .csv file")
    parser.add_argument("--json", action="store_true", help="print a JSON list, best first")
    parser.add_argument(
        "--by",
        choices=("both", "networking", "learning"),
        default="both",
        help="which return the score counts (default: both)",
    )
    parser.add_argument(
        "--since",
        type=date_arg,
        metavar="DATE",
        help="calendar events before this YYYY-MM-DD date are past "
        "(default: the day after the logbook's latest date)",
    )
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:

    from meetupstats.insights import rank_upcoming
    from meetupstats.insights.present import rank_text
    from meetupstats.insights.rank import to_json
    from meetupstats.logbook import load_logbook

    since = args.since
    book = load_logbook(data_dir(args))
    ranked, notes = rank_upcoming(book, args.file, since=since, by=args.by)
    for note in notes:
        print(f"meetupstats: {note}", file=sys.stderr)
    if args.json:
        json.dump(to_json(ranked), sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(rank_text(ranked))
    return 0
