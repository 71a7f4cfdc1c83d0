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
  ``INCOMING`` = ``in``), filled into the contact's connect row only. The
  invitation of a connection in the same export (the one invitation naming
  the profile URL of exactly one connection) is that connect row's
  direction from the start: one fact, one row.
* messages → ``message`` interactions, one per person, day and direction
  (``out`` when you sent it, ``in`` when they did), matched to contacts
  through profile URLs. Drafts are skipped; people not in the logbook are
  counted, never added. Your own profile is the one in the most
  conversations (an ``OUTGOING`` invitation names it too). ``DATE`` is UTC;
  its calendar date is used.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from meetupstats.csvfile import CsvColumns
from meetupstats.importers.batch import ImportBatch
from meetupstats.importers.identity import normalize_linkedin_url
from meetupstats.importers.linkedin_files import (
    EXPECTED,
    KINDS,
    MAX_MEMBER_BYTES,
    SOURCE,
    csv_in_zip,
    decode_export,
    detect_export,
    parse_linkedin_date,
    read_export_bytes,
)
from meetupstats.importers.linkedin_rows import (
    InteractionPart,
    connection_rows,
    fold_invitations,
    invitation_rows,
    joined_parts,
    message_rows,
)
from meetupstats.logbook import Logbook

__all__ = [
    "EXPECTED",
    "KINDS",
    "MAX_MEMBER_BYTES",
    "SOURCE",
    "linkedin_batch",
    "parse_linkedin_date",
    "read_linkedin",
]


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
    return _batch_of(_read_export(path), known_urls)


@dataclass(frozen=True)
class _Export:
    """An export's files as read (by kind), and the notes reading them gave."""

    display: str
    parsed: dict[str, CsvColumns]
    notes: tuple[str, ...]


def _read_export(path: Path) -> _Export:
    """Read and parse the export's files (the part that needs no logbook)."""
    display = str(path)
    data = read_export_bytes(path, display)
    notes: list[str] = []
    parsed: dict[str, CsvColumns] = {}
    if data.startswith(b"PK\x03\x04") or path.suffix.lower() == ".zip":
        for kind, shown, text in csv_in_zip(data, display, notes):
            parsed[kind] = detect_export(text, shown)[1]
    else:
        kind, raw = detect_export(decode_export(data, display, notes), display)
        parsed[kind] = raw
    return _Export(display, parsed, tuple(notes))


class _NeedsLogbook(Exception):
    """Making the batch needs the logbook's profile URLs (not given yet)."""


def _batch_of(export: _Export, known_urls: Iterable[str] | None) -> ImportBatch:
    """The batch of an export read by :func:`_read_export`.

    ``known_urls``: the logbook's profile URLs, asked for only when two
    profiles could be yours (None: not known yet, :class:`_NeedsLogbook`).
    """
    parsed = export.parsed
    notes = list(export.notes)
    batch = ImportBatch(SOURCE, export.display, notes=notes)
    parts: list[InteractionPart] = []
    connects: InteractionPart | None = None
    if "Connections.csv" in parsed:
        batch.contact_columns, connects = connection_rows(parsed["Connections.csv"], notes)
        parts.append(connects)
    me: str | None = None
    if "Invitations.csv" in parsed:
        me, invited = invitation_rows(parsed["Invitations.csv"])
        if batch.contact_columns is not None and connects is not None:
            invited = fold_invitations(batch.contact_columns, connects, invited)
        parts.append(invited)
    if "messages.csv" in parsed:
        contacts = batch.contact_columns

        def known() -> set[str]:
            if known_urls is None:
                raise _NeedsLogbook
            urls = {u for u in map(normalize_linkedin_url, known_urls) if u}
            return urls | (set(contacts["linkedin_url"]) - {""} if contacts is not None else set())

        parts.append(message_rows(parsed["messages.csv"], notes, me, known))
    if parts:
        batch.interaction_columns = joined_parts(parts)
    return batch


class LinkedInBatch:
    """A builder of a LinkedIn export's batch for
    :func:`~meetupstats.importers.import_into`.

    :meth:`prepare` reads the export and makes its batch, which needs no
    logbook (``import_into`` runs it while the logbook loads); calling the
    builder with the loaded logbook gives that batch. Only when two profiles
    in messages.csv could be yours is the batch made then, the logbook's
    profile URLs telling which one is.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._export: _Export | None = None
        self._batch: ImportBatch | None = None

    def prepare(self) -> None:
        """Read the export and make its batch, unless that needs the logbook (once)."""
        if self._export is None:
            self._export = _read_export(self.path)
            with contextlib.suppress(_NeedsLogbook):  # then it is made with the logbook
                self._batch = _batch_of(self._export, None)

    def __call__(self, book: Logbook) -> ImportBatch:
        self.prepare()
        if self._batch is not None:
            return self._batch
        assert self._export is not None
        return _batch_of(self._export, book.contacts["linkedin_url"].dropna())


def linkedin_batch(path: Path) -> LinkedInBatch:
    """A builder for :func:`meetupstats.importers.import_into` (knows the logbook's URLs)."""
    return LinkedInBatch(path)
