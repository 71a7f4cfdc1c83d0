"""Calendar files → events: filtering, local dates, recurrence, status; CLI; end to end."""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from builders import event, write_logbook
from import_helpers import EXPORTS, cli, digest

from meetupstats.errors import ImportFileError, UsageError
from meetupstats.importers.ics import channel_of, city_of, read_ics

GOOGLE = EXPORTS / "google_calendar.ics"
TODAY = dt.date(2025, 6, 1)


def by_title(rows: list[dict[str, str]]) -> dict[str, list[dict[str, str]]]:
    out: dict[str, list[dict[str, str]]] = {}
    for r in rows:
        out.setdefault(r["title"], []).append(r)
    return out


def test_google_export_keeps_platform_events_with_local_dates() -> None:
    rows = read_ics(GOOGLE, today=TODAY).events
    titles = by_title(rows)
    # Dentist (no platform link) and Design Guild (title only) are left out;
    # the 2099 event is upcoming.
    assert sorted(titles) == [
        "Late-night Hack Social",
        "Product Conference Day",
        "ProductTank Helsinki #42",
        "Python Pizza Night",
        "Python Pizza Night (special)",
    ]
    pt = titles["ProductTank Helsinki #42"][0]
    assert pt["date"] == "2025-03-12"
    assert pt["event_id"] == "ics:producttank-42-example@google.com"
    assert pt["duration_h"] == "2.5"  # 17:30–20:00
    assert pt["city"] == "Helsinki"
    assert pt["channel"] == "meetup.com"
    assert pt["status"] == "attended"
    # the URL was folded across two lines inside DESCRIPTION
    assert pt["url"] == "https://www.meetup.com/producttank-example/events/300000042/"


def test_utc_time_becomes_the_calendar_timezone_date() -> None:
    # 21:30 Z on 1 Apr = 00:30 on 2 Apr in Helsinki (X-WR-TIMEZONE)
    hack = by_title(read_ics(GOOGLE, today=TODAY).events)["Late-night Hack Social"][0]
    assert hack["date"] == "2025-04-02"
    assert hack["channel"] == "eventbrite"  # from the UID host
    assert hack["format"] == "online"
    assert hack["duration_h"] == "2.5"


def test_all_day_event_is_one_fullday_row_without_hours() -> None:
    [conf] = by_title(read_ics(GOOGLE, today=TODAY).events)["Product Conference Day"]
    # DTEND 20250404 is exclusive: one day, 3 Apr
    assert (conf["date"], conf["format"], conf["duration_h"]) == ("2025-04-03", "fullday", "")
    assert conf["channel"] == "luma"
    assert conf["url"] == "https://lu.ma/prodconf-example"


def test_recurring_series_is_expanded_without_the_excluded_date() -> None:
    pizza = by_title(read_ics(GOOGLE, today=TODAY).events)["Python Pizza Night"]
    # weekly Thursdays from 9 Jan, COUNT=4: 9, 16, 23, 30 Jan; EXDATE 16 Jan
    assert [r["date"] for r in pizza] == ["2025-01-09", "2025-01-23", "2025-01-30"]
    assert [r["source_id"] for r in pizza] == [
        "pizza-series-example@google.com/20250109",
        "pizza-series-example@google.com/20250123",
        "pizza-series-example@google.com/20250130",
    ]


def test_cancelled_event_status_and_upcoming_events_left_out() -> None:
    [special] = by_title(read_ics(GOOGLE, today=TODAY).events)["Python Pizza Night (special)"]
    assert special["status"] == "cancelled"
    # on 13 Mar, Hack Social (2 Apr) and Conference Day (3 Apr) are upcoming (counted
    # within a year ahead; the 2099 event is beyond it)
    batch = read_ics(GOOGLE, today=dt.date(2025, 3, 13))
    assert any("2 upcoming left out" in n for n in batch.notes)
    assert "Late-night Hack Social" not in by_title(batch.events)


def test_today_is_the_boundary_of_the_past() -> None:
    # ProductTank is on 12 Mar: with today = 12 Mar it is not past yet, with 13 Mar it is
    on_the_day = by_title(read_ics(GOOGLE, today=dt.date(2025, 3, 12)).events)
    assert "ProductTank Helsinki #42" not in on_the_day
    day_after = by_title(read_ics(GOOGLE, today=dt.date(2025, 3, 13)).events)
    assert "ProductTank Helsinki #42" in day_after


def test_match_window_and_status_options() -> None:
    rows = read_ics(
        GOOGLE,
        today=TODAY,
        match="guild|dentist",
        start=dt.date(2025, 3, 1),
        end=dt.date(2025, 3, 31),
        status="no-show",
    ).events
    # March only: ProductTank (platform), Dentist (13 Mar, --match); Guild is 15 Jan
    assert [(r["date"], r["title"], r["status"]) for r in rows] == [
        ("2025-03-12", "ProductTank Helsinki #42", "no-show"),
        ("2025-03-13", "Dentist", "no-show"),
    ]


def test_invite_in_utc_without_calendar_timezone_uses_the_given_zone() -> None:
    invite = EXPORTS / "meetup_invite.ics"
    # 23:00 Z on 10 May is 19:00 in Toronto (same day) but 02:00 on 11 May in Helsinki
    [toronto] = read_ics(invite, today=TODAY, tz=ZoneInfo("America/Toronto")).events
    [helsinki] = read_ics(invite, today=TODAY, tz=ZoneInfo("Europe/Helsinki")).events
    assert (toronto["date"], helsinki["date"]) == ("2025-05-10", "2025-05-11")
    assert toronto["city"] == "Toronto"
    assert toronto["event_id"] == "ics:event_300000077@meetup.com"


