"""LinkedIn's "Get a copy of your data" export: contacts, connects and messages.

Reads ``Connections.csv``, ``Invitations.csv``, ``messages.csv`` or the whole
export zip (see ../shared/FORMATS.md for the file facts). Columns are found by
header name, case-insensitively; the header line is found by scanning (the
current ``Connections.csv`` starts with a "Notes:" preamble, older ones do
not; older ones lack the ``URL`` column). A file that is not valid UTF-8 (a
spreadsheet re-save) is read as Windows-1252.

* Connections → one contact per row (name, company, position, normalized
  profile URL, e-mail) and a ``linkedin-connect`` interaction dated
  ``Connected On``. Rows without a name (hidden profiles) are skipped and
  counted.
* Invitations → the connect's ``direction`` (``OUTGOING`` = ``out``,
  ``INCOMING`` = ``in``), filled into the contact's connect row only.
* messages → ``message`` interactions, one per person, day and direction
  (``out`` when you sent it, ``in`` when they did), matched to contacts
  through profile URLs. Drafts are skipped; people not in the logbook are
  counted, never added. Your own profile is the one in the most
  conversations (an ``OUTGOING`` invitation names it too). ``DATE`` is UTC;
  its calendar date is used.
"""

from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

import numpy as np
import pandas as pd

from meetupstats.csvfile import CsvColumns, decode_utf8, read_bytes, read_columns
from meetupstats.errors import ImportFileError, Problem, ProblemsError
from meetupstats.importers.batch import ImportBatch, InteractionColumns
from meetupstats.importers.identity import (
    linkedin_handle,
    normalize_linkedin_url,
    normalize_name,
    slug,
)
from meetupstats.logbook import Logbook
from meetupstats.merge import Columns

SOURCE = "linkedin"
#: normalize_linkedin_url, once per distinct text (an export repeats the same URLs a lot)
_normalized_url = functools.lru_cache(maxsize=1 << 16)(normalize_linkedin_url)
#: the largest file read from an export zip (a zip bomb unpacks to far more)
MAX_MEMBER_BYTES = 512 * 1024 * 1024

