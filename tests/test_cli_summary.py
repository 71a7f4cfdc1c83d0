"""``meetupstats summary`` through a real subprocess: exit codes, JSON shape, no traceback."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, write_logbook

from meetupstats import schema

pytestmark = pytest.mark.slow

KEYS = ["year", *schema.METRIC_NAMES, "milestones", "breakdowns"]


def run(*args: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        [sys.executable, "-m", "meetupstats", "summary", *args],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_logbook(
        tmp_path_factory.mktemp("logbook"),
        events=[
            event("a", "2024-05-01", channel="luma", rating="4", duration_h="2"),
            event("b", "2025-03-01", channel="luma", rating="5", questions_asked="1"),
            event("c", "2025-04-01", "no-show"),
        ],
        contacts=[
            contact("c1", met_on="2024-05-01", met_event_id="a"),
            contact("c2", met_on="2025-03-01", met_event_id="b", company="Acme"),
        ],
        interactions=[
            interaction("2024-05-03", "c1", "message", direction="out"),
            interaction("2024-09-01", "c1", "coffee", direction="mutual"),  # day 123
            interaction("2025-03-02", "c2", "linkedin-connect"),
        ],
        learnings=[learning("a", topic="AI"), learning("b", topic="ai")],
    )


def test_json_has_exactly_the_keys_of_design_md(folder: Path) -> None:
    result = run("--data", str(folder), "--year", "2024", "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert list(summary) == KEYS
    assert "NaN" not in result.stdout
    # 2024: a attended; 2 hours; c1 met at a, followed up on day 2, warm on day 123
    assert summary["year"] == 2024
    assert summary["events_attended"] == 1
    assert summary["hours_invested"] == 2.0
    assert summary["follow_up_rate"] == 1.0
    assert summary["kept_warm_rate"] == 1.0  # as_of = 2025-04-01 (event c), c1 eligible
    assert summary["show_up_rate"] == 1.0
    assert summary["breakdowns"]["channel"][0]["value"] == "luma"
    assert summary["milestones"]["first_event"] == "2024-05-01"


def test_json_nulls_and_as_of(folder: Path) -> None:
    result = run("--data", str(folder), "--year", "2025", "--json", "--as-of", "2025-03-31")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    # 2025: b attended, c no-show -> 1 / 2; no hours recorded -> per-hour null
    assert summary["show_up_rate"] == 0.5
    assert summary["takeaways_per_hour"] is None
    assert summary["new_topics"] == 0  # "ai" was a topic of a in 2024
    # c2 met 2025-03-01 is 30 days before as_of: nobody eligible -> null
    assert summary["kept_warm_rate"] is None
    assert summary["connect_rate"] == 1.0


def test_table_is_grouped_and_rounded(folder: Path) -> None:
    result = run("--data", str(folder), "--year", "2025")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    for heading in ("Investment", "Learning", "Networking", "Career", "By channel"):
        assert f"\n{heading}\n" in out
    assert "50%" in out  # show_up_rate 0.5
    assert "n/a" in out  # takeaways_per_hour is None
    assert "as of 2025-04-01" in out  # latest date: the no-show event c


def test_year_before_the_first_event_says_so_and_prints_zeros(folder: Path) -> None:
    result = run("--data", str(folder), "--year", "2019", "--json")
    assert result.returncode == 0
    assert "2019 is before the first event" in result.stderr
    summary = json.loads(result.stdout)
    assert summary["events_attended"] == 0
    assert summary["mean_rating"] is None
    assert summary["ladder_stage"] == "newcomer"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--year", "twenty"), "--year: expected a year such as 2025, got 'twenty'"),
        (("--year", "99999"), "--year: year 99999 is out of range"),
        (("--year", "2025", "--as-of", "2025-02-30"), "--as-of: not a date: '2025-02-30'"),
        ((), "the following arguments are required: --year"),
    ],
)
def test_bad_arguments_exit_2_with_a_clear_line(
    folder: Path, args: tuple[str, ...], message: str
) -> None:
    result = run("--data", str(folder), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_bad_logbook_exits_2_naming_file_line_and_column(tmp_path: Path) -> None:
    write_logbook(tmp_path, events=[event("a", "2025-01-01", format="dinner")])
    result = run("--data", str(tmp_path), "--year", "2025", "--json")
    assert result.returncode == 2
    assert "events.csv:2: format: unknown value 'dinner'" in result.stderr


def test_missing_folder_exits_2(tmp_path: Path) -> None:
    result = run("--data", str(tmp_path / "nope"), "--year", "2025")
    assert result.returncode == 2
    assert "logbook folder not found" in result.stderr
