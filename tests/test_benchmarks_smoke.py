"""The benchmark harness runs end to end on tiny data (no timing is asserted).

``make bench`` runs the real sizes; this only proves the harness, its data
generators and its table still work as the code under them changes.
"""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks import datasets, suite  # noqa: E402


def test_linkedin_export_has_the_real_headers(tmp_path: Path) -> None:
    book = datasets.write_logbook(tmp_path / "book", datasets.TINY)
    archive, files = datasets.write_linkedin_export(tmp_path / "li", book, datasets.TINY)
    with zipfile.ZipFile(archive) as z:
        assert sorted(z.namelist()) == ["Connections.csv", "Invitations.csv", "messages.csv"]
    connections = files[0].read_text(encoding="utf-8").splitlines()
    # preamble, blank line, then the header (FORMATS.md)
    assert connections[0] == "Notes:"
    assert connections[3] == "First Name,Last Name,URL,Email Address,Company,Position,Connected On"
    assert len(connections) == 4 + datasets.TINY.connections
    frames = datasets.read_linkedin_plain(files)
    assert len(frames[2]) == datasets.TINY.messages


def test_community_folder_sizes(tmp_path: Path) -> None:
    paths = datasets.write_community(tmp_path / "c", datasets.TINY)
    lines = [len(p.read_text(encoding="utf-8").splitlines()) - 1 for p in paths]
    assert lines == [
        datasets.TINY.community_events,
        datasets.TINY.attendance,
        datasets.TINY.members,
    ]


@pytest.mark.slow
def test_harness_prints_one_table_row_per_target(capsys: pytest.CaptureFixture[str]) -> None:
    code = suite.main(["--tiny", "--reps", "1", "--only", "load", "startup", "memory"])
    out = capsys.readouterr().out
    rows = [line for line in out.splitlines() if line.startswith("| ") and "---" not in line]
    assert rows[0].startswith("| target | measured against | measured")
    names = [r.split(" | ")[0] for r in rows[1:]]
    assert names == [
        "| load_logbook + validation, heavy user",
        "| CLI start-up: meetupstats --version",
        "| CLI start-up: validate, empty logbook",
        "| peak memory of summary, heavy user",
    ]
    # each measured row shows a ratio and a verdict; pass or FAIL is not asserted (no timing)
    for r in rows[1:]:
        assert "×" in r.split(" | ")[2]
        assert r.split(" | ")[4] in {"pass", "FAIL"}
    assert code in (0, 1)
