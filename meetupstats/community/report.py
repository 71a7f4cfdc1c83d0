"""Render the community report: ``notebooks/community_report.ipynb`` → self-contained HTML.

Execution and HTML export are the generic :func:`meetupstats.report.render_notebook`
(papermill in a kernel running this Python, nbconvert without input cells,
inert page template). The folder is loaded before the kernel starts, so a bad
folder fails fast with its ``file:line: column`` problems.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

NOTEBOOK = "community_report.ipynb"


def render_community_report(
    folder: str | Path,
    year: int,
    out_html: str | Path,
    *,
    as_of: dt.date | str | None = None,
    names: bool = False,
) -> Path:
    """Execute the community notebook for ``year`` and write it to ``out_html``.

    Parameters
    ----------
    folder : path
        The community folder.
    year : int
    out_html : path
        The HTML file to write (replaced only once the whole notebook ran).
    as_of : date, optional
        Reference date (default: the latest date in the folder).
    names : bool
        Show speaker names (default: ``Speaker 1``, ...). Attendees are never
        shown individually.

    Raises
    ------
    LogbookError
        The folder has errors.
    ReportError
        A notebook cell failed.
    """
    from meetupstats.community.folder import load_community
    from meetupstats.report import render_notebook
    from meetupstats.resources import notebook_path

    folder = Path(folder)
    load_community(folder)  # fail fast, before a kernel starts
    parameters = {
        "data_dir": str(folder.resolve()),
        "year": int(year),
        "as_of": None if as_of is None else str(as_of),
        "names": bool(names),
    }
    return render_notebook(
        notebook_path(NOTEBOOK),
        parameters,
        Path(out_html),
        title=f"Community report {year}",
    )