@pytest.mark.parametrize(
    ("location", "city"),
    [
        ("Maria 01, Lapinlahdenkatu 16, 00180 Helsinki, Finland", "Helsinki"),
        ("Lapinlahdenkatu 16, 00180 Helsinki", "Helsinki"),
        ("1 Example St, London EC1A 1BB, UK", "London"),
        ("100 Main St, San Francisco, CA 94105, USA", "San Francisco"),
        ("Startup Sauna", None),
        ("Online", None),
        ("https://zoom.us/j/123", None),
        ("", None),
    ],
)
def test_city_from_location(location: str, city: str | None) -> None:
    assert city_of(location) == city


@pytest.mark.parametrize(
    ("text", "channel"),
    [
        ("https://www.meetup.com/x/events/1/", "meetup.com"),
        ("1234@eventbrite.com", "eventbrite"),
        ("https://www.eventbrite.co.uk/e/x", "eventbrite"),
        ("https://lu.ma/abc", "luma"),
        ("https://luma.com/abc", "luma"),
        ("https://notmeetup.community/x", None),
        ("https://example.com", None),
    ],
)
def test_channel_from_host(text: str, channel: str | None) -> None:
    assert channel_of(text) == channel


def test_not_a_calendar_and_bad_options(tmp_path: Path) -> None:
    wrong = tmp_path / "events.csv"
    wrong.write_text("event_id,date\n", encoding="utf-8")
    with pytest.raises(
        ImportFileError, match=r"expected an iCalendar file .*found: 'event_id,date'"
    ):
        read_ics(wrong, today=TODAY)
    truncated = tmp_path / "cut.ics"
    truncated.write_bytes(GOOGLE.read_bytes()[:900])
    with pytest.raises(ImportFileError, match="truncated"):
        read_ics(truncated, today=TODAY)
    with pytest.raises(UsageError, match="not a valid regular expression"):
        read_ics(GOOGLE, today=TODAY, match="(")


# --------------------------------------------------------------------------- command line


def test_cli_import_is_idempotent_and_merges_with_a_typed_event(tmp_path: Path) -> None:
    # the user already typed ProductTank #42 (own id, a rating): it is filled, not duplicated
    folder = write_logbook(
        tmp_path / "lb",
        events=[
            event("pt42", "2025-03-12", title="producttank helsinki #42", rating="5", city="Espoo")
        ],
    )
    first = cli("import", "ics", GOOGLE, "--data", folder)
    assert first.returncode == 0, first.stderr
    # 7 past occurrences: 6 new rows, ProductTank merged into the typed row (matched by
    # date and title, case ignored: the title is not a conflict, the city is)
    assert "events: added 6, updated 1, unchanged 0, conflicts 1" in first.stdout
    assert "city: kept 'Espoo', the import has 'Helsinki'" in first.stdout
    text = (folder / "events.csv").read_text(encoding="utf-8")
    assert text.count("2025-03-12") == 1 and "pt42,2025-03-12,producttank helsinki #42" in text
    before = digest(folder)
    second = cli("import", "ics", GOOGLE, "--data", folder)
    assert second.returncode == 0, second.stderr
    assert "events: added 0, updated 0, unchanged 7" in second.stdout
    assert digest(folder) == before


def test_cli_dry_run_lists_what_would_be_taken(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path / "lb")
    before = digest(folder)
    result = cli("import", "ics", GOOGLE, "--data", folder, "--dry-run", "--match", "guild")
    assert result.returncode == 0, result.stderr
    assert "2025-01-15 Design Guild Meetup [attended]" in result.stdout
    assert digest(folder) == before


def test_cli_wrong_file_and_bad_date(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path / "lb")
    before = digest(folder)
    result = cli("import", "ics", EXPORTS / "card_40.vcf", "--data", folder)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert "card_40.vcf" in line and "expected an iCalendar file" in line and "BEGIN:VCARD" in line
    result = cli("import", "ics", GOOGLE, "--data", folder, "--from", "March")
    assert result.returncode == 2 and "--from: not a date: 'March'" in result.stderr
    assert digest(folder) == before


def test_init_then_calendar_then_linkedin_zip_gives_a_meaningful_summary(tmp_path: Path) -> None:
    folder = tmp_path / "mylog"
    export = tmp_path / "Basic_LinkedInDataExport.zip"
    with zipfile.ZipFile(export, "w") as z:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            z.write(EXPORTS / name, f"export/{name}")
    for args in (
        ("init", folder),
        ("import", "ics", GOOGLE, "--data", folder),
        ("import", "linkedin", export, "--data", folder),
    ):
        step = cli(*args)
        assert step.returncode == 0, step.stderr
        assert "Traceback" not in step.stderr
    result = cli("summary", "--year", "2025", "--json", "--data", folder)
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    # attended in 2025: Pizza Night ×3, ProductTank, Hack Social, Conference Day = 6
    assert summary["events_attended"] == 6
    # attributed: Dana (Pizza 30 Jan, day 0), Aino (day 1), Carla (day 2) after ProductTank;
    # Jürgen (day 3) and Bo (two events) are not
    assert summary["new_contacts"] == 3
    assert summary["contacts_per_event"] == pytest.approx(3 / 6)
    # every new contact has a connect 0–7 days after met_on
    assert summary["connect_rate"] == 1.0
    # out-messages within 14 days: Aino (14 Mar) and Carla (20 Mar), not Dana
    assert summary["follow_up_rate"] == pytest.approx(2 / 3)