#: export kind -> header names (lower-case) that identify it
KINDS: dict[str, tuple[str, ...]] = {
    "Connections.csv": ("first name", "last name", "connected on"),
    "Invitations.csv": ("from", "to", "sent at", "direction"),
    "messages.csv": ("conversation id", "from", "to", "date"),
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
_ISO_START = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


# --------------------------------------------------------------------------- reading


def read_linkedin(path: Path, known_urls: Iterable[str] = ()) -> ImportBatch:
    """Parse a LinkedIn export file or zip into an :class:`ImportBatch`.

    Parameters
    ----------
    path : Path
        ``Connections.csv``, ``Invitations.csv``, ``messages.csv`` or the zip.
    known_urls : iterable of str
        Profile URLs of contacts already in the logbook (helps tell which
        profile in messages.csv is yours).

    Raises
    ------
    ImportFileError
        The file is not one of those, is truncated, or has bad cells; the
        message names the file, what was expected and the columns found.
    """
    display = str(path)
    data = _read(path, display)
    notes: list[str] = []
    parsed: dict[str, CsvColumns] = {}
    if data.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        for kind, shown, text in _from_zip(data, display, notes):
            parsed[kind] = _detect(text, shown)[1]
    else:
        kind, raw = _detect(_decode(data, display, notes), display)
        parsed[kind] = raw
    batch = ImportBatch(SOURCE, display, notes=notes)
    parts: list[_Part] = []
    if "Connections.csv" in parsed:
        batch.contact_columns, connects = _connections(parsed["Connections.csv"], notes)
        parts.append(connects)
    me: str | None = None
    if "Invitations.csv" in parsed:
        me, invited = _invitations(parsed["Invitations.csv"])
        parts.append(invited)
    if "messages.csv" in parsed:
        known = {u for u in map(_normalized_url, known_urls) if u}
        if batch.contact_columns is not None:
            known |= set(batch.contact_columns["linkedin_url"]) - {""}
        parts.append(_messages(parsed["messages.csv"], notes, me, known))
    if parts:
        batch.interaction_columns = _joined(parts)
    return batch


def linkedin_batch(path: Path) -> Callable[[Logbook], ImportBatch]:
    """A builder for :func:`meetupstats.importers.import_into` (knows the logbook's URLs)."""

    def build(book: Logbook) -> ImportBatch:
        return read_linkedin(path, book.contacts["linkedin_url"].dropna().astype(str))

    return build


def _read(path: Path, display: str) -> bytes:
    try:
        return read_bytes(path, display)
    except ProblemsError as e:
        raise ImportFileError(e.problems) from None


def _decode(data: bytes, display: str, notes: list[str]) -> str:
    try:
        return decode_utf8(data, display)
    except ProblemsError as e:
        if b"\x00" in data or data.startswith((b"\xff\xfe", b"\xfe\xff")):
            raise ImportFileError(e.problems) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFileError(e.problems) from None
        notes.append(f"{display}: not UTF-8; read as Windows-1252 (a spreadsheet re-save?)")
        return text


def _from_zip(data: bytes, display: str, notes: list[str]) -> list[tuple[str, str, str]]:
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
    found: list[tuple[str, str, str]] = []
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
        found.append((kind, shown, _decode(member, shown, notes)))
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


def _detect(text: str, display: str) -> tuple[str, CsvColumns]:
    """Find the header line (skipping any preamble) and parse from there."""
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
                raw = read_columns(text[offset:], display, first_line=number)
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


def _cols(raw: CsvColumns) -> dict[str, int]:
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
        if m := _ISO_START.match(s):
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


def _date_or_problem(
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


# --------------------------------------------------------------------------- the three files

#: the interaction cells the three files give, in the order every row has them
_CELLS = ("date", "kind", "direction", "source", "source_id")


@dataclass
class _Part:
    """Interaction rows from one file, column by column (see :class:`InteractionColumns`).

    ``cells`` holds some of :data:`_CELLS` (a missing one is empty in every
    row); whom each row is with: ``batch`` (contact index), else ``url``,
    else ``name`` (``None``: that way for no row).
    """

    cells: dict[str, np.ndarray]
    batch: np.ndarray | None = None
    url: np.ndarray | None = None
    name: np.ndarray | None = None
    update_only: bool = False
    about: str = "interaction"

    @property
    def size(self) -> int:
        return len(next(iter(self.cells.values()))) if self.cells else 0


def _joined(parts: list[_Part]) -> InteractionColumns:
    """The parts one after another as one :class:`InteractionColumns`."""
    sizes = [p.size for p in parts]
    total = sum(sizes)

    def stacked(pick: Callable[[_Part, int], np.ndarray]) -> np.ndarray:
        arrays = [pick(p, n) for p, n in zip(parts, sizes, strict=True)]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=object)

    def text(values: np.ndarray | None, n: int) -> np.ndarray:
        return np.full(n, "", dtype=object) if values is None else values

    cells = Columns({}, total)
    for c in _CELLS:
        if any(c in p.cells for p in parts):
            given = [text(p.cells.get(c), n) for p, n in zip(parts, sizes, strict=True)]
            cells[c] = np.concatenate(given).tolist()
    return InteractionColumns(
        cells,
        batch=stacked(
            lambda p, n: np.full(n, -1, dtype=np.int64) if p.batch is None else p.batch
        ).astype(np.int64),
        linkedin_url=stacked(lambda p, n: text(p.url, n)),
        name=stacked(lambda p, n: text(p.name, n)),
        update_only=stacked(lambda p, n: np.full(n, p.update_only, dtype=bool)).astype(bool),
        about=stacked(lambda p, n: np.full(n, p.about, dtype=object)),
    )


def _connections(raw: CsvColumns, notes: list[str]) -> tuple[Columns, _Part]:
    """Contacts and their connect rows, column by column (each distinct text parsed once)."""
    cols = _cols(raw)
    firsts, lasts = _column(raw, cols, "first name"), _column(raw, cols, "last name")
    names = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(firsts, lasts, strict=True)]
    named = np.fromiter(map(bool, names), dtype=bool, count=len(names))
    hidden = len(names) - int(np.count_nonzero(named))
    day_codes, day_texts = pd.factorize(pd.Series(_column(raw, cols, "connected on"), dtype=object))
    day_of = [_iso_or_empty(t) for t in day_texts.tolist()]
    day_ok = np.array([d != "" for d in day_of], dtype=bool)
    bad = named & ~day_ok[day_codes] if len(names) else named
    if bad.any():
        problems: list[Problem] = []
        connected_col = raw.header[cols["connected on"]]
        for i in np.flatnonzero(bad).tolist():
            text = day_texts[day_codes[i]]
            _date_or_problem(text, raw, int(raw.lines[i]), connected_col, problems)
        raise ImportFileError(problems)
    if hidden:
        notes.append(
            f"{raw.display}: skipped {hidden} hidden-profile row(s) (no name, only a date)"
        )
    keep = np.flatnonzero(named)
    kept_names = np.asarray(names, dtype=object)[keep].tolist()
    # each distinct URL text: its normalized form, handle and id slug
    url_codes, url_texts = pd.factorize(np.asarray(_column(raw, cols, "url"), dtype=object)[keep])
    url_of, handle_of, slug_of = [], [], []
    for text in url_texts.tolist():
        url = _normalized_url(text)
        handle = linkedin_handle(url)
        url_of.append(url or "")
        handle_of.append(handle or "")
        slug_of.append(slug(handle) if handle else "")
    urls = np.asarray(url_of, dtype=object)[url_codes].tolist()
    handles = np.asarray(handle_of, dtype=object)[url_codes].tolist()
    slugs = np.asarray(slug_of, dtype=object)[url_codes].tolist()
    source_ids = [
        h if h else f"name:{normalize_name(name)}"
        for h, name in zip(handles, kept_names, strict=True)
    ]
    ids = [
        "li-" + (s if h else slug(name))
        for s, h, name in zip(slugs, handles, kept_names, strict=True)
    ]
    k = len(keep)

    def picked(name: str) -> list[str]:
        cells: list[str] = np.asarray(_column(raw, cols, name), dtype=object)[keep].tolist()
        return cells

    contacts = Columns(
        {
            "contact_id": ids,
            "name": kept_names,
            "company": picked("company"),
            "position": picked("position"),
            "linkedin_url": urls,
            "email": [e.strip() for e in picked("email address")],
            "source": [SOURCE] * k,
            "source_id": source_ids,
        },
        k,
    )
    connects = _Part(
        {
            "date": np.asarray(day_of, dtype=object)[day_codes[keep]]
            if k
            else np.zeros(0, dtype=object),
            "kind": np.full(k, "linkedin-connect", dtype=object),
            "source": np.full(k, SOURCE, dtype=object),
            "source_id": np.asarray([f"connect:{s}" for s in source_ids], dtype=object),
        },
        batch=np.arange(k, dtype=np.int64),
        about="connection",
    )
    return contacts, connects


