"""Who is who: normalized LinkedIn URLs, e-mail addresses and names.

The merge engine recognises a person already in the logbook by these keys
(in this order): the normalized LinkedIn profile URL, the e-mail address, and
the normalized name together with the same company. The functions here are
the single definition of "normalized" for every importer.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from urllib.parse import unquote, urlsplit

LINKEDIN_PROFILE = "https://www.linkedin.com/in/"

_LINKEDIN_HOST = re.compile(r"^([a-z]{2,3}\.)?(www\.)?linkedin\.com$")
_SPACES = re.compile(r"\s+")
#: a profile URL whose handle needs no decoding, folding or trimming (the usual export form)
_PLAIN_PROFILE = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/([a-z0-9_-]+)/?")
#: a profile URL in the export's usual form whose handle is its own slug
_SLUG_PROFILE = re.compile(r"(?:https?://)?(?:www\.)?linkedin\.com/in/([a-z0-9]+(?:-[a-z0-9]+)*)/?")
#: text that NFKD, dropping non-ASCII and lower-casing leave as it is
_PLAIN_SLUG = re.compile(r"[a-z0-9 _.-]*")
#: text that is its own slug (before the length cut)
_SLUG_ALREADY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def linkedin_handle(url: str | None) -> str | None:
    """The profile handle of a LinkedIn URL, lower-cased and percent-decoded.

    Accepts ``https://www.linkedin.com/in/<handle>/`` with any scheme, host
    variant (``linkedin.com``, ``fi.linkedin.com``), letter case, trailing
    slash, query or fragment, and URLs without a scheme. Returns ``None`` for
    anything that is not a ``/in/<handle>`` profile URL.

    >>> linkedin_handle("HTTPS://WWW.LinkedIn.com/in/J%C3%BCrgen-M/?trk=x")
    'jürgen-m'
    """
    if not url:
        return None
    if plain := _PLAIN_PROFILE.fullmatch(url):
        return plain[1]  # what the general path below gives for it, without parsing
    text = url.strip()
    if not text:
        return None
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if not _LINKEDIN_HOST.match(host):
        return None
    segments = [s for s in parts.path.split("/") if s]
    if len(segments) < 2 or segments[0].lower() != "in":
        return None
    handle = unquote(segments[1]).strip().lower()
    return handle or None


def plain_profile(text: str) -> tuple[str, str, str] | None:
    """``(normalize_linkedin_url(text), linkedin_handle(text), slug(handle))`` at
    once for a URL in the export's usual form whose handle is its own slug
    (``https://www.linkedin.com/in/aino-virtanen``); None for any other text."""
    if plain := _SLUG_PROFILE.fullmatch(text):
        handle = plain[1]
        return LINKEDIN_PROFILE + handle, handle, handle[:40].strip("-")
    return None


def normalize_linkedin_url(url: str | None) -> str | None:
    """``https://www.linkedin.com/in/<handle>`` (see :func:`linkedin_handle`), or None.

    >>> normalize_linkedin_url("linkedin.com/in/aino-virtanen/")
    'https://www.linkedin.com/in/aino-virtanen'
    """
    handle = linkedin_handle(url)
    return None if handle is None else LINKEDIN_PROFILE + handle


def normalize_email(email: str | None) -> str | None:
    """An e-mail address trimmed and lower-cased (``mailto:`` dropped), or None."""
    if not email:
        return None
    text = email.strip()
    if text.lower().startswith("mailto:"):
        text = text[7:]
    text = text.strip().lower()
    return text if "@" in text else None


def normalize_name(name: str | None) -> str | None:
    """A name compared loosely: case-folded, accents removed, spacing collapsed.

    ``"  Jürgen   MÜLLER "`` and ``"jurgen muller"`` are the same name.
    Returns None for an empty name.
    """
    if not name:
        return None
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    folded = _SPACES.sub(" ", plain.casefold()).strip()
    return folded or None


def slug(text: str, max_len: int = 40) -> str:
    """A short ASCII id fragment: ``"Jürgen Müller"`` → ``"jurgen-muller"``.

    Falls back to a short hash when nothing ASCII is left (e.g. a name in
    Cyrillic), so the result is never empty.
    """
    if _SLUG_ALREADY.fullmatch(text):  # e.g. a profile handle: only the length to cut
        return text[:max_len].strip("-")
    if _PLAIN_SLUG.fullmatch(text):  # nothing to decompose, drop or fold
        ascii_text = text
    else:
        decomposed = unicodedata.normalize("NFKD", text)
        ascii_text = decomposed.encode("ascii", "ignore").decode().lower()
    out = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    return out or short_hash(text)


def short_hash(*parts: str, length: int = 10) -> str:
    """A stable hex digest of ``parts`` (joined with a separator)."""
    digest = hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False)
    return digest.hexdigest()[:length]
