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

import datetime as dt
import logging
import re
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path

import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import parse_csv, to_csv_text
from meetupstats.errors import LogbookError, Problem
from meetupstats.importers.identity import (
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
)
from meetupstats.logbook import Logbook, load_logbook, save_logbook, table_to_csv
from meetupstats.merge import Matcher, MergeResult, Row, merge_rows

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
class ImportBatch:
    """Rows parsed from one export file, ready to merge.

    ``notes`` are lines for the import summary (rows skipped and why).
    """

    source: str
    file: str
    events: list[dict[str, str]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


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


EVENT_MATCHERS = (
    Matcher("source and source_id", _source_key),
    Matcher("date and URL", lambda r: _both(r.get("date"), _url_key(r.get("url")))),
    Matcher("date and title", lambda r: _both(r.get("date"), normalize_name(r.get("title")))),
)
CONTACT_MATCHERS = (
    Matcher("source and source_id", _source_key),
    Matcher("LinkedIn URL", lambda r: normalize_linkedin_url(r.get("linkedin_url"))),
    Matcher("e-mail", lambda r: normalize_email(r.get("email"))),
    Matcher(
        "name and company",
        lambda r: _both(normalize_name(r.get("name")), normalize_name(r.get("company"))),
    ),
)
INTERACTION_MATCHERS = (
    Matcher("source and source_id", _source_key),
    Matcher("contact, kind, date and direction", lambda r: _same_day_key(r)),
    Matcher("LinkedIn connect of the contact", lambda r: _connect_key(r)),
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
    """The logbook's tables as text cells (``""`` empty), exactly as saved."""
    out = {}
    for name, table in schema.TABLES.items():
        raw = parse_csv(table_to_csv(table, book.table(name)), table.filename)
        out[name] = pd.DataFrame(
            {
                h: pd.Series([r[i] for r in raw.rows], dtype=object)
                for i, h in enumerate(raw.header)
            },
            columns=raw.header,
            index=pd.RangeIndex(len(raw.rows)),
        )
    return out


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


def _defused(table: schema.Table, row: Mapping[str, str]) -> dict[str, str]:
    out = dict(row)
    for name, value in row.items():
        try:
            column = table.column(name)
        except KeyError:
            continue
        if column.kind == "str" and not column.references and isinstance(value, str):
            out[name] = defuse_formula(value)
    return out


def defuse_batch(batch: ImportBatch) -> ImportBatch:
    """A copy of ``batch`` whose text cells went through :func:`defuse_formula`.

    Applied to every imported row on its way into the logbook (in
    :func:`plan_import`), to text columns only (not dates, numbers, enums, or
    references to rows that are already there). Cells you typed yourself are
    never rewritten.
    """
    return replace(
        batch,
        events=[_defused(schema.EVENTS, r) for r in batch.events],
        contacts=[_defused(schema.CONTACTS, r) for r in batch.contacts],
        interactions=[
            replace(r, cells=_defused(schema.INTERACTIONS, r.cells)) for r in batch.interactions
        ],
    )


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
        batch.contacts,
        CONTACT_MATCHERS,
        table="contacts",
        id_column="contact_id",
        same=SAME["contacts"],
        label=_contact_label,
    )
    resolve = _resolver(contacts)
    rows: list[dict[str, str]] = []
    flags: list[bool] = []
    unresolved: dict[str, set[str]] = {}
    for record in batch.interactions:
        contact_id = resolve(record.contact)
        if contact_id is None:
            who = record.contact.linkedin_url or record.contact.name or str(record.contact.batch)
            unresolved.setdefault(record.about, set()).add(who)
            continue
        rows.append({**record.cells, "contact_id": contact_id})
        flags.append(record.update_only)
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
    for a in attributed:
        pos = int(contacts.frame.index[contacts.frame["contact_id"] == a.contact_id][0])
        if pos not in contacts.added and pos not in contacts.updated:
            contacts.updated.append(pos)
            contacts.updated.sort()
            if pos in contacts.unchanged:
                contacts.unchanged.remove(pos)
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


def _resolver(contacts: MergeResult) -> Callable[[ContactRef], str | None]:
    frame = contacts.frame
    ids = list(frame["contact_id"])
    by_url: dict[str, list[str]] = {}
    by_name: dict[str, list[str]] = {}
    for cid, url, name in zip(ids, frame["linkedin_url"], frame["name"], strict=True):
        if (key := normalize_linkedin_url(url)) is not None:
            by_url.setdefault(key, []).append(cid)
        if (key := normalize_name(name)) is not None:
            by_name.setdefault(key, []).append(cid)

    def resolve(ref: ContactRef) -> str | None:
        if ref.batch is not None:
            pos = contacts.targets[ref.batch]
            return None if pos is None else ids[pos]
        hits: list[str] = []
        if ref.linkedin_url:
            hits = by_url.get(normalize_linkedin_url(ref.linkedin_url) or "", [])
        elif ref.name:
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
    connected: dict[str, dt.date] = {}
    for cid, kind, day in zip(
        interactions["contact_id"], interactions["kind"], interactions["date"], strict=True
    ):
        if kind == "linkedin-connect" and day:
            d = dt.date.fromisoformat(day)
            if cid not in connected or d < connected[cid]:
                connected[cid] = d
    attended = [
        (dt.date.fromisoformat(d), eid, title)
        for eid, d, status, title in zip(
            events["event_id"], events["date"], events["status"], events["title"], strict=True
        )
        if status == "attended" and d
    ]
    out = contacts.copy()
    if "met_event_inferred" not in out.columns:
        out["met_event_inferred"] = ""
    attributed: list[Attribution] = []
    ambiguous: list[AmbiguousAttribution] = []
    window = dt.timedelta(days=ATTRIBUTION_DAYS)
    for pos, (cid, name, met_on, met_event) in enumerate(
        zip(out["contact_id"], out["name"], out["met_on"], out["met_event_id"], strict=True)
    ):
        day = connected.get(cid)
        if day is None or met_on or met_event:
            continue
        hits = [(d, eid, title) for d, eid, title in attended if d <= day <= d + window]
        if len(hits) == 1:
            d, eid, title = hits[0]
            out.loc[pos, "met_on"] = d.isoformat()
            out.loc[pos, "met_event_id"] = eid
            out.loc[pos, "met_event_inferred"] = "true"
            attributed.append(Attribution(cid, name, eid, title, d.isoformat(), day.isoformat()))
        elif len(hits) > 1:
            ambiguous.append(
                AmbiguousAttribution(cid, name, day.isoformat(), tuple(h[1] for h in hits))
            )
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
    book = load_logbook(path)  # a clear error when the folder is not a logbook
    with folder_lock(path):
        book = load_logbook(path)
        report = plan_import(book, batch if isinstance(batch, ImportBatch) else batch(book))
        report.dry_run = dry_run
        if not report.changed:
            report.logbook = book
            return report
        merged = check_merged(report.texts, path)
        report.logbook = merged
        if not dry_run:
            report.written = save_logbook(merged, path)
            log.info("%s: wrote %s", path, ", ".join(report.written))
    return report