def _iso_or_empty(text: str) -> str:
    parsed = parse_linkedin_date(text)
    return "" if parsed is None else parsed.isoformat()


def _invitations(raw: CsvColumns) -> tuple[str | None, _Part]:
    """Connect directions, and your own profile URL when the file names it."""
    cols = _cols(raw)
    problems: list[Problem] = []
    me: Counter[str] = Counter()
    urls: list[str] = []
    names: list[str] = []
    directions: list[str] = []
    for way_text, inviter_text, invitee_text, to_text, from_text, line in zip(
        _column(raw, cols, "direction"),
        _column(raw, cols, "inviterprofileurl"),
        _column(raw, cols, "inviteeprofileurl"),
        _column(raw, cols, "to"),
        _column(raw, cols, "from"),
        raw.lines.tolist(),
        strict=True,
    ):
        way = way_text.strip().upper()
        if way not in ("OUTGOING", "INCOMING"):
            problems.append(
                Problem(
                    raw.display,
                    line,
                    raw.header[cols["direction"]],
                    f"expected OUTGOING or INCOMING, got {way!r}",
                )
            )
            continue
        inviter = _normalized_url(inviter_text)
        invitee = _normalized_url(invitee_text)
        if way == "OUTGOING":
            url, name, direction, mine = invitee, to_text, "out", inviter
        else:
            url, name, direction, mine = inviter, from_text, "in", invitee
        if mine:
            me[mine] += 1
        name = "" if url else name.strip()
        if not url and not name:
            continue
        urls.append(url or "")
        names.append(name)
        directions.append(direction)
    if problems:
        raise ImportFileError(problems)
    k = len(urls)
    part = _Part(
        {
            "kind": np.full(k, "linkedin-connect", dtype=object),
            "direction": np.asarray(directions, dtype=object).reshape(k),
        },
        url=np.asarray(urls, dtype=object).reshape(k),
        name=np.asarray(names, dtype=object).reshape(k),
        update_only=True,
        about="invitation",
    )
    return (me.most_common(1)[0][0] if me else None), part


