"""Reading CSV files cell by cell, keeping the line each record starts on.

Every reader of user files (the logbook, the importers) goes through
:func:`read_text` and :func:`parse_csv`, so every problem can name
``file:line: column``. Nothing here knows the logbook schema.
"""

from __future__ import annotations

import csv
import errno
import io
import itertools
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from meetupstats.errors import Problem, ProblemsError

if TYPE_CHECKING:
    import pandas as pd

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


def read_columns(
    text: str,
    display: str,
    *,
    data: bytes | None = None,
    first_line: int = 1,
    only: Container[str] | None = None,
    beside: bool = True,
) -> CsvColumns:
    """Parse CSV text into columns, with the same results as :func:`parse_csv`.

    Well-formed files (quotes where RFC 4180 puts them, every record as wide
    as the header) take a fast path through pandas' C parser; anything else
    goes through :func:`parse_csv`, which names each structural problem's
    line. ``data``, when given, must be ``text.encode("utf-8")`` (the file's
    bytes without a BOM): it saves encoding the text again. ``first_line``
    is the file line on which ``text`` starts (for files with a preamble).

    ``only``: the columns to keep, by header name stripped and lowercased
    (None: all). The header still lists every column; the others' cells are
    never made (the whole file is still checked).

    ``beside``: a large file's structure may be checked in another thread
    while pandas parses it (off when the caller has other work running
    beside, as an import reading its export while the logbook loads: two
    threads already share the machine's cores then).
    """
    fast = _fast_columns(text, display, data=data, first_line=first_line, only=only, beside=beside)
    if fast is not None:
        return fast
    raw = parse_csv(text, display, first_line=first_line)
    columns: dict[str, np.ndarray] = {}
    for i, name in enumerate(raw.header):
        if name not in columns and (only is None or name.lower() in only):
            columns[name] = np.array([r[i] for r in raw.rows], dtype=object)
    return CsvColumns(
        display,
        raw.header,
        columns,
        np.asarray(raw.lines, dtype=np.int64),
        raw.header_line,
        raw.problems,
    )


def read_columns_from_bytes(data: bytes, display: str, *, beside: bool = True) -> CsvColumns:
    """:func:`read_columns` of a file's bytes (decoded as :func:`decode_utf8` does).

    A pure-ASCII file that takes the fast path is never decoded to a ``str``.

    Raises
    ------
    ProblemsError
        When the bytes are not UTF-8 text (see :func:`decode_utf8`).
    """
    if data.isascii() and b"\x00" not in data:
        fast = _fast_columns("", display, data=data, beside=beside)
        if fast is not None:
            return fast
    text = decode_utf8(data, display)
    return read_columns(
        text, display, data=data[3:] if data.startswith(_BOM_BYTES) else data, beside=beside
    )


_BOM_BYTES = BOM.encode("utf-8")


@dataclass
class _Layout:
    """Where the records of a well-formed CSV file are (see :func:`_layout`).

    ``body_starts[i]``/``body_ends[i]``: the first byte of line ``i`` after the
    header and the position of its line break (or the file's size); a record
    is a line unless ``quoted_breaks``. ``blank[i]``: the line is skipped.
    """

    b: np.ndarray
    header: list[str]
    newlines: np.ndarray
    quotes: np.ndarray
    commas: np.ndarray
    body_starts: np.ndarray
    body_ends: np.ndarray
    quoted_breaks: bool
    blank: np.ndarray


