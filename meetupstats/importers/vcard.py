"""vCards (.vcf): phone contacts and scanned business cards → contacts.

Parsing is :mod:`vobject`'s, for vCard 2.1, 3.0 and 4.0 alike, after one
pre-processing step: vobject does not understand the quoted-printable *soft
line breaks* of vCard 2.1 (a QP value ending in ``=`` continues on the next
line, which does **not** start with a space) and fails on the continuation
line. :func:`join_qp_soft_breaks` joins those lines first, touching only
properties declared ``QUOTED-PRINTABLE`` (a base64 ``PHOTO`` line may also end
in ``=``, as padding). vobject then decodes QP with the property's
``CHARSET``, unfolds 3.0/4.0 lines and unescapes text.

From each card: name (``FN``, else ``N`` as "Given Family"), company (the
first ``ORG`` component), position (``TITLE``), e-mail (the ``pref`` one,
else the first), LinkedIn profile (``X-SOCIALPROFILE`` or ``URL`` pointing at
``linkedin.com/in/...``, normalized), and ``NOTE`` into notes (a card's note
often says where you met). Photos, phone numbers and addresses are ignored.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from meetupstats.csvfile import read_bytes
from meetupstats.errors import ImportFileError, Problem, ProblemsError
from meetupstats.importers.batch import ImportBatch
from meetupstats.importers.identity import (
    normalize_email,
    normalize_linkedin_url,
    normalize_name,
    short_hash,
    slug,
)

SOURCE = "vcard"
_QP = re.compile(r"^[^:]*;[^:]*QUOTED-PRINTABLE[^:]*:", re.IGNORECASE)
_PROPERTY = re.compile(r"^[A-Za-z0-9.-]+[;:]")


def join_qp_soft_breaks(text: str) -> str:
    """Join vCard 2.1 quoted-printable soft line breaks (``=`` at a line end).

    Only lines of a property whose parameters say ``QUOTED-PRINTABLE`` are
    joined; every other line is left exactly as it is.
    """
    lines = re.split(r"\r\n|\n|\r", text)
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _QP.match(line):
            while line.endswith("=") and i + 1 < len(lines):
                i += 1
                line = line[:-1] + lines[i]
        out.append(line)
        i += 1
    return "\r\n".join(out)


def read_vcard(
    path: Path, *, met_on: str | None = None, event_id: str | None = None
) -> ImportBatch:
    """Parse a .vcf file (one or many cards) into contacts rows.

    Parameters
    ----------
    path : Path
        The vCard file.
    met_on, event_id : str, optional
        ``met_on`` (ISO date) and ``met_event_id`` for every card: the evening
        a batch of cards was collected (checked by the caller).

    Raises
    ------
    ImportFileError
        Not a vCard file, or a card that cannot be parsed.
    """
    import vobject

    display = str(path)
    try:
        data = read_bytes(path, display)
    except ProblemsError as e:
        raise ImportFileError(e.problems) from None
    try:
        text = data.decode("utf-8-sig")
        encoding_note = ""
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
        encoding_note = f"{display}: not UTF-8; read as Windows-1252"
    head = text.lstrip(" \t\r\n")
    if not head[:11].upper().startswith("BEGIN:VCARD"):
        first = head.split("\n", 1)[0].strip()[:80]
        raise ImportFileError(
            [
                Problem(
                    display,
                    1,
                    None,
                    f"expected a vCard file (.vcf, starting with BEGIN:VCARD); found: {first!r}",
                )
            ]
        )
    batch = ImportBatch(SOURCE, display)
    if encoding_note:
        batch.notes.append(encoding_note)
    nameless = 0
    try:
        cards = list(vobject.readComponents(join_qp_soft_breaks(head), ignoreUnreadable=False))
    except Exception as e:  # vobject raises ParseError and plain ValueErrors
        line = getattr(e, "lineNumber", None)
        raise ImportFileError(
            [Problem(display, line, None, f"not a readable vCard: {_why(e)}")]
        ) from None
    for card in cards:
        if card.name.upper() != "VCARD":
            continue
        row = _contact(card)
        if row is None:
            nameless += 1
            continue
        if met_on:
            row["met_on"] = met_on
        if event_id:
            row["met_event_id"] = event_id
            row["met_event_inferred"] = "false"
        batch.contacts.append(row)
    if nameless:
        batch.notes.append(f"{display}: skipped {nameless} card(s) without a name")
    return batch


def _why(e: Exception) -> str:
    msg = str(e).strip().splitlines()[0] if str(e).strip() else type(e).__name__
    return re.sub(r"^At line \d+: ", "", msg)


def _values(card: Any, name: str) -> list[Any]:
    return [c for c in card.getChildren() if c.name.upper() == name]


def _text(value: Any) -> str:
    """A property value as text; of a structured value (``ORG``) the first part.

    vobject splits a part at unescaped commas (a text list in 3.0; a literal
    comma in 2.1, as in ``Stripe, Inc.``): such a part is joined back.
    """
    if isinstance(value, (list, tuple)):
        if not value:
            return ""
        first = value[0]
        return (
            ",".join(map(str, first)) if isinstance(first, (list, tuple)) else str(first)
        ).strip()
    return str(value).strip() if value is not None else ""


def _contact(card: Any) -> dict[str, str] | None:
    fn = next((_text(p.value) for p in _values(card, "FN") if _text(p.value)), "")
    if not fn:
        for p in _values(card, "N"):
            n = p.value
            parts = [getattr(n, "given", ""), getattr(n, "family", "")]
            fn = " ".join(_text(x) for x in parts if _text(x))
            if fn:
                break
    if not fn:
        return None
    company = next((_text(p.value) for p in _values(card, "ORG") if _text(p.value)), "")
    position = next((_text(p.value) for p in _values(card, "TITLE") if _text(p.value)), "")
    emails = _values(card, "EMAIL")
    emails.sort(key=lambda p: not _is_pref(p))
    email = next(
        (
            e.strip().removeprefix("mailto:")
            for e in (_text(p.value) for p in emails)
            if normalize_email(e)
        ),
        "",
    )
    linkedin = ""
    for p in _values(card, "X-SOCIALPROFILE") + _values(card, "URL"):
        url = normalize_linkedin_url(_text(p.value))
        if url:
            linkedin = url
            break
    notes = "\n".join(
        _text(p.value).replace("\r\n", "\n") for p in _values(card, "NOTE") if _text(p.value)
    )
    uid = next((_text(p.value) for p in _values(card, "UID") if _text(p.value)), "")
    source_id = uid or "h" + short_hash(
        normalize_name(fn) or fn, email, normalize_name(company) or ""
    )
    return {
        "contact_id": "vc-" + slug(fn),
        "name": fn,
        "company": company,
        "position": position,
        "linkedin_url": linkedin,
        "email": email,
        "notes": notes,
        "source": SOURCE,
        "source_id": source_id,
    }


def _is_pref(prop: Any) -> bool:
    types = [t.lower() for t in prop.params.get("TYPE", [])]
    types += [t.lower() for t in getattr(prop, "singletonparams", [])]
    return "pref" in types or prop.params.get("PREF") is not None
