"""``python -m benchmarks.floor NOTEBOOK OUT_HTML``: the report rows' floor.

Executes a notebook with papermill (same kernel, no progress bar) and writes
it as HTML with the same exporter the report uses
(:func:`meetupstats.report.export_html`). What a report costs beyond this is
meetupstats' own work.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path


def main(argv: list[str]) -> int:
    import nbformat
    import papermill

    from meetupstats.report import export_html

    notebook, out = Path(argv[0]), Path(argv[1])
    with tempfile.TemporaryDirectory() as tmp:
        executed = Path(tmp) / notebook.name
        papermill.execute_notebook(
            str(notebook),
            str(executed),
            parameters={},
            kernel_name="python3",
            progress_bar=False,
            log_output=False,
            cwd=str(notebook.parent),
        )
        nb = nbformat.read(executed, as_version=4)
    out.write_text(export_html(nb), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
