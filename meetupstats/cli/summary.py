"""``meetupstats summary --year Y [--json] [--as-of DATE]``: every metric of a year.

Without ``--json``: a grouped table (Investment, Learning, Networking,
Career, milestones, then the breakdowns) rounded for reading, with units.
With ``--json``: exactly the object of :func:`meetupstats.metrics.yearly_summary`,
unrounded, ``null`` for a missing value (never NaN).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections.abc import Callable
from typing import Any

from meetupstats.cli import EXIT_OK, add_data_argument, data_dir, date_arg, year_arg

HELP = "all return metrics of a year (--json: one JSON object)"
EPILOG = "Every metric is defined, exactly, in docs/metrics.md of the meetupstats repository."


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--year", type=year_arg, required=True, metavar="Y", help="calendar year")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object (unrounded) instead of a table"
    )
    parser.add_argument(
        "--as-of",
        type=date_arg,
        metavar="DATE",
        help="reference date YYYY-MM-DD for kept_warm_rate (default: latest date in the logbook)",
    )
    add_data_argument(parser)


def run(args: argparse.Namespace) -> int:
    import pandas as pd

    from meetupstats.logbook import load_logbook
    from meetupstats.metrics import yearly_summary
    from meetupstats.metrics._select import resolve_as_of

    book = load_logbook(data_dir(args))
    summary = yearly_summary(book, args.year, args.as_of)
    dates = book.events["date"].dropna()
    if dates.empty:
        print("meetupstats: note: the logbook has no events yet", file=sys.stderr)
    elif args.year < pd.Timestamp(dates.min()).year:
        print(
            f"meetupstats: note: {args.year} is before the first event in the logbook "
            f"({pd.Timestamp(dates.min()):%Y-%m-%d}); there is nothing to count",
            file=sys.stderr,
        )
    elif summary["events_attended"] == 0:
        print(f"meetupstats: note: no attended events in {args.year}", file=sys.stderr)
    if args.json:
        print(json.dumps(summary, allow_nan=False, indent=2))
    else:
        as_of = resolve_as_of(book, args.as_of)
        sys.stdout.write(render_table(summary, None if as_of is None else as_of.date()))
    return EXIT_OK


# --------------------------------------------------------------------------- the table


def _pct(v: float) -> str:
    return f"{v * 100:.0f}%"


def _fixed(digits: int, unit: str = "") -> Callable[[float], str]:
    def fmt(v: float) -> str:
        return f"{v:,.{digits}f}{unit}"

    return fmt


_FORMATS: dict[str, Callable[[Any], str]] = {
    "hours_invested": _fixed(1, " h"),
    "money_spent": _fixed(2),
    "show_up_rate": _pct,
    "takeaways_per_event": _fixed(2),
    "takeaways_per_hour": _fixed(2, " /h"),
    "applied_rate": _pct,
    "median_days_to_apply": _fixed(1, " days"),
    "asked_share": _pct,
    "topic_entropy_bits": _fixed(2, " bits"),
    "mean_rating": _fixed(2, " / 5"),
    "contacts_per_event": _fixed(2),
    "contacts_per_hour": _fixed(2, " /h"),
    "connect_rate": _pct,
    "follow_up_rate": _pct,
    "median_follow_up_days": _fixed(1, " days"),
    "kept_warm_rate": _pct,
    "company_entropy_bits": _fixed(2, " bits"),
    "contacts_per_energy": _fixed(2, " /point"),
    "energy_spent": lambda v: f"{v} points",
}

_BREAKDOWN_HEADERS = (
    ("value", "value"),
    ("events", "events"),
    ("mean_rating", "rating"),
    ("takeaways_per_event", "takeaways/event"),
    ("contacts_per_event", "contacts/event"),
    ("follow_up_rate", "follow-up"),
    ("opportunities", "opportunities"),
)


def format_value(name: str, value: Any) -> str:
    """A metric value rounded for reading, with its unit; ``n/a`` for ``None``."""
    if value is None:
        return "n/a"
    fmt = _FORMATS.get(name)
    if fmt is not None:
        return fmt(value)
    if isinstance(value, float):
        return f"{value:,.2f}"
    return str(value)


def render_table(summary: dict[str, Any], as_of: dt.date | None = None) -> str:
    """The human-readable ``summary`` output (plain text, ends with a newline)."""
    from meetupstats import schema

    title = f"meetupstats summary {summary['year']}"
    if as_of is not None:
        title += f" (as of {as_of:%Y-%m-%d})"
    lines = [title, ""]
    width = max(len(m) for m in (*schema.METRIC_NAMES, *schema.MILESTONES)) + 2
    for group, names in schema.METRIC_GROUPS.items():
        lines.append(group)
        lines += [f"  {name:<{width}}{format_value(name, summary[name])}" for name in names]
        if group == "Career":
            lines += [
                f"  {name:<{width}}{value or 'not yet'}"
                for name, value in summary["milestones"].items()
            ]
        lines.append("")
    for dim, rows in summary["breakdowns"].items():
        lines.append(f"By {dim}")
        if not rows:
            lines += ["  (no attended event has it filled in)", ""]
            continue
        cells = [[h for _, h in _BREAKDOWN_HEADERS]]
        for row in rows:
            cells.append(
                [
                    str(row["value"]),
                    str(row["events"]),
                    format_value("", row["mean_rating"]),
                    format_value("", row["takeaways_per_event"]),
                    format_value("", row["contacts_per_event"]),
                    format_value("follow_up_rate", row["follow_up_rate"]),
                    str(row["opportunities"]),
                ]
            )
        widths = [max(len(r[i]) for r in cells) for i in range(len(cells[0]))]
        for r in cells:
            first = r[0].ljust(widths[0])
            rest = "  ".join(c.rjust(w) for c, w in zip(r[1:], widths[1:], strict=True))
            lines.append(f"  {first}  {rest}")
        lines.append("")
    return "\n".join(lines)
