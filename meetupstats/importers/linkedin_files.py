"""Reading a LinkedIn export: the file or the zip, its text, which export each CSV
is, and the cells every file shares (dates, URLs, columns by header name).

Part of :mod:`meetupstats.importers.linkedin` (which describes the export);
:mod:`~meetupstats.importers.linkedin_rows` turns the files into rows.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from meetupstats.csvfile import CsvColumns, decode_utf8, read_bytes, read_columns
from meetupstats.errors import ImportFileError, Problem, ProblemsError

SOURCE = "linkedin"
#: the largest file read from an export zip (a zip bomb unpacks to far more)
MAX_MEMBER_BYTES = 512 * 1024 * 1024

#: export kind -> header names (lower-case) that identify it
KINDS: dict[str, tuple[str, ...]] = {
    "Connections.csv": ("first name", "last name", "connected on"),
    "Invitations.csv": ("from", "to", "sent at", "direction"),
    "messages.csv": ("conversation id", "from", "to", "date"),
}
#: the columns an import reads, by file (stripped, lowercased; a file not named: all).
#: Only these are parsed into cells: a message's subject and text never are.
READ_COLUMNS: dict[str, frozenset[str]] = {
    "messages.csv": frozenset(
        (
            "conversation id",
            "sender profile url",
            "recipient profile urls",
            "date",
            "folder",
            "is message draft",
        )
    ),
}
EXPECTED = (
    "a LinkedIn export: Connections.csv (First Name, Last Name, Connected On), "
    "Invitations.csv (From, To, Sent At, Direction), messages.csv "
    "(CONVERSATION ID, FROM, TO, DATE) or the export zip"
)
_MONTHS = {
    m: i
    for i, m in enumerate(
        ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], 1
    )
}
_DAY_MON_YEAR = re.compile(r"^(\d{1,2})[ \-/.]([A-Za-z]{3})[A-Za-z]*\.?[ \-/.,]+(\d{2}|\d{4})$")
_MON_DAY_YEAR = re.compile(r"^([A-Za-z]{3})[A-Za-z]*\.? (\d{1,2}),? (\d{4})$")
_US_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})\b")
ISO_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# --------------------------------------------------------------------------- reading


def read_export_bytes(path: Path, display: str) -> bytes:
    try:
        return read_bytes(path, display)
    except ProblemsError as e:
        raise ImportFileError(e.problems) from None


@dataclass(frozen=True)
class ExportText:
    """An export file's text, and its UTF-8 bytes (no BOM) when it was UTF-8."""

    text: str
    utf8: bytes | None


def decode_export(data: bytes, display: str, notes: list[str]) -> ExportText:
    try:
        text = decode_utf8(data, display)
        return ExportText(text, data[3:] if data.startswith(b"\xef\xbb\xbf") else data)
    except ProblemsError as e:
        if b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFileError(e.problems) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(e.problems) from None
        notes.append(f"{display}: not UTF-8; read as Windows-1252 (a spreadsheet re-save?)")
        return ExportText(text, None)


def csv_in_zip(data: bytes, display: str, notes: list[str]) -> list[tuple[str, str, ExportText]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except (zipfile.BadZipFile, OSError, EOFError) as e:
        raise ImportFileError(
            [
                Problem(
                    display,
                    None,
                    None,
                    f"not a readable zip archive ({e}); expected the LinkedIn export zip "
                    "(download it again: it may be truncated)",
                )
            ]
        ) from None
    wanted = {k.lower(): k for k in KINDS}
    found: list[tuple[str, str, ExportText]] = []
    for name in names:
        kind = wanted.get(PurePosixPath(name).name.lower())
        if kind is None:
            continue
        shown = f"{display}/{name}"
        size = archive.getinfo(name).file_size
        if size > MAX_MEMBER_BYTES:
            raise ImportFileError(
                [
                    Problem(
                        shown,
                        None,
                        None,
                        f"unpacks to {size:,} bytes, more than a LinkedIn export holds "
                        f"({MAX_MEMBER_BYTES:,}); not reading it",
                    )
                ]
            )
        try:
            member = archive.read(name)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError) as e:
            raise ImportFileError(
                [
                    Problem(
                        shown, None, None, f"cannot read it from the zip ({e}); truncated download?"
                    )
                ]
            ) from None
        found.append((kind, shown, decode_export(member, shown, notes)))
    if not found:
        listed = ", ".join(names[:12]) + (", ..." if len(names) > 12 else "")
        raise ImportFileError(
            [
                Problem(
                    display,
                    None,
                    None,
                    "expected a LinkedIn export zip holding Connections.csv, Invitations.csv or "
                    f"messages.csv; found: {listed or 'no files'}",
                )
            ]
        )
    order = list(KINDS)
    found.sort(key=lambda f: order.index(f[0]))
    return found


