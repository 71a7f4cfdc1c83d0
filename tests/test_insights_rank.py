"""Ranking upcoming events: from a calendar or a CSV, by the model or by historical averages."""

from __future__ import annotations

from pathlib import Path

import pytest
from builders import contact, event, interaction, make_logbook
from test_insights_drivers import planted_rows

from meetupstats.errors import ProblemsError
from meetupstats.insights import rank_upcoming
from meetupstats.insights.rank import (
    RankFileError,
    describe_group,
    read_upcoming,
    to_json,
)

REPEATS = 4

#: Two upcoming meetups after the planted logbook (its last event is 2024-08-24):
#: a breakfast (08:00) listed first, and an afterwork (17:30).
UPCOMING_ICS = """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:poor@test
DTSTART:20241008T080000
DTEND:20241008T093000
SUMMARY:Product people: coffee and slides
END:VEVENT
BEGIN:VEVENT
UID:good@test
DTSTART:20241010T173000
DTEND:20241010T200000
SUMMARY:Product people: evening session
URL:https://www.meetup.com/product-people/events/123/
END:VEVENT
END:VCALENDAR
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_ics_planted_good_event_ranks_above_poor(tmp_path: Path) -> None:
    # Planted: afterwork events gave 3 followed-up contacts on average, breakfasts 1.
    book = make_logbook(tmp_path / "book", **planted_rows(0, planted=True))
    ics = write(tmp_path / "upcoming.ics", UPCOMING_ICS)
    ranked, notes = rank_upcoming(book, ics, repeats=REPEATS)
    assert ranked["title"].tolist() == [
        "Product people: evening session",
        "Product people: coffee and slides",
    ]
    good, poor = ranked.iloc[0], ranked.iloc[1]
    assert good["score"] > poor["score"]
    # the networking currency is scored by the model (signal); learning by averages
    assert "from a model that beat your average" in good["reason"]
    assert "historical average" in good["reason"]
    assert any("followed-up contacts: scored by the model" in n for n in notes)
    data = to_json(ranked)
    assert [set(d) for d in data] == [{"title", "date", "score", "reason"}] * 2
    assert data[0]["date"] == "2024-10-10"


def small_book(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Six events: three afterwork talks via meetup.com, each with 2 followed-up contacts;
    three breakfast talks via linkedin with none. Too few for a model (< 20)."""
    events, contacts, interactions = [], [], []
    for i in range(3):
        day = f"2025-0{i + 1}-10"
        events.append(event(f"a{i}", day, format="afterwork", style="talks", channel="meetup.com"))
        events.append(
            event(
                f"b{i}", f"2025-0{i + 1}-20", format="breakfast", style="talks", channel="linkedin"
            )
        )
        for j in range(2):
            cid = f"c{i}{j}"
            contacts.append(contact(cid, met_on=day, met_event_id=f"a{i}"))
            interactions.append(interaction(f"2025-0{i + 1}-12", cid, "email", direction="out"))
    return make_logbook(tmp_path, events=events, contacts=contacts, interactions=interactions)


