"""The bad-input corpus: every kind of broken file, through the real command line.

Each :class:`Case` writes one broken input next to a valid logbook (which has
a ``.backup/`` already) and a valid community folder, then runs
``python -m meetupstats ...`` in a subprocess. Every case must:

* exit with the expected code: 2 (bad input), or 0 for the documented
  warnings (odd but valid data, a file read as Windows-1252);
* say what is wrong on a line that names the file (and the line, where the
  problem has one), matching the case's pattern;
* print no traceback, and no wall of text (a 20 MB line is never echoed);
* leave every file of the logbook and of the community folder
  byte-identical, ``.backup/`` included (hashed before and after). The
  ``.lock`` file is left out of the hash: it holds the pid of the last writer.

The cases run in parallel (subprocesses), once per test session; each test
checks one case. ``tests/README.md`` holds the table of cases, generated
from :data:`CASES` by ``python tests/test_bad_input_corpus.py``;
:func:`test_readme_table_is_current` checks it is.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, write_logbook, write_table

TESTS = Path(__file__).resolve().parent

EXPORTS = TESTS / "fixtures" / "exports"
COMMUNITY = TESTS / "fixtures" / "community"
README = TESTS / "README.md"
BIG = 20 * 1024 * 1024  # the "20 MB single line"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
SETPRIV = shutil.which("setpriv")
#: run as root without the capabilities that let root read any file
NO_DAC = [
    "--inh-caps=-dac_override,-dac_read_search",
    "--bounding-set=-dac_override,-dac_read_search",
    "--",
]


@dataclass(frozen=True)
class Case:
    """One broken input and what the command line must do with it.

    ``build(work)`` writes the input under ``work`` (which holds ``logbook/``
    and ``community/``) and returns the command-line arguments. ``says`` is
    a regular expression one output line must match (stderr, or stdout for
    a warning printed by a successful ``--dry-run``); ``file`` is the name
    that line must hold.
    """

    name: str
    target: str
    what: str
    build: Callable[[Path], list[str]]
    file: str
    says: str
    exit: int = 2
    unreadable: bool = False  # the input is chmod 000 (see _command)
    known_bug: str | None = None  # a bug in a module this corpus does not own (xfail)


# --------------------------------------------------------------------------- inputs


#: "billion laughs": 9**7 list items through YAML aliases (small file, huge if expanded)
LAUGHS = (
    "".join(
        f"{k}: &{k} [{', '.join([f'*{p}'] * 9) if p else ', '.join(['lol'] * 9)}]\n"
        for p, k in zip(["", "a", "b", "c", "d", "e", "f"], "abcdefg", strict=True)
    )
    + "2025:\n  events_attended: *g\n"
)


def _valid_logbook(folder: Path) -> Path:
    return write_logbook(
        folder,
        events=[
            event("e1", "2025-03-12", format="afterwork", rating="4", cost="5"),
            event("e2", "2025-04-01", status="no-show"),
        ],
        contacts=[
            contact("c1", met_on="2025-03-12", met_event_id="e1", company="Acme"),
            contact("c2"),
        ],
        interactions=[interaction("2025-03-13", "c1", "linkedin-connect", direction="out")],
        learnings=[learning("e1", topic="ai")],
        goals="2025:\n  events_attended: 10\n",
    )


def _lb(work: Path) -> Path:
    return work / "logbook"


def _validate(work: Path) -> list[str]:
    return ["validate", "--data", str(_lb(work))]


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture bug: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _logbook_case(mutate: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        mutate(_lb(work))
        return _validate(work)

    return build


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def put(work: Path) -> Path:
        path = work / "in" / name
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(data() if callable(data) else data)
        return path

    return put


def _import(source: str, put: Callable[[Path], Path], *extra: str) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        return ["import", source, str(put(work)), "--data", str(_lb(work)), *extra]

    return build


def _community(
    source: str, put: Callable[[Path], Path], *extra: str
) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        return [
            "community",
            "import",
            source,
            str(put(work)),
            "--data",
            str(work / "community"),
            "--date",
            "2025-03-12",
            *extra,
        ]

    return build


def _rank(put: Callable[[Path], Path]) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        return ["rank", str(put(work)), "--data", str(_lb(work))]

    return build


def _folder_instead(name: str) -> Callable[[Path], Path]:
    def put(work: Path) -> Path:
        path = work / "in" / name
        path.mkdir(parents=True)
        return path

    return put


def _symlink_loop(name: str) -> Callable[[Path], Path]:
    def put(work: Path) -> Path:
        folder = work / "in"
        folder.mkdir(exist_ok=True)
        (folder / name).symlink_to(folder / f"other-{name}")
        (folder / f"other-{name}").symlink_to(folder / name)
        return folder / name

    return put


def _fixture(path: Path) -> bytes:
    return path.read_bytes()


def _garbage() -> bytes:
    # deterministic bytes: every value, NULs included, then a UTF-8-invalid tail
    return bytes(range(256)) * 8 + b"\xff\xfe\x00\x80"


def _big_line(prefix: bytes, suffix: bytes = b"\n") -> Callable[[], bytes]:
    return lambda: prefix + b"x" * BIG + suffix


def _bomb() -> bytes:
    """A small zip whose directory says Connections.csv unpacks to 4 GiB - 1 (a zip bomb)."""
    data = bytearray(_zip({"Connections.csv": CONNECTIONS_HEADER + CONNECTION})())
    central = data.rindex(b"PK\x01\x02")  # the central directory entry
    data[central + 24 : central + 28] = (2**32 - 1).to_bytes(4, "little")  # uncompressed size
    return bytes(data)


def _zip(members: dict[str, bytes], *, truncate: bool = False) -> Callable[[], bytes]:
    def make() -> bytes:
        import io

        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)
        data = buf.getvalue()
        return data[: len(data) // 2] if truncate else data

    return make


CONNECTIONS_HEADER = b"First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
CONNECTION = (
    b"Ada,Lovelace,https://www.linkedin.com/in/ada,,Analytical Engines,Founder,08 Feb 2025\n"
)
ICS_EVENT = (
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
    "UID:e-1@meetup.com\r\nDTSTART:{start}\r\nSUMMARY:{summary}\r\n"
    "URL:https://www.meetup.com/x/events/1/\r\n{extra}END:VEVENT\r\nEND:VCALENDAR\r\n"
)
VCARD = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:{fn}\r\nN:;;;;\r\n{extra}END:VCARD\r\n"
MEETUP_HEADER = "Name,Attendance,User ID,Title,Event Host,RSVP,Guests,RSVPed on,Joined Group on,URL of Member Profile,Notes\n"
LUMA = COMMUNITY / "Product Night #12 - Guests - 2025-03-14-21-05-33.csv"
EVENTBRITE = COMMUNITY / "eventbrite_attendees.csv"
MEMBERS = COMMUNITY / "meetup_members.csv"


def _ics(start: str = "20250312T170000Z", summary: str = "JS Night", extra: str = "") -> bytes:
    return ICS_EVENT.format(start=start, summary=summary, extra=extra).encode()


def _events_row(**cells: str) -> Callable[[Path], None]:
    """Set cells of events.csv row e1 (line 2)."""

    def mutate(folder: Path) -> None:
        rows = [
            event("e1", "2025-03-12", format="afterwork", rating="4", cost="5") | cells,
            event("e2", "2025-04-01", status="no-show"),
        ]
        write_table(folder, "events", rows)

    return mutate


def _contacts(*rows: dict[str, object]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        write_table(folder, "contacts", list(rows))
        write_table(folder, "interactions", [])

    return mutate


def _summary_of(mutate: Callable[[Path], None]) -> Callable[[Path], list[str]]:
    def build(work: Path) -> list[str]:
        mutate(_lb(work))
        return ["summary", "--year", "2025", "--data", str(_lb(work))]

    return build


def _file(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / name).write_bytes(data() if callable(data) else data)

    return mutate


def _events_text(transform: Callable[[str], str]) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        path = folder / "events.csv"
        path.write_text(transform(path.read_text(encoding="utf-8")), encoding="utf-8")

    return mutate


def _encoded(encoding: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        _replace(folder / "events.csv", "Event e1", "Café Ångström")
        path = folder / "events.csv"
        path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))

    return mutate


def _unreadable(name: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / name).chmod(0)

    return mutate


def _dir_instead(name: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).mkdir()

    return mutate


def _loop(name: str) -> Callable[[Path], None]:
    def mutate(folder: Path) -> None:
        (folder / name).unlink()
        (folder / name).symlink_to(folder / "loop.csv")
        (folder / "loop.csv").symlink_to(folder / name)

    return mutate


def _unreadable_input(put: Callable[[Path], Path]) -> Callable[[Path], Path]:
    def chmod(work: Path) -> Path:
        path = put(work)
        path.chmod(0)
        return path

    return chmod


# --------------------------------------------------------------------------- the corpus

E = "events.csv"
C = "contacts.csv"
CASES: list[Case] = [
    # ---- the logbook, through `validate`
    Case(
        "lb-empty-file",
        "logbook",
        "events.csv is 0 bytes",
        _logbook_case(_file(E, b"")),
        E,
        r"events\.csv: file is empty",
    ),
    Case(
        "lb-header-only",
        "logbook",
        "contacts.csv has only its header while interactions.csv names c1",
        _logbook_case(_file(C, b"contact_id,name\n")),
        "interactions.csv",
        r"interactions\.csv:2: contact_id: no row of contacts\.csv has contact_id 'c1'",
    ),
    Case(
        "lb-binary",
        "logbook",
        "events.csv is binary garbage",
        _logbook_case(_file(E, _garbage)),
        E,
        r"events\.csv:\d+: (binary data|not UTF-8)",
    ),
    Case(
        "lb-20mb-line",
        "logbook",
        "a 20 MB notes cell on one line",
        _logbook_case(_events_row(notes="x" * BIG)),
        E,
        r"events\.csv:2: a cell is longer than 1,000,000 characters",
    ),
    Case(
        "lb-utf16",
        "logbook",
        "events.csv saved as UTF-16",
        _logbook_case(_encoded("utf-16")),
        E,
        r"events\.csv:1: file is UTF-16 encoded",
    ),
    Case(
        "lb-cp1252",
        "logbook",
        "events.csv saved as Windows-1252",
        _logbook_case(_encoded("cp1252")),
        E,
        r"events\.csv:2: not UTF-8 text \(byte 0xe9",
    ),
    Case(
        "lb-unclosed-quote",
        "logbook",
        'a cell opened with " and never closed',
        _logbook_case(_events_text(lambda t: t.replace("Event e2", '"Event e2'))),
        E,
        r"events\.csv:3: unclosed quote",
    ),
    Case(
        "lb-feb-30",
        "logbook",
        "date 2025-02-30",
        _logbook_case(_events_row(date="2025-02-30")),
        E,
        r"events\.csv:2: date: not a date: '2025-02-30'",
    ),
    Case(
        "lb-negative",
        "logbook",
        "cost -5",
        _logbook_case(_events_row(cost="-5")),
        E,
        r"events\.csv:2: cost: out of range: -5 \(must be at least 0\)",
    ),
    Case(
        "lb-huge-int",
        "logbook",
        "questions_asked 99999999999999999999",
        _logbook_case(_events_row(questions_asked="99999999999999999999")),
        E,
        r"events\.csv:2: questions_asked: out of range: 99999999999999999999",
    ),
    Case(
        "lb-huge-float",
        "logbook",
        "cost 1.7e308 (sums would overflow)",
        _logbook_case(_events_row(cost="1.7e308")),
        E,
        r"events\.csv:2: cost: out of range: 1\.7e308",
    ),
    Case(
        "lb-nan",
        "logbook",
        "rating NaN",
        _logbook_case(_events_row(rating="NaN")),
        E,
        r"events\.csv:2: rating: not a number: 'NaN'",
    ),
    Case(
        "lb-inf",
        "logbook",
        "duration_h inf",
        _logbook_case(_events_row(duration_h="inf")),
        E,
        r"events\.csv:2: duration_h: not a number: 'inf'",
    ),
    Case(
        "lb-1e400",
        "logbook",
        "travel_min 1e400 (overflows to inf)",
        _logbook_case(_events_row(travel_min="1e400")),
        E,
        r"events\.csv:2: travel_min: not a number: '1e400'",
    ),
    Case(
        "lb-circular-intro",
        "logbook",
        "A introduced by B introduced by A",
        _logbook_case(_contacts(contact("a", introduced_by="b"), contact("b", introduced_by="a"))),
        C,
        r"contacts\.csv:2: warning: introduced_by: circular introductions: a → b → a",
        exit=0,
    ),
    Case(
        "lb-self-intro",
        "logbook",
        "a contact introduced by themselves",
        _logbook_case(_contacts(contact("a", introduced_by="a"))),
        C,
        r"contacts\.csv:2: warning: introduced_by: a contact cannot introduce themselves",
        exit=0,
    ),
    Case(
        "lb-id-case",
        "logbook",
        "contact ids 'Anna' and 'anna'",
        _logbook_case(_contacts(contact("Anna"), contact("anna"))),
        C,
        r"contacts\.csv:3: warning: contact_id: id 'anna' differs from 'Anna' \(line 2\) only in letter case",
        exit=0,
    ),
    Case(
        "lb-id-space",
        "logbook",
        "contact ids 'anna' and ' anna ' (differ only in spaces)",
        _logbook_case(_contacts(contact("anna"), contact(" anna "))),
        C,
        r"contacts\.csv:3: contact_id: duplicate id 'anna' \(first used on line 2\)",
    ),
    Case(
        "lb-duplicate-header",
        "logbook",
        "events.csv header names `title` twice",
        _logbook_case(
            _events_text(
                lambda t: (
                    t.replace(",title,", ",title,title,", 1)
                    .replace("Event e1,", "Event e1,Again,")
                    .replace("Event e2,", "Event e2,Again,")
                )
            )
        ),
        E,
        r"events\.csv:1: title: duplicate column name in the header",
    ),
    Case(
        "lb-missing-column",
        "logbook",
        "events.csv without its date column",
        _logbook_case(_file(E, b"event_id,title,status\ne1,T,attended\n")),
        E,
        r"events\.csv:1: date: required column is missing",
    ),
    Case(
        "lb-folder-as-file",
        "logbook",
        "events.csv is a folder",
        _logbook_case(_dir_instead(E)),
        E,
        r"events\.csv: is a folder, expected a file",
    ),
    Case(
        "lb-unreadable",
        "logbook",
        "events.csv with mode 000",
        _logbook_case(_unreadable(E)),
        E,
        r"events\.csv: permission denied",
        unreadable=True,
    ),
    Case(
        "lb-symlink-loop",
        "logbook",
        "events.csv is a symlink loop",
        _logbook_case(_loop(E)),
        E,
        r"events\.csv: cannot read: too many levels of symbolic links",
    ),
    Case(
        "lb-missing-file",
        "logbook",
        "interactions.csv deleted",
        _logbook_case(lambda f: (f / "interactions.csv").unlink()),
        "interactions.csv",
        r"interactions\.csv: file not found",
    ),
    Case(
        "lb-goals-not-yaml",
        "logbook",
        "goals.yml with an unclosed bracket",
        _logbook_case(_file("goals.yml", b"2025: [events_attended\n")),
        "goals.yml",
        r"goals\.yml:\d+: not valid YAML",
    ),
    Case(
        "lb-goals-laughs",
        "logbook",
        "goals.yml with a 'billion laughs' of YAML aliases",
        _logbook_case(_file("goals.yml", LAUGHS.encode())),
        "goals.yml",
        r"goals\.yml:9: events_attended: target must be a non-negative number, got a list",
    ),
    Case(
        "lb-goals-binary",
        "logbook",
        "goals.yml is binary garbage",
        _logbook_case(_file("goals.yml", _garbage)),
        "goals.yml",
        r"goals\.yml:\d+: (binary data|not UTF-8)",
    ),
    Case(
        "lb-summary-bad",
        "logbook",
        "`summary` on a logbook with a bad enum value",
        _summary_of(_events_row(status="went")),
        E,
        r"events\.csv:2: status: unknown value 'went'",
    ),
    # ---- LinkedIn
    Case(
        "li-empty",
        "linkedin",
        "empty Connections.csv",
        _import("linkedin", _write("Connections.csv", b"")),
        "Connections.csv",
        r"Connections\.csv: expected a LinkedIn export.*found columns: none \(empty file\)",
    ),
    Case(
        "li-header-only",
        "linkedin",
        "Connections.csv with the header only",
        _import("linkedin", _write("Connections.csv", CONNECTIONS_HEADER), "--dry-run"),
        "Connections.csv",
        r"import linkedin .*Connections\.csv into .* \(dry run",
        exit=0,
    ),
    Case(
        "li-binary",
        "linkedin",
        "binary garbage named Connections.csv",
        _import("linkedin", _write("Connections.csv", _garbage)),
        "Connections.csv",
        r"Connections\.csv:\d+: (binary data|not UTF-8)",
    ),
    Case(
        "li-truncated-zip",
        "linkedin",
        "the export zip cut in half",
        _import(
            "linkedin",
            _write(
                "export.zip",
                _zip({"Connections.csv": CONNECTIONS_HEADER + CONNECTION * 500}, truncate=True),
            ),
        ),
        "export.zip",
        r"export\.zip: not a readable zip archive",
    ),
    Case(
        "li-zip-without-csv",
        "linkedin",
        "a zip holding no LinkedIn file",
        _import("linkedin", _write("export.zip", _zip({"Profile.csv": b"a,b\n"}))),
        "export.zip",
        r"export\.zip: expected a LinkedIn export zip .*found: Profile\.csv",
    ),
    Case(
        "li-zip-bomb",
        "linkedin",
        "a zip whose Connections.csv unpacks to 4 GiB",
        _import("linkedin", _write("export.zip", _bomb)),
        "export.zip",
        r"export\.zip/Connections\.csv: unpacks to 4,294,967,295 bytes",
    ),
    Case(
        "li-20mb-line",
        "linkedin",
        "a 20 MB Company cell",
        _import(
            "linkedin",
            _write("Connections.csv", _big_line(CONNECTIONS_HEADER + b"Ada,Lovelace,,,")),
        ),
        "Connections.csv",
        r"Connections\.csv:2: a cell is longer than 1,000,000 characters",
    ),
    Case(
        "li-utf16",
        "linkedin",
        "Connections.csv saved as UTF-16",
        _import(
            "linkedin",
            _write("Connections.csv", (CONNECTIONS_HEADER + CONNECTION).decode().encode("utf-16")),
        ),
        "Connections.csv",
        r"Connections\.csv:1: file is UTF-16 encoded",
    ),
    Case(
        "li-cp1252",
        "linkedin",
        "Connections.csv re-saved as Windows-1252 (documented: read, with a note)",
        _import(
            "linkedin",
            _write("Connections.csv", (CONNECTIONS_HEADER + CONNECTION.replace(b"Ada", b"Ad\xe9"))),
            "--dry-run",
        ),
        "Connections.csv",
        r"note: .*Connections\.csv: not UTF-8; read as Windows-1252",
        exit=0,
    ),
    Case(
        "li-unclosed-quote",
        "linkedin",
        "a Company cell with an unclosed quote",
        _import(
            "linkedin",
            _write(
                "Connections.csv",
                CONNECTIONS_HEADER + CONNECTION + b'Bob,Byte,,,"Acme,CTO,08 Feb 2025\n',
            ),
        ),
        "Connections.csv",
        r"Connections\.csv:3: unclosed quote",
    ),
    Case(
        "li-feb-30",
        "linkedin",
        "Connected On 30 Feb 2025",
        _import(
            "linkedin",
            _write(
                "Connections.csv", CONNECTIONS_HEADER + CONNECTION.replace(b"08 Feb", b"30 Feb")
            ),
        ),
        "Connections.csv",
        r"Connections\.csv:2: Connected On: not a date: '30 Feb 2025'",
    ),
    Case(
        "li-duplicate-header",
        "linkedin",
        "Connections.csv header names Company twice",
        _import(
            "linkedin",
            _write(
                "Connections.csv",
                CONNECTIONS_HEADER.replace(b"Company", b"Company,Company")
                + CONNECTION.replace(b"Engines,", b"Engines,X,"),
            ),
        ),
        "Connections.csv",
        r"Connections\.csv:1: Company: duplicate column name",
    ),
    Case(
        "li-folder",
        "linkedin",
        "a folder named Connections.csv",
        _import("linkedin", _folder_instead("Connections.csv")),
        "Connections.csv",
        r"Connections\.csv: is a folder",
    ),
    Case(
        "li-unreadable",
        "linkedin",
        "Connections.csv with mode 000",
        _import(
            "linkedin",
            _unreadable_input(_write("Connections.csv", CONNECTIONS_HEADER + CONNECTION)),
        ),
        "Connections.csv",
        r"Connections\.csv: permission denied",
        unreadable=True,
    ),
    Case(
        "li-symlink-loop",
        "linkedin",
        "Connections.csv is a symlink loop",
        _import("linkedin", _symlink_loop("Connections.csv")),
        "Connections.csv",
        r"Connections\.csv: cannot read: too many levels of symbolic links",
    ),
    Case(
        "li-bad-direction",
        "linkedin",
        "Invitations.csv with Direction SIDEWAYS",
        _import(
            "linkedin",
            _write(
                "Invitations.csv",
                b'From,To,Sent At,Message,Direction\nA,B,"1/29/26, 2:37 PM",,SIDEWAYS\n',
            ),
        ),
        "Invitations.csv",
        r"Invitations\.csv:2: Direction: expected OUTGOING or INCOMING, got 'SIDEWAYS'",
    ),
    Case(
        "li-messages-bad-date",
        "linkedin",
        "messages.csv with DATE yesterday-ish",
        _import(
            "linkedin",
            _write(
                "messages.csv",
                b"CONVERSATION ID,CONVERSATION TITLE,FROM,SENDER PROFILE URL,TO,RECIPIENT PROFILE URLS,DATE,SUBJECT,CONTENT,FOLDER\n1,,A,https://www.linkedin.com/in/a,B,https://www.linkedin.com/in/b,yesterday,,hi,INBOX\n",
            ),
        ),
        "messages.csv",
        r"messages\.csv:2: DATE: not a date: 'yesterday'",
    ),
    # ---- iCalendar
    Case(
        "ics-empty",
        "ics",
        "empty .ics",
        _import("ics", _write("cal.ics", b"")),
        "cal.ics",
        r"cal\.ics:1: expected an iCalendar file",
    ),
    Case(
        "ics-binary",
        "ics",
        "binary garbage named cal.ics",
        _import("ics", _write("cal.ics", _garbage)),
        "cal.ics",
        r"cal\.ics:1: expected an iCalendar file",
    ),
    Case(
        "ics-truncated",
        "ics",
        "a calendar cut off inside an event",
        _import("ics", _write("cal.ics", _ics()[:120])),
        "cal.ics",
        r"cal\.ics: not a readable iCalendar file",
    ),
    Case(
        "ics-feb-30",
        "ics",
        "DTSTART;VALUE=DATE:20250230",
        _import(
            "ics",
            _write(
                "cal.ics",
                _ics().replace(b"DTSTART:20250312T170000Z", b"DTSTART;VALUE=DATE:20250230"),
            ),
        ),
        "cal.ics",
        r"cal\.ics: .*20250230",
    ),
    Case(
        "ics-utf16",
        "ics",
        "a calendar saved as UTF-16",
        _import("ics", _write("cal.ics", _ics().decode().encode("utf-16"))),
        "cal.ics",
        r"cal\.ics:1: expected an iCalendar file",
    ),
    Case(
        "ics-every-second",
        "ics",
        "RRULE:FREQ=SECONDLY with no end (would expand for hours)",
        _import("ics", _write("cal.ics", _ics(extra="RRULE:FREQ=SECONDLY\r\n"))),
        "cal.ics",
        r"cal\.ics: repeating events .* more than 25,000 occurrences",
    ),
    Case(
        "ics-bad-rrule",
        "ics",
        "RRULE:FREQ=SOMETIMES",
        _import("ics", _write("cal.ics", _ics(extra="RRULE:FREQ=SOMETIMES\r\n"))),
        "cal.ics",
        r"cal\.ics: cannot expand the recurring events",
    ),
    Case(
        "ics-20mb-line",
        "ics",
        "a 20 MB DESCRIPTION line (accepted: descriptions are not stored)",
        _import(
            "ics",
            _write("big.ics", lambda: _ics(extra="DESCRIPTION:" + "x" * BIG + "\r\n")),
            "--dry-run",
        ),
        "big.ics",
        r"import ics .*big\.ics into .* \(dry run",
        exit=0,
    ),
    Case(
        "ics-folder",
        "ics",
        "a folder named cal.ics",
        _import("ics", _folder_instead("cal.ics")),
        "cal.ics",
        r"cal\.ics: is a folder",
    ),
    Case(
        "ics-symlink-loop",
        "ics",
        "cal.ics is a symlink loop",
        _import("ics", _symlink_loop("cal.ics")),
        "cal.ics",
        r"cal\.ics: cannot read: too many levels",
    ),
    # ---- vCard
    Case(
        "vcf-empty",
        "vcard",
        "empty .vcf",
        _import("vcard", _write("cards.vcf", b"")),
        "cards.vcf",
        r"cards\.vcf:1: expected a vCard file",
    ),
    Case(
        "vcf-binary",
        "vcard",
        "binary garbage named cards.vcf",
        _import("vcard", _write("cards.vcf", _garbage)),
        "cards.vcf",
        r"cards\.vcf:1: expected a vCard file",
    ),
    Case(
        "vcf-truncated",
        "vcard",
        "a card cut off before END:VCARD",
        _import(
            "vcard",
            _write("cards.vcf", VCARD.format(fn="Ada", extra="ORG:Acme;\r\n").encode()[:40]),
        ),
        "cards.vcf",
        r"cards\.vcf(:\d+)?: not a readable vCard",
    ),
    Case(
        "vcf-utf16",
        "vcard",
        "cards saved as UTF-16",
        _import("vcard", _write("cards.vcf", VCARD.format(fn="Ada", extra="").encode("utf-16"))),
        "cards.vcf",
        r"cards\.vcf:1: expected a vCard file",
    ),
    Case(
        "vcf-cp1252",
        "vcard",
        "a card in Windows-1252 (documented: read, with a note)",
        _import(
            "vcard",
            _write("cards.vcf", VCARD.format(fn="Ren\xe9e", extra="").encode("cp1252")),
            "--dry-run",
        ),
        "cards.vcf",
        r"note: .*cards\.vcf: not UTF-8; read as Windows-1252",
        exit=0,
    ),
    Case(
        "vcf-bad-event",
        "vcard",
        "--event naming no event of the logbook",
        _import(
            "vcard",
            _write("cards.vcf", VCARD.format(fn="Ada", extra="").encode()),
            "--event",
            "nope",
        ),
        "nope",
        r"--event 'nope': no row of events\.csv",
    ),
    Case(
        "vcf-20mb-note",
        "vcard",
        "a card with a 20 MB NOTE (refused by the check of the merged logbook)",
        _import(
            "vcard",
            _write(
                "cards.vcf",
                lambda: VCARD.format(fn="Ada", extra="NOTE:" + "x" * BIG + "\r\n").encode(),
            ),
        ),
        "contacts.csv",
        r"contacts\.csv:\d+: after the import: a cell is longer than 1,000,000 characters",
    ),
    Case(
        "vcf-folder",
        "vcard",
        "a folder named cards.vcf",
        _import("vcard", _folder_instead("cards.vcf")),
        "cards.vcf",
        r"cards\.vcf: is a folder",
    ),
    # ---- community (organizer exports)
    Case(
        "meetup-empty",
        "meetup",
        "empty Meetup attendee list",
        _community("meetup", _write("attendees.csv", b"")),
        "attendees.csv",
        r"attendees\.csv: file is empty",
    ),
    Case(
        "meetup-header-only",
        "meetup",
        "Meetup attendee list with the header only (accepted: an event with no rows)",
        _community("meetup", _write("attendees.csv", MEETUP_HEADER.encode()), "--dry-run"),
        "attendees",
        r"event meetup:2025-03-12-attendees: added",
        exit=0,
    ),
    Case(
        "meetup-binary",
        "meetup",
        "binary garbage as a Meetup list",
        _community("meetup", _write("attendees.csv", _garbage)),
        "attendees.csv",
        r"attendees\.csv:\d+: (binary data|not UTF-8)",
    ),
    Case(
        "meetup-unclosed-quote",
        "meetup",
        "an unclosed quote in a Meetup list",
        _community(
            "meetup",
            _write(
                "attendees.csv", (MEETUP_HEADER + 'Ada,Y,user 1,"Boss,Yes,Yes,0,,,,\n').encode()
            ),
        ),
        "attendees.csv",
        r"attendees\.csv:2: unclosed quote",
    ),
    Case(
        "members-no-id",
        "meetup-members",
        "a member list without id or join-date columns",
        _community("meetup-members", _write("members.csv", b"Name,Location\nAda,Helsinki\n")),
        "members.csv",
        r"members\.csv:1: .*expected the column.*found 'Name', 'Location'",
    ),
    Case(
        "members-feb-30",
        "meetup-members",
        "Joined Group on February 30, 2024",
        _community(
            "meetup-members",
            _write(
                "members.csv",
                lambda: MEMBERS.read_bytes().replace(b"March 20, 2024", b"February 30, 2024"),
            ),
        ),
        "members.csv",
        r"members\.csv:2: .*February 30, 2024",
    ),
    Case(
        "eventbrite-utf16",
        "eventbrite",
        "Eventbrite report saved as UTF-16",
        _community(
            "eventbrite",
            _write(
                "eventbrite.csv", lambda: EVENTBRITE.read_text(encoding="utf-8").encode("utf-16")
            ),
        ),
        "eventbrite.csv",
        r"eventbrite\.csv:1: .*UTF-16",
    ),
    Case(
        "eventbrite-20mb",
        "eventbrite",
        "a 20 MB cell in an Eventbrite report",
        _community(
            "eventbrite",
            _write("eventbrite.csv", lambda: EVENTBRITE.read_bytes() + b"9," + b"x" * BIG + b"\n"),
        ),
        "eventbrite.csv",
        r"eventbrite\.csv:\d+: a cell is longer than 1,000,000",
    ),
    Case(
        "luma-cp1252",
        "luma",
        "Luma guest list in Windows-1252",
        _community(
            "luma",
            _write(
                "luma.csv",
                lambda: (
                    LUMA.read_text(encoding="utf-8").replace("Aino", "Ain\xf6").encode("cp1252")
                ),
            ),
        ),
        "luma.csv",
        r"luma\.csv:2: not UTF-8 text",
    ),
    Case(
        "luma-folder",
        "luma",
        "a folder named luma.csv",
        _community("luma", _folder_instead("luma.csv")),
        "luma.csv",
        r"luma\.csv: is a folder",
    ),
    Case(
        "luma-symlink-loop",
        "luma",
        "luma.csv is a symlink loop",
        _community("luma", _symlink_loop("luma.csv")),
        "luma.csv",
        r"luma\.csv: cannot read: too many levels",
    ),
    # ---- rank input
    Case(
        "rank-empty",
        "rank",
        "empty upcoming.csv",
        _rank(_write("upcoming.csv", b"")),
        "upcoming.csv",
        r"upcoming\.csv: file is empty",
    ),
    Case(
        "rank-binary",
        "rank",
        "binary garbage as upcoming.csv",
        _rank(_write("upcoming.csv", _garbage)),
        "upcoming.csv",
        r"upcoming\.csv:\d+: (binary data|not UTF-8)",
    ),
    Case(
        "rank-feb-30",
        "rank",
        "upcoming.csv with date 2026-02-30",
        _rank(_write("upcoming.csv", b"date,title,format\n2026-02-30,AI Night,afterwork\n")),
        "upcoming.csv",
        r"upcoming\.csv:2: date: ",
    ),
    Case(
        "rank-truncated-ics",
        "rank",
        "a truncated .ics to rank",
        _rank(_write("upcoming.ics", _ics()[:120])),
        "upcoming.ics",
        r"upcoming\.ics: not a readable iCalendar file",
    ),
    Case(
        "rank-endless-rrule",
        "rank",
        "RRULE:FREQ=SECONDLY with no end in the calendar to rank",
        _rank(_write("upcoming.ics", _ics(extra="RRULE:FREQ=SECONDLY\r\n"))),
        "upcoming.ics",
        r"upcoming\.ics: repeating events .* more than 25,000 occurrences",
    ),
]


# --------------------------------------------------------------------------- running


def _snapshot(*folders: Path) -> dict[str, str]:
    """sha256 of every file under ``folders`` (``.backup/`` included, ``.lock`` left out)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_symlink() or path.is_dir() or path.name == ".lock":
                if path.is_symlink():
                    out[str(path)] = "symlink -> " + os.readlink(path)
                elif path.is_dir():
                    out[str(path)] = "dir"
                continue
            try:
                out[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
            except PermissionError:
                out[str(path)] = f"unreadable, mode {path.stat().st_mode:o}"
    return out


def _command(case: Case, args: list[str]) -> list[str] | None:
    """The command to run, or None when the permission case cannot be made."""
    cmd = [sys.executable, "-m", "meetupstats", *args]
    if case.unreadable and IS_ROOT:
        # root reads mode-000 files; drop the two capabilities that allow it
        return None if SETPRIV is None else [SETPRIV, *NO_DAC, *cmd]
    return cmd


@dataclass
class Outcome:
    code: int | None
    stdout: str
    stderr: str
    before: dict[str, str]
    after: dict[str, str]
    skipped: str | None = None


def _run(case: Case, template: Path, root: Path) -> Outcome:
    work = root / case.name
    shutil.copytree(template, work, symlinks=True)
    args = case.build(work)
    folders = (work / "logbook", work / "community")
    before = _snapshot(*folders)
    cmd = _command(case, args)
    if cmd is None:
        return Outcome(None, "", "", before, before, "running as root without setpriv")
    env = {
        k: v for k, v in os.environ.items() if k not in ("MEETUPSTATS_DATA", "MEETUPSTATS_DEBUG")
    }
    proc = subprocess.run(
        cmd, capture_output=True, text=True, timeout=300, env=env, cwd=work, errors="replace"
    )
    after = _snapshot(*folders)
    for path in work.rglob("*"):  # let the tmp folder be cleaned up
        if not path.is_symlink() and not os.access(path, os.R_OK):
            path.chmod(0o600)
    return Outcome(proc.returncode, proc.stdout, proc.stderr, before, after)


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A valid logbook with a ``.backup/`` (one import done) and a community folder."""
    from meetupstats.community.folder import init_community
    from meetupstats.community.imports import import_export
    from meetupstats.importers import import_into
    from meetupstats.importers.linkedin import linkedin_batch

    root = tmp_path_factory.mktemp("corpus-template")
    logbook = _valid_logbook(root / "logbook")
    import_into(logbook, linkedin_batch(EXPORTS / "Connections.csv"))
    assert (logbook / ".backup").is_dir()
    community = init_community(root / "community")
    import_export(community, "meetup", COMMUNITY / "meetup_attendees.csv", date=_date("2025-03-12"))
    return root


def _date(text: str) -> object:
    import datetime as dt

    return dt.date.fromisoformat(text)


@pytest.fixture(scope="module")
def outcomes(template: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Outcome]:
    root = tmp_path_factory.mktemp("corpus-runs")
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {c.name: pool.submit(_run, c, template, root) for c in CASES}
        return {name: f.result() for name, f in futures.items()}


@pytest.mark.parametrize(
    "case",
    [
        pytest.param(
            c,
            id=c.name,
            marks=[pytest.mark.xfail(reason=c.known_bug, strict=False)] if c.known_bug else [],
        )
        for c in CASES
    ],
)
def test_bad_input(case: Case, outcomes: dict[str, Outcome]) -> None:
    out = outcomes[case.name]
    if out.skipped:
        pytest.skip(f"{case.name}: cannot make a file unreadable: {out.skipped}")
    shown = f"exit {out.code}\nstdout:\n{out.stdout[-2000:]}\nstderr:\n{out.stderr[-2000:]}"
    assert out.code == case.exit, shown
    assert "Traceback" not in out.stdout + out.stderr, shown
    assert "unexpected error" not in out.stderr, shown
    # short and to the point: a 20 MB line is never echoed back
    assert len(out.stderr) < 3000 and all(len(line) < 600 for line in out.stderr.splitlines())
    # one problem per line: no message spills over lines (e.g. a quoted input)
    assert all(": " in line for line in out.stderr.splitlines() if line.strip()), shown
    lines = (out.stderr if case.exit else out.stdout + out.stderr).splitlines()
    hits = [line for line in lines if re.search(case.says, line) and case.file in line]
    assert hits, f"no line matches {case.says!r} and names {case.file!r}\n{shown}"
    assert out.after == out.before, "a file of the logbook or community folder changed"


def test_corpus_covers_every_source() -> None:
    targets = {c.target for c in CASES}
    assert targets >= {
        "logbook",
        "linkedin",
        "ics",
        "vcard",
        "meetup",
        "meetup-members",
        "eventbrite",
        "luma",
        "rank",
    }
    assert len(CASES) >= 40
    assert len({c.name for c in CASES}) == len(CASES)


# --------------------------------------------------------------------------- the table


def figures() -> str:
    """The figures of issue 7, counted from the test modules themselves."""
    from collections import Counter

    import test_concurrency
    import test_crash_safety
    import test_hostile_text
    import test_logbook_validation

    by_target = Counter(c.target for c in CASES)
    validation = len(test_logbook_validation.CASES) + len(test_logbook_validation.WARNING_CASES)
    faults = [
        (
            "SIGKILL during saves of a 20,000-interaction logbook",
            "test_crash_safety.py",
            test_crash_safety.KILLS,
        ),
        (
            "SIGKILL during a 3,000-connection `import` (CLI)",
            "test_concurrency.py",
            test_concurrency.KILLS,
        ),
        ("rename fails after the COMMIT mark (crash mid-commit)", "test_storage.py", 1),
        ("crash while copying the backup", "test_storage.py", 1),
        ("`OSError(ENOSPC)` while staging (full disk)", "test_storage.py", 1),
        ("staging left without a COMMIT mark", "test_storage.py", 1),
        (
            "lock held past the timeout (in-process, then CLI)",
            "test_storage.py, test_concurrency.py",
            2,
        ),
        ("lock holder SIGKILLed while holding the lock", "test_storage.py, test_concurrency.py", 2),
        ("`.lock` file naming a dead pid", "test_concurrency.py", 1),
        ("three `import` processes racing for one logbook", "test_concurrency.py", 3),
    ]
    lines = [
        f"- **Bad input: {len(CASES) + validation} kinds tried.** {len(CASES)} through the "
        "command line in `test_bad_input_corpus.py` ("
        + ", ".join(f"{t} {n}" for t, n in sorted(by_target.items()))
        + f"), plus {validation} logbook cases of `test_logbook_validation.py` "
        "(errors and warnings, through the library). Exit 2 with a file:line message for "
        f"{sum(c.exit == 2 for c in CASES)} of the CLI cases, a documented warning with exit 0 "
        f"for {sum(c.exit == 0 for c in CASES)}; "
        f"{sum(bool(c.known_bug) for c in CASES)} known bug(s) in another module (xfail, below).",
        f"- **Faults injected: {sum(n for *_, n in faults)}** (table below).",
        "- **Data lost: 0.** Every corpus case leaves the logbook and community folder "
        "byte-identical (`.backup/` included); after every kill the logbook loads as the "
        "old or the new version, never a mix; racing imports keep every import's rows.",
        f"- **Hostile text: {len(test_hostile_text.payloads('http://127.0.0.1'))} payloads** "
        "in every text column of every table and every text field of the LinkedIn, "
        "calendar and vCard imports; none runs or fetches in Chromium; formula cells "
        "are defused per import source.",
        "",
        "| fault | test file | times |",
        "|---|---|---|",
        *(f"| {what} | {where} | {n} |" for what, where, n in faults),
        "",
    ]
    return "\n".join(lines)


def corpus_table() -> str:
    """The Markdown table of :data:`CASES` for ``tests/README.md``."""
    rows = ["| # | case | input | exit | the output line says (regex) |", "|---|---|---|---|---|"]
    for i, c in enumerate(CASES, 1):
        outcome = "2" if c.exit == 2 else f"{c.exit} (warning)"
        if c.known_bug:
            outcome += " — known bug, xfail: " + c.known_bug
        says = c.says.replace("|", "\\|")
        rows.append(f"| {i} | `{c.name}` ({c.target}) | {c.what} | {outcome} | `{says}` |")
    return "\n".join(rows) + "\n"


TABLE_START = "<!-- corpus table: generated by `python tests/test_bad_input_corpus.py` -->\n"
TABLE_END = "<!-- end of corpus table -->\n"


def readme_with_table(text: str) -> str:
    head, _, rest = text.partition(TABLE_START)
    _, _, tail = rest.partition(TABLE_END)
    return head + TABLE_START + figures() + "\n" + corpus_table() + TABLE_END + tail


def test_readme_table_is_current() -> None:
    text = README.read_text(encoding="utf-8")
    assert TABLE_START in text and TABLE_END in text
    assert readme_with_table(text) == text, "run `python tests/test_bad_input_corpus.py`"


if __name__ == "__main__":  # regenerates the table in tests/README.md
    README.write_text(readme_with_table(README.read_text(encoding="utf-8")), encoding="utf-8")