def _layout(data: bytes) -> _Layout | None:
    """The records of ``data`` (a file's bytes without a BOM), or None when the
    file needs the careful parser.

    The structure is checked with numpy over the bytes, with no Python per
    row: no lone ``\\r``; every quote where RFC 4180 puts it (a quoted cell
    starts at a cell boundary, ends before one and doubles its inner quotes),
    so a record ends at each line break outside quotes and starts on the
    physical line after the line breaks before it; every non-blank record
    exactly as wide as the header. The few records that might be blank only
    once quotes or non-ASCII blanks are stripped are checked with the csv
    module.
    """
    if b"\r" in data and data.count(b"\r") != data.count(b"\r\n"):
        return None
    if not data:
        return None
    b = np.frombuffer(data, dtype=np.uint8)
    newlines = np.flatnonzero(b == _NL)
    ends = newlines if data.endswith(b"\n") else np.append(newlines, len(data))
    first = data[: ends[0]].decode("utf-8").rstrip("\r")
    if '"' in first or not first.strip():
        return None
    header = [h.strip() for h in first.split(",")]
    if "" in header or len(set(header)) != len(header):
        return None
    quotes = np.flatnonzero(b == _QUOTE)
    if len(quotes) % 2:
        return None  # a quote never closed: the careful parser names its line
    commas = np.flatnonzero(b == _COMMA)  # the header's too (it has no quotes)
    quoted_breaks = False
    if len(quotes):
        # a line break after an odd number of quotes is inside a quoted cell
        outside = _outside_quotes(ends, quotes)
        quoted_breaks = not outside.all()
        ends = ends[outside]
        if not _quotes_well_placed(b, quotes, ends):
            return None
        commas = commas[_outside_quotes(commas, quotes)]  # the cell separators
    starts = np.concatenate(([0], ends[:-1] + 1))
    if len(data) > MAX_FIELD_CHARS and np.any(ends - starts > MAX_FIELD_CHARS):
        return None  # a cell may be over the limit: the careful parser names it
    body_starts, body_ends = starts[1:], ends[1:]
    # separators per line: no comma sits on a line break, so the commas before a
    # line's start are those before the previous line's end (the header's end first)
    before_end = np.searchsorted(commas, body_ends)
    width = np.diff(before_end, prepend=len(header) - 1) + 1
    blank = _blank_lines(b, data, body_starts, body_ends)
    # pandas warns on (and drops cells of) any line wider than the header, even a blank one
    if blank is None or np.any(width > len(header)) or np.any((width != len(header)) & ~blank):
        return None
    return _Layout(
        b, header, newlines, quotes, commas, body_starts, body_ends, quoted_breaks, blank
    )


#: a file at least this large is parsed by pandas while its structure is checked beside
_BESIDE_BYTES = 1 << 20


def _fast_columns(
    text: str,
    display: str,
    *,
    data: bytes | None = None,
    first_line: int = 1,
    only: Container[str] | None = None,
    beside: bool = True,
) -> CsvColumns | None:
    """Columns via pandas (``only`` as in :func:`read_columns`), or None when
    the file needs the careful parser (:func:`_layout` checks the structure).

    Pandas parses a file once its structure checks out; a large one (every
    column kept) is parsed while the structure is checked in another thread
    (both let the other run most of their time), and the parse is dropped
    when the check fails (``beside`` as in :func:`read_columns`).
    """
    if data is None:
        try:
            data = text.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: only the csv module copes
            return None
    speculative = beside and only is None and len(data) >= _BESIDE_BYTES
    frame = None
    if speculative:
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(1, thread_name_prefix="meetupstats-csv") as pool:
            checking = pool.submit(_checked_layout, data)
            frame = _pandas_columns(data, None, speculative=True)
            checked = checking.result()
    else:
        checked = _checked_layout(data)
    if checked is None:
        return None
    layout, padded = checked
    header = layout.header
    used = [i for i, name in enumerate(header) if only is None or name.lower() in only]
    kept = [header[i] for i in used]
    if not speculative:
        frame = _pandas_columns(data, None if len(used) == len(header) else used)
    if frame is None or len(frame) != len(layout.body_starts) or frame.shape[1] != len(kept):
        return None
    frame.columns = kept
    lines = _start_lines(layout) + (first_line - 1)
    keep = ~layout.blank
    if not keep.all():
        frame = frame[keep]
        lines = lines[keep]
    columns = {name: frame[name].to_numpy(dtype=object) for name in kept}
    return CsvColumns(display, header, columns, lines, first_line, padded=padded)


def _checked_layout(data: bytes) -> tuple[_Layout, bool] | None:
    """:func:`_layout`, and whether a kept cell may start or end with a blank
    (:func:`_padded`; a quoted line break may end a cell with one, which no
    check looks for)."""
    layout = _layout(data)
    if layout is None:
        return None
    padded = layout.quoted_breaks or _padded(
        data,
        layout.b,
        layout.body_starts,
        layout.body_ends,
        layout.commas[len(layout.header) - 1 :],
        layout.quotes,
        ~layout.blank,
    )
    return layout, padded


