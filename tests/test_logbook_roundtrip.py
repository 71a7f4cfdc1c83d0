"""Typed loading, and load → save → load being the identity."""

from __future__ import annotations

import string
from pathlib import Path

import pandas as pd
import pytest
from builders import contact, event, interaction, learning, write_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats import schema
from meetupstats.logbook import Logbook, empty_logbook, latest_date, load_logbook, save_logbook


def _frames_equal(a: Logbook, b: Logbook) -> None:
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(a.table(name), b.table(name), check_dtype=True)


def test_columns_are_typed(tmp_path: Path) -> None:
    book = load_logbook(
        write_logbook(
            tmp_path,
            events=[
                event(
                    "e1",
                    "2025-03-12",
                    format="afterwork",
                    duration_h="2.5",
                    travel_min="40",
                    topics="AI; product ;",
                )
            ],
            contacts=[contact("c1", met_event_inferred="TRUE")],
        )
    )
    ev = book.events
    assert ev["date"].dtype == "datetime64[ns]"
    assert ev["date"].iloc[0] == pd.Timestamp("2025-03-12")
    assert isinstance(ev["format"].dtype, pd.CategoricalDtype)
    assert list(ev["format"].cat.categories) == list(schema.FORMATS)
    assert ev["travel_min"].dtype == "Int64"
    assert ev["duration_h"].iloc[0] == 2.5
    assert ev["topics"].iloc[0] == ("AI", "product")
    assert pd.isna(ev["rating"].iloc[0])
    assert pd.isna(ev["community"].iloc[0])
    assert book.contacts["met_event_inferred"].dtype == "boolean"
    assert bool(book.contacts["met_event_inferred"].iloc[0]) is True


def test_latest_date_looks_everywhere(tmp_path: Path) -> None:
    book = load_logbook(
        write_logbook(
            tmp_path,
            events=[event("e1", "2025-03-12")],
            contacts=[contact("c1", met_on="2025-03-12", met_event_id="e1")],
            interactions=[interaction("2025-05-01", "c1", "message")],
            learnings=[learning("e1", applied_on="2025-06-30")],
        )
    )
    # the latest is the applied_on of the takeaway
    assert latest_date(book) == pd.Timestamp("2025-06-30")
    assert latest_date(empty_logbook()) is None


def test_save_round_trip_keeps_extra_columns_text_and_order(tmp_path: Path) -> None:
    src = write_logbook(
        tmp_path / "a",
        events=[
            event("z9", "2025-01-02", my_score="7/10", duration_h="2"),
            event("a1", "2024-12-30", title='Quotes "and", commas', notes="line one\nline two"),
        ],
        contacts=[contact("c1", name="Jürgen Ölz", company="Stripe, Inc.", private="x")],
    )
    book = load_logbook(src)
    save_logbook(book, tmp_path / "b")
    again = load_logbook(tmp_path / "b")
    _frames_equal(book, again)
    assert list(again.events["event_id"]) == ["z9", "a1"]
    assert list(again.events.columns)[-1] == "my_score"
    assert again.events["my_score"].iloc[0] == "7/10"
    text = (tmp_path / "b" / "events.csv").read_text(encoding="utf-8")
    # whole floats are written without ".0"; multi-line cells survive quoted
    assert ",2," in text
    assert '"line one\nline two"' in text
    assert (tmp_path / "b" / "contacts.csv").read_bytes()[:3] != b"\xef\xbb\xbf"


def test_saving_an_unchanged_logbook_writes_nothing(tmp_path: Path) -> None:
    folder = write_logbook(tmp_path, events=[event("e1", "2025-01-02")])
    book = load_logbook(folder)
    save_logbook(book)
    before = {p.name: p.read_bytes() for p in folder.glob("*.csv")}
    assert save_logbook(load_logbook(folder)) == []
    assert {p.name: p.read_bytes() for p in folder.glob("*.csv")} == before