def _days_of(texts: list[str]) -> list[str]:
    """Each text's :func:`parse_linkedin_date` as ISO text (``""``: not a date).

    A text starting with an ISO date (a timestamp, nearly unique per message)
    means that date: each distinct date is parsed once.
    """
    # the first ten characters of every text at once; where they are an ISO date
    # (so the text starts with one, no blank before it) they are the key
    firsts = np.asarray(texts, dtype=object).reshape(len(texts)).astype("U10").astype(object)
    codes, distinct = pd.factorize(firsts)
    iso_first = np.array([bool(_ISO_DATE.fullmatch(t)) for t in distinct.tolist()], dtype=bool)
    plain = iso_first[codes] if len(texts) else np.zeros(0, dtype=bool)
    keys = firsts.tolist()
    for i in np.flatnonzero(~plain).tolist():
        t = texts[i]
        keys[i] = m[0] if (m := _ISO_START.match(t.strip())) else t
    iso: dict[str, str] = {}
    for key in set(keys):
        parsed = parse_linkedin_date(key)
        iso[key] = "" if parsed is None else parsed.isoformat()
    return [iso[key] for key in keys]


def _column(raw: CsvColumns, cols: dict[str, int], name: str) -> list[str]:
    """All cells of a column (``""`` for every row when the file lacks it)."""
    i = cols.get(name)
    if i is None:
        return [""] * len(raw)
    cells: list[str] = raw.columns[raw.header[i]].tolist()
    return cells


def _draft(flag: str, folder: str) -> bool:
    return flag.strip().lower() in ("yes", "true", "1") or "draft" in folder.strip().lower()


def _urls(text: str) -> list[str]:
    return [u for u in (_normalized_url(p) for p in re.split(r"[,\s]+", text)) if u]