def _pandas_columns(
    data: bytes, usecols: list[int] | None, *, speculative: bool = False
) -> pd.DataFrame | None:
    """Every cell as text by pandas' C parser (None: it refused the file).

    ``speculative``: the structure is not checked yet, so the file may be one
    pandas warns about (a record wider than the header); the result is then
    dropped, and so is the warning."""
    import contextlib
    import warnings

    import pandas as pd

    quiet = (
        warnings.catch_warnings(action="ignore", category=pd.errors.ParserWarning)
        if speculative
        else contextlib.nullcontext()
    )
    try:
        with quiet:
            return pd.read_csv(
                io.BytesIO(data),
                usecols=usecols,
                dtype=object,
                na_filter=False,
                keep_default_na=False,
                skip_blank_lines=False,
                index_col=False,
                engine="c",
                encoding="utf-8",
            )
    except (ValueError, csv.Error, pd.errors.ParserError):
        return None


def _outside_quotes(positions: np.ndarray, quotes: np.ndarray) -> np.ndarray:
    """Which of ``positions`` (ascending, no quote among them) have an even number
    of ``quotes`` (ascending, an even number) before them: are outside quoted text.

    That is ``np.searchsorted(quotes, positions) % 2 == 0``, found from the
    quoted spans (an opening and the next closing quote) instead of one search
    per position: the positions inside a span are a run of them.
    """
    size = len(positions)
    first = np.searchsorted(positions, quotes[0::2])  # the first position after an opening
    end = np.searchsorted(positions, quotes[1::2])  # the first position after its closing
    depth = np.bincount(first, minlength=size + 1) - np.bincount(end, minlength=size + 1)
    return np.cumsum(depth[:size]) == 0


def _start_lines(layout: _Layout) -> np.ndarray:
    """The 1-based line each line of the body (blank or not) starts on."""
    # each record's first line: the line breaks before its start, plus one (without
    # quoted line breaks, record k of the body starts after k + 1 of them)
    if layout.quoted_breaks:
        return np.searchsorted(layout.newlines, layout.body_starts).astype(np.int64) + 1
    return np.arange(2, len(layout.body_starts) + 2, dtype=np.int64)


_NL, _CR, _SPACE, _QUOTE, _COMMA = 10, 13, 32, 34, 44


def _quotes_well_placed(b: np.ndarray, quotes: np.ndarray, ends: np.ndarray) -> bool:
    """True when every quote is where RFC 4180 puts it.

    With an even number of quotes before every record end, a quote with an even rank
    (counted from the start of the file) opens a quoted cell or is the second
    of a doubled quote; one with an odd rank closes the cell or is the first
    of a doubled quote.
    """
    size = len(b)
    opening, closing = quotes[0::2], quotes[1::2]
    before = b[np.maximum(opening - 1, 0)]
    doubled = np.zeros(len(opening), dtype=bool)
    doubled[1:] = closing[: len(opening) - 1] == opening[1:] - 1
    at_start = (opening == 0) | (before == _COMMA) | (before == _NL)
    if not np.all(at_start | doubled):
        return False
    after = b[np.minimum(closing + 1, size - 1)]
    next_doubled = np.zeros(len(closing), dtype=bool)
    next_doubled[: len(opening) - 1] = opening[1:] == closing[: len(opening) - 1] + 1
    at_end = (closing == size - 1) | (after == _COMMA) | (after == _NL) | (after == _CR)
    return bool(np.all(at_end | next_doubled))


def _blank_lines(
    b: np.ndarray, data: bytes, starts: np.ndarray, ends: np.ndarray
) -> np.ndarray | None:
    """Which lines :func:`parse_csv` skips (every cell blank), or None to give up.

    A line with a byte other than ASCII blanks, commas, quotes and non-ASCII
    bytes is not blank; one of only blanks and commas is; the rest (a quote or
    a non-ASCII byte among blanks) are parsed with the csv module.
    """
    if not len(starts):
        return np.zeros(0, dtype=bool)
    # most lines start with a solid byte (an id, a date); look closer at the others
    solid = _SOLID[b[np.minimum(starts, len(b) - 1)]] & (ends > starts)
    rest = np.flatnonzero(~solid)
    if len(rest) > _FEW_LINES:
        solid = np.logical_or.reduceat(_SOLID[b], starts)
        solid[ends == starts] = False  # an empty line (reduceat would read the next one)
    else:
        for i in rest:
            solid[i] = bool(data[starts[i] : ends[i]].translate(None, _NOT_SOLID))
    blank = ~solid
    for i in np.flatnonzero(blank):
        line = data[starts[i] : ends[i]]
        if not line.strip(_BLANK_BYTES):
            continue
        try:
            records = list(csv.reader([line.decode("utf-8")], strict=True))
        except csv.Error:
            return None
        blank[i] = all(not cell.strip() for record in records for cell in record)
    return blank