# ----------------------------------------------------------------- property test

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00")
    | st.sampled_from([",", '"', "\n", ";", " "]),
    max_size=12,
)
_id = st.text(alphabet=string.ascii_lowercase + string.digits + "-:", min_size=1, max_size=8)
_date = st.dates(
    min_value=pd.Timestamp("2000-01-01").date(), max_value=pd.Timestamp("2040-12-31").date()
)


@st.composite
def logbooks(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    event_ids = draw(st.lists(_id, max_size=6, unique_by=str.casefold))
    events = [
        {
            "event_id": eid,
            "date": draw(_date).isoformat(),
            "title": draw(_text.filter(lambda s: s.strip() != "")),
            "status": draw(st.sampled_from(schema.STATUSES)),
            "format": draw(st.sampled_from(("", *schema.FORMATS))),
            "duration_h": draw(st.sampled_from(["", "0", "1.5", "2", "0.25"])),
            "rating": draw(st.sampled_from(["", "1", "5"])),
            "topics": ";".join(
                draw(st.lists(st.sampled_from(["ai", "Product", "ux"]), max_size=3))
            ),
            "notes": draw(_text),
            "extra col": draw(_text),
        }
        for eid in event_ids
    ]
    contact_ids = draw(st.lists(_id, max_size=5, unique_by=str.casefold))
    contacts = [
        {
            "contact_id": cid,
            "name": draw(_text.filter(lambda s: s.strip() != "")),
            "company": draw(_text),
            "met_on": draw(st.one_of(st.just(""), _date.map(lambda d: d.isoformat()))),
            "met_event_id": draw(st.sampled_from(["", *event_ids])),
            "met_event_inferred": draw(st.sampled_from(["", "true", "false"])),
        }
        for cid in contact_ids
    ]
    interactions = [
        {
            "date": draw(_date).isoformat(),
            "contact_id": draw(st.sampled_from(contact_ids)),
            "kind": draw(st.sampled_from(schema.INTERACTION_KINDS)),
            "direction": draw(st.sampled_from(("", *schema.DIRECTIONS))),
            "note": draw(_text),
        }
        for _ in range(draw(st.integers(0, 4) if contact_ids else st.just(0)))
    ]
    learnings = [
        {
            "event_id": draw(st.sampled_from(event_ids)),
            "takeaway": draw(_text.filter(lambda s: s.strip() != "")),
        }
        for _ in range(draw(st.integers(0, 3) if event_ids else st.just(0)))
    ]
    return {
        "events": events,
        "contacts": contacts,
        "interactions": interactions,
        "learnings": learnings,
    }


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables=logbooks())
def test_any_valid_logbook_survives_save_and_load(
    tmp_path_factory: pytest.TempPathFactory, tables: dict
) -> None:
    root = tmp_path_factory.mktemp("rt")
    book = load_logbook(write_logbook(root / "src", **tables))
    save_logbook(book, root / "dst")
    again = load_logbook(root / "dst")
    _frames_equal(book, again)
    # and saving the reloaded logbook is byte-stable
    assert save_logbook(again) == []


def test_a_cell_with_a_lone_carriage_return_is_saved_quoted(tmp_path: Path) -> None:
    """The csv module quotes a cell with ``\\r`` only when ``\\r`` is in its line
    terminator; written bare it would end the record on reading (the file
    could no longer be loaded). Found while splicing imports (2026-11-27)."""
    folder = write_logbook(tmp_path / "src", contacts=[contact("c1")])
    (folder / "interactions.csv").write_bytes(
        b"date,contact_id,kind,direction,event_id,note,source,source_id\n"
        b'2025-01-01,c1,coffee,,,"old Mac\rline",,\n'
    )
    book = load_logbook(folder)
    assert book.interactions["note"].tolist() == ["old Mac\rline"]
    save_logbook(book, tmp_path / "dst")
    written = (tmp_path / "dst" / "interactions.csv").read_bytes()
    assert b'"old Mac\rline"' in written and written.count(b"\n") == 2
    _frames_equal(book, load_logbook(tmp_path / "dst"))
