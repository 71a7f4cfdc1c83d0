"""Headless Chromium for the tests that open a report as a person would.

``CHROMIUM`` is the browser's path, or None when it is not installed (the tests
that need it skip, saying so; CI's .ci/run installs Debian's chromium).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def dump_dom(page: Path, profile: Path) -> str:
    """The page's DOM after its scripts (if any could run) had 3 s of virtual time.

    Flags as for a closed network: no background networking, no component
    updates, no sync, a fresh profile folder.
    """
    assert CHROMIUM is not None
    result = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            f"--user-data-dir={profile}",
            "--virtual-time-budget=3000",
            "--dump-dom",
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return result.stdout
