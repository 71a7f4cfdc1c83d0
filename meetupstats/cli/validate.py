"""``meetupstats validate``: check the logbook, one line per problem."""

from __future__ import annotations

import argparse
import sys

from meetupstats.cli import add_data_argument, data_dir

HELP = "check the logbook; prints file:line: column: problem lines"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    from meetupstats.logbook import validate_logbook

    folder = data_dir(args)
    problems = validate_logbook(folder)
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    for p in errors + warnings:
        print(p, file=sys.stderr)
    if errors:
        print(f"{folder}: {len(errors)} error(s), {len(warnings)} warning(s)", file=sys.stderr)
        return 2
    print(f"{folder}: ok ({len(warnings)} warning(s))")
    return 0
