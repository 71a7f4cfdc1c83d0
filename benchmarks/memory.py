"""``python -m benchmarks.memory DATA YEAR``: peak memory of ``meetupstats summary``.

Prints one JSON object: ``peak`` (bytes, tracemalloc peak while the
``summary --json`` command runs: load, validation, metrics, JSON) and
``deep`` (bytes, ``memory_usage(deep=True)`` of the loaded DataFrames).
Modules are imported before tracing starts, so only the command's own data
counts. Runs in its own process so earlier benchmarks leave nothing behind.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
import tracemalloc


def main(argv: list[str]) -> int:
    from meetupstats.cli import main as cli
    from meetupstats.logbook import load_logbook

    data, year = argv[0], argv[1]
    args = ["summary", "--year", year, "--json", "--data", data]
    with contextlib.redirect_stdout(io.StringIO()):
        cli(args)  # warm: every lazily imported module is loaded now
    book = load_logbook(data)
    deep = sum(
        int(book.table(name).memory_usage(deep=True).sum())
        for name in ("events", "contacts", "interactions", "learnings")
    )
    del book
    tracemalloc.start()
    with contextlib.redirect_stdout(io.StringIO()):
        code = cli(args)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(json.dumps({"peak": peak, "deep": deep, "exit": code}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
