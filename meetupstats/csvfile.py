"""Reading CSV files cell by cell, keeping the line each record starts on.

Every reader of user files (the logbook, the importers) goes through
:func:`read_text` and :func:`parse_csv`, so every problem can name
``file:line: column``. Nothing here knows the logbook schema.
"""

from __future__ import annotations

import csv
import errno
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from meetupstats.errors import Problem, ProblemsError

BOM = "\ufeff"
#: Python's csv module refuses fields above this size by default (128 KiB);
#: notes can legitimately be long, a 20 MB line cannot.
MAX_FIELD_CHARS = 1_000_000
csv.field_size_limit(MAX_FIELD_CHARS)


@dataclass
class RawCsv:
    """The cells of a CSV file as text.

    ``lines[i]`` is the 1-based line on which record ``rows[i]`` starts
    (the header is on ``header_line``). Blank lines and rows whose cells are
    all empty are skipped.
    """

    display: str
    header: list[str]
    rows: list[list[str]]
    lines: list[int]
    header_line: int = 1
    problems: list[Problem] = field(default_factory=list)

    def column(self, name: str) -> list[str]:
        i = self.header.index(name)
        return [r[i] for r in self.rows]


def read_bytes(path: Path, display: str | None = None) -> bytes:
    """Read a whole file, turning OS errors into one clear :class:`Problem`."""
    shown = display or str(path)
    try:
        if path.is_dir():
            raise ProblemsError([Problem(shown, None, None, "is a folder, expected a file")])
        return path.read_bytes()
    except ProblemsError:
        raise
    except FileNotFoundError:
        raise ProblemsError([Problem(shown, None, None, "file not found")]) from None
    except PermissionError:
        raise ProblemsError(
            [Problem(shown, None, None, "permission denied: cannot read this file")]
        ) from None
    except OSError as e:
        why = (
            "too many levels of symbolic links"
            if e.errno == errno.ELOOP
            else (e.strerror or str(e))
        )
        raise ProblemsError([Problem(shown, None, None, f"cannot read: {why}")]) from None