def _padded(
    data: bytes,
    b: np.ndarray,
    starts: np.ndarray,
    ends: np.ndarray,
    commas: np.ndarray,
    quotes: np.ndarray,
    keep: np.ndarray,
) -> bool:
    """Whether some kept cell may start or end with a blank (false positives cost speed only).

    Looks at the bytes next to each cell boundary (inside the quotes of a
    quoted cell): ASCII whitespace, or the UTF-8 of a non-ASCII blank.
    """
    if not keep.all():
        line = np.searchsorted(starts, commas, side="right") - 1
        commas = commas[keep[line]]
        starts, ends = starts[keep], ends[keep]
    if not len(starts):
        return False
    top = len(b) - 1
    # quick answers: no byte of a blank at all (memchr-fast), or none next to a
    # comma, quote or line break
    ascii_only = int(b.max()) < 0x80
    present = [
        byte for byte in _BLANK_PART_BYTES if (byte[0] < 0x80 or not ascii_only) and byte in data
    ]
    if not present:
        return False
    if len(present) == 1 and present[0] == b" ":  # the common case: spaces only
        edge = np.flatnonzero(b == _SPACE)
        kind = np.full(len(edge), _ASCII, dtype=np.uint8)
    else:
        kind = _BLANK_PART[b]
        edge = np.flatnonzero(kind)
        kind = kind[edge]
    prev, succ = np.maximum(edge - 1, 0), np.minimum(edge + 1, top)
    after = _BOUNDARY[b[prev]] & (kind != _LAST)  # a blank may start a cell
    before = _BOUNDARY[b[succ]] & (kind != _LEAD)  # a blank may end a cell
    if len(quotes):
        # no cell boundary: a comma inside quotes, or a doubled quote ("") inside a cell
        for near, beyond, flag in ((prev, edge - 2, after), (succ, edge + 2, before)):
            hits = np.flatnonzero(flag)
            byte, far = b[near[hits]], beyond[hits]
            inside = (far >= 0) & (far <= top)
            quoted = (byte == _COMMA) & (np.searchsorted(quotes, near[hits]) % 2 == 1)
            doubled = (byte == _QUOTE) & inside & (b[np.clip(far, 0, top)] == _QUOTE)
            flag[hits[quoted | doubled]] = False
    if not (edge[0] == 0 or edge[-1] == top or np.any(after) or np.any(before)):
        return False
    ends = ends - (b[ends - 1] == _CR)
    first = np.minimum(np.concatenate((starts, commas + 1)), top)
    last = np.concatenate((ends, commas)) - 1
    first[b[first] == _QUOTE] += 1
    last[b[last] == _QUOTE] -= 1
    head, tail = _EDGE[b[first]], _EDGE[b[last]]
    if np.any(head == 1) or np.any(tail == 1):
        return True
    # the UTF-8 of U+0085, U+00A0 (C2 ..), U+1680, U+2000..U+205F (E1/E2 ..) and U+3000 (E3 ..)
    lead = first[head == 2]
    if np.any(
        np.isin(b[lead], (0xC2, 0xE1, 0xE2, 0xE3))
        & np.isin(b[np.minimum(lead + 1, top)], (0x80, 0x81, 0x85, 0x9A, 0xA0))
    ):
        return True
    trail = last[tail == 2]
    before = b[np.maximum(trail - 1, 0)]
    two = (before == 0xC2) & np.isin(b[trail], (0x85, 0xA0))
    three = np.isin(before, (0x80, 0x81, 0x9A)) & np.isin(
        b[np.maximum(trail - 2, 0)], (0xE1, 0xE2, 0xE3)
    )
    return bool(np.any(two | three))


