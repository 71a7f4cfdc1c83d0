"""The ``meetupstats`` command line.

Each command lives in its own module of this package with ``HELP``,
``add_arguments(parser)`` and ``run(args) -> int``; command modules import
heavy libraries only inside ``run`` so start-up stays fast. This module owns
the shared rules of DESIGN.md: the ``--data`` folder rule and the exit codes
(0 ok, 1 unexpected failure, 2 bad input or usage), with one line per problem
on stderr and never a traceback for bad input.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType
from typing import NoReturn

from meetupstats import __version__
from meetupstats.errors import LockError, MeetupStatsError, ProblemsError, ReportError

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2

#: command name -> module (in the order ``--help`` lists them)
COMMANDS: dict[str, str] = {
    "init": "meetupstats.cli.init",
    "validate": "meetupstats.cli.validate",
    "import": "meetupstats.cli.importcmd",
    "summary": "meetupstats.cli.summary",
    "report": "meetupstats.cli.report",
    "restore": "meetupstats.cli.restore",
    "community": "meetupstats.cli.community",
    "insights": "meetupstats.cli.insights",
    "rank": "meetupstats.cli.rank",
}

DATA_ENV = "MEETUPSTATS_DATA"


#: Years and dates the command line accepts (the logbook's dates live in this range).
MIN_YEAR, MAX_YEAR = 1900, 2200


def year_arg(text: str) -> int:
    """argparse type of ``--year``: a whole year in [MIN_YEAR, MAX_YEAR]."""
    try:
        year = int(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a year such as 2025, got {text!r}") from None
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"year {year} is out of range ({MIN_YEAR}-{MAX_YEAR})")
    return year


def date_arg(text: str) -> dt.date:
    """argparse type of every date option: ISO ``YYYY-MM-DD``."""
    try:
        value = dt.date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not a date: {text!r} (expected YYYY-MM-DD, e.g. 2025-12-31)"
        ) from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise argparse.ArgumentTypeError(f"date {text!r} is out of range")
    return value


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"{self.prog}: error: {message}\n")
        raise SystemExit(EXIT_USAGE)


def add_data_argument(parser: argparse.ArgumentParser, help_text: str | None = None) -> None:
    """The ``--data DIR`` option every command takes, wherever it is placed.

    Its default is suppressed, so ``meetupstats --data DIR import linkedin FILE``
    and ``meetupstats import linkedin FILE --data DIR`` mean the same: a
    sub-command's parser never overwrites a value given before it.
    """
    parser.add_argument(
        "--data",
        metavar="DIR",
        type=Path,
        default=argparse.SUPPRESS,
        help=help_text or f"logbook folder (default: ${DATA_ENV}, else the bundled sample logbook)",
    )


def data_dir(args: argparse.Namespace) -> Path:
    """The logbook folder: ``--data``, else ``$MEETUPSTATS_DATA``, else the sample.

    Using the sample is said on stderr, so nobody mistakes it for their own data.
    """
    if getattr(args, "data", None) is not None:
        return Path(args.data)
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env)
    from meetupstats.resources import sample_logbook_dir

    folder = sample_logbook_dir()
    print(
        f"meetupstats: no --data given and ${DATA_ENV} unset: using the sample logbook {folder}",
        file=sys.stderr,
    )
    return folder


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="meetupstats",
        description="Learning and networking return of the meetups you go to, from your own logbook.",
        epilog="Exit codes: 0 ok, 1 unexpected failure, 2 bad input or usage.",
    )
    parser.add_argument("--version", action="version", version=f"meetupstats {__version__}")
    add_data_argument(parser)
    parser.set_defaults(data=None)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name, module_name in COMMANDS.items():
        module = importlib.import_module(module_name)
        p = sub.add_parser(
            name, help=module.HELP, description=module.HELP, epilog=getattr(module, "EPILOG", None)
        )
        module.add_arguments(p)
        p.set_defaults(_module=module)
    return parser


def _print_problems(err: ProblemsError) -> None:
    for problem in err.problems:
        print(problem, file=sys.stderr)
    errors = sum(p.severity == "error" for p in err.problems)
    if errors > 1:
        print(f"meetupstats: {errors} problems found", file=sys.stderr)


def run() -> NoReturn:
    """The ``meetupstats`` program: :func:`main`, then a quick exit.

    Once a command has returned, everything it wrote is closed, its kernel
    stopped and its temporary folders removed; what is left is Python tearing
    down its heap, about 0.3 s after a report (scikit-learn, papermill and
    nbconvert bring ~2,000 modules) for nothing the user can see. So the
    exit handlers run as at a normal exit (logging, ``weakref.finalize``
    clean-ups, libraries' own), the streams are flushed, and the process ends
    without the teardown. :func:`main` itself returns normally (tests, scripts).
    """
    import atexit

    code = main()
    exit_handlers = getattr(atexit, "_run_exitfuncs", None)
    if exit_handlers is None:  # not CPython: the usual exit
        raise SystemExit(code)
    exit_handlers()
    for stream in (sys.stdout, sys.stderr):
        # closed, or a broken pipe: nothing more to say
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:  # --help, --version, usage errors
        return int(e.code or 0)
    module: ModuleType | None = getattr(args, "_module", None)
    if module is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        return int(module.run(args))
    except ProblemsError as e:
        _print_problems(e)
        return EXIT_USAGE
    except (LockError, ReportError) as e:
        print(f"meetupstats: {e}", file=sys.stderr)
        return EXIT_FAILURE
    except MeetupStatsError as e:
        print(f"meetupstats: {e}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("meetupstats: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # stdout closed early (e.g. piped into `head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as e:  # the last line of defence: no traceback for users
        if os.environ.get("MEETUPSTATS_DEBUG"):
            raise
        print(
            f"meetupstats: unexpected error: {type(e).__name__}: {e}\n"
            "meetupstats: this is a bug; run again with MEETUPSTATS_DEBUG=1 for details and report it",
            file=sys.stderr,
        )
        return EXIT_FAILURE
