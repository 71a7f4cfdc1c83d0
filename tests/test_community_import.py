"""Importing organizer exports into a community folder: every real format and variant."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pandas as pd
import pytest

from meetupstats.community.exports import parse_day
from meetupstats.community.folder import init_community, load_community
from meetupstats.community.identity import (
    email_person_id,
    meetup_person_id,
    name_person_id,
    normalize_name,
)
from meetupstats.community.imports import import_export
from meetupstats.community.luma import title_from_filename
from meetupstats.errors import ImportFileError, UsageError

FIXTURES = Path(__file__).parent / "fixtures" / "community"
LUMA_API = FIXTURES / "Product Night #12 - Guests - 2025-03-14-21-05-33.csv"
LUMA_GUEST = FIXTURES / "Design Crit Club - Guests - 2025-06-02-08-00-01.csv"
DAY = dt.date(2025, 3, 12)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return init_community(tmp_path / "community")


def rows(folder: Path, event_id: str | None = None) -> dict[str, tuple[str, object]]:
    """person_id -> (rsvp, checked_in) of the attendance rows (of one event)."""
    att = load_community(folder).attendance
    if event_id is not None:
        att = att[att["event_id"] == event_id]
    return {
        p: (str(r), None if pd.isna(c) else bool(c))
        for p, r, c in zip(att["person_id"], att["rsvp"], att["checked_in"], strict=True)
    }


def salt(folder: Path) -> str:
    s = load_community(folder).salt
    assert s is not None
    return s


# --------------------------------------------------------------------------- identity


def test_normalized_names_ignore_case_emoji_and_spaces() -> None:
    assert normalize_name("  Sanna 🌻  LAINE ") == "sanna laine"
    assert normalize_name("🚀") is None


def test_person_ids_never_hold_the_email() -> None:
    pid = email_person_id(" Aino.Virtanen@Example.COM ", "s" * 20)
    assert pid == email_person_id("aino.virtanen@example.com", "s" * 20)
    assert pid is not None and pid.startswith("email-") and "aino" not in pid
    # another folder's salt gives another id
    assert pid != email_person_id("aino.virtanen@example.com", "t" * 20)
    assert meetup_person_id("user 10000001") == "meetup-10000001"
    assert name_person_id("Aino Virtanen", "s" * 20) != name_person_id("Aino Virtala", "s" * 20)


# --------------------------------------------------------------------------- meetup


def test_meetup_attendee_list(folder: Path) -> None:
    report = import_export(folder, "meetup", FIXTURES / "meetup_attendees.csv", date=DAY)
    # the file names no event: the title is the file name, the id source:date-title
    assert report.event_id == "meetup:2025-03-12-meetup-attendees"
    assert (report.added, report.updated, report.unchanged) == (5, 0, 0)
    got = rows(folder)
    # Attendance Y = checked in; RSVP No + Y is a walk-in; the custom question column is ignored
    assert got == {
        "meetup-10000001": ("yes", True),
        "meetup-10000002": ("yes", None),
        "meetup-10000003": ("no", True),
        "meetup-10000004": ("waitlist", None),
        "meetup-10000005": ("yes", True),
    }
    att = load_community(folder).attendance
    assert str(att["registered_at"].iloc[0].date()) == "2025-03-01"


def test_meetup_needs_a_date(folder: Path) -> None:
    with pytest.raises(UsageError, match="--date is required: a Meetup attendee list"):
        import_export(folder, "meetup", FIXTURES / "meetup_attendees.csv")


def test_known_event_id_gives_the_date(folder: Path) -> None:
    import_export(folder, "meetup", FIXTURES / "meetup_attendees.csv", date=DAY, event_id="pn12")
    # the Luma export of the same evening: no --date needed, the folder knows pn12
    report = import_export(folder, "luma", LUMA_API, event_id="pn12")
    assert report.event == "unchanged"
    assert len(rows(folder, "pn12")) == 5 + 6


def test_meetup_member_list_current_csv(folder: Path) -> None:
    report = import_export(
        folder, "meetup-members", FIXTURES / "meetup_members.csv", date=dt.date(2025, 3, 31)
    )
    assert (report.added, report.event_id) == (3, None)
    m = load_community(folder).members.set_index("person_id")
    # "March 20, 2024"; " 4" with a leading space; stray spaces/emoji in names do not matter
    assert str(m.loc["meetup-10000001", "joined_on"].date()) == "2024-03-20"
    assert m.loc["meetup-10000001", "events_attended"] == 4
    assert m.loc["meetup-10000002", "no_shows"] == 2
    assert m.loc["meetup-10000001", "role"] == "Organizer"
    assert str(m.loc["meetup-10000003", "last_attended"].date()) == "2025-02-11"
    assert set(m["snapshot_date"].dt.strftime("%Y-%m-%d")) == {"2025-03-31"}


def test_meetup_member_list_old_tab_separated_xls(folder: Path) -> None:
    import_export(
        folder, "meetup-members", FIXTURES / "meetup_members_old.xls", date=dt.date(2024, 9, 1)
    )
    m = load_community(folder).members.set_index("person_id")
    # MM/DD/YYYY dates; "Meetups attended" instead of "Events attended"
    assert str(m.loc["meetup-10000001", "joined_on"].date()) == "2024-03-20"
    assert m.loc["meetup-10000001", "events_attended"] == 2
    assert str(m.loc["meetup-10000001", "last_attended"].date()) == "2024-08-28"


def test_two_member_snapshots_are_both_kept(folder: Path) -> None:
    import_export(
        folder, "meetup-members", FIXTURES / "meetup_members_old.xls", date=dt.date(2024, 9, 1)
    )
    import_export(
        folder, "meetup-members", FIXTURES / "meetup_members.csv", date=dt.date(2025, 3, 31)
    )
    m = load_community(folder).members
    assert m.groupby(m["snapshot_date"].dt.strftime("%Y-%m-%d")).size().to_dict() == {
        "2024-09-01": 2,
        "2025-03-31": 3,
    }


def test_member_list_needs_the_download_date(folder: Path) -> None:
    with pytest.raises(UsageError, match="--date is required for meetup-members"):
        import_export(folder, "meetup-members", FIXTURES / "meetup_members.csv")


def test_localized_member_list_is_rejected_naming_the_columns(folder: Path) -> None:
    with pytest.raises(ImportFileError) as e:
        import_export(folder, "meetup-members", FIXTURES / "meetup_members_localized.csv", date=DAY)
    message = str(e.value)
    assert "meetup_members_localized.csv:1:" in message
    assert "'User ID'" in message and "'Joined Group on'" in message
    assert "'Benutzer-ID'" in message and "'Der Gruppe beigetreten am'" in message
    assert "English" in message


def test_member_list_with_a_bad_join_date_names_the_line(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "members.csv"
    bad.write_text('"User ID","Joined Group on"\n"user 1","March 20, 2024"\n"user 2","soon"\n')
    with pytest.raises(
        ImportFileError, match=r"members.csv:3: Joined Group on: not a date: 'soon'"
    ):
        import_export(folder, "meetup-members", bad, date=DAY)


# --------------------------------------------------------------------------- eventbrite


def test_eventbrite_report(folder: Path) -> None:
    report = import_export(folder, "eventbrite", FIXTURES / "eventbrite_attendees.csv", date=DAY)
    # Pekka's order of two tickets lists him twice: one person, one warning
    assert report.added == 3
    assert [w.line for w in report.warnings] == [4]
    s = salt(folder)
    got = rows(folder)
    # "Attendee Status " has a trailing space; "Checked In" (older reports) = yes + checked in
    assert got[email_person_id("aino.virtanen@example.com", s) or ""] == ("yes", True)
    assert got[email_person_id("pekka@example.org", s) or ""] == ("yes", None)
    assert got[email_person_id("riikka@example.net", s) or ""] == ("no", None)


def test_eventbrite_uk_headers_and_check_in_date(folder: Path) -> None:
    import_export(folder, "eventbrite", FIXTURES / "eventbrite_attendees_uk.csv", date=DAY)
    s = salt(folder)
    got = rows(folder)
    assert got[email_person_id("aino.virtanen@example.com", s) or ""] == ("yes", True)
    assert got[email_person_id("oliver@example.co.uk", s) or ""] == ("yes", None)
    # no email: the (Surname) name is the last resort
    assert got[name_person_id("Amelia Jones", s) or ""] == ("yes", True)


def test_eventbrite_unknown_status_names_line_and_column(folder: Path, tmp_path: Path) -> None:
    bad = tmp_path / "eb.csv"
    bad.write_text("Order #,First Name,Last Name,Email,Attendee Status\n1,A,B,a@x.org,Maybe\n")
    with pytest.raises(
        ImportFileError, match=r"eb.csv:2: Attendee Status: unknown attendee status 'Maybe'"
    ):
        import_export(folder, "eventbrite", bad, date=DAY)


def test_not_an_eventbrite_report(folder: Path) -> None:
    with pytest.raises(ImportFileError, match="not a Eventbrite attendee report file I can read"):
        import_export(folder, "eventbrite", LUMA_API, date=DAY)


# --------------------------------------------------------------------------- luma


def test_luma_title_comes_from_the_file_name_not_the_export_time() -> None:
    assert title_from_filename(LUMA_API) == "Product Night #12"
    assert title_from_filename(Path("A - B - Guests - 2025-01-02-03-04-05 (1).csv")) == "A - B"
    assert title_from_filename(Path("guests.csv")) is None


def test_luma_api_id_export(folder: Path) -> None:
    report = import_export(folder, "luma", LUMA_API, date=DAY)
    # the export time in the name (2025-03-14) is not the event date
    assert report.event_id == "luma:2025-03-12-product-night-12"
    event = load_community(folder).events.iloc[0]
    assert (event["title"], str(event["date"].date())) == ("Product Night #12", "2025-03-12")
    s = salt(folder)
    got = rows(folder)
    expected = {
        "aino.virtanen@example.com": ("yes", True),  # approved, checked_in_at set
        "pekka@example.org": ("yes", None),  # PEKKA@example.org
        "tiina@example.com": ("waitlist", None),
        "ville@example.com": ("no", True),  # declined but came: a walk-in
        "kaisa@example.com": ("none", None),  # pending
        "olli@example.com": ("no", None),  # cancelled
    }
    assert got == {email_person_id(e, s): v for e, v in expected.items()}


def test_luma_guest_id_export(folder: Path) -> None:
    report = import_export(folder, "luma", LUMA_GUEST, date=dt.date(2025, 5, 28))
    assert report.event_id == "luma:2025-05-28-design-crit-club"
    assert report.added == 2


def test_luma_needs_a_date_and_says_why(folder: Path) -> None:
    with pytest.raises(UsageError, match="time in its file name is when it was exported"):
        import_export(folder, "luma", LUMA_API)


# --------------------------------------------------------------------------- identity, merging


def test_same_email_on_luma_and_eventbrite_is_one_person(folder: Path) -> None:
    import_export(folder, "luma", LUMA_API, date=DAY)
    import_export(
        folder, "eventbrite", FIXTURES / "eventbrite_attendees_uk.csv", date=dt.date(2025, 5, 20)
    )
    att = load_community(folder).attendance
    s = salt(folder)
    aino = email_person_id("aino.virtanen@example.com", s)
    # Luma "aino.virtanen@example.com" and Eventbrite UK "aino.virtanen@example.com"
    assert sorted(att.loc[att["person_id"] == aino, "source"]) == ["eventbrite", "luma"]
    assert not att["person_id"].str.contains("@").any()
    stored = "".join(p.read_text(encoding="utf-8") for p in folder.glob("*.csv"))
    assert "example.com" not in stored and "Virtanen" not in stored


def test_same_event_from_two_sources_combines_rows(folder: Path) -> None:
    # Pekka is yes/not checked in on Luma, and yes on Eventbrite; Aino checked in on both
    import_export(folder, "luma", LUMA_API, date=DAY, event_id="night")
    report = import_export(
        folder, "eventbrite", FIXTURES / "eventbrite_attendees.csv", event_id="night"
    )
    # Aino and Pekka matched (unchanged: the combination equals the Luma row); Riikka added
    assert (report.added, report.updated, report.unchanged) == (1, 0, 2)
    att = load_community(folder).attendance
    assert set(att["source"]) == {"luma", "eventbrite"}
    assert len(att) == 7


def test_reimport_is_idempotent_byte_for_byte(folder: Path) -> None:
    import_export(folder, "luma", LUMA_API, date=DAY)
    import_export(folder, "meetup-members", FIXTURES / "meetup_members.csv", date=DAY)
    before = {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()}
    again = import_export(folder, "luma", LUMA_API, date=DAY)
    members = import_export(folder, "meetup-members", FIXTURES / "meetup_members.csv", date=DAY)
    assert (again.added, again.updated, again.unchanged, again.written) == (0, 0, 6, [])
    assert (members.added, members.unchanged, members.written) == (0, 3, [])
    after = {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()}
    assert after == before


def test_a_later_export_of_the_same_source_wins(folder: Path, tmp_path: Path) -> None:
    import_export(folder, "luma", LUMA_API, date=DAY)
    later = tmp_path / LUMA_API.name
    text = LUMA_API.read_text(encoding="utf-8").replace(
        "PEKKA@example.org,,2025-03-02T08:00:00.000Z,approved",
        "PEKKA@example.org,,2025-03-02T08:00:00.000Z,cancelled",
    )
    later.write_text(text, encoding="utf-8")
    report = import_export(folder, "luma", later, date=DAY)
    assert (report.added, report.updated, report.unchanged) == (0, 1, 5)
    assert rows(folder)[email_person_id("pekka@example.org", salt(folder)) or ""] == ("no", None)


def test_dry_run_writes_nothing(folder: Path) -> None:
    before = {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()}
    report = import_export(folder, "luma", LUMA_API, date=DAY, dry_run=True)
    assert report.added == 6 and report.dry_run
    assert {p.name: p.read_bytes() for p in folder.glob("[!.]*") if p.is_file()} == before


def test_import_into_a_folder_that_is_not_a_community(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="not a community folder"):
        import_export(tmp_path, "luma", LUMA_API, date=DAY)


def test_lost_salt_stops_imports_that_could_not_match(folder: Path) -> None:
    import_export(folder, "luma", LUMA_API, date=DAY)
    (folder / "salt.txt").unlink()
    with pytest.raises(UsageError, match="salt file missing"):
        import_export(folder, "luma", LUMA_GUEST, date=DAY)


def test_fixtures_are_left_untouched(folder: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.csv"
    shutil.copy(FIXTURES / "eventbrite_attendees.csv", copy)
    import_export(folder, "eventbrite", copy, date=DAY)
    assert copy.read_bytes() == (FIXTURES / "eventbrite_attendees.csv").read_bytes()


# --------------------------------------------------------------------------- details


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("March 20, 2024", "2024-03-20"),
        ("Mar 20 2024", "2024-03-20"),
        ("20 March 2024", "2024-03-20"),
        ("03/20/2024", "2024-03-20"),
        ("20/03/2024", "2024-03-20"),  # first number above 12: day first
        ("2025-08-08T00:16:45.813Z", "2025-08-08"),  # the date as written, no zone shift
        ("2025-03-01 10:22:33-08:00", "2025-03-01"),
        ("March 32, 2024", None),
        ("soon", None),
        ("", None),
    ],
)
def test_export_dates(text: str, expected: str | None) -> None:
    day = parse_day(text)
    assert (day.isoformat() if day else None) == expected


def test_eventbrite_report_naming_its_event(folder: Path, tmp_path: Path) -> None:
    report_file = tmp_path / "report.csv"
    report_file.write_text(
        "Event Name,Event ID,Event Date,Order #,First Name,Last Name,Email,Attendee Status\n"
        "Spring <Social>,8812,2025-04-02,1,Aino,Virtanen,aino@example.com,Attending\n",
        encoding="utf-8",
    )
    report = import_export(folder, "eventbrite", report_file)  # no --date needed
    assert report.event_id == "eventbrite:8812"
    event = load_community(folder).events.iloc[0]
    assert (event["title"], str(event["date"].date())) == ("Spring <Social>", "2025-04-02")


def test_meetup_row_without_user_id_falls_back_to_the_name(folder: Path, tmp_path: Path) -> None:
    f = tmp_path / "attendees.csv"
    f.write_text("Name,Attendance,User ID,RSVP\n Lea  Mäkelä 🎉,Y,,Yes\n", encoding="utf-8")
    import_export(folder, "meetup", f, date=DAY)
    assert rows(folder) == {name_person_id("lea mäkelä", salt(folder)): ("yes", True)}


def test_imported_titles_cannot_become_spreadsheet_formulas(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    init_community(folder)
    source = tmp_path / "=HYPERLINK(evil) - Guests - 2025-03-13-10-00-00.csv"
    source.write_text(
        "api_id,name,first_name,last_name,email,created_at,approval_status,checked_in_at\n"
        "gst-1,Ann Example,Ann,Example,ann@example.com,2025-03-01T10:00:00.000Z,approved,\n",
        encoding="utf-8",
    )
    import_export(folder, "luma", source, date=dt.date(2025, 3, 12))
    assert list(load_community(folder).events["title"]) == ["'=HYPERLINK(evil)"]