#: ASCII bytes that :meth:`str.strip` removes, and commas
_BLANK_BYTES = bytes([9, 11, 12, 13, 28, 29, 30, 31, 32, _COMMA])
#: bytes that make a line non-blank for sure
_SOLID = np.ones(256, dtype=bool)
_SOLID[[*_BLANK_BYTES, _NL, _QUOTE, *range(128, 256)]] = False
#: bytes that carry no cell content
_NOT_SOLID = bytes(np.flatnonzero(~_SOLID).tolist())
#: lines :func:`_blank_lines` checks one by one at most (else one pass over the bytes)
_FEW_LINES = 1000
#: bytes that end or start a cell: comma, quote, line break
_BOUNDARY = np.zeros(256, dtype=bool)
_BOUNDARY[[_COMMA, _QUOTE, _NL, _CR]] = True
#: bytes of blanks: ASCII whitespace, or the first (_LEAD) or last (_LAST) byte of
#: the UTF-8 of a non-ASCII blank (U+0085, U+00A0, U+1680, U+2000..U+205F, U+3000)
_ASCII, _LEAD, _LAST = 1, 2, 3
_BLANK_PART = np.zeros(256, dtype=np.uint8)
_BLANK_PART[[9, 11, 12, 28, 29, 30, 31, 32]] = _ASCII
_BLANK_PART[[0xC2, 0xE1, 0xE2, 0xE3]] = _LEAD
_BLANK_PART[[0x80, 0x81, 0x82, 0x83, 0x84, 0x85, 0x86, 0x87, 0x88, 0x89, 0x8A]] = _LAST
_BLANK_PART[[0x9F, 0xA0, 0xA8, 0xA9, 0xAF]] = _LAST
_BLANK_PART_BYTES = [bytes([i]) for i in np.flatnonzero(_BLANK_PART == _ASCII)] + [
    bytes([i]) for i in np.flatnonzero(_BLANK_PART == _LEAD)
]
#: a cell's first or last byte: 1 ASCII whitespace, 2 non-ASCII (maybe a blank)
_EDGE = np.zeros(256, dtype=np.uint8)
_EDGE[[9, 11, 12, 28, 29, 30, 31, 32]] = 1
_EDGE[128:] = 2


def columns_to_csv_text(columns: Mapping[str, Sequence[str] | np.ndarray]) -> str:
    """A table given column by column (name → cells, in order) as CSV text:
    the header, then each row; ``\\n`` line ends, minimal quoting, no BOM.

    A cell is quoted when it holds a comma, a quote or a line break (a lone
    ``\\r`` too: the csv module alone would leave that one bare, and reading
    would end the record there).
    """
    cells = [v.tolist() if isinstance(v, np.ndarray) else v for v in columns.values()]
    return records_text(lambda: itertools.chain([list(columns)], zip(*cells, strict=True)))


