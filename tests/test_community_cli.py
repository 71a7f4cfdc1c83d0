"""``meetupstats community ...`` as a user runs it: subprocess, exit codes, no traceback."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from test_community_folder import write_community

from meetupstats.community.folder import Community, init_community, load_community, save_community
from meetupstats.community.imports import import_export
from meetupstats.community.schema import SUMMARY_KEYS
from meetupstats.community.views import prepare_community

FIXTURES = Path(__file__).parent / "fixtures" / "community"
LUMA = FIXTURES / "Product Night #12 - Guests - 2025-03-14-21-05-33.csv"


def cli(*args: object, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {
        k: v for k, v in os.environ.items() if k not in ("MEETUPSTATS_DATA", "MEETUPSTATS_DEBUG")
    }
    result = subprocess.run(
        [sys.executable, "-m", "meetupstats", "community", *map(str, args)],
        capture_output=True,
        text=True,
        env=env,
        cwd=cwd,
        timeout=300,
    )
    assert "Traceback" not in result.stderr
    return result


@pytest.mark.slow
def test_init_import_reimport_summary(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    assert cli("init", folder).returncode == 0
    first = cli("import", "luma", LUMA, "--date", "2025-03-12", "--data", folder)
    assert first.returncode == 0, first.stderr
    assert "6 added, 0 updated, 0 left alone" in first.stdout
    before = {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()}
    again = cli("import", "luma", LUMA, "--date", "2025-03-12", "--data", folder)
    assert again.returncode == 0
    assert "0 added, 0 updated, 6 left alone" in again.stdout
    assert {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()} == before
    out = cli("summary", "--year", "2025", "--json", "--data", folder)
    assert out.returncode == 0, out.stderr
    summary = json.loads(out.stdout)
    assert set(SUMMARY_KEYS) <= set(summary)
    # approved: Aino (checked in), Pekka (not) → 1/2; Ville declined but checked in: a walk-in
    assert (summary["rsvps"], summary["checked_in"], summary["walk_ins"]) == (2, 2, 1)
    assert summary["show_rate"] == 0.5
    text = cli("summary", "--year", "2025", "--data", folder)
    assert text.returncode == 0 and "show_rate" in text.stdout and "50%" in text.stdout


@pytest.mark.slow
def test_bad_input_exits_2_with_one_clear_line(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    cli("init", folder)
    no_date = cli("import", "luma", LUMA, "--data", folder)
    assert no_date.returncode == 2
    assert "--date is required" in no_date.stderr
    localized = cli(
        "import",
        "meetup-members",
        FIXTURES / "meetup_members_localized.csv",
        "--date",
        "2025-01-01",
        "--data",
        folder,
    )
    assert localized.returncode == 2
    assert "'Benutzer-ID'" in localized.stderr and "'User ID'" in localized.stderr
    no_data = cli("summary", "--year", "2025")
    assert no_data.returncode == 2
    assert "give --data DIR" in no_data.stderr
    bad_date = cli("summary", "--year", "2025", "--as-of", "yesterday", "--data", folder)
    assert bad_date.returncode == 2
    assert "not a date: 'yesterday'" in bad_date.stderr
    unknown = cli("import", "facebook", LUMA, "--data", folder)
    assert unknown.returncode == 2
    missing = cli("import", "luma", tmp_path / "nope.csv", "--date", "2025-03-12", "--data", folder)
    assert missing.returncode == 2 and "file not found" in missing.stderr


@pytest.mark.slow
def test_broken_folder_lists_every_problem(tmp_path: Path) -> None:
    folder = write_community(
        tmp_path / "c", events="e1,2025-01-10,T", attendance="e1,p1,maybe,\ne2,p2,yes,"
    )
    result = cli("summary", "--year", "2025", "--data", folder)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert f"{folder / 'attendance.csv'}:2: rsvp: unknown value 'maybe'" in lines[0]
    assert any(f"{folder / 'attendance.csv'}:3: event_id: no row" in line for line in lines)


def test_names_only_on_request(tmp_path: Path) -> None:
    community = _season(tmp_path / "c")
    hidden = prepare_community(community, 2025)
    shown = prepare_community(community, 2025, names=True)
    assert set(hidden.draw["speakers"]["value"]) == {"Speaker 1", "Speaker 2"}
    assert set(shown.draw["speakers"]["value"]) == {"Aino <b>Virtanen</b>", "Mikko Korhonen"}


def _season(folder: Path) -> Community:
    """A Meetup list, a Luma export and an Eventbrite report of the same season."""
    init_community(folder)
    import_export(folder, "meetup", FIXTURES / "meetup_attendees.csv", date=dt.date(2025, 3, 12))
    import_export(
        folder, "luma", LUMA, date=dt.date(2025, 4, 9), title="<script>alert(1)</script> night"
    )
    import_export(
        folder, "eventbrite", FIXTURES / "eventbrite_attendees_uk.csv", date=dt.date(2025, 5, 20)
    )
    c = load_community(folder)
    events = c.events.copy()
    events.loc[:, "format"] = ["afterwork", "afterwork", "lunch"]
    events["speakers"] = pd.Series(
        [("Aino <b>Virtanen</b>",), ("Mikko Korhonen",), ()], dtype=object
    )
    c = c.with_tables(events=events)
    save_community(c)
    return load_community(folder)


def test_one_season_from_three_sources(tmp_path: Path) -> None:
    from meetupstats.community.metrics import community_summary

    c = _season(tmp_path / "c")
    s = community_summary(c, 2025, "2025-12-31")
    # Meetup 03-12: yes 10000001 (in), 10000002 (not), 10000005 (in); 10000003 RSVP No but in
    # Luma 04-09: yes Aino (in), Pekka (not); Ville declined but in
    # Eventbrite 05-20: yes Aino (in), Oliver (not), Amelia (in)
    # show rate (2 + 1 + 2) / (3 + 2 + 3) = 5/8; walk-ins: 10000003, Ville
    assert s["show_rate"] == pytest.approx(5 / 8)
    assert s["walk_ins"] == 2
    # checked in: Meetup 3 (10000001, 10000003, 10000005), Luma 2 (Aino, Ville), Eventbrite
    # Aino again (one person across Luma and Eventbrite) and Amelia: 3 + 2 + 1 = 6, all new
    assert s["unique_attendees"] == 6
    assert s["first_timers"] == 6
    # all first check-ins are <= 2025-12-31 - 180 d = 2025-07-04; only Aino came back (41 days)
    assert s["first_timer_return_rate"] == pytest.approx(1 / 6)


@pytest.mark.slow
def test_report_is_self_contained_escaped_and_without_attendee_data(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    _season(folder)
    out = tmp_path / "community.html"
    result = cli("report", "--year", "2025", "--data", folder, "--out", out)
    assert result.returncode == 0, result.stderr
    html = out.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; night" in html
    for section in ("Attendance per event", "Show rate", "First-timers", "Retention", "Regulars"):
        assert section in html
    assert "data:image/png;base64," in html
    assert "<script" not in html.lower() and "http://" not in html and "https://" not in html
    # no person ids, names or emails of attendees; speaker names only with --names
    assert "email-" not in html and "meetup-1000" not in html and "example.com" not in html
    assert "Virtanen" not in html and "Speaker 1" in html
