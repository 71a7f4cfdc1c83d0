"""A LinkedIn export's files as contact and interaction columns: connections,
invitations and messages (each distinct cell text parsed once).

Part of :mod:`meetupstats.importers.linkedin` (which describes the export);
:mod:`~meetupstats.importers.linkedin_files` reads the files.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from meetupstats.arrays import repeated
from meetupstats.csvfile import CsvColumns
from meetupstats.errors import ImportFileError, Problem
from meetupstats.importers.batch import InteractionColumns
from meetupstats.importers.identity import (
    linkedin_handle,
    normalize_linkedin_url,
    normalize_name,
    plain_profile,
    slug,
)
from meetupstats.importers.linkedin_files import (
    ISO_DATE,
    ISO_START,
    SOURCE,
    cell_column,
    date_or_problem,
    header_columns,
    iso_or_empty,
    parse_linkedin_date,
)
from meetupstats.merge import Columns

_CELLS = ("date", "kind", "direction", "source", "source_id")


@dataclass
class InteractionPart:
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


def joined_parts(parts: list[InteractionPart]) -> InteractionColumns:
    """The parts one after another as one :class:`InteractionColumns`."""
    sizes = [p.size for p in parts]
    total = sum(sizes)

    def stacked(pick: Callable[[InteractionPart, int], np.ndarray]) -> np.ndarray:
        arrays = [pick(p, n) for p, n in zip(parts, sizes, strict=True)]
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=object)

    def text(values: np.ndarray | None, n: int) -> np.ndarray:
        return repeated("", n) if values is None else values

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
        about=stacked(lambda p, n: repeated(p.about, n)),
    )


def connection_rows(raw: CsvColumns, notes: list[str]) -> tuple[Columns, InteractionPart]:
    """Contacts and their connect rows, column by column (each distinct text parsed once)."""
    cols = header_columns(raw)
    firsts, lasts = cell_column(raw, cols, "first name"), cell_column(raw, cols, "last name")
    names = [f"{a.strip()} {b.strip()}".strip() for a, b in zip(firsts, lasts, strict=True)]
    named = np.fromiter(map(bool, names), dtype=bool, count=len(names))
    hidden = len(names) - int(np.count_nonzero(named))
    day_codes, day_texts = pd.factorize(
        pd.Series(cell_column(raw, cols, "connected on"), dtype=object)
    )
    day_of = [iso_or_empty(t) for t in day_texts.tolist()]
    day_ok = np.array([d != "" for d in day_of], dtype=bool)
    bad = named & ~day_ok[day_codes] if len(names) else named
    if bad.any():
        problems: list[Problem] = []
        connected_col = raw.header[cols["connected on"]]
        for i in np.flatnonzero(bad).tolist():
            text = day_texts[day_codes[i]]
            date_or_problem(text, raw, int(raw.lines[i]), connected_col, problems)
        raise ImportFileError(problems)
    if hidden:
        notes.append(
            f"{raw.display}: skipped {hidden} hidden-profile row(s) (no name, only a date)"
        )
    keep = np.flatnonzero(named)
    kept_names = np.asarray(names, dtype=object)[keep].tolist()
    # each distinct URL text: its normalized form, handle and id slug
    url_codes, url_texts = pd.factorize(
        np.asarray(cell_column(raw, cols, "url"), dtype=object)[keep]
    )
    url_of, handle_of, slug_of = [], [], []
    for text in url_texts.tolist():
        if plain := plain_profile(text):  # the usual form: no parsing
            url_of.append(plain[0])
            handle_of.append(plain[1])
            slug_of.append(plain[2])
            continue
        url = normalize_linkedin_url(text)
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
        cells: list[str] = np.asarray(cell_column(raw, cols, name), dtype=object)[keep].tolist()
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
    connects = InteractionPart(
        {
            "date": np.asarray(day_of, dtype=object)[day_codes[keep]]
            if k
            else np.zeros(0, dtype=object),
            "kind": repeated("linkedin-connect", k),
            "source": repeated(SOURCE, k),
            "source_id": np.asarray([f"connect:{s}" for s in source_ids], dtype=object),
        },
        batch=np.arange(k, dtype=np.int64),
        about="connection",
    )
    return contacts, connects


def invitation_rows(raw: CsvColumns) -> tuple[str | None, InteractionPart]:
    """Connect directions, and your own profile URL when the file names it."""
    cols = header_columns(raw)
    problems: list[Problem] = []
    me: Counter[str] = Counter()
    urls: list[str] = []
    names: list[str] = []
    directions: list[str] = []
    urls_of = _UrlCache()
    for way_text, inviter_text, invitee_text, to_text, from_text, line in zip(
        cell_column(raw, cols, "direction"),
        cell_column(raw, cols, "inviterprofileurl"),
        cell_column(raw, cols, "inviteeprofileurl"),
        cell_column(raw, cols, "to"),
        cell_column(raw, cols, "from"),
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
        inviter = urls_of[inviter_text]
        invitee = urls_of[invitee_text]
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
    part = InteractionPart(
        {
            "kind": repeated("linkedin-connect", k),
            "direction": np.asarray(directions, dtype=object).reshape(k),
        },
        url=np.asarray(urls, dtype=object).reshape(k),
        name=np.asarray(names, dtype=object).reshape(k),
        update_only=True,
        about="invitation",
    )
    return (me.most_common(1)[0][0] if me else None), part


def fold_invitations(
    contacts: Columns, connects: InteractionPart, invited: InteractionPart
) -> InteractionPart:
    """Give connect rows the direction of their invitation; the invitations left over.

    An invitation is about a connection of the same export when its profile
    URL is that of exactly one connection and no other invitation names that
    URL. Its direction is then a cell of that connect row (one fact, one
    row), set in ``connects``. Every other invitation is returned: an
    update-only row that the merge fills into the contact's connect row.
    """
    urls = np.asarray(contacts["linkedin_url"], dtype=object).reshape(contacts.size)
    asked = invited.url if invited.url is not None else repeated("", invited.size)
    held = pd.Series(urls, dtype=object).value_counts()
    named = pd.Series(asked, dtype=object).value_counts()
    # the URLs held by exactly one connection and named by exactly one invitation
    pairs = set(held.index[held == 1]).intersection(named.index[named == 1]) - {""}
    if not pairs:
        return invited
    at_invitation = np.flatnonzero(pd.Series(asked, dtype=object).isin(pairs).to_numpy())
    contact_of = {u: i for i, u in enumerate(urls.tolist()) if u in pairs}
    at_contact = np.array([contact_of[u] for u in asked[at_invitation].tolist()], dtype=np.int64)
    # connect row n is about contact batch[n]
    row_of = np.full(contacts.size, -1, dtype=np.int64)
    row_of[np.asarray(connects.batch, dtype=np.int64)] = np.arange(connects.size)
    direction = connects.cells.get("direction", repeated("", connects.size)).copy()
    direction[row_of[at_contact]] = invited.cells["direction"][at_invitation]
    connects.cells["direction"] = direction
    left = np.ones(invited.size, dtype=bool)
    left[at_invitation] = False
    return InteractionPart(
        {c: v[left] for c, v in invited.cells.items()},
        batch=None if invited.batch is None else invited.batch[left],
        url=asked[left],
        name=None if invited.name is None else invited.name[left],
        update_only=invited.update_only,
        about=invited.about,
    )


def days_of(texts: list[str] | np.ndarray) -> np.ndarray:
    """Each text's :func:`parse_linkedin_date` as ISO text (``""``: not a date).

    A text starting with an ISO date (a timestamp, nearly unique per message)
    means that date: each distinct date is parsed once.
    """
    n = len(texts)
    # the first ten characters of every text at once; where they are an ISO date
    # (so the text starts with one, no blank before it) they are the key
    cells = np.asarray(texts, dtype=object).reshape(n)
    firsts = cells.astype("U10").astype(object)
    codes, distinct = pd.factorize(firsts)
    keys = distinct.tolist()
    iso_first = np.array([bool(ISO_DATE.fullmatch(t)) for t in keys], dtype=bool)
    plain = iso_first[codes] if n else np.zeros(0, dtype=bool)
    iso: dict[str, str] = {}

    def day(key: str) -> str:
        if key not in iso:
            parsed = parse_linkedin_date(key)
            iso[key] = "" if parsed is None else parsed.isoformat()
        return iso[key]

    shown = np.array(
        [_iso_day(k, day) if ok else "" for k, ok in zip(keys, iso_first, strict=True)]
    )
    out = np.asarray(shown, dtype=object)[codes] if n else np.zeros(0, dtype=object)
    for i in np.flatnonzero(~plain).tolist():
        t = cells[i]
        out[i] = day(m[0] if (m := ISO_START.match(t.strip())) else t)
    return np.asarray(out, dtype=object)


def _iso_day(key: str, day: Callable[[str], str]) -> str:
    """``day(key)`` of a ``YYYY-MM-DD`` text: the text itself when it is an ASCII
    date (parsing gives it back), else ``""`` or what ``day`` says."""
    if not key.isascii():
        return day(key)  # digits of another script: parsed as those
    try:
        dt.date.fromisoformat(key)
    except ValueError:
        return ""
    return key


def _draft(flag: str, folder: str) -> bool:
    return flag.strip().lower() in ("yes", "true", "1") or "draft" in folder.strip().lower()


_URL_LIST_SEPARATOR = re.compile(r"[,\s]+")


class _UrlCache(dict[str, str]):
    """:func:`normalize_linkedin_url` of each text once (``""``: not a profile URL).

    One per import: the export repeats the same URLs a lot (your own in every
    invitation), and nothing is kept from one import to the next."""

    def __missing__(self, text: str) -> str:
        url = self[text] = normalize_linkedin_url(text) or ""
        return url

    def of_list(self, text: str) -> list[str]:
        """The profile URLs in a comma or blank separated list."""
        # (without a comma, the blanks str.split splits at are the regex's \s)
        parts = text.split() if "," not in text else _URL_LIST_SEPARATOR.split(text)
        return [u for u in map(self.__getitem__, parts) if u]


def message_rows(
    raw: CsvColumns, notes: list[str], me: str | None, known: Callable[[], set[str]]
) -> InteractionPart:
    """Message rows: one per person, day and direction (column by column).

    Each distinct cell text (date, sender, recipient list, draft flags) is
    parsed once; rows are then handled as integer codes: drafts and bad dates
    by masks, the pairs (person, day, direction) by repeating each sent
    message once per recipient, and duplicates dropped keeping the first.
    Conversations are only gathered when your profile is not known yet
    (``me``); ``known`` gives your contacts' profile URLs, asked for only when
    two profiles are in as many conversations.
    """
    cols = header_columns(raw)
    n = len(raw)
    flag_col = cell_column(raw, cols, "is message draft")
    folder_col = cell_column(raw, cols, "folder")
    draft_of = {pair: _draft(*pair) for pair in set(zip(flag_col, folder_col, strict=True))}
    draft = np.fromiter(
        (draft_of[pair] for pair in zip(flag_col, folder_col, strict=True)), dtype=bool, count=n
    )
    date_cells = cell_column(raw, cols, "date")
    days = days_of(date_cells)
    bad = ~draft & (days == "")
    if bad.any():
        problems: list[Problem] = []
        for i in np.flatnonzero(bad).tolist():
            text = date_cells[i]
            date_or_problem(text, raw, int(raw.lines[i]), raw.header[cols["date"]], problems)
        raise ImportFileError(problems)
    drafts = int(np.count_nonzero(draft))
    if drafts:
        notes.append(f"{raw.display}: skipped {drafts} draft(s) (never sent)")
    keep = np.flatnonzero(~draft)
    urls = _UrlCache()
    sender_codes, sender_texts = pd.factorize(
        pd.Series(cell_column(raw, cols, "sender profile url"), dtype=object)
    )
    senders = np.array([urls[t] for t in sender_texts.tolist()], dtype=object)
    recipient_codes, recipient_texts = pd.factorize(
        pd.Series(cell_column(raw, cols, "recipient profile urls"), dtype=object)
    )
    recipients_of = [urls.of_list(t) for t in recipient_texts.tolist()]
    if me is None:
        conversations: dict[str, set[str]] = {}
        for conversation, s_code, r_code in zip(
            np.asarray(cell_column(raw, cols, "conversation id"), dtype=object)[keep].tolist(),
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
        return InteractionPart({}, about="message")
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
    n_out, n_in = int(per.sum()), int(np.count_nonzero(incoming))
    row = np.concatenate((np.repeat(out_rows, per), keep[incoming]))
    sub = np.concatenate(
        (np.arange(n_out) - np.repeat(np.cumsum(per) - per, per), np.zeros(n_in, dtype=np.int64))
    )
    url_codes, url_texts = pd.factorize(
        np.array(flat_urls + row_sender[incoming].tolist(), dtype=object)
    )
    day_codes, _ = pd.factorize(days[row])
    is_out = np.arange(n_out + n_in) < n_out
    # in file order (a message's recipients in list order), the first of each
    # (person, day, direction): the pairs numbered as integers
    order = np.lexsort((sub, row))
    pair = (url_codes.astype(np.int64) * (int(day_codes.max(initial=0)) + 1) + day_codes) * 2
    first = ~pd.Series((pair + is_out)[order]).duplicated().to_numpy()
    kept = order[first]
    # each distinct person's handle once
    handles = np.asarray([str(linkedin_handle(u)) for u in url_texts], dtype=object)
    days_kept = days[row[kept]]
    directions = np.array(["in", "out"], dtype=object)[is_out[kept].astype(np.intp)]
    k = len(kept)
    return InteractionPart(
        {
            "date": days_kept,
            "kind": repeated("message", k),
            "direction": directions,
            "source": repeated(SOURCE, k),
            "source_id": np.asarray(
                [
                    f"message:{h}:{d}:{w}"
                    for h, d, w in zip(
                        handles[url_codes[kept]].tolist(),
                        days_kept.tolist(),
                        directions.tolist(),
                        strict=True,
                    )
                ],
                dtype=object,
            ).reshape(k),
        },
        url=np.asarray(url_texts, dtype=object)[url_codes[kept]],
        about="message",
    )


def _who_am_i(conversations: dict[str, set[str]], known: Callable[[], set[str]]) -> str | None:
    """Your profile: in the most conversations; ties broken by not being a contact
    (``known()``: your contacts' profile URLs, asked for only then)."""
    counts: Counter[str] = Counter()
    for people in conversations.values():
        counts.update(p for p in people if p)
    if not counts:
        return None
    top = max(counts.values())
    best = [u for u, n in counts.items() if n == top]
    if len(best) > 1:
        contacts = known()
        best = [u for u in best if u not in contacts]
    return best[0] if len(best) == 1 else None