def decode_utf8(data: bytes, display: str) -> str:
    """Decode UTF-8 text (a BOM is dropped); say where the first bad byte is.

    UTF-16 files (a spreadsheet's "Unicode text") are recognised by their BOM
    and named as such, since they are a common wrong save format.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ProblemsError(
            [Problem(display, 1, None, "file is UTF-16 encoded; save it as UTF-8 (CSV UTF-8)")]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        col = e.start - (data.rfind(b"\n", 0, e.start) + 1) + 1
        byte = data[e.start : e.start + 1].hex()
        raise ProblemsError(
            [
                Problem(
                    display,
                    line,
                    None,
                    f"not UTF-8 text (byte 0x{byte} at character {col}); save the file as UTF-8",
                )
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise ProblemsError([Problem(display, line, None, "binary data (NUL byte), not CSV text")])
    return text[1:] if text.startswith(BOM) else text


def read_text(path: Path, display: str | None = None) -> str:
    """Read a UTF-8 text file (BOM accepted) with file-and-line errors."""
    shown = display or str(path)
    return decode_utf8(read_bytes(path, shown), shown)


def parse_csv(
    text: str,
    display: str,
    *,
    delimiter: str = ",",
    first_line: int = 1,
    strip_header: bool = True,
) -> RawCsv:
    """Parse CSV text into header and records, collecting structural problems.

    Problems found (all of them, in one pass): an unclosed quote, a record
    with more or fewer cells than the header, duplicate or empty header
    names. Records with the wrong number of cells are reported and left out.
    ``first_line`` is the file line on which ``text`` starts (for files with a
    preamble).
    """
    problems: list[Problem] = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = first_line
    rows: list[list[str]] = []
    lines: list[int] = []
    prev = 0
    while True:
        start = first_line + prev
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as e:
            msg = str(e)
            if "field larger than field limit" in msg:
                msg = f"a cell is longer than {MAX_FIELD_CHARS:,} characters"
            elif "unexpected end of data" in msg or "EOF" in msg or "newline inside string" in msg:
                msg = "unclosed quote: a quoted cell starting on this line never ends"
            else:
                msg = f"malformed CSV ({msg})"
            problems.append(Problem(display, start, None, msg))
            break
        # csv's line_num counts the physical lines consumed so far.
        prev = reader.line_num
        if not record or all(not cell.strip() for cell in record):
            continue
        if header is None:
            header = [h.strip() for h in record] if strip_header else record
            header_line = start
            continue
        rows.append(record)
        lines.append(start)
    if header is None:
        problems.append(Problem(display, None, None, "file is empty (expected a header line)"))
        return RawCsv(display, [], [], [], first_line, problems)
    seen: dict[str, int] = {}
    for i, name in enumerate(header):
        if not name:
            problems.append(Problem(display, header_line, None, f"header cell {i + 1} is empty"))
        elif name in seen:
            problems.append(
                Problem(display, header_line, name, "duplicate column name in the header")
            )
        seen.setdefault(name, i)
    width = len(header)
    good_rows: list[list[str]] = []
    good_lines: list[int] = []
    for record, line in zip(rows, lines, strict=True):
        if len(record) != width:
            # Trailing empty cells (a spreadsheet padding rows) are harmless.
            if len(record) > width and not any(c.strip() for c in record[width:]):
                record = record[:width]
            else:
                problems.append(
                    Problem(
                        display,
                        line,
                        None,
                        f"{len(record)} cells, but the header has {width}"
                        " (a missing or extra comma, or an unquoted comma inside a cell?)",
                    )
                )
                continue
        good_rows.append(record)
        good_lines.append(line)
    return RawCsv(display, header, good_rows, good_lines, header_line, problems)


@dataclass
class CsvColumns:
    """The cells of a CSV file as text, column by column.

    ``columns`` maps each header name (first occurrence) to an object array
    of cell strings; ``lines[i]`` is the 1-based line row ``i`` starts on.
    """

    display: str
    header: list[str]
    columns: dict[str, np.ndarray]
    lines: np.ndarray
    header_line: int = 1
    problems: list[Problem] = field(default_factory=list)
    #: False when no cell can have leading or trailing blanks (so no trimming needed)
    padded: bool = True

    def __len__(self) -> int:
        return len(self.lines)


def read_columns(text: str, display: str) -> CsvColumns:
    """Parse CSV text into columns, with the same results as :func:`parse_csv`.

    Well-formed files (one record per physical line, every record as wide as
    the header) take a fast path through pandas' C parser; anything else goes
    through :func:`parse_csv`, which names each structural problem's line.
    """
    fast = _fast_columns(text, display)
    if fast is not None:
        return fast
    raw = parse_csv(text, display)
    columns: dict[str, np.ndarray] = {}
    for i, name in enumerate(raw.header):
        if name not in columns:
            columns[name] = np.array([r[i] for r in raw.rows], dtype=object)
    return CsvColumns(
        display,
        raw.header,
        columns,
        np.asarray(raw.lines, dtype=np.int64),
        raw.header_line,
        raw.problems,
    )


def _fast_columns(text: str, display: str) -> CsvColumns | None:
    """Columns via pandas, or None when the file needs the careful parser."""
    import pandas as pd

    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    physical = text.split("\n")
    if physical and physical[-1] == "":
        physical.pop()
    if not physical:
        return None
    first = physical[0].rstrip("\r")
    if '"' in first or not first.strip():
        return None
    header = [h.strip() for h in first.split(",")]
    if "" in header or len(set(header)) != len(header):
        return None
    body = pd.Series(physical[1:], dtype=object)
    if len(body):
        # every record on one line, with exactly len(header) cells; a line with
        # a quote may hide commas (or a line break) inside a cell: count those
        # with the csv module, they are few.
        width = body.str.count(",").to_numpy() + 1
        quoted = np.flatnonzero(body.str.contains('"', regex=False).to_numpy(dtype=bool))
        for pos in quoted:
            try:
                cells = list(csv.reader([physical[1 + pos]], strict=True))
            except csv.Error:
                return None  # a quoted cell spanning lines, or a broken quote
            if len(cells) != 1:
                return None
            width[pos] = len(cells[0])
        blank = (body.str.strip(" \t\r,") == "").to_numpy(dtype=bool)
        if np.any((width != len(header)) & ~blank):
            return None
    try:
        frame = pd.read_csv(
            io.StringIO(text),
            dtype=object,
            na_filter=False,
            keep_default_na=False,
            skip_blank_lines=False,
            index_col=False,
            engine="c",
        )
    except (ValueError, csv.Error, pd.errors.ParserError):
        return None
    if len(frame) != len(physical) - 1 or frame.shape[1] != len(header):
        return None
    frame.columns = header
    lines = np.arange(2, len(frame) + 2, dtype=np.int64)
    keep = (
        ~(frame == "").all(axis=1).to_numpy(dtype=bool) if len(frame) else np.zeros(0, dtype=bool)
    )
    if len(body):
        keep &= ~blank
    if not keep.all():
        frame = frame[keep]
        lines = lines[keep]
    columns = {name: frame[name].to_numpy(dtype=object) for name in header}
    padded = _PADDED_CELL.search(text) is not None
    return CsvColumns(display, header, columns, lines, padded=padded)


#: a blank or tab next to a cell boundary (false positives only cost speed)
_PADDED_CELL = re.compile(r'(?:^|,)"?[ \t]|[ \t]"?(?:,|\r?$)', re.MULTILINE)


def to_csv_text(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """Render cells as CSV text: ``\\n`` line ends, minimal quoting, no BOM."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()
