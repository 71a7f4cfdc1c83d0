"""Planning an import: merge a batch into a loaded logbook's text tables (nothing written).

:func:`plan_import` merges events, then contacts, then interactions (whom
each is with resolved in the merged contacts), then infers where contacts
were met (:func:`attribute_meetups`).
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated
from meetupstats.importers.batch import (
    AmbiguousAttribution,
    Attribution,
    ContactRef,
    ImportBatch,
    ImportReport,
    InteractionColumns,
    InteractionRecord,
)
from meetupstats.importers.defuse import defuse_batch
from meetupstats.importers.identity import normalize_name
from meetupstats.importers.matching import (
    CONTACT_MATCHERS,
    EVENT_MATCHERS,
    INTERACTION_MATCHERS,
    SAME,
    _contact_label,
    _event_label,
    _fast_name,
    _fast_url,
    _interaction_label,
    _url_keys,
)
from meetupstats.importers.texts import text_tables
from meetupstats.logbook import Logbook, SavedTexts
from meetupstats.merge import Columns, MergeResult, merge_rows

#: days after an attended event within which a LinkedIn connect is attributed to it
ATTRIBUTION_DAYS = 2


def plan_import(book: Logbook, batch: ImportBatch, saved: SavedTexts | None = None) -> ImportReport:
    """Merge ``batch`` into the text tables of ``book`` (nothing is written).

    Events first, then contacts, then interactions (whose contacts are looked
    up in the merged contacts), then :func:`attribute_meetups`. Imported text
    cells are defused first (:func:`defuse_batch`). ``saved``: the texts
    loading ``book`` gave (see :func:`~meetupstats.importers.texts.text_tables`).
    """
    batch = defuse_batch(batch)
    texts = text_tables(book, saved)
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


def _owners(
    held: np.ndarray, wanted: np.ndarray, normalize: Callable[[str], str | None], ids: np.ndarray
) -> np.ndarray:
    """For each text of ``wanted``, the id of the one contact whose text ``held``
    has the same key (``normalize``; ``None`` when no contact or several do, or
    the text has no key). Each distinct text of both is normalized once."""
    n = len(held)
    codes, distinct = pd.factorize(np.concatenate((held, wanted)))
    keys = pd.Series([normalize(t) if t else None for t in distinct.tolist()], dtype=object)
    key_of, _ = pd.factorize(keys, use_na_sentinel=True)
    key = np.asarray(key_of, dtype=np.int64)[codes] if len(codes) else np.zeros(0, np.int64)
    mine, theirs = key[:n], key[n:]
    with_key = np.flatnonzero(mine >= 0)
    counts = np.bincount(mine[with_key], minlength=len(keys))
    owner = np.full(len(keys), -1, dtype=np.int64)
    owner[mine[with_key]] = with_key  # the only contact holding the key, where counts == 1
    out = repeated(None, len(wanted))
    one = np.flatnonzero(theirs >= 0)
    one = one[counts[theirs[one]] == 1]
    out[one] = ids[owner[theirs[one]]]
    return out


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
    found = repeated(None, m)
    by_batch = columns.batch >= 0
    if by_batch.any():
        targets = contacts.positions
        at = targets[columns.batch[by_batch]]
        picked = repeated(None, len(at))
        picked[at >= 0] = ids[at[at >= 0]]
        found[by_batch] = picked
    by_url = ~by_batch & (columns.linkedin_url != "")
    if by_url.any():
        held = frame["linkedin_url"].to_numpy(dtype=object)
        found[by_url] = _owners(held, columns.linkedin_url[by_url], _fast_url, ids)
    by_name = ~by_batch & ~by_url & (columns.name != "")
    if by_name.any():
        held = frame["name"].to_numpy(dtype=object)
        found[by_name] = _owners(held, columns.name[by_name], _fast_name, ids)
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
    if len(keep) == m:
        cells = dict(columns.cells)
    else:
        kept = (~missing).tolist()
        cells = {c: list(itertools.compress(v, kept)) for c, v in columns.cells.items()}
    cells["contact_id"] = found[keep].tolist()
    flags: list[bool] = columns.update_only[keep].tolist()
    return Columns(cells, len(keep)), flags, unresolved


def _resolver(contacts: MergeResult) -> Callable[[ContactRef], str | None]:
    frame = contacts.frame
    ids: list[str] = frame["contact_id"].tolist()
    targets = contacts.targets
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
            pos = targets[ref.batch]
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
        & (out["met_on"].to_numpy(dtype=object) == "")
        & (out["met_event_id"].to_numpy(dtype=object) == "")
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