def test_csv_ranked_by_group_averages_with_reasons(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    csv = write(
        tmp_path / "next.csv",
        "title,date,format,style,channel\n"
        "Morning slides,2025-05-01,breakfast,talks,linkedin\n"
        "Evening talks,2025-05-02,afterwork,talks,meetup.com\n"
        "Something new,2025-05-03,online,,\n",
    )
    # as of 2025-04-30 every event is at least 14 days old: all 6 count
    ranked, notes = rank_upcoming(book, csv, as_of="2025-04-30", repeats=REPEATS)
    assert ranked["title"].tolist() == ["Evening talks", "Something new", "Morning slides"]
    # afterwork talks via meetup.com: 2 followed-up contacts at each of 3 events → 2
    assert ranked["networking"].tolist() == [2.0, 1.0, 0.0]
    assert ranked.iloc[0]["reason"].startswith(
        "afterwork talks found via meetup.com gave you 2 followed-up contacts and 0 takeaways"
    )
    # online: nothing similar, so the average over all 6 events: 6 contacts / 6 = 1
    assert "your events gave you 1 followed-up contacts" in ranked.iloc[1]["reason"]
    assert "nothing more specific" in ranked.iloc[1]["reason"]
    assert all("historical averages" in n for n in notes if "scored" in n)


def test_rank_by_one_currency(tmp_path: Path) -> None:
    book = small_book(tmp_path / "book")
    csv = write(tmp_path / "next.csv", "title,date,format\nA,2025-05-01,afterwork\n")
    ranked, _ = rank_upcoming(book, csv, by="networking", as_of="2025-04-30", repeats=REPEATS)
    assert ranked["score"].tolist() == [2.0]
    assert ranked["learning"].isna().all()


def test_csv_with_problems_names_file_and_line(tmp_path: Path) -> None:
    csv = write(
        tmp_path / "next.csv",
        "title,date,format,energy_cost\n"
        "Fine,2025-05-01,afterwork,2\n"
        "Bad date,2025-13-01,afterwork,2\n"
        ",2025-05-03,brekfast,9\n",
    )
    with pytest.raises(RankFileError) as info:
        read_upcoming(csv)
    text = str(info.value)
    assert f"{csv}:3: date: not a date" in text
    assert f"{csv}:4: title: required cell is empty" in text
    assert f"{csv}:4: format: unknown value 'brekfast'; did you mean 'breakfast'?" in text
    assert f"{csv}:4: energy_cost: out of range" in text


def test_csv_without_date_column(tmp_path: Path) -> None:
    csv = write(tmp_path / "next.csv", "title\nSomething\n")
    with pytest.raises(RankFileError, match=r"next.csv:1: date: required column is missing"):
        read_upcoming(csv)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ProblemsError, match="file not found"):
        read_upcoming(tmp_path / "nope.ics")


def test_ics_recurring_and_past_events(tmp_path: Path) -> None:
    ics = write(
        tmp_path / "cal.ics",
        """BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//test//EN
BEGIN:VEVENT
UID:old@test
DTSTART:20240101T180000
SUMMARY:Old meetup
END:VEVENT
BEGIN:VEVENT
UID:weekly@test
DTSTART:20241001T080000
DTEND:20241001T090000
RRULE:FREQ=WEEKLY;COUNT=3
SUMMARY:Weekly breakfast
END:VEVENT
BEGIN:VEVENT
UID:gone@test
DTSTART:20241005T170000
STATUS:CANCELLED
SUMMARY:Cancelled workshop
END:VEVENT
END:VCALENDAR
""",
    )
    import datetime as dt

    upcoming, notes = read_upcoming(ics, since=dt.date(2024, 9, 1))
    # the 2024-01-01 event is past; the weekly one gives 3 occurrences; the cancelled one is out
    assert upcoming["date"].dt.strftime("%Y-%m-%d").tolist() == [
        "2024-10-01",
        "2024-10-08",
        "2024-10-15",
    ]
    assert upcoming["format"].tolist() == ["breakfast"] * 3
    assert upcoming["duration_h"].tolist() == [1.0] * 3
    assert any("past" in n for n in notes)
    assert any("1 cancelled" in n for n in notes)


@pytest.mark.parametrize(
    ("keys", "words"),
    [
        (
            {"format": "afterwork", "style": "talks", "channel": "meetup.com"},
            "afterwork talks found via meetup.com",
        ),
        ({"format": "fullday"}, "full-day events"),
        ({"style": "workshop", "channel": "luma"}, "workshops found via luma"),
        ({"community": "ProductTank"}, "ProductTank events"),
        ({}, "your events"),
    ],
)
def test_describe_group(keys: dict[str, str], words: str) -> None:
    assert describe_group(keys) == words


def test_a_file_that_is_not_an_events_csv_gets_one_line(tmp_path: Path) -> None:
    notes = write(tmp_path / "notes.csv", "# my notes\nline, with, commas\nmore, text\n")
    with pytest.raises(RankFileError) as info:
        read_upcoming(notes)
    (problem,) = info.value.problems
    assert problem.line == 1
    assert "expected an .ics calendar or a CSV with events.csv columns" in problem.message
    assert "found columns: # my notes" in problem.message
