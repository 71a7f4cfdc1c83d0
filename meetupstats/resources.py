"""Where the files that ship with meetupstats are: the sample logbook, the notebooks.

In a checkout they are ``data/sample/`` and ``notebooks/``; an installed wheel
carries copies under ``meetupstats/_bundled/`` (see pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_CHECKOUT = {"sample": Path("data") / "sample", "notebooks": Path("notebooks")}


def _bundled(name: str) -> Path:
    inside = _PACKAGE / "_bundled" / name
    if inside.is_dir():
        return inside
    return _PACKAGE.parent / _CHECKOUT[name]


def sample_logbook_dir() -> Path:
    """The folder of the bundled synthetic sample logbook."""
    return _bundled("sample")


def notebook_path(name: str) -> Path:
    """The path of a bundled notebook, e.g. ``notebook_path("yearly_reflection.ipynb")``."""
    return _bundled("notebooks") / name