#: how many lines from the top may hold a preamble before the header
_HEADER_SEARCH_LINES = 200


def detect_export(export: ExportText, display: str) -> tuple[str, CsvColumns]:
    """Find the header line (skipping any preamble) and parse from there
    (the columns :data:`READ_COLUMNS` names for the file, or all)."""
    text = export.text
    offset = 0
    first_cells: list[str] | None = None
    head_end = -1
    for _ in range(_HEADER_SEARCH_LINES):  # only the first lines are split (files are large)
        head_end = text.find("\n", head_end + 1)
        if head_end < 0:
            head_end = len(text)
            break
    for number, line in enumerate(text[:head_end].split("\n"), start=1):
        cells = next(csv.reader([line.rstrip("\r")]), [])
        names = {c.strip().lower() for c in cells}
        for kind, required in KINDS.items():
            if set(required) <= names:
                data = export.utf8
                if data is not None and offset:
                    data = data[len(text[:offset].encode("utf-8")) :]
                raw = read_columns(
                    text[offset:],
                    display,
                    data=data,
                    first_line=number,
                    only=READ_COLUMNS.get(kind),
                    beside=False,  # (an import reads the export beside the logbook's loading)
                )
                errors = [p for p in raw.problems if p.severity == "error"]
                if errors:
                    raise ImportFileError(errors)
                return kind, raw
        if first_cells is None and any(c.strip() for c in cells):
            first_cells = [c.strip() for c in cells]
        offset += len(line) + 1
    found = ", ".join(first_cells or []) or "none (empty file)"
    raise ImportFileError(
        [Problem(display, None, None, f"expected {EXPECTED}; found columns: {found}")]
    )


def header_columns(raw: CsvColumns) -> dict[str, int]:
    return {h.strip().lower(): i for i, h in enumerate(raw.header)}


# --------------------------------------------------------------------------- dates


def parse_linkedin_date(text: str) -> dt.date | None:
    """A date as LinkedIn (or a spreadsheet re-save) writes it, or None.

    Accepts ``08 Feb 2026``, ``8-Feb-26`` / ``16-Sep-25`` (two-digit years are
    20xx), ``Feb 8, 2026``, ``1/29/26, 2:37 PM`` (US month/day/year) and ISO
    ``2024-03-05 14:22:11 UTC``. English month names, whatever the locale.
    """
    s = text.strip()
    try:
        if m := ISO_START.match(s):
            return dt.date(int(m[1]), int(m[2]), int(m[3]))
        if m := _DAY_MON_YEAR.match(s):
            day, month, year = int(m[1]), _MONTHS.get(m[2].lower()), int(m[3])
        elif m := _MON_DAY_YEAR.match(s):
            day, month, year = int(m[2]), _MONTHS.get(m[1].lower()), int(m[3])
        elif m := _US_DATE.match(s):
            month, day, year = int(m[1]), int(m[2]), int(m[3])
        else:
            return None
        if month is None:
            return None
        if year < 100:
            year += 2000
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_or_problem(
    text: str, raw: CsvColumns, line: int, column: str, problems: list[Problem]
) -> dt.date | None:
    d = parse_linkedin_date(text)
    if d is None:
        problems.append(
            Problem(
                raw.display,
                line,
                column,
                f"not a date: {text.strip()!r} (expected e.g. '08 Feb 2026' or '16-Sep-25')",
            )
        )
    return d


def iso_or_empty(text: str) -> str:
    parsed = parse_linkedin_date(text)
    return "" if parsed is None else parsed.isoformat()


def cell_column(raw: CsvColumns, cols: dict[str, int], name: str) -> list[str]:
    """All cells of a column (``""`` for every row when the file lacks it)."""
    i = cols.get(name)
    if i is None:
        return [""] * len(raw)
    cells: list[str] = raw.columns[raw.header[i]].tolist()
    return cells
