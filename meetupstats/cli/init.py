"""``meetupstats init DIR``: create an empty logbook folder."""

from __future__ import annotations

import argparse
from pathlib import Path

HELP = "create an empty logbook folder with headers and a short README"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("dir", type=Path, metavar="DIR", help="folder to create")


def run(args: argparse.Namespace) -> int:
    from meetupstats.logbook import init_logbook

    folder = init_logbook(args.dir)
    print(f"created an empty logbook in {folder}")
    print(
        f"next: add rows to {folder}/events.csv, or import an export (meetupstats import ... --data {folder})"
    )
    return 0
