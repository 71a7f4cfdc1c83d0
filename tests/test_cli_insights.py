"""``meetupstats insights`` and ``meetupstats rank`` on the command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from builders import write_logbook
from test_insights_drivers import planted_rows
from test_insights_rank import UPCOMING_ICS

from meetupstats.cli import main


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_logbook(tmp_path_factory.mktemp("planted"), **planted_rows(0, planted=True))


def test_insights_json(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights", "--data", str(planted), "--year", "2024", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert {"themes", "drivers", "reconnect"} <= set(data)
    assert data["drivers"]["networking"]["signal"] is True
    assert data["drivers"]["networking"]["effects"][0]["feature"] == "format=afterwork"


def test_insights_json_is_deterministic(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    main(["insights", "--data", str(planted), "--year", "2024", "--json"])
    first = capsys.readouterr().out
    main(["insights", "--data", str(planted), "--year", "2024", "--json"])
    assert capsys.readouterr().out == first


def test_insights_text(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights", "--data", str(planted), "--year", "2024"]) == 0
    out = capsys.readouterr().out
    assert "What goes with a higher return (associations, not causes)" in out
    assert "format=afterwork" in out
    assert "Dormant ties worth reconnecting" in out
    assert "causes " not in out.replace("not causes", "")


def test_insights_bad_as_of(planted: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["insights", "--data", str(planted), "--year", "2024", "--as-of", "2024-02-30"])
    assert code == 2
    assert "argument --as-of: not a date: '2024-02-30'" in capsys.readouterr().err


def test_insights_year_required(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["insights"]) == 2
    assert "--year" in capsys.readouterr().err


def test_insights_bad_logbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = write_logbook(
        tmp_path, events=[{"event_id": "x", "date": "soon", "title": "t", "status": "attended"}]
    )
    assert main(["insights", "--data", str(folder), "--year", "2024"]) == 2
    assert "events.csv:2: date: not a date" in capsys.readouterr().err


def test_rank_json(planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics = tmp_path / "upcoming.ics"
    ics.write_text(UPCOMING_ICS, encoding="utf-8")
    assert main(["rank", str(ics), "--json", "--data", str(planted)]) == 0
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert [d["title"] for d in data] == [
        "Product people: evening session",
        "Product people: coffee and slides",
    ]
    assert data[0]["score"] > data[1]["score"]
    assert "scored by the model" in captured.err


def test_rank_text(planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    ics = tmp_path / "upcoming.ics"
    ics.write_text(UPCOMING_ICS, encoding="utf-8")
    assert main(["rank", str(ics), "--data", str(planted)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(" 1. 2024-10-10  Product people: evening session  (score ")


def test_rank_bad_csv_exit_2(
    planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv = tmp_path / "next.csv"
    csv.write_text("title,date\nOK,2025-01-01\nBroken,01/02/2025\n", encoding="utf-8")
    assert main(["rank", str(csv), "--data", str(planted)]) == 2
    err = capsys.readouterr().err
    assert f"{csv}:3: date: not a date: '01/02/2025'" in err
    assert "Traceback" not in err


def test_rank_bad_since(planted: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rank", str(tmp_path / "x.ics"), "--since", "later", "--data", str(planted)]) == 2
    assert "--since: not a date" in capsys.readouterr().err


def test_startup_does_not_import_sklearn() -> None:
    code = (
        "import sys, meetupstats.cli, meetupstats.insights, meetupstats.cli.insights, "
        "meetupstats.cli.rank; meetupstats.cli.build_parser(); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('sklearn', 'icalendar')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"
