"""Pseudonymous person ids: the same person gets the same id across sources.

A person id is never a raw email. In order of preference:

- ``meetup-<member id>`` — the Meetup member id (digits of ``User ID``
  ``user 12345678`` or of ``Member ID``);
- ``email-<hash>`` — HMAC-SHA256 of the trimmed, lower-cased email, keyed with
  the folder's salt (first 20 hex digits): Luma and Eventbrite rows with the
  same email get the same id;
- ``name-<hash>`` — the same hash of the normalized name (see
  :func:`normalize_name`), a last resort when there is no email.

Without the salt (kept in the folder, never in the data files) a hash cannot be
turned back into an email by trying likely addresses.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

HASH_HEX_DIGITS = 20
_DIGITS = re.compile(r"\d+")


def normalize_email(email: str) -> str | None:
    """Trimmed, lower-cased email; ``None`` unless it looks like ``x@y``."""
    e = email.strip().lower()
    return e if "@" in e and not e.startswith("@") and not e.endswith("@") else None


def normalize_name(name: str) -> str | None:
    """A name reduced for matching: Unicode NFKC, case-folded, letters and digits only.

    Emoji, punctuation and symbols are dropped and runs of spaces collapse to
    one, so ``" Aino  Virtanen 🚀"`` and ``"aino virtanen"`` match. ``None`` when
    nothing is left.
    """
    text = unicodedata.normalize("NFKC", name).casefold()
    kept = "".join(ch if unicodedata.category(ch)[0] in "LNM" else " " for ch in text)
    words = kept.split()
    return " ".join(words) if words else None


def _digest(salt: str, kind: str, text: str) -> str:
    mac = hmac.new(salt.encode("utf-8"), f"{kind}:{text}".encode(), hashlib.sha256)
    return mac.hexdigest()[:HASH_HEX_DIGITS]


def email_person_id(email: str, salt: str) -> str | None:
    """``email-<salted hash>`` of the lower-cased email (``None`` if it is not an email)."""
    e = normalize_email(email)
    return None if e is None else f"email-{_digest(salt, 'email', e)}"


def name_person_id(name: str, salt: str) -> str | None:
    """``name-<salted hash>`` of :func:`normalize_name` (``None`` for an empty name)."""
    n = normalize_name(name)
    return None if n is None else f"name-{_digest(salt, 'name', n)}"


def meetup_member_id(cell: str) -> str | None:
    """The digits of a Meetup ``User ID`` / ``Member ID`` cell (``user 12345678`` → ``12345678``)."""
    found = _DIGITS.findall(cell)
    return found[0] if len(found) == 1 else None


def meetup_person_id(cell: str) -> str | None:
    """``meetup-<member id>`` from a Meetup ``User ID`` / ``Member ID`` cell."""
    member = meetup_member_id(cell)
    return None if member is None else f"meetup-{member}"


def person_id(*, salt: str, email: str = "", name: str = "", meetup_id: str = "") -> str | None:
    """The best person id from what a row holds (Meetup id, else email, else name)."""
    return (
        (meetup_person_id(meetup_id) if meetup_id.strip() else None)
        or email_person_id(email, salt)
        or name_person_id(name, salt)
    )