def _messages(raw: CsvColumns, notes: list[str], me: str | None, known: set[str]) -> _Part:
    """Message rows: one per person, day and direction (column by column).

    Each distinct cell text (date, sender, recipient list, draft flags) is
    parsed once; rows are then handled as integer codes: drafts and bad dates
    by masks, the pairs (person, day, direction) by repeating each sent
    message once per recipient, and duplicates dropped keeping the first.
    Conversations are only gathered when your profile is not known yet.
    """
    cols = _cols(raw)
    n = len(raw)
    flag_col = _column(raw, cols, "is message draft")
    folder_col = _column(raw, cols, "folder")
    draft_of = {pair: _draft(*pair) for pair in set(zip(flag_col, folder_col, strict=True))}
    draft = np.fromiter(
        (draft_of[pair] for pair in zip(flag_col, folder_col, strict=True)), dtype=bool, count=n
    )
    day_codes, day_texts = pd.factorize(pd.Series(_column(raw, cols, "date"), dtype=object))
    day_of = _days_of(day_texts.tolist())
    day_ok = np.array([d != "" for d in day_of], dtype=bool)
    bad = ~draft & ~day_ok[day_codes] if n else np.zeros(0, dtype=bool)
    if bad.any():
        problems: list[Problem] = []
        for i in np.flatnonzero(bad).tolist():
            text = day_texts[day_codes[i]]
            _date_or_problem(text, raw, int(raw.lines[i]), raw.header[cols["date"]], problems)
        raise ImportFileError(problems)
    drafts = int(np.count_nonzero(draft))
    if drafts:
        notes.append(f"{raw.display}: skipped {drafts} draft(s) (never sent)")
    keep = np.flatnonzero(~draft)
    days = np.array(day_of, dtype=object)
    sender_codes, sender_texts = pd.factorize(
        pd.Series(_column(raw, cols, "sender profile url"), dtype=object)
    )
    senders = np.array([_normalized_url(t) or "" for t in sender_texts.tolist()], dtype=object)
    recipient_codes, recipient_texts = pd.factorize(
        pd.Series(_column(raw, cols, "recipient profile urls"), dtype=object)
    )
    recipients_of = [_urls(t) for t in recipient_texts.tolist()]
    if me is None:
        conversations: dict[str, set[str]] = {}
        for conversation, s_code, r_code in zip(
            np.asarray(_column(raw, cols, "conversation id"), dtype=object)[keep].tolist(),
            sender_codes[keep].tolist(),
            recipient_codes[keep].tolist(),
            strict=True,
        ):
            people = conversations.get(conversation)
            if people is None:
                people = conversations[conversation] = set()
            people.add(senders[s_code])
            people.update(recipients_of[r_code])
        me = _who_am_i(conversations, known)
    if me is None:
        if len(keep):
            notes.append(
                f"{raw.display}: cannot tell which profile is yours; messages not imported "
                "(import Connections.csv or the whole zip first)"
            )
        return _Part({}, about="message")
    # per distinct recipient list: the people a message of yours went to, and
    # whether a message from someone else counts as to you
    out_lists = [[r for r in rs if r != me] for rs in recipients_of]
    to_me = np.array([me in rs or not rs for rs in recipients_of], dtype=bool)
    row_sender = senders[sender_codes[keep]] if len(keep) else np.zeros(0, dtype=object)
    mine = row_sender == me
    incoming = ~mine & (row_sender != "") & to_me[recipient_codes[keep]]
    # your messages: once per recipient (in the list's order)
    out_rows = keep[mine]
    per = np.array([len(x) for x in out_lists], dtype=np.int64)[recipient_codes[out_rows]]
    flat_urls = [u for code in recipient_codes[out_rows].tolist() for u in out_lists[code]]
    pairs = pd.DataFrame(
        {
            "row": np.concatenate((np.repeat(out_rows, per), keep[incoming])),
            "sub": np.concatenate(
                (
                    np.arange(int(per.sum())) - np.repeat(np.cumsum(per) - per, per),
                    np.zeros(int(np.count_nonzero(incoming)), dtype=np.int64),
                )
            ),
            "url": np.array(flat_urls + row_sender[incoming].tolist(), dtype=object),
            "direction": np.array(
                ["out"] * int(per.sum()) + ["in"] * int(np.count_nonzero(incoming)), dtype=object
            ),
        }
    )
    pairs["day"] = days[day_codes[pairs["row"].to_numpy()]] if len(pairs) else []
    pairs = pairs.sort_values(["row", "sub"], kind="stable").drop_duplicates(
        ["url", "day", "direction"], keep="first"
    )
    # each distinct person's handle once
    url_codes, url_texts = pd.factorize(pairs["url"].to_numpy(dtype=object))
    handles = np.asarray([str(linkedin_handle(u)) for u in url_texts], dtype=object)
    days_kept = pairs["day"].to_numpy(dtype=object)
    directions = pairs["direction"].to_numpy(dtype=object)
    k = len(pairs)
    return _Part(
        {
            "date": days_kept,
            "kind": np.full(k, "message", dtype=object),
            "direction": directions,
            "source": np.full(k, SOURCE, dtype=object),
            "source_id": np.asarray(
                [
                    f"message:{h}:{d}:{w}"
                    for h, d, w in zip(
                        handles[url_codes].tolist() if k else [],
                        days_kept.tolist(),
                        directions.tolist(),
                        strict=True,
                    )
                ],
                dtype=object,
            ).reshape(k),
        },
        url=pairs["url"].to_numpy(dtype=object),
        about="message",
    )


def _who_am_i(conversations: dict[str, set[str]], known: set[str]) -> str | None:
    """Your profile: in the most conversations; ties broken by not being a contact."""
    counts: Counter[str] = Counter()
    for people in conversations.values():
        counts.update(p for p in people if p)
    if not counts:
        return None
    top = max(counts.values())
    best = [u for u, n in counts.items() if n == top]
    if len(best) > 1:
        best = [u for u in best if u not in known]
    return best[0] if len(best) == 1 else None
