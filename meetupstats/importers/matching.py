"""How imported rows find the logbook's rows: matchers, keys, ``same`` normalizers, labels.

The matchers of each table (first matcher that finds rows decides, see
:func:`~meetupstats.merge.merge_rows`), their keys for one row and for a
whole text table at once (the same keys), the per-column normalizers under
which two cells are not a conflict, and how a row is named in reports.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from meetupstats.importers.identity import (
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
)
from meetupstats.merge import Columns, KeyPart, Matcher, Row, RowLabel


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


def _event_name(r: Row) -> str:
    return f"{r.get('date', '')} {r.get('title', '')}".strip() or r.get("event_id", "")


def _event_names(t: Columns) -> list[str]:
    return [
        f"{d} {title}".strip() or e
        for d, title, e in zip(
            _column(t, "date"), _column(t, "title"), _column(t, "event_id"), strict=True
        )
    ]


def _contact_name(r: Row) -> str:
    return r.get("name") or r.get("contact_id", "")


def _contact_names(t: Columns) -> list[str]:
    return [n or c for n, c in zip(_column(t, "name"), _column(t, "contact_id"), strict=True)]


def _interaction_name(r: Row) -> str:
    return " ".join(v for v in (r.get("date"), r.get("kind"), r.get("contact_id")) if v)


def _interaction_names(t: Columns) -> list[str]:
    return [
        f"{d} {k} {c}" if d and k and c else " ".join(v for v in (d, k, c) if v)
        for d, k, c in zip(
            _column(t, "date"), _column(t, "kind"), _column(t, "contact_id"), strict=True
        )
    ]


#: how import reports name a row of each table
_event_label = RowLabel(_event_name, _event_names)
_contact_label = RowLabel(_contact_name, _contact_names)
_interaction_label = RowLabel(_interaction_name, _interaction_names)
