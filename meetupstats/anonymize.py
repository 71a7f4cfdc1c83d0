"""Stable pseudonyms for the people in a logbook, so a report can be shared.

``--anonymize`` (DESIGN.md, Privacy) replaces every contact's name, email,
LinkedIn URL and company with a stable pseudonym: the n-th contact row is
``Contact n``, the k-th distinct company (in order of first appearance) is
``Company A``, ``Company B``, ... ``Company AA``. The numbering follows row
order, so it is the same on every run over the same logbook, and adding
contacts at the end keeps everybody else's pseudonym.

Event titles and communities stay, except that any contact identifier
written inside them (or inside any other free text: takeaways, notes,
positions, tags, topics, your own extra columns) is replaced too: a full
name, each part of a name of three or more letters, an email, a URL, a
company. Emails and LinkedIn URLs themselves become empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from meetupstats import schema
from meetupstats.logbook import Logbook

_NAME_PART_MIN = 3


@dataclass(frozen=True)
class Pseudonyms:
    """The replacement of every identifying value of a logbook's contacts.

    Attributes
    ----------
    contacts : dict
        ``contact_id`` → ``"Contact n"``.
    companies : dict
        company text (trimmed, as written) → ``"Company X"``.
    replacements : dict
        lower-cased identifier (full name, email, URL, company) → its pseudonym;
        matched case-insensitively inside free text.
    name_parts : dict
        a part of a name (case as written) → its pseudonym; matched case-sensitively.
    """

    contacts: dict[str, str]
    companies: dict[str, str]
    replacements: dict[str, str]
    name_parts: dict[str, str]
    pattern: re.Pattern[str] | None = field(default=None, compare=False, repr=False)

    def scrub(self, text: str) -> str:
        """``text`` with every identifier of the logbook replaced by its pseudonym."""
        pattern = self.pattern
        if pattern is None or not text:
            return text

        def swap(match: re.Match[str]) -> str:
            found = match.group(0)
            return self.replacements.get(found.lower()) or self.name_parts.get(found, found)

        return pattern.sub(swap, text)


def company_label(k: int) -> str:
    """The k-th company pseudonym (0-based): Company A ... Company Z, Company AA, ..."""
    letters = ""
    k += 1
    while k > 0:
        k, rem = divmod(k - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return f"Company {letters}"


def pseudonyms(contacts: pd.DataFrame) -> Pseudonyms:
    """The pseudonyms of a contacts table (see the module docstring for the rules)."""
    ids: dict[str, str] = {}
    companies: dict[str, str] = {}
    replacements: dict[str, str] = {}
    parts: dict[str, str] = {}
    for n, row in enumerate(contacts.itertuples(index=False), start=1):
        label = f"Contact {n}"
        ids[str(row.contact_id)] = label
        name = _text(row.name)
        if name:
            replacements.setdefault(name.lower(), label)
            for part in re.findall(r"[^\W\d_][\w'’-]*", name):
                if len(part) >= _NAME_PART_MIN:
                    parts.setdefault(part, label)
        for value in (
            _text(getattr(row, "email", None)),
            _text(getattr(row, "linkedin_url", None)),
        ):
            if value:
                replacements.setdefault(value.lower(), "[removed]")
                handle = _linkedin_handle(value)
                if handle:
                    replacements.setdefault(handle.lower(), "[removed]")
        company = _text(getattr(row, "company", None))
        if company:
            if company not in companies:
                companies[company] = company_label(len(companies))
            replacements.setdefault(company.lower(), companies[company])
    return Pseudonyms(ids, companies, replacements, parts, _pattern(replacements, parts))


def anonymize_logbook(book: Logbook) -> Logbook:
    """A copy of ``book`` in which no contact can be identified.

    Contacts: ``name`` → ``Contact n``, ``company`` → ``Company X``, ``email``
    and ``linkedin_url`` emptied. Every free-text cell of every table (and the
    items of ``topics``) is scrubbed of every contact identifier. Ids, dates,
    numbers and enums are unchanged, so every metric stays the same.
    """
    names = pseudonyms(book.contacts)
    contacts = book.contacts.copy()
    contacts["name"] = [names.contacts[str(c)] for c in contacts["contact_id"]]
    contacts["company"] = [
        names.companies.get(_text(c) or "", None) if _text(c) else c for c in contacts["company"]
    ]
    for column in ("email", "linkedin_url"):
        contacts[column] = pd.Series([None] * len(contacts), index=contacts.index, dtype=object)
    tables = {
        "events": book.events.copy(),
        "contacts": contacts,
        "interactions": book.interactions.copy(),
        "learnings": book.learnings.copy(),
    }
    for name, frame in tables.items():
        for column in _free_text_columns(name, frame):
            frame[column] = [_scrub_cell(names, v) for v in frame[column]]
        if name == "events":
            frame["topics"] = [tuple(names.scrub(t) for t in topics) for topics in frame["topics"]]
    return book.with_tables(**tables)


def identifying_values(book: Logbook) -> list[str]:
    """Every contact name, email, LinkedIn URL and company of ``book`` (for checks)."""
    values: list[str] = []
    for column in ("name", "email", "linkedin_url", "company"):
        values += [t for t in (_text(v) for v in book.contacts[column]) if t]
    return sorted(set(values))


def _free_text_columns(table: str, frame: pd.DataFrame) -> Iterable[str]:
    declared = schema.TABLES[table]
    skip = {"name", "company", "email", "linkedin_url"} if table == "contacts" else set()
    for column in frame.columns:
        if column in skip:
            continue
        if column in declared.column_names:
            kind = declared.column(column)
            if kind.kind == "str" and not kind.references and not kind.unique:
                yield column
        elif frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            yield column  # a user's own column: text


def _scrub_cell(names: Pseudonyms, value: object) -> object:
    text = _text(value)
    return names.scrub(text) if text else value


def _text(value: object) -> str | None:
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _linkedin_handle(url: str) -> str | None:
    match = re.search(r"linkedin\.com/in/([^/?#\s]+)", url, flags=re.IGNORECASE)
    return match.group(1) if match and len(match.group(1)) >= _NAME_PART_MIN else None


def _pattern(
    insensitive_map: dict[str, str], sensitive_map: dict[str, str]
) -> re.Pattern[str] | None:
    """One regex matching any identifier as a whole word (longest first)."""
    insensitive = sorted(insensitive_map, key=len, reverse=True)
    sensitive = sorted(sensitive_map, key=len, reverse=True)
    alternatives = []
    if insensitive:
        alternatives.append("(?i:" + "|".join(re.escape(v) for v in insensitive) + ")")
    if sensitive:
        alternatives.append("|".join(re.escape(v) for v in sensitive))
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
