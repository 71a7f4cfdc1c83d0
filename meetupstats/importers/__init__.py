"""Importers: exports people already have, merged into the logbook.

One module per source parses a file into an :class:`ImportBatch` of rows
(cell text, the logbook's columns); :func:`plan_import` merges a batch into a
loaded logbook with the one merge engine (:mod:`meetupstats.merge`) and runs
the Meetup attribution; :func:`import_into` does that under the folder's lock
and saves atomically, after checking that the result validates.

Id schemes (stable, so a re-import finds its own rows again):

* events: ``event_id = "<source>:<source_id>"`` (``ics:<UID>``, and
  ``ics:<UID>/<YYYYMMDD>`` for an occurrence of a recurring event);
* contacts: ``source_id`` is the LinkedIn handle (``linkedin``), the card's
  UID or a hash of name, e-mail and company (``vcard``); ``contact_id`` is
  ``li-<slug>`` / ``vc-<slug>`` of the handle or name, made unique with
  ``-2``... when taken (only when the row is added: later imports find the
  row through ``source``/``source_id``, never through the id);
* interactions: ``source_id`` names the fact (``connect:<handle>``,
  ``message:<handle>:<date>:<direction>``).

Matching (first matcher that finds rows decides, see :func:`merge_rows`):

* events: (source, source_id); then date + URL; then date + title
  (case, accents and spacing ignored);
* contacts: (source, source_id); then LinkedIn URL (normalized); then e-mail;
  then name (normalized) together with the same company;
* interactions: (source, source_id); then contact + kind + date + direction;
  then, for ``linkedin-connect``, the contact's one connect row.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import logging
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import to_csv_text
from meetupstats.errors import LogbookError, Problem
from meetupstats.importers.identity import (
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
)
from meetupstats.logbook import Logbook, load_logbook, save_logbook
from meetupstats.merge import Columns, KeyPart, Matcher, MergeResult, Row, merge_rows

log = logging.getLogger(__name__)

SOURCES = ("linkedin", "ics", "vcard")
#: days after an attended event within which a LinkedIn connect is attributed to it
ATTRIBUTION_DAYS = 2


@dataclass(frozen=True)
class ContactRef:
    """Who an imported interaction is with, resolved after contacts are merged.

    Exactly one of: ``batch`` (index into :attr:`ImportBatch.contacts`),
    ``linkedin_url`` (normalized), ``name`` (matched by :func:`normalize_name`).
    """

    batch: int | None = None
    linkedin_url: str | None = None
    name: str | None = None


@dataclass
class InteractionRecord:
    """An imported interaction row (without ``contact_id``) and whom it is with.

    ``update_only`` rows only fill cells of a row already there (e.g. the
    direction LinkedIn's Invitations.csv gives a connect).
    """

    cells: dict[str, str]
    contact: ContactRef
    update_only: bool = False
    about: str = "interaction"


@dataclass
class InteractionColumns:
    """Imported interactions column by column (the rows of :class:`InteractionRecord`).

    ``cells`` holds the interaction cells (no ``contact_id``; ``""`` empty,
    each row's cells in the table's column order); per row, whom it is with
    is ``batch`` (index into the batch's contacts, ``-1``: not this way),
    else ``linkedin_url``, else ``name`` (``""``: not this way), as in
    :class:`ContactRef`; ``update_only`` and ``about`` as in
    :class:`InteractionRecord`.
    """

    cells: Columns
    batch: np.ndarray
    linkedin_url: np.ndarray
    name: np.ndarray
    update_only: np.ndarray
    about: np.ndarray

    @property
    def size(self) -> int:
        return self.cells.size

    def records(self) -> list[InteractionRecord]:
        """The rows as :class:`InteractionRecord` (cells: the non-empty ones)."""
        names = list(self.cells)
        cells = [self.cells[c] for c in names]
        out = []
        for n, values in enumerate(zip(*cells, strict=True) if names else [()] * self.size):
            at = int(self.batch[n])
            ref = (
                ContactRef(batch=at)
                if at >= 0
                else ContactRef(linkedin_url=self.linkedin_url[n])
                if self.linkedin_url[n]
                else ContactRef(name=self.name[n] or None)
            )
            row = {c: v for c, v in zip(names, values, strict=True) if v}
            out.append(InteractionRecord(row, ref, bool(self.update_only[n]), str(self.about[n])))
        return out


@dataclass
class ImportBatch:
    """Rows parsed from one export file, ready to merge.

    An importer gives contacts and interactions either as rows
    (``contacts``, ``interactions``) or, for large files, column by column
    (``contact_columns``, ``interaction_columns``; the row lists stay
    empty). :meth:`contact_rows` and :meth:`interaction_records` give the
    rows either way. ``notes`` are lines for the import summary (rows
    skipped and why).
    """

    source: str
    file: str
    events: list[dict[str, str]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contact_columns: Columns | None = None
    interaction_columns: InteractionColumns | None = None

    def contact_rows(self) -> list[dict[str, str]]:
        """The contacts as rows (from the columns: every cell, in column order)."""
        table = self.contact_columns
        if table is None:
            return self.contacts
        names = list(table)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*(table[c] for c in names), strict=True)
        ]

    def interaction_records(self) -> list[InteractionRecord]:
        """The interactions as :class:`InteractionRecord` rows."""
        if self.interaction_columns is None:
            return self.interactions
        return self.interaction_columns.records()


@dataclass(frozen=True)
class Attribution:
    """A contact whose ``met_on``/``met_event_id`` the import inferred."""

    contact_id: str
    name: str
    event_id: str
    event_title: str
    event_date: str
    connected_on: str


@dataclass(frozen=True)
class AmbiguousAttribution:
    """A contact connected 0–2 days after several attended events: left alone."""

    contact_id: str
    name: str
    connected_on: str
    event_ids: tuple[str, ...]


@dataclass
class ImportReport:
    """The plan (or the outcome) of one import.

    ``tables`` holds the merge of ``events``, ``contacts`` and
    ``interactions``; ``logbook`` is the merged, validated result (what is or
    would be saved); ``written`` the files written (empty on a dry run or
    when nothing changed).
    """

    batch: ImportBatch
    tables: dict[str, MergeResult]
    attributed: list[Attribution]
    attribution_ambiguous: list[AmbiguousAttribution]
    unresolved: dict[str, set[str]]
    texts: dict[str, pd.DataFrame]
    logbook: Logbook | None = None
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.tables.values()) or bool(self.attributed)


# --------------------------------------------------------------------------- matching rules


def _both(*values: str | None) -> str | None:
    if any(not v for v in values):
        return None
    return "\x1f".join(v for v in values if v)


def _source_key(row: Row) -> str | None:
    return _both(row.get("source"), row.get("source_id"))


def _url_key(url: str | None) -> str | None:
    if not url:
        return None
    text = url.strip().lower().split("#", 1)[0].split("?", 1)[0].rstrip("/")
    text = text.removeprefix("https://").removeprefix("http://").removeprefix("www.")
    return text or None


def _same_day_key(row: Row) -> str | None:
    key = _both(row.get("contact_id"), row.get("kind"), row.get("date"))
    return None if key is None else f"{key}\x1f{row.get('direction', '')}"


def _connect_key(row: Row) -> str | None:
    if row.get("kind") != "linkedin-connect":
        return None
    return _both(row.get("contact_id"), "connect")


# the same keys for every row of a text table at once (``""`` = empty cell)


def _column(table: Columns, name: str) -> Sequence[str]:
    return table.get(name) or [""] * table.size


def _source_keys(frame: Columns) -> list[str | None]:
    return [
        f"{a}\x1f{b}" if a and b else None
        for a, b in zip(_column(frame, "source"), _column(frame, "source_id"), strict=True)
    ]


def _event_url_keys(frame: Columns) -> list[str | None]:
    return [
        _both(d, _url_key(u))
        for d, u in zip(_column(frame, "date"), _column(frame, "url"), strict=True)
    ]


def _event_title_keys(frame: Columns) -> list[str | None]:
    return [
        _both(d, normalize_name(t)) if d and t else None
        for d, t in zip(_column(frame, "date"), _column(frame, "title"), strict=True)
    ]


#: a URL already in the form normalize_linkedin_url gives (nothing to decode, fold or cut)
_CANONICAL_PROFILE = re.compile(r"https://www\.linkedin\.com/in/[^/?#%\s\x00-\x1f\x7f]+")


def _fast_url(url: str | None) -> str | None:
    """:func:`normalize_linkedin_url`, at once for a URL already in its form (same result)."""
    if url and _CANONICAL_PROFILE.fullmatch(url) and url == url.lower():
        return url
    return normalize_linkedin_url(url)


def _url_keys(frame: Columns) -> list[str | None]:
    return [_fast_url(url) if url else None for url in _column(frame, "linkedin_url")]


def _email_keys(frame: Columns) -> list[str | None]:
    return [normalize_email(e) if e else None for e in _column(frame, "email")]


def _fast_name(text: str) -> str | None:
    """:func:`normalize_name`, without Unicode work for ASCII text (same result)."""
    if text.isascii():
        return " ".join(text.lower().split()) or None
    return normalize_name(text)


def _name_company_keys(frame: Columns) -> list[str | None]:
    out: list[str | None] = []
    seen: dict[str, str | None] = {}  # each distinct text normalized once (companies repeat)
    for name, company in zip(_column(frame, "name"), _column(frame, "company"), strict=True):
        if not name or not company:
            out.append(None)
            continue
        a = seen.get(name)
        if a is None:
            a = seen[name] = _fast_name(name)
        b = seen.get(company)
        if b is None:
            b = seen[company] = _fast_name(company)
        out.append(f"{a}\x1f{b}" if a and b else None)  # _both(a, b)
    return out


def _same_day_keys(frame: Columns) -> list[str | None]:
    return [
        f"{c}\x1f{k}\x1f{d}\x1f{w}" if c and k and d else None
        for c, k, d, w in zip(
            _column(frame, "contact_id"),
            _column(frame, "kind"),
            _column(frame, "date"),
            _column(frame, "direction"),
            strict=True,
        )
    ]


def _connect_keys(frame: Columns) -> list[str | None]:
    return [
        f"{c}\x1fconnect" if k == "linkedin-connect" and c else None
        for c, k in zip(_column(frame, "contact_id"), _column(frame, "kind"), strict=True)
    ]


_SOURCE_COLUMNS = frozenset({"source", "source_id"})
_SOURCE_PARTS = (KeyPart("source"), KeyPart("source_id"))


def _connect_part(kind: str) -> str | None:
    return "connect" if kind == "linkedin-connect" else None


EVENT_MATCHERS = (
    Matcher("source and source_id", _source_key, _source_keys, _SOURCE_COLUMNS, _SOURCE_PARTS),
    Matcher(
        "date and URL",
        lambda r: _both(r.get("date"), _url_key(r.get("url"))),
        _event_url_keys,
        frozenset({"date", "url"}),
        (KeyPart("date"), KeyPart("url", _url_key)),
    ),
    Matcher(
        "date and title",
        lambda r: _both(r.get("date"), normalize_name(r.get("title"))),
        _event_title_keys,
        frozenset({"date", "title"}),
        (KeyPart("date"), KeyPart("title", _fast_name)),
    ),
)
CONTACT_MATCHERS = (
    Matcher("source and source_id", _source_key, _source_keys, _SOURCE_COLUMNS, _SOURCE_PARTS),
    Matcher(
        "LinkedIn URL",
        lambda r: normalize_linkedin_url(r.get("linkedin_url")),
        _url_keys,
        frozenset({"linkedin_url"}),
        (KeyPart("linkedin_url", _fast_url),),
    ),
    Matcher(
        "e-mail",
        lambda r: normalize_email(r.get("email")),
        _email_keys,
        frozenset({"email"}),
        (KeyPart("email", normalize_email),),
    ),
    Matcher(
        "name and company",
        lambda r: _both(normalize_name(r.get("name")), normalize_name(r.get("company"))),
        _name_company_keys,
        frozenset({"name", "company"}),
        (KeyPart("name", _fast_name), KeyPart("company", _fast_name)),
    ),
)
INTERACTION_MATCHERS = (
    Matcher("source and source_id", _source_key, _source_keys, _SOURCE_COLUMNS, _SOURCE_PARTS),
    Matcher(
        "contact, kind, date and direction",
        lambda r: _same_day_key(r),
        _same_day_keys,
        frozenset({"contact_id", "kind", "date", "direction"}),
        (
            KeyPart("contact_id"),
            KeyPart("kind"),
            KeyPart("date"),
            KeyPart("direction", required=False),
        ),
    ),
    Matcher(
        "LinkedIn connect of the contact",
        lambda r: _connect_key(r),
        _connect_keys,
        frozenset({"contact_id", "kind"}),
        (KeyPart("contact_id"), KeyPart("kind", _connect_part)),
    ),
)


def _norm(f: Callable[[str], str | None]) -> Callable[[str], object]:
    return lambda v: f(v) or v


SAME: dict[str, Mapping[str, Callable[[str], object]]] = {
    "events": {"title": _norm(normalize_name), "url": _norm(_url_key)},
    "contacts": {
        "name": _norm(normalize_name),
        "company": _norm(normalize_name),
        "linkedin_url": _norm(normalize_linkedin_url),
        "email": _norm(normalize_email),
    },
    "interactions": {},
}


def _event_label(r: Row) -> str:
    return f"{r.get('date', '')} {r.get('title', '')}".strip() or r.get("event_id", "")


def _contact_label(r: Row) -> str:
    return r.get("name") or r.get("contact_id", "")


def _interaction_label(r: Row) -> str:
    return " ".join(v for v in (r.get("date"), r.get("kind"), r.get("contact_id")) if v)


# --------------------------------------------------------------------------- text tables


def text_tables(book: Logbook) -> dict[str, pd.DataFrame]:
    """The logbook's tables as text cells (``""`` empty), exactly as saved.

    Each cell is what :func:`meetupstats.logbook.table_to_csv` writes for it
    (and reading that file back gives the same text), rendered a column at a
    time.
    """
    out = {}
    for name, table in schema.TABLES.items():
        frame = book.table(name)
        out[name] = pd.DataFrame(
            {c: pd.Series(_rendered(table, c, frame[c]), dtype=object) for c in frame.columns},
            columns=list(frame.columns),
            index=pd.RangeIndex(len(frame)),
        )
    return out


def _rendered(table: schema.Table, name: str, values: pd.Series) -> np.ndarray:
    """One typed column as the text cells ``table_to_csv`` writes (object array)."""
    try:
        kind = table.column(name).kind
    except KeyError:
        kind = "str"
    n = len(values)
    if kind == "date":
        codes, distinct = pd.factorize(values)
        text = np.append(np.asarray(distinct.strftime(schema.DATE_FORMAT), dtype=object), "")
        return np.asarray(text[codes] if n else text[:0], dtype=object)
    if kind == "list":
        return np.array(
            [schema.LIST_SEPARATOR.join(v) if isinstance(v, (tuple, list)) else "" for v in values],
            dtype=object,
        ).reshape(n)
    if isinstance(values.dtype, pd.CategoricalDtype):
        labels = np.append(np.asarray(values.cat.categories.astype(str), dtype=object), "")
        return np.asarray(labels[values.cat.codes.to_numpy()], dtype=object)
    cells = values.to_numpy(dtype=object)
    missing = np.asarray(pd.isna(cells), dtype=bool)
    out = np.empty(n, dtype=object)
    out[missing] = ""
    present = ~missing
    if kind in ("bool", "int", "float", "enum"):
        codes, distinct = pd.factorize(cells[present])
        if kind == "bool":
            shown = ["true" if v else "false" for v in distinct]
        elif kind == "int":
            shown = [str(int(v)) for v in distinct]
        elif kind == "float":
            shown = [_format_float(float(v)) for v in distinct]
        else:
            shown = [str(v) for v in distinct]
        out[present] = np.asarray(shown, dtype=object)[codes] if len(codes) else []
        return out
    kept = cells[present]
    if pd.api.types.infer_dtype(kept, skipna=False) not in ("string", "empty"):
        kept = np.array([str(v) for v in kept], dtype=object)
    out[present] = kept
    return out


def _format_float(v: float) -> str:
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def _csv_of(frame: pd.DataFrame) -> str:
    return to_csv_text(list(frame.columns), frame.itertuples(index=False, name=None))


# --------------------------------------------------------------------------- formulas

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: values left alone although they start with + or -: numbers, phone numbers, dates
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d .,:/()+-]*$")


def defuse_formula(text: str) -> str:
    """``text`` with a ``'`` put in front when a spreadsheet would run it as a formula.

    Imported text was written by other people (a LinkedIn company name, a
    calendar title) and the logbook is opened in spreadsheets, where a cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
    formula (CSV injection). Such a cell gets a leading ``'``, which
    spreadsheets read as "this is text". Plain numbers, phone numbers and
    dates (``-5``, ``+358 40 123``) are left alone. The same input always
    gives the same output, so a re-import changes nothing.
    """
    if text and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _defusable(table: schema.Table) -> frozenset[str]:
    """The columns of ``table`` whose imported cells are defused (free text)."""
    return frozenset(c.name for c in table.columns if c.kind == "str" and not c.references)


def _defused_rows(table: schema.Table, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``rows`` with their free-text cells defused; rows with nothing to change are kept.

    One substring search per formula start, over all cells joined with
    ``\x1f``, finds whether any cell starts like a formula at all (a cell
    holding ``\x1f`` can only cause a needless look); only then is each
    cell of each row looked at.
    """
    joined = "\x1f".join([v for row in rows for v in row.values() if isinstance(v, str)])
    if joined[:1] not in FORMULA_STARTS and not any(
        "\x1f" + start in joined for start in FORMULA_STARTS
    ):
        return rows
    wanted = _defusable(table)
    out = []
    for row in rows:
        changed: dict[str, str] | None = None
        for name, value in row.items():
            if name in wanted and isinstance(value, str) and value[:1] in FORMULA_STARTS:
                text = defuse_formula(value)
                if text != value:
                    if changed is None:
                        changed = dict(row)
                    changed[name] = text
        out.append(row if changed is None else changed)
    return out


def defuse_batch(batch: ImportBatch) -> ImportBatch:
    """A copy of ``batch`` whose text cells went through :func:`defuse_formula`.

    Applied to every imported row on its way into the logbook (in
    :func:`plan_import`), to text columns only (not dates, numbers, enums, or
    references to rows that are already there). Cells you typed yourself are
    never rewritten.
    """
    cells = _defused_rows(schema.INTERACTIONS, [r.cells for r in batch.interactions])
    columns = batch.interaction_columns
    return replace(
        batch,
        events=_defused_rows(schema.EVENTS, list(batch.events)),
        contacts=_defused_rows(schema.CONTACTS, list(batch.contacts)),
        interactions=[
            r if new is r.cells else replace(r, cells=new)
            for r, new in zip(batch.interactions, cells, strict=True)
        ],
        contact_columns=None
        if batch.contact_columns is None
        else _defused_columns(schema.CONTACTS, batch.contact_columns),
        interaction_columns=None
        if columns is None
        else replace(columns, cells=_defused_columns(schema.INTERACTIONS, columns.cells)),
    )


def _defused_columns(table: schema.Table, columns: Columns) -> Columns:
    """``columns`` with their free-text cells defused (a copy only when one changes).

    As :func:`_defused_rows`: one substring search per formula start over a
    column's cells joined with ``\x1f``; only a column where one may start
    like a formula is looked at cell by cell.
    """
    wanted = _defusable(table)
    out: Columns | None = None
    for name, cells in columns.items():
        if name not in wanted:
            continue
        joined = "\x1f".join(cells)
        if joined[:1] not in FORMULA_STARTS and not any(
            "\x1f" + start in joined for start in FORMULA_STARTS
        ):
            continue
        new = [defuse_formula(v) if v[:1] in FORMULA_STARTS else v for v in cells]
        if new != cells:
            if out is None:
                out = Columns(dict(columns), columns.size)
            out[name] = new
    return columns if out is None else out


# --------------------------------------------------------------------------- planning


def plan_import(book: Logbook, batch: ImportBatch) -> ImportReport:
    """Merge ``batch`` into the text tables of ``book`` (nothing is written).

    Events first, then contacts, then interactions (whose contacts are looked
    up in the merged contacts), then :func:`attribute_meetups`. Imported text
    cells are defused first (:func:`defuse_batch`).
    """
    batch = defuse_batch(batch)
    texts = text_tables(book)
    events = merge_rows(
        texts["events"],
        batch.events,
        EVENT_MATCHERS,
        table="events",
        id_column="event_id",
        same=SAME["events"],
        label=_event_label,
    )
    contacts = merge_rows(
        texts["contacts"],
        batch.contacts if batch.contact_columns is None else batch.contact_columns,
        CONTACT_MATCHERS,
        table="contacts",
        id_column="contact_id",
        same=SAME["contacts"],
        label=_contact_label,
    )
    rows: list[dict[str, str]] | Columns
    flags: list[bool]
    if batch.interaction_columns is not None:
        if batch.interactions or (batch.contacts and batch.contact_columns is None):
            raise ValueError("an ImportBatch holds its rows either as lists or as columns")
        rows, flags, unresolved = _resolved_columns(batch.interaction_columns, contacts)
    else:
        rows, flags, unresolved = _resolved_rows(batch.interactions, contacts)
    interactions = merge_rows(
        texts["interactions"],
        rows,
        INTERACTION_MATCHERS,
        table="interactions",
        same=SAME["interactions"],
        update_only=flags,
        label=_interaction_label,
    )
    contact_frame, attributed, ambiguous = attribute_meetups(
        contacts.frame, interactions.frame, events.frame
    )
    if attributed:
        first_pos: dict[str, int] = {}
        for i, cid in enumerate(contacts.frame["contact_id"].tolist()):
            first_pos.setdefault(cid, i)
        added, updated = set(contacts.added), set(contacts.updated)
        now_updated = {first_pos[a.contact_id] for a in attributed} - added - updated
        if now_updated:
            contacts.updated = sorted(updated | now_updated)
            contacts.unchanged = [p for p in contacts.unchanged if p not in now_updated]
    contacts.frame = contact_frame
    merged = dict(texts)
    merged.update(events=events.frame, contacts=contact_frame, interactions=interactions.frame)
    return ImportReport(
        batch,
        {"events": events, "contacts": contacts, "interactions": interactions},
        attributed,
        ambiguous,
        unresolved,
        merged,
    )


def _resolved_rows(
    records: list[InteractionRecord], contacts: MergeResult
) -> tuple[list[dict[str, str]], list[bool], dict[str, set[str]]]:
    """The interaction rows with their ``contact_id``, their update_only flags and who was not found.

    ``unresolved`` maps what the rows are about to the people (URL, name or
    batch index) not found in the merged contacts; their rows are left out.
    """
    resolve = _resolver(contacts)
    rows: list[dict[str, str]] = []
    flags: list[bool] = []
    unresolved: dict[str, set[str]] = {}
    for record in records:
        contact_id = resolve(record.contact)
        if contact_id is None:
            who = record.contact.linkedin_url or record.contact.name or str(record.contact.batch)
            unresolved.setdefault(record.about, set()).add(who)
            continue
        rows.append({**record.cells, "contact_id": contact_id})
        flags.append(record.update_only)
    return rows, flags, unresolved


def _unique_lookup(keys: Sequence[str | None], ids: np.ndarray) -> pd.Series:
    """Key → contact id, for the keys exactly one row holds."""
    table = pd.DataFrame({"key": pd.Series(keys, dtype=object), "cid": ids}).dropna(subset=["key"])
    once = ~table["key"].duplicated(keep=False)
    return pd.Series(
        table["cid"].to_numpy(dtype=object)[once.to_numpy()],
        index=pd.Index(table["key"].to_numpy(dtype=object)[once.to_numpy()], dtype=object),
        dtype=object,
    )


def _looked_up(
    texts: np.ndarray, normalize: Callable[[str], str | None], lookup: pd.Series
) -> np.ndarray:
    """Each text's contact id through ``lookup`` (``None``: not found); each distinct text once."""
    codes, distinct = pd.factorize(texts)
    keys = pd.Series([normalize(t) for t in distinct.tolist()], dtype=object)
    found = keys.map(lookup).to_numpy(dtype=object)
    found[pd.isna(found)] = None
    return np.asarray(found, dtype=object)[codes] if len(codes) else np.zeros(0, dtype=object)


def _resolved_columns(
    columns: InteractionColumns, contacts: MergeResult
) -> tuple[Columns, list[bool], dict[str, set[str]]]:
    """:func:`_resolved_rows` for interactions given column by column.

    Whom each row is with is looked up for whole columns: batch indexes
    through the contact merge's targets, profile URLs and names through the
    keys exactly one merged contact holds (each distinct text normalized
    once).
    """
    frame = contacts.frame
    ids = frame["contact_id"].to_numpy(dtype=object)
    m = columns.size
    found = np.full(m, None, dtype=object)
    by_batch = columns.batch >= 0
    if by_batch.any():
        targets = np.array([-1 if t is None else t for t in contacts.targets], dtype=np.int64)
        at = targets[columns.batch[by_batch]]
        picked = np.full(len(at), None, dtype=object)
        picked[at >= 0] = ids[at[at >= 0]]
        found[by_batch] = picked
    by_url = ~by_batch & (columns.linkedin_url != "")
    if by_url.any():
        table = Columns({"linkedin_url": frame["linkedin_url"].tolist()}, len(frame))
        lookup = _unique_lookup(_url_keys(table), ids)
        found[by_url] = _looked_up(columns.linkedin_url[by_url], _fast_url, lookup)
    by_name = ~by_batch & ~by_url & (columns.name != "")
    if by_name.any():
        names = frame["name"].tolist()
        lookup = _unique_lookup([_fast_name(v) if v else None for v in names], ids)
        found[by_name] = _looked_up(columns.name[by_name], normalize_name, lookup)
    missing = np.asarray(pd.isna(found), dtype=bool)
    unresolved: dict[str, set[str]] = {}
    if missing.any():
        urls, names = columns.linkedin_url[missing], columns.name[missing]
        at = columns.batch[missing]
        who = np.where(
            urls != "",
            urls,
            np.where(names != "", names, np.where(at >= 0, at.astype(str), "None").astype(object)),
        )
        gone = pd.DataFrame({"about": columns.about[missing], "who": who})
        for about, people in gone.groupby("about", sort=False)["who"]:
            unresolved.setdefault(str(about), set()).update(people.tolist())
    keep = np.flatnonzero(~missing)
    cells = {c: np.asarray(v, dtype=object)[keep].tolist() for c, v in columns.cells.items()}
    cells["contact_id"] = found[keep].tolist()
    flags: list[bool] = columns.update_only[keep].tolist()
    return Columns(cells, len(keep)), flags, unresolved


def _resolver(contacts: MergeResult) -> Callable[[ContactRef], str | None]:
    frame = contacts.frame
    ids: list[str] = frame["contact_id"].tolist()
    table = Columns({c: frame[c].tolist() for c in ("linkedin_url", "name")}, len(frame))
    by_url: dict[str, list[str]] = {}
    for cid, key in zip(ids, _url_keys(table), strict=True):
        if key is not None:
            by_url.setdefault(key, []).append(cid)
    by_name: dict[str, list[str]] = {}
    names_done = False
    urls: dict[str, str | None] = {}

    def resolve(ref: ContactRef) -> str | None:
        nonlocal names_done
        if ref.batch is not None:
            pos = contacts.targets[ref.batch]
            return None if pos is None else ids[pos]
        hits: list[str] = []
        if ref.linkedin_url:
            if ref.linkedin_url not in urls:
                urls[ref.linkedin_url] = _fast_url(ref.linkedin_url)
            hits = by_url.get(urls[ref.linkedin_url] or "", [])
        elif ref.name:
            if not names_done:  # only an import that refers to people by name needs these
                for cid, name in zip(ids, table["name"], strict=True):
                    if (key := _fast_name(name) if name else None) is not None:
                        by_name.setdefault(key, []).append(cid)
                names_done = True
            hits = by_name.get(normalize_name(ref.name) or "", [])
        return hits[0] if len(hits) == 1 else None

    return resolve


def attribute_meetups(
    contacts: pd.DataFrame, interactions: pd.DataFrame, events: pd.DataFrame
) -> tuple[pd.DataFrame, list[Attribution], list[AmbiguousAttribution]]:
    """Infer where contacts were met from when you connected on LinkedIn.

    A contact with no ``met_on`` and no ``met_event_id`` whose first
    ``linkedin-connect`` interaction is dated 0–2 days (inclusive) after
    exactly one attended event gets ``met_on`` = that event's date,
    ``met_event_id`` = that event and ``met_event_inferred`` = ``true``.
    With two or more attended events in that window the contact is left
    alone and listed as ambiguous.

    Parameters
    ----------
    contacts, interactions, events : DataFrame
        Text tables (``""`` empty, ISO dates).

    Returns
    -------
    (contacts, attributed, ambiguous)
        The contacts table with the inferred cells filled (a copy), and what
        was attributed or left alone.
    """
    kinds = interactions["kind"].to_numpy(dtype=object)
    days = interactions["date"].to_numpy(dtype=object)
    connects = (kinds == "linkedin-connect") & (days != "")
    first = pd.Series([], dtype=np.int64)
    if connects.any():
        # the first connect of each contact (each distinct date text parsed once)
        codes, distinct = pd.factorize(days[connects])
        ordinals = np.array(
            [dt.date.fromisoformat(d).toordinal() for d in distinct.tolist()], dtype=np.int64
        )
        per_contact = pd.DataFrame(
            {
                "cid": interactions["contact_id"].to_numpy(dtype=object)[connects],
                "ordinal": ordinals[codes],
            }
        )
        first = per_contact.groupby("cid", sort=False)["ordinal"].min()
    attended_rows = [
        (dt.date.fromisoformat(d), eid, title)
        for eid, d, status, title in zip(
            events["event_id"], events["date"], events["status"], events["title"], strict=True
        )
        if status == "attended" and d
    ]
    # attended events by date (stable: table order among equal dates)
    order = sorted(range(len(attended_rows)), key=lambda i: attended_rows[i][0])
    starts = np.array([attended_rows[i][0].toordinal() for i in order], dtype=np.int64)
    out = contacts.copy()
    if "met_event_inferred" not in out.columns:
        out["met_event_inferred"] = ""
    attributed: list[Attribution] = []
    ambiguous: list[AmbiguousAttribution] = []
    filled: list[tuple[int, str, str]] = []
    # contacts with a connect and no met_on/met_event_id; the attended events
    # dated connect - ATTRIBUTION_DAYS .. connect (inclusive) are starts[lo:hi]
    connected = out["contact_id"].map(first).to_numpy(dtype=np.float64, na_value=np.nan)
    open_rows = (
        ~np.isnan(connected)
        & np.asarray([not v for v in out["met_on"].tolist()], dtype=bool).reshape(len(out))
        & np.asarray([not v for v in out["met_event_id"].tolist()], dtype=bool).reshape(len(out))
    )
    candidates = np.flatnonzero(open_rows)
    day_of = connected[candidates].astype(np.int64)
    lo = np.searchsorted(starts, day_of - ATTRIBUTION_DAYS, side="left")
    hi = np.searchsorted(starts, day_of, side="right")
    near = np.flatnonzero(hi > lo)
    names = out["name"].to_numpy(dtype=object)
    ids = out["contact_id"].to_numpy(dtype=object)
    for j in near.tolist():
        pos = int(candidates[j])
        cid, name = ids[pos], names[pos]
        day = dt.date.fromordinal(int(day_of[j]))
        hits = [attended_rows[i] for i in sorted(order[int(lo[j]) : int(hi[j])])]
        if len(hits) == 1:
            d, eid, title = hits[0]
            filled.append((pos, d.isoformat(), eid))
            attributed.append(Attribution(cid, name, eid, title, d.isoformat(), day.isoformat()))
        else:
            ambiguous.append(
                AmbiguousAttribution(cid, name, day.isoformat(), tuple(h[1] for h in hits))
            )
    if filled:
        positions = [f[0] for f in filled]
        for column, values in (
            ("met_on", [f[1] for f in filled]),
            ("met_event_id", [f[2] for f in filled]),
            ("met_event_inferred", ["true"] * len(filled)),
        ):
            cells = out[column].to_numpy(dtype=object).copy()
            cells[positions] = values
            out[column] = pd.Series(cells, index=out.index, dtype=object)
    return out, attributed, ambiguous


# --------------------------------------------------------------------------- applying


def check_merged(texts: Mapping[str, pd.DataFrame], folder: Path) -> Logbook:
    """Load the merged tables exactly as they would be saved; raise if invalid.

    The tables are written to a temporary folder and loaded with
    :func:`load_logbook`, so the check is the validator itself; problems name
    the logbook folder's files.
    """
    with tempfile.TemporaryDirectory(prefix="meetupstats-import-") as tmp:
        tmp_path = Path(tmp)
        for name, table in schema.TABLES.items():
            (tmp_path / table.filename).write_text(_csv_of(texts[name]), encoding="utf-8")
        try:
            book = load_logbook(tmp_path)
        except LogbookError as e:
            raise LogbookError(
                Problem(
                    p.file.replace(str(tmp_path), str(folder)),
                    p.line,
                    p.column,
                    "after the import: " + p.message,
                    p.severity,
                )
                for p in e.problems
            ) from None
    return book


def validate_merged(
    texts: Mapping[str, pd.DataFrame], folder: Path, book: Logbook, batch: ImportBatch
) -> Logbook:
    """What :func:`check_merged` returns, without writing and re-reading the files.

    The merged text cells go through the loader's own typed conversion and
    checks (:func:`meetupstats.logbook.typed_frame`, ``check_references``,
    the warnings), with each row's line as the saved file would have it.
    What reading the written file could do differently (skip a row whose
    cells are all blank, refuse a NUL, a too long cell or text that is not
    UTF-8) can only come from the imported cells; when one of them could,
    :func:`check_merged` itself runs.
    """
    from meetupstats.csvfile import MAX_FIELD_CHARS, CsvColumns
    from meetupstats.logbook import (
        FolderTables,
        check_oddities,
        check_references,
        sort_problems,
        typed_frame,
    )

    cells = [
        *batch.events,
        *batch.contacts,
        *(r.cells for r in batch.interactions),
    ]
    values = [v for row in cells for v in row.values() if isinstance(v, str)]
    tables = [
        t
        for t in (
            batch.contact_columns,
            None if batch.interaction_columns is None else batch.interaction_columns.cells,
        )
        if t is not None
    ]
    for t in tables:
        for column in t.values():
            values.extend(column)
    joined = "\x1f".join(values)
    try:
        joined.encode("utf-8")
    except UnicodeEncodeError:
        return check_merged(texts, folder)
    if (
        "\x00" in joined
        or (len(joined) > MAX_FIELD_CHARS and max(map(len, values)) > MAX_FIELD_CHARS)
        or any(
            not (isinstance(row.get("source"), str) and row["source"].strip())
            and not "".join(v for v in row.values() if isinstance(v, str)).strip()
            for row in cells
        )
        or any(_has_blank_row(t) for t in tables)
    ):
        return check_merged(texts, folder)
    # a cell with a blank at either end (str.strip's blanks are the regex's \s); NUL
    # cannot be in a cell here, so it separates them
    padded = _any_padded(values)
    problems: list[Problem] = []
    frames: dict[str, pd.DataFrame] = {}
    lines: dict[str, np.ndarray] = {}
    for name, table in schema.TABLES.items():
        text = texts[name]
        lines[name] = _record_lines(text)
        raw = CsvColumns(
            str(folder / table.filename),
            list(text.columns),
            {c: text[c].to_numpy(dtype=object) for c in text.columns},
            lines[name],
            padded=padded,
        )
        frames[name] = typed_frame(table, raw, problems)
    read = FolderTables(frames, lines, set(schema.TABLES))
    check_references(folder, schema.TABLES, read, problems)
    check_oddities(folder, read, problems)
    sort_problems(folder, schema.TABLES, problems)
    errors = [p for p in problems if p.severity == "error"]
    if errors:
        raise LogbookError(
            Problem(p.file, p.line, p.column, "after the import: " + p.message, p.severity)
            for p in errors
        )
    warnings = tuple(p for p in problems if p.severity == "warning")
    return Logbook(**frames, goals=book.goals, path=folder, warnings=warnings)


def _has_blank_row(table: Columns) -> bool:
    """Whether a row of ``table`` has no ``source`` and only blank cells (the CSV reader skips it).

    Each column's distinct cells are stripped once, and only the rows still
    blank are looked at in the next column.
    """
    blank = np.ones(table.size, dtype=bool)
    order = ["source", *(c for c in table if c != "source")] if "source" in table else list(table)
    for name in order:
        if not blank.any():
            return False
        at = np.flatnonzero(blank)
        codes, distinct = pd.factorize(np.asarray(table[name], dtype=object)[at])
        empty = np.array([not v.strip() for v in distinct.tolist()], dtype=bool)
        blank[at] = empty[codes] if len(codes) else blank[at]
    return bool(blank.any())


_PADDED_CELL = re.compile(r"(?:\A|\x00)\s|\s(?:\x00|\Z)")
#: the ASCII blanks of str.strip, all made a space
_ASCII_BLANKS = bytes.maketrans(b"\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f", b" " * 9)
#: the other blanks of str.strip (none is above U+3000)
_OTHER_BLANKS = tuple(c for c in map(chr, range(0x80, 0x3001)) if c.isspace())


def _any_padded(values: list[str]) -> bool:
    """Whether any of ``values`` (none holding a NUL) has a blank at either end."""
    joined = "\x00".join(values)
    if any(c in joined for c in _OTHER_BLANKS):
        return _PADDED_CELL.search(joined) is not None
    # ASCII blanks only: one translation of the UTF-8 bytes, then plain substring tests
    marked = joined.encode("utf-8").translate(_ASCII_BLANKS)
    return marked[:1] == b" " or marked[-1:] == b" " or b"\x00 " in marked or b" \x00" in marked


def _record_lines(text: pd.DataFrame) -> np.ndarray:
    """The line each row of ``text`` starts on in the file ``to_csv_text`` writes.

    The header is line 1; a cell's line breaks (``\n``, ``\r\n`` or a lone
    ``\r``, as the csv module counts them) push the rows after it down.
    """
    n = len(text)
    breaks = np.zeros(n, dtype=np.int64)
    for c in text.columns:
        cells = text[c].tolist()
        joined = "".join(cells)
        if "\n" not in joined and "\r" not in joined:
            continue
        breaks += np.fromiter(
            (s.count("\n") + s.count("\r") - s.count("\r\n") for s in cells), np.int64, n
        )
    before = np.concatenate(([0], np.cumsum(breaks)[:-1])) if n else breaks
    return np.arange(2, n + 2, dtype=np.int64) + before


@contextlib.contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the block (as it was after).

    An import makes millions of small objects (cells, keys, rows) that form
    no reference cycles; the collector's passes, triggered by the number of
    objects made, only walk them again (about a tenth of a large import's
    time). Memory freed by reference counting is freed as usual.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_into(
    folder: str | Path,
    batch: ImportBatch | Callable[[Logbook], ImportBatch],
    *,
    dry_run: bool = False,
) -> ImportReport:
    """Merge ``batch`` into the logbook at ``folder`` and save it (unless ``dry_run``).

    ``batch`` may be a function of the loaded logbook (an importer that needs
    to know who is in it already). Holds the folder's lock from loading to
    saving. The merged logbook is
    validated before anything is written; when it has an error, nothing is
    written (:class:`LogbookError`). When nothing changes, nothing is written
    (a second import of the same file leaves every file byte-identical).
    """
    from meetupstats.storage import folder_lock

    path = Path(folder)
    if not path.is_dir() or any(
        t.required_file and not (path / t.filename).exists() for t in schema.TABLES.values()
    ):
        load_logbook(path)  # a clear error when the folder is not a logbook (before locking)
    with folder_lock(path), _cyclic_gc_paused():
        book = load_logbook(path)
        built = batch if isinstance(batch, ImportBatch) else batch(book)
        report = plan_import(book, built)
        report.dry_run = dry_run
        if not report.changed:
            report.logbook = book
            return report
        merged = validate_merged(report.texts, path, book, report.batch)
        report.logbook = merged
        if not dry_run:
            report.written = save_logbook(merged, path)
            log.info("%s: wrote %s", path, ", ".join(report.written))
    return report
