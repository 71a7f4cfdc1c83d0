"""``meetupstats report``: render the yearly career-reflection report as self-contained HTML.

Writes ``reports/reflection-Y.html`` (or ``--out``) and, beside it with the
same stem, ``.json`` (the ``summary --json`` object) and ``-card.png`` (a
share card with aggregate numbers only). Progress goes to stderr; the path
of the report is the only line on stdout. A failing notebook cell is one
clear line naming the report section, exit code 1.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from meetupstats.cli import EXIT_OK, add_data_argument, data_dir, date_arg, year_arg

HELP = "render the yearly reflection report as self-contained HTML (+ JSON and a share card)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year",
        type=year_arg,
        metavar="Y",
        help="calendar year (default: the latest year with an attended event)",
    )
    parser.add_argument(
        "--out",
        type=Path,
        metavar="FILE",
        help="HTML file to write (default: reports/reflection-Y.html)",
    )
    parser.add_argument(
        "--anonymize",
        action="store_true",
        help="replace every contact's name, email, URL and company with a pseudonym",
    )
    parser.add_argument(
        "--no-compare",
        dest="compare",
        action="store_false",
        help="leave out the comparison with the previous year",
    )
    parser.add_argument("--owner", metavar="NAME", help="your name, for the report's title")
    parser.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="reference date YYYY-MM-DD (default: the latest date in the logbook)",
    )
    parser.add_argument(
        "--keep-notebook",
        action="store_true",
        help="also keep the executed notebook beside the report (<stem>.ipynb)",
    )
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    from meetupstats.report import render_reflection

    folder = data_dir(args)
    started = time.monotonic()
    what = f"the {args.year} report" if args.year else "the report"
    _say(f"rendering {what} from {folder} ...")
    files = render_reflection(
        folder,
        args.year,
        args.out,
        as_of=args.as_of.isoformat() if args.as_of else None,
        compare_previous=args.compare,
        anonymize=args.anonymize,
        owner_name=args.owner,
        keep_notebook=args.keep_notebook,
        progress=lambda section: _say(f"  {section}"),
    )
    _say(
        f"done in {time.monotonic() - started:.0f} s; also wrote {files.json.name} and {files.card.name}"
    )
    print(files.html)
    return EXIT_OK


def _say(message: str) -> None:
    print(f"meetupstats: {message}", file=sys.stderr, flush=True)
