"""LinkedIn export → contacts, connects, messages; Meetup attribution; CLI behaviour."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from builders import contact, event, interaction, make_logbook, write_logbook
from import_helpers import EXPORTS, cli, digest

from meetupstats.errors import ImportFileError
from meetupstats.importers import ImportBatch, ImportReport, plan_import
from meetupstats.importers.linkedin import parse_linkedin_date, read_linkedin
from meetupstats.logbook import load_logbook


def export_zip(
    tmp_path: Path, names: tuple[str, ...] = ("Connections.csv", "Invitations.csv", "messages.csv")
) -> Path:
    path = tmp_path / "Basic_LinkedInDataExport_01-01-2026.zip"
    with zipfile.ZipFile(path, "w") as z:
        for name in names:
            z.write(EXPORTS / name, name)
        z.writestr("Profile.csv", "First Name,Last Name\nMia,Me\n")
    return path


# --------------------------------------------------------------------------- parsing


def test_connections_with_preamble_url_column_and_hidden_row() -> None:
    batch = read_linkedin(EXPORTS / "Connections.csv")
    names = [c["name"] for c in batch.contact_rows()]
    assert names == ["Aino Virtanen", "Jürgen Müller", "Carla Costa", "Bo Berg", "Dana Diaz"]
    jurgen = batch.contact_rows()[1]
    # percent-encoded URL with a trailing slash → decoded handle, canonical form
    assert jurgen["linkedin_url"] == "https://www.linkedin.com/in/jürgen-müller-example"
    assert jurgen["company"] == "Stripe, Inc."  # quoted comma kept exactly
    assert jurgen["contact_id"] == "li-jurgen-muller-example"
    # upper-case host and a query string are normalized away
    assert (
        batch.contact_rows()[2]["linkedin_url"] == "https://www.linkedin.com/in/carla-costa-example"
    )
    assert batch.contact_rows()[3]["email"] == "bo@example.org"
    connects = [r.cells for r in batch.interaction_records()]
    assert [c["date"] for c in connects] == [
        "2025-03-13",
        "2025-03-15",
        "2025-03-14",
        "2025-04-03",
        "2025-01-30",
    ]
    assert {c["kind"] for c in connects} == {"linkedin-connect"}
    assert any("skipped 1 hidden-profile row" in n for n in batch.notes)


def test_old_connections_without_preamble_or_url() -> None:
    batch = read_linkedin(EXPORTS / "Connections_old.csv")
    assert [c["name"] for c in batch.contact_rows()] == ["Eero Esimerkki", "Fia Fiktiv"]
    assert batch.contact_rows()[0]["linkedin_url"] == ""
    assert batch.contact_rows()[0]["source_id"] == "name:eero esimerkki"
    assert batch.contact_rows()[1]["company"] == "Acme, Ltd"
    # "8 Jun 2019": a one-digit day
    assert batch.interaction_records()[1].cells["date"] == "2019-06-08"


def test_spreadsheet_resaved_connections_in_cp1252_with_short_dates() -> None:
    raw = (EXPORTS / "Connections_resaved.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # the fixture really is Windows-1252
    batch = read_linkedin(EXPORTS / "Connections_resaved.csv")
    assert [c["name"] for c in batch.contact_rows()] == ["Zoë Renée", "Gus Groß"]
    assert batch.contact_rows()[0]["company"] == "Café Exemple SA"
    assert [r.cells["date"] for r in batch.interaction_records()] == ["2025-09-16", "2025-10-01"]
    assert any("Windows-1252" in n for n in batch.notes)
    assert any("skipped 1 hidden-profile row" in n for n in batch.notes)


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("08 Feb 2026", "2026-02-08"),
        ("8 Feb 2026", "2026-02-08"),
        ("16-Sep-25", "2025-09-16"),
        ("Feb 8, 2026", "2026-02-08"),
        ("1/29/26, 2:37 PM", "2026-01-29"),
        ("2024-03-05 14:22:11 UTC", "2024-03-05"),
    ],
)
def test_linkedin_dates(text: str, iso: str) -> None:
    d = parse_linkedin_date(text)
    assert d is not None and d.isoformat() == iso


@pytest.mark.parametrize("text", ["", "31 Feb 2026", "08 Foo 2026", "tomorrow"])
def test_not_linkedin_dates(text: str) -> None:
    assert parse_linkedin_date(text) is None


def test_a_bad_connected_on_names_file_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "Connections.csv"
    path.write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "A,B,,,,,08 Feb 2026\n"
        "C,D,,,,,someday\n",
        encoding="utf-8",
    )
    with pytest.raises(
        ImportFileError, match=r"Connections.csv:3: Connected On: not a date: 'someday'"
    ):
        read_linkedin(path)


def test_a_bad_message_date_after_multi_line_cells_names_its_physical_line(
    tmp_path: Path,
) -> None:
    path = tmp_path / "messages.csv"
    path.write_text(
        "Exported by LinkedIn\n"  # line 1: a preamble
        "\n"  # line 2
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,DATE,CONTENT\n"  # line 3: the header
        '1,A,https://www.linkedin.com/in/a,B,2025-03-14 10:00:00 UTC,"Hi,\n\nsee you"\n'  # 4-6
        '1,B,https://www.linkedin.com/in/b,A,2025-03-14 11:00:00 UTC,"Sure\r\nthanks"\n'  # 7-8
        "1,A,https://www.linkedin.com/in/a,B,someday,ok\n",  # line 9
        encoding="utf-8",
        newline="",
    )
    # records start on lines 4, 7 and 9: the bad date is on line 9
    with pytest.raises(ImportFileError, match=r"messages.csv:9: DATE: not a date: 'someday'"):
        read_linkedin(path)


def test_messages_directions_group_recipients_drafts_and_strangers(tmp_path: Path) -> None:
    batch = read_linkedin(export_zip(tmp_path))
    messages = [r for r in batch.interaction_records() if r.about == "message"]
    got = sorted(
        (r.contact.linkedin_url or "", r.cells["date"], r.cells["direction"]) for r in messages
    )
    li = "https://www.linkedin.com/in/"
    # 14 Mar: two messages out and one in with Aino → one row per direction;
    # 20 Mar: one message to Aino and Carla → one row each; 21 Mar: a stranger
    # writes in (kept here, dropped at merge); 22 Mar: a draft (skipped).
    assert got == [
        (li + "aino-virtanen-example", "2025-03-14", "in"),
        (li + "aino-virtanen-example", "2025-03-14", "out"),
        (li + "aino-virtanen-example", "2025-03-20", "out"),
        (li + "carla-costa-example", "2025-03-20", "out"),
        (li + "recruiter-example", "2025-03-21", "in"),
    ]
    assert any("skipped 1 draft" in n for n in batch.notes)
    # the invitations of connections in the same export are their connect rows'
    # direction (one fact, one row); the pending one stays an update-only row
    connects = {
        r.contact.batch: r.cells.get("direction", "")
        for r in batch.interaction_records()
        if r.about == "connection"
    }
    assert batch.contact_columns is not None
    urls = batch.contact_columns["linkedin_url"]
    assert {urls[b]: d for b, d in connects.items() if d} == {
        li + "aino-virtanen-example": "out",
        li + "bo-berg-example": "in",
    }
    invitations = [r for r in batch.interaction_records() if r.about == "invitation"]
    assert [(r.contact.linkedin_url, r.cells["direction"], r.update_only) for r in invitations] == [
        (li + "pending-person-example", "out", True)
    ]


def test_message_subjects_and_texts_are_never_read_into_cells(tmp_path: Path) -> None:
    from meetupstats.importers.linkedin import _read_export
    from meetupstats.importers.linkedin_files import READ_COLUMNS

    # the columns message_rows reads (the other message tests show they are enough)
    parsed = _read_export(export_zip(tmp_path)).parsed
    messages = parsed["messages.csv"]
    assert "CONTENT" in messages.header and "SUBJECT" in messages.header
    assert {n.lower() for n in messages.columns} == READ_COLUMNS["messages.csv"]
    assert not {"content", "subject", "from", "to"} & READ_COLUMNS["messages.csv"]
    assert len(parsed["Connections.csv"].columns) == len(parsed["Connections.csv"].header)


def test_an_invitation_is_folded_only_into_the_one_connection_it_names(tmp_path: Path) -> None:
    """Two invitations naming one profile, or one naming a URL two connections
    hold, stay update-only rows (the merge then treats them as before)."""
    li = "https://www.linkedin.com/in/"
    (tmp_path / "Connections.csv").write_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        f"Aino,Virtanen,{li}aino,,Example Oy,PM,13 Mar 2025\n"
        f"Bo,Berg,{li}bo,,Example Oy,PM,14 Mar 2025\n"
        f"Bo,Berg,{li}bo,,Other Oy,PM,15 Mar 2025\n"
        f"Carla,Costa,{li}carla,,Example Oy,PM,16 Mar 2025\n",
        encoding="utf-8",
    )
    (tmp_path / "Invitations.csv").write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        f'Mia Me,Aino Virtanen,"3/13/25, 9:12 AM",,OUTGOING,{li}me,{li}aino\n'
        f'Bo Berg,Mia Me,"3/14/25, 9:12 AM",,INCOMING,{li}bo,{li}me\n'
        f'Carla Costa,Mia Me,"3/15/25, 9:12 AM",,INCOMING,{li}carla,{li}me\n'
        f'Mia Me,Carla Costa,"3/16/25, 9:12 AM",,OUTGOING,{li}me,{li}carla\n',
        encoding="utf-8",
    )
    archive = tmp_path / "export.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.write(tmp_path / "Connections.csv", "Connections.csv")
        z.write(tmp_path / "Invitations.csv", "Invitations.csv")
    batch = read_linkedin(archive)
    connects = [r for r in batch.interaction_records() if r.about == "connection"]
    assert [r.cells.get("direction", "") for r in connects] == ["out", "", "", ""]
    left = [
        (r.contact.linkedin_url, r.cells["direction"])
        for r in batch.interaction_records()
        if r.about == "invitation"
    ]
    assert left == [(li + "bo", "in"), (li + "carla", "in"), (li + "carla", "out")]


def test_messages_alone_find_you_as_the_profile_in_most_conversations() -> None:
    batch = read_linkedin(EXPORTS / "messages.csv")
    directions = {
        (r.contact.linkedin_url, r.cells["date"], r.cells["direction"])
        for r in batch.interaction_records()
    }
    assert ("https://www.linkedin.com/in/aino-virtanen-example", "2025-03-14", "in") in directions
    assert all("mia-me" not in (u or "") for u, _, _ in directions)


# --------------------------------------------------------------------------- attribution


def plan(
    tmp_path: Path, connected_on: str, events: list[dict[str, object]], **cells: object
) -> ImportReport:
    book = make_logbook(tmp_path / "lb", events=events)
    batch = ImportBatch("linkedin", "Connections.csv")
    batch.contacts.append(
        {"contact_id": "li-x", "name": "X Person", "source": "linkedin", "source_id": "x", **cells}
    )
    from meetupstats.importers import ContactRef, InteractionRecord

    batch.interactions.append(
        InteractionRecord(
            {
                "date": connected_on,
                "kind": "linkedin-connect",
                "source": "linkedin",
                "source_id": "connect:x",
            },
            ContactRef(batch=0),
        )
    )
    return plan_import(book, batch)


@pytest.mark.parametrize(
    ("connected_on", "attributed"),
    [("2025-03-12", True), ("2025-03-14", True), ("2025-03-15", False), ("2025-03-11", False)],
)
def test_attribution_window_is_day_0_to_day_2(
    tmp_path: Path, connected_on: str, attributed: bool
) -> None:
    # event on 12 Mar: connects on 12 (day 0) and 14 (day 2) count; 15 (day 3) and 11 (before) do not
    report = plan(tmp_path, connected_on, [event("e1", "2025-03-12")])
    row = report.texts["contacts"].iloc[0]
    if attributed:
        assert (row["met_on"], row["met_event_id"], row["met_event_inferred"]) == (
            "2025-03-12",
            "e1",
            "true",
        )
        assert [a.event_id for a in report.attributed] == ["e1"]
    else:
        assert (row["met_on"], row["met_event_id"], row["met_event_inferred"]) == ("", "", "")
        assert report.attributed == []


def test_two_attended_events_in_the_window_are_ambiguous(tmp_path: Path) -> None:
    report = plan(tmp_path, "2025-03-13", [event("e1", "2025-03-11"), event("e2", "2025-03-12")])
    assert report.texts["contacts"].iloc[0]["met_on"] == ""
    [amb] = report.attribution_ambiguous
    assert amb.event_ids == ("e1", "e2")


def test_only_attended_events_count_and_a_known_met_on_is_kept(tmp_path: Path) -> None:
    # the no-show on 12 Mar does not make the attended 11 Mar ambiguous
    report = plan(
        tmp_path, "2025-03-13", [event("e1", "2025-03-11"), event("e2", "2025-03-12", "no-show")]
    )
    assert report.texts["contacts"].iloc[0]["met_event_id"] == "e1"
    kept = plan(tmp_path / "2", "2025-03-13", [event("e1", "2025-03-12")], met_on="2024-01-01")
    assert kept.texts["contacts"].iloc[0]["met_event_id"] == ""
    assert kept.attributed == []


# --------------------------------------------------------------------------- command line


def logbook_with_meetup(tmp_path: Path) -> Path:
    return write_logbook(
        tmp_path / "lb",
        events=[event("pt42", "2025-03-12", title="ProductTank #42")],
    )


def test_import_zip_attributes_merges_and_is_idempotent(tmp_path: Path) -> None:
    folder = logbook_with_meetup(tmp_path)
    zip_path = export_zip(tmp_path)
    first = cli("import", "linkedin", zip_path, "--data", folder)
    assert first.returncode == 0, first.stderr
    assert "Traceback" not in first.stderr
    # 5 named connections; 5 connects + 4 message rows (the stranger is left out)
    assert "contacts: added 5, updated 0, unchanged 0, conflicts 0" in first.stdout
    assert "interactions: added 9, updated 0, unchanged 0, conflicts 0" in first.stdout
    assert "Meetup attribution: 2 contact(s)" in first.stdout  # Aino (day 1), Carla (day 2)
    assert "Aino Virtanen → 2025-03-12 ProductTank #42" in first.stdout
    assert "messages with 1 people not in the logbook" in first.stdout
    before = digest(folder)
    second = cli("import", "linkedin", zip_path, "--data", folder)
    assert second.returncode == 0, second.stderr
    assert "contacts: added 0, updated 0, unchanged 5, conflicts 0" in second.stdout
    assert "nothing changed" in second.stdout
    assert digest(folder) == before
    validate = cli("validate", "--data", folder)
    assert validate.returncode == 0, validate.stderr


def test_user_edits_and_user_columns_survive_a_reimport(tmp_path: Path) -> None:
    folder = logbook_with_meetup(tmp_path)
    assert cli("import", "linkedin", EXPORTS / "Connections.csv", "--data", folder).returncode == 0
    contacts = folder / "contacts.csv"
    text = contacts.read_text(encoding="utf-8")
    lines = text.splitlines()
    lines[0] += ",my_rating"
    lines[1] = lines[1].replace("Example Oy", "Example Oyj (renamed by me)") + ",5"
    lines[2:] = [line + "," for line in lines[2:]]
    contacts.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = cli("import", "linkedin", EXPORTS / "Connections.csv", "--data", folder)
    assert result.returncode == 0, result.stderr
    assert "conflicts 1" in result.stdout
    assert (
        "company: kept 'Example Oyj (renamed by me)', the import has 'Example Oy'" in result.stdout
    )
    after = contacts.read_text(encoding="utf-8")
    assert after.splitlines()[0].endswith(",my_rating")
    assert "Example Oyj (renamed by me)" in after and after.splitlines()[1].endswith(",5")


def test_invitations_alone_fill_the_direction_of_existing_connects(tmp_path: Path) -> None:
    folder = write_logbook(
        tmp_path / "lb",
        contacts=[
            contact(
                "c1",
                name="Aino Virtanen",
                linkedin_url="https://www.linkedin.com/in/aino-virtanen-example",
            )
        ],
        interactions=[interaction("2025-03-13", "c1", "linkedin-connect")],
    )
    result = cli("import", "linkedin", EXPORTS / "Invitations.csv", "--data", folder)
    assert result.returncode == 0, result.stderr
    assert "interactions: added 0, updated 1, unchanged 0, conflicts 0" in result.stdout
    assert "2025-03-13,c1,linkedin-connect,out," in (folder / "interactions.csv").read_text()


def test_dry_run_writes_nothing(tmp_path: Path) -> None:
    folder = logbook_with_meetup(tmp_path)
    before = digest(folder)
    result = cli("import", "linkedin", EXPORTS / "Connections.csv", "--data", folder, "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "dry run" in result.stdout and "would add to contacts.csv:" in result.stdout
    assert digest(folder) == before
    assert not (folder / ".backup").exists()


def test_wrong_file_is_one_line_naming_expected_and_found_columns(tmp_path: Path) -> None:
    folder = logbook_with_meetup(tmp_path)
    before = digest(folder)
    wrong = tmp_path / "attendees.csv"
    wrong.write_text("Name,Attendance,User ID,RSVP\nAnn,Y,user 1,Yes\n", encoding="utf-8")
    result = cli("import", "linkedin", wrong, "--data", folder)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = result.stderr.strip().splitlines()
    assert str(wrong) in line
    assert "expected" in line and "Connections.csv (First Name, Last Name, Connected On)" in line
    assert "found columns: Name, Attendance, User ID, RSVP" in line
    assert digest(folder) == before


def test_truncated_zip_and_zip_without_linkedin_files(tmp_path: Path) -> None:
    folder = logbook_with_meetup(tmp_path)
    before = digest(folder)
    whole = export_zip(tmp_path).read_bytes()
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(whole[: len(whole) // 2])
    result = cli("import", "linkedin", truncated, "--data", folder)
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "truncated" in result.stderr and str(truncated) in result.stderr
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as z:
        z.writestr("photos/cat.txt", "meow")
    result = cli("import", "linkedin", other, "--data", folder)
    assert result.returncode == 2
    assert "found: photos/cat.txt" in result.stderr
    assert digest(folder) == before


def test_an_import_converts_only_the_rows_it_changed_and_writes_what_save_would(
    tmp_path: Path,
) -> None:
    """Rows the import updates or adds are converted and rendered again; the
    others are the loaded rows. The result is what loading the written files
    gives, and the files are what ``save_logbook`` writes for it; a table the
    import does not change is not rewritten (a hand-kept cell stays as typed)."""
    import pandas as pd

    from meetupstats import schema
    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import linkedin_batch
    from meetupstats.logbook import load_logbook, save_logbook

    folder = write_logbook(
        tmp_path / "lb",
        events=[event("pt42", "2025-03-12", title="ProductTank #42", cost="3.50")],
        contacts=[
            contact("c1", name="Aino Virtanen"),  # no company: not her (she is added)
            contact(
                "c2",
                name="Bo Berg",
                linkedin_url="https://www.linkedin.com/in/bo-berg-example",
            ),
            contact("c3", name="Somebody Else", company="Elsewhere"),
        ],
        interactions=[
            interaction("2025-04-03", "c2", "linkedin-connect"),
            interaction("2025-04-04", "c3", "message", direction="out"),
        ],
    )
    events_before = (folder / "events.csv").read_bytes()
    assert b",3.50," in events_before  # not how save_logbook writes 3.5
    report = import_into(folder, linkedin_batch(export_zip(tmp_path)))
    assert report.logbook is not None
    changed = report.changed_rows()
    # Bo's contact row (company, position, e-mail, source filled) and his connect
    # row (direction "in" from the invitation) were updated, hand-checked:
    assert 1 in changed["contacts"].tolist() and 0 in changed["interactions"].tolist()
    assert 2 not in changed["contacts"].tolist() and 1 not in changed["interactions"].tolist()
    loaded = load_logbook(folder)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(loaded.table(name), report.logbook.table(name))
    assert loaded.contacts["company"].iloc[1] == "Exempel AB"
    assert loaded.interactions["direction"].iloc[0] == "in"
    save_logbook(report.logbook, tmp_path / "saved")
    assert sorted(report.written) == ["contacts.csv", "interactions.csv"]
    for name in report.written:
        assert (tmp_path / "saved" / name).read_bytes() == (folder / name).read_bytes()
    assert (folder / "events.csv").read_bytes() == events_before


def test_imported_cells_are_written_as_save_logbook_writes_their_values(tmp_path: Path) -> None:
    """An importer's cell that reads back the same but is not written that way
    (``3.50``, ``015``, a padded URL, a list spaced its own way) is saved as
    ``save_logbook`` writes its value."""
    from meetupstats.importers import import_into

    folder = write_logbook(tmp_path / "lb", events=[event("e1", "2025-03-12")])
    batch = ImportBatch(
        "ics",
        "calendar.ics",
        events=[
            {
                "event_id": "ics:x",
                "date": "2025-04-01",
                "title": "  Spaced title  ",  # free text: kept as it is
                "status": "attended",
                "cost": "3.50",
                "duration_h": "2.0",
                "travel_min": "015",
                "topics": "ai ;  data",
                "url": " https://example.org/e ",
            }
        ],
    )
    report = import_into(folder, batch)
    assert report.written == ["events.csv"]
    lines = (folder / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[2].split(","), strict=True))
    assert [row[c] for c in ("title", "cost", "duration_h", "travel_min", "topics", "url")] == [
        "  Spaced title  ",
        "3.5",
        "2",
        "15",
        "ai;data",
        "https://example.org/e",
    ]


def test_a_bom_a_non_ascii_preamble_and_crlf_read_as_the_plain_file(tmp_path: Path) -> None:
    """The file's own bytes go to the CSV reader (from the header on): a BOM and
    a preamble with non-ASCII text before the header do not shift them."""
    plain = (EXPORTS / "Connections.csv").read_text(encoding="utf-8")
    header_at = plain.index("First Name")
    odd = '\ufeffNotes:\r\n"Exportée — données"\r\n\r\n' + plain[header_at:].replace("\n", "\r\n")
    (tmp_path / "Connections.csv").write_bytes(odd.encode("utf-8"))
    got = read_linkedin(tmp_path / "Connections.csv")
    want = read_linkedin(EXPORTS / "Connections.csv")
    assert got.contact_columns == want.contact_columns
    assert got.interaction_columns is not None and want.interaction_columns is not None
    assert got.interaction_columns.cells == want.interaction_columns.cells
    with pytest.raises(ImportFileError, match=r"Connections.csv:5: Connected On"):
        bad = odd.replace("13 Mar 2025", "someday", 1)
        (tmp_path / "Connections.csv").write_bytes(bad.encode("utf-8"))
        read_linkedin(tmp_path / "Connections.csv")


# --------------------------------------------------------------------------- reading beside loading


def test_the_export_is_read_in_a_thread_while_the_logbook_loads(tmp_path: Path) -> None:
    import threading

    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import LinkedInBatch

    seen: list[str] = []

    class Recording(LinkedInBatch):
        def prepare(self) -> None:
            seen.append(threading.current_thread().name)
            super().prepare()

    folder = write_logbook(tmp_path / "lb", contacts=[contact("c1")])
    report = import_into(folder, Recording(export_zip(tmp_path)))
    assert seen[0].startswith("meetupstats-export") and len(seen) == 2  # then once more, a no-op
    assert report.logbook is not None and len(report.logbook.contacts) > 1


def test_the_batch_is_made_while_loading_unless_it_needs_the_logbooks_profiles(
    tmp_path: Path,
) -> None:
    """Two profiles in as many conversations: which one is yours is told by the
    logbook (the one that is not a contact), so that batch is made with it."""
    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import LinkedInBatch

    head = (
        "CONVERSATION ID,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,"
        "SUBJECT,CONTENT,FOLDER,IS MESSAGE DRAFT\n"
    )
    me, ann = "https://www.linkedin.com/in/mia-me", "https://www.linkedin.com/in/ann-lee"
    tied = tmp_path / "messages.csv"
    tied.write_text(
        head + f"c1,Mia,{me},Ann,{ann},2025-03-14 09:00:00 UTC,,hi,INBOX,No\n", encoding="utf-8"
    )
    folder = write_logbook(tmp_path / "lb", contacts=[contact("c1", linkedin_url=ann)])
    builder = LinkedInBatch(tied)
    builder.prepare()
    assert builder._batch is None  # Mia and Ann: one conversation each
    report = import_into(folder, builder)
    assert report.logbook is not None
    assert report.logbook.interactions["direction"].tolist() == ["out"]  # to Ann, the contact

    plain = LinkedInBatch(export_zip(tmp_path))
    plain.prepare()
    assert plain._batch is not None
    assert plain(load_logbook(folder)) is plain._batch  # the logbook is not needed


def test_the_logbooks_error_comes_before_the_exports(tmp_path: Path) -> None:
    """As when the export was read after loading: a broken logbook is named
    first; with a sound logbook the export's own error is raised."""
    from meetupstats.errors import LogbookError
    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import linkedin_batch

    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    folder = write_logbook(tmp_path / "lb", contacts=[contact("c1"), contact("c1")])
    with pytest.raises(LogbookError, match="c1"):
        import_into(folder, linkedin_batch(broken))
    folder = write_logbook(tmp_path / "ok", contacts=[contact("c1")])
    with pytest.raises(ImportFileError, match="not a readable zip archive"):
        import_into(folder, linkedin_batch(broken))
