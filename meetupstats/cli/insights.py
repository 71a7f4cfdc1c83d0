"""``meetupstats insights``: themes, what drives your return, dormant ties worth a message."""

from __future__ import annotations

import argparse
import json
import sys

from meetupstats.cli import add_data_argument, data_dir, date_arg, year_arg

HELP = "themes, drivers of your return and a reconnect list (scikit-learn; honest about small data)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=year_arg, required=True, metavar="Y", help="calendar year")
    parser.add_argument("--json", action="store_true", help="print the JSON object of DESIGN.md")
    parser.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="see the logbook as it stood on this YYYY-MM-DD date (default: its latest date)",
    )
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    from meetupstats.insights import insights
    from meetupstats.insights.present import insights_text
    from meetupstats.logbook import load_logbook

    book = load_logbook(data_dir(args))
    data = insights(book, args.year, args.as_of)
    if args.json:
        json.dump(data, sys.stdout, indent=2, ensure_ascii=False, allow_nan=False)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(insights_text(data))
    return 0
