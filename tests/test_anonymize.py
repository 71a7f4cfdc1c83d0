"""Pseudonyms: stable, complete, and metric-neutral."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from builders import contact, event, interaction, learning, make_logbook
from report_logbooks import two_year_logbook

from meetupstats.anonymize import (
    anonymize_logbook,
    company_label,
    identifying_values,
    pseudonyms,
)
from meetupstats.logbook import load_logbook
from meetupstats.metrics import yearly_summary


@pytest.mark.parametrize(
    ("k", "label"),
    [(0, "Company A"), (1, "Company B"), (25, "Company Z"), (26, "Company AA"), (27, "Company AB")],
)
def test_company_labels_count_like_spreadsheet_columns(k: int, label: str) -> None:
    assert company_label(k) == label


def test_pseudonyms_follow_row_order_and_share_companies(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[
            contact("z9", name="Aino Virtanen", company="Acme"),
            contact("a1", name="Bo Berg", company="Globex"),
            contact("m5", name="Cy Chan", company="Acme"),
        ],
    )
    names = pseudonyms(book.contacts)
    # Row order, not id order: z9 is the first row.
    assert names.contacts == {"z9": "Contact 1", "a1": "Contact 2", "m5": "Contact 3"}
    # Acme first appears before Globex; both Acme rows share one pseudonym.
    assert names.companies == {"Acme": "Company A", "Globex": "Company B"}


def test_anonymized_logbook_hides_every_identifier_but_keeps_events(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("e1", "2025-01-10", title="Acme Tech Talks with Aino", community="Acme Guild"),
        ],
        contacts=[
            contact(
                "c1",
                name="Aino Virtanen",
                company="Acme",
                email="aino@acme.example",
                linkedin_url="https://www.linkedin.com/in/aino-virtanen",
                position="Head of Product at Acme",
                notes="met via aino@acme.example",
                met_on="2025-01-10",
                met_event_id="e1",
            )
        ],
        interactions=[interaction("2025-01-11", "c1", "message", note="Thanks Aino!")],
        learnings=[learning("e1", "Virtanen's rule: ship weekly", topic="acme")],
    )
    anon = anonymize_logbook(book)
    c = anon.contacts.iloc[0]
    assert (c["name"], c["company"]) == ("Contact 1", "Company A")
    assert pd.isna(c["email"]) and pd.isna(c["linkedin_url"])
    assert c["position"] == "Head of Product at Company A"
    assert c["notes"] == "met via [removed]"
    # Titles and communities stay, except for the identifiers inside them.
    assert anon.events.loc[0, "title"] == "Company A Tech Talks with Contact 1"
    assert anon.events.loc[0, "community"] == "Company A Guild"
    assert anon.interactions.loc[0, "note"] == "Thanks Contact 1!"
    assert anon.learnings.loc[0, "takeaway"] == "Contact 1's rule: ship weekly"
    assert anon.learnings.loc[0, "topic"] == "Company A"
    # Ids, dates and enums are untouched.
    assert anon.contacts.loc[0, "contact_id"] == "c1"
    assert anon.interactions.loc[0, "kind"] == "message"


def test_scrub_replaces_whole_words_only(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, contacts=[contact("c1", name="Ann Lee", company="Acme")])
    names = pseudonyms(book.contacts)
    # "Acmeville" and "Annual" contain an identifier but are other words.
    assert (
        names.scrub("Acmeville Annual, ACME and Ann") == "Acmeville Annual, Company A and Contact 1"
    )


def test_metrics_are_the_same_after_anonymizing(tmp_path: Path) -> None:
    book = load_logbook(two_year_logbook(tmp_path))
    assert yearly_summary(anonymize_logbook(book), 2025) == yearly_summary(book, 2025)


def test_identifying_values_lists_names_emails_urls_companies(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        contacts=[contact("c1", name="Ann Lee", company="Acme", email="ann@x.example")],
    )
    assert identifying_values(book) == ["Acme", "Ann Lee", "ann@x.example"]