def records_text(rows: Callable[[], Iterable[Sequence[str]]], newline: str = "\n") -> str:
    """The records :func:`csv_records` writes for the rows ``rows()`` gives, joined
    (``rows`` is called a second time in the rare case of a cell holding ``\\r``)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator=newline).writerows(rows())
    text = buf.getvalue()
    if newline != "\r\n" and "\r" in text:
        return "".join(csv_records(rows(), newline))
    return text


def csv_records(rows: Iterable[Sequence[str]], newline: str = "\n") -> list[str]:
    """Each row as one CSV record, ``newline`` ending it (quoted as
    :func:`columns_to_csv_text` quotes)."""
    out: list[str] = []
    # the csv module quotes a cell holding a character of its line terminator: with
    # "\r\n" that is every line break, and the terminator is then put right
    csv.writer(_Appender(out.append), lineterminator="\r\n").writerows(rows)
    if newline == "\r\n":
        return out
    return [record[:-2] + newline for record in out]


@dataclass(frozen=True)
class EncodedRecords:
    """CSV records one after another in UTF-8: record ``k`` is
    ``data[cuts[k]:cuts[k + 1]]``, its line break included."""

    data: bytes
    cuts: np.ndarray

    def __len__(self) -> int:
        return len(self.cuts) - 1


def encoded_records(
    rows: Callable[[], Iterable[Sequence[str]]], count: int, newline: str = "\n"
) -> EncodedRecords:
    """The :func:`csv_records` of the ``count`` rows ``rows()`` gives, encoded.

    Written as one text (:func:`records_text`) and cut at its ``\n``s when
    no cell holds one (each record then ends at one); else record by record.
    """
    data = records_text(rows, newline).encode("utf-8")
    ends = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == _NL) + 1
    if len(ends) != count:  # a cell holds a line break
        records = [r.encode("utf-8") for r in csv_records(rows(), newline)]
        data = b"".join(records)
        ends = np.cumsum([len(r) for r in records], dtype=np.int64)
    return EncodedRecords(data, np.concatenate(([0], ends)).astype(np.int64))


@dataclass(frozen=True)
class _Appender:
    """A file for :func:`csv.writer` that hands over each record (one ``write`` per row)."""

    write: Callable[[str], object]


@dataclass(frozen=True)
class RecordSpans:
    """Where the records of a CSV file are, in its bytes ``data`` (a BOM included).

    Record ``i`` is the ``i``-th record after the header that a reader keeps
    (a blank one is skipped): bytes ``starts[i]`` up to ``ends[i]``, its line
    break included (a last record without one ends at the file's end). It
    starts on line ``lines[i]`` and holds ``line_breaks[i]`` line breaks.
    ``newline`` is the header's line break; the file holds
    ``line_breaks_in_file`` line breaks in all.
    """

    data: bytes
    header: list[str]
    starts: np.ndarray
    ends: np.ndarray
    lines: np.ndarray
    line_breaks: np.ndarray
    newline: str
    line_breaks_in_file: int

    def __len__(self) -> int:
        return len(self.starts)


def record_spans(data: bytes) -> RecordSpans | None:
    """The records of a file's bytes, as :func:`read_columns_from_bytes` reads them.

    ``data`` must be UTF-8 text (a file that was read). None when the reader
    reads them with the careful parser (a file that is not well-formed, see
    :func:`_layout`); only the fast path's records are located here.
    """
    offset = len(_BOM_BYTES) if data.startswith(_BOM_BYTES) else 0
    body = data[offset:]
    try:
        layout = _layout(body)
    except UnicodeDecodeError:
        return None
    if layout is None:
        return None
    keep = ~layout.blank
    starts = layout.body_starts[keep]
    ends = np.minimum(layout.body_ends[keep] + 1, len(body))
    breaks = np.searchsorted(layout.newlines, ends) - np.searchsorted(layout.newlines, starts)
    header_end = int(layout.newlines[0]) if len(layout.newlines) else len(body)
    newline = "\r\n" if body[header_end - 1 : header_end] == b"\r" else "\n"
    return RecordSpans(
        data,
        layout.header,
        starts + offset,
        ends + offset,
        _start_lines(layout)[keep],
        breaks.astype(np.int64),
        newline,
        len(layout.newlines),
    )


def splice_records(
    spans: RecordSpans, replaced: np.ndarray, records: EncodedRecords, appended: str
) -> bytes:
    """The file of ``spans`` with record ``replaced[k]`` (ascending) replaced by
    record ``k`` of ``records`` and the records ``appended`` after the end (whole
    records, line breaks included); every other byte is kept."""
    data = memoryview(spans.data)
    if len(records) != len(replaced):
        raise ValueError(f"{len(records)} records for {len(replaced)} replaced ones")
    new = memoryview(records.data)
    starts, ends = spans.starts[replaced], spans.ends[replaced]
    # runs of replaced records one right after the other are replaced as one piece
    firsts = lasts = np.zeros(0, dtype=np.int64)
    if len(starts):
        breaks = np.flatnonzero(starts[1:] != ends[:-1]) + 1
        firsts = np.concatenate(([0], breaks)).astype(np.int64)
        lasts = np.concatenate((breaks, [len(starts)])).astype(np.int64) - 1
    pieces: list[bytes | memoryview] = []
    at = 0
    for start, end, a, b in zip(
        starts[firsts].tolist(),
        ends[lasts].tolist(),
        records.cuts[firsts].tolist(),
        records.cuts[lasts + 1].tolist(),
        strict=True,
    ):
        pieces.append(data[at:start])
        pieces.append(new[a:b])
        at = end
    rest = data[at:]
    pieces.append(rest)
    if appended:
        if len(rest) and rest[-1] != _NL:  # a last line without its line break
            pieces.append(spans.newline.encode("ascii"))
        pieces.append(appended.encode("utf-8"))
    return b"".join(pieces)
