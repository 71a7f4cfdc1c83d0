"""The importers' column-at-a-time shortcuts give what the per-row definitions give.

* Each matcher's vectorized ``columns`` gives, for every row of a text table,
  the key its per-row ``key`` gives (a missing cell and ``""`` alike), and a
  key changes only when a column named in ``uses`` changes.
* ``text_tables`` (rendered a column at a time) equals the saved CSV files
  read back with the csv module.
* ``linkedin_handle``'s shortcut for plain profile URLs equals its general path.
* ``defuse_batch`` (one scan, then only rows that need it) equals
  ``defuse_formula`` applied to every free-text cell.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import pytest
from builders import contact, event, interaction, learning, make_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats import schema
from meetupstats.importers import (
    CONTACT_MATCHERS,
    EVENT_MATCHERS,
    INTERACTION_MATCHERS,
    ContactRef,
    ImportBatch,
    InteractionRecord,
    _any_padded,
    defuse_batch,
    defuse_formula,
    text_tables,
)
from meetupstats.importers.identity import linkedin_handle
from meetupstats.logbook import save_logbook
from meetupstats.merge import Matcher, incoming_columns

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# cell text the keys care about: blanks, case, accents, URLs, e-mails, formula starts
pieces = st.sampled_from(
    [
        "",
        " ",
        "\u00a0",
        "\t",
        "a",
        "Ä",
        "é",
        "ß",
        "-",
        "=",
        "@",
        "/",
        "?x=1",
        "#top",
        "%C3%A4",
        "https://",
        "http://",
        "www.",
        "linkedin.com/in/",
        "fi.linkedin.com/in/",
        "LinkedIn.com/IN/",
        "example.com/",
        "mailto:",
        "2024-03-05",
        "linkedin-connect",
        "message",
        "out",
        "in",
        "x_1",
    ]
)
cell = st.lists(pieces, max_size=4).map("".join)
COLUMNS = (
    "source",
    "source_id",
    "date",
    "url",
    "title",
    "linkedin_url",
    "email",
    "name",
    "company",
    "contact_id",
    "kind",
    "direction",
    "notes",
)
# a row may lack a column or hold "" there: both mean "empty"
row = st.dictionaries(st.sampled_from(COLUMNS), cell, max_size=len(COLUMNS))
MATCHERS = [*EVENT_MATCHERS, *CONTACT_MATCHERS, *INTERACTION_MATCHERS]


@pytest.mark.parametrize("matcher", MATCHERS, ids=lambda m: m.name)
@SETTINGS
@given(rows=st.lists(row, max_size=6))
def test_vectorized_keys_equal_per_row_keys(matcher: Matcher, rows: list[dict[str, str]]) -> None:
    assert matcher.columns is not None
    table = incoming_columns(rows)
    assert list(matcher.columns(table)) == [matcher.key(r) for r in rows]


@pytest.mark.parametrize("matcher", MATCHERS, ids=lambda m: m.name)
@SETTINGS
@given(r=row, column=st.sampled_from(COLUMNS), value=cell)
def test_a_key_reads_only_the_columns_it_names(
    matcher: Matcher, r: dict[str, str], column: str, value: str
) -> None:
    assert matcher.uses is not None
    assert matcher.key({c: v for c, v in r.items() if c in matcher.uses}) == matcher.key(r)
    if column in matcher.uses:
        return
    assert matcher.key({**r, column: value}) == matcher.key(r)


def test_incoming_columns_fill_missing_cells_in_first_seen_order() -> None:
    # rows with different columns: a, b from the first row, then c; "" where a row lacks one
    table = incoming_columns([{"a": "1", "b": "2"}, {"c": "3", "a": "4"}])
    assert table.size == 2
    assert list(table) == ["a", "b", "c"]
    assert table == {"a": ["1", "4"], "b": ["2", ""], "c": ["", "3"]}


def test_incoming_columns_of_no_rows() -> None:
    table = incoming_columns([])
    assert table.size == 0 and dict(table) == {}


text = (
    st.lists(st.sampled_from(["a", "Z", " ", ",", '"', "\n", "\r\n", "é", "=", "-", "'", "🚀"]))
    .map("".join)
    .map(str.strip)
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    notes=st.lists(text, min_size=1, max_size=4),
    grades=st.lists(st.sampled_from(["", "1", "5"]), min_size=1, max_size=4),
)
def test_text_tables_equal_the_saved_files_read_back(notes: list[str], grades: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "book"
        book = make_logbook(
            folder,
            events=[
                event("e1", "2024-03-05", title='Meetup, "one"', cost_eur="12.5"),
                event("e2", "2024-04-01", status="skipped"),
            ],
            contacts=[
                contact(f"c{i}", notes=n, tags="a;b" if i % 2 else "") for i, n in enumerate(notes)
            ],
            interactions=[
                interaction("2024-03-06", "c0", "message", direction="out", note=notes[0])
            ],
            learnings=[
                learning("e1", takeaway=f"t{i}", usefulness=g) for i, g in enumerate(grades)
            ],
        )
        texts = text_tables(book)
        save_logbook(book, Path(tmp) / "saved")
        for name, table in schema.TABLES.items():
            saved = (Path(tmp) / "saved" / table.filename).read_bytes().decode("utf-8")
            records = list(csv.reader(io.StringIO(saved, newline="")))
            header, body = records[0], [r for r in records[1:] if r]
            frame = texts[name]
            assert list(frame.columns) == header, name
            assert frame.to_numpy(dtype=object).tolist() == body, name


plain_handle = st.text(alphabet="abcxyz019_-", min_size=1, max_size=6)
url = st.one_of(
    st.builds(
        lambda scheme, host, h, tail: f"{scheme}{host}linkedin.com/in/{h}{tail}",
        st.sampled_from(["", "https://", "http://", "HTTPS://", "ftp://"]),
        st.sampled_from(["", "www.", "fi.", "WWW."]),
        plain_handle,
        st.sampled_from(["", "/", "//", "/x", "?a=1", "#f", "%20", " "]),
    ),
    cell,
)


@settings(max_examples=300, deadline=None)
@given(u=url)
def test_handle_shortcut_equals_the_general_path(u: str) -> None:
    # a leading blank never takes the shortcut; the general path strips it again
    if u != u.strip():
        return
    assert linkedin_handle(u) == linkedin_handle(" " + u)


def test_handle_shortcut_examples() -> None:
    assert linkedin_handle("https://www.linkedin.com/in/aino-v") == "aino-v"
    assert linkedin_handle("linkedin.com/in/aino_v/") == "aino_v"
    assert linkedin_handle("https://www.linkedin.com/in/Aino") == "aino"  # general path
    assert linkedin_handle("https://www.linkedin.com/company/x") is None


@SETTINGS
@given(
    contacts=st.lists(st.dictionaries(st.sampled_from(["name", "company", "contact_id"]), cell)),
    notes=st.lists(st.tuples(cell, cell), max_size=4),
)
def test_defuse_batch_equals_defusing_every_text_cell(
    contacts: list[dict[str, str]], notes: list[tuple[str, str]]
) -> None:
    batch = ImportBatch(
        "linkedin",
        "f",
        contacts=contacts,
        interactions=[
            InteractionRecord({"note": n, "date": d}, ContactRef(batch=0)) for n, d in notes
        ],
    )
    before = [dict(r) for r in contacts]
    out = defuse_batch(batch)
    # contact_id is a reference-free id column of kind str: defused like the others
    free = {c.name for c in schema.CONTACTS.columns if c.kind == "str" and not c.references}
    assert out.contacts == [
        {k: defuse_formula(v) if k in free else v for k, v in r.items()} for r in contacts
    ]
    assert [r.cells for r in out.interactions] == [
        {"note": defuse_formula(n), "date": d} for n, d in notes
    ]
    assert batch.contacts == before  # the input is left alone


def test_defuse_batch_examples() -> None:
    batch = ImportBatch(
        "linkedin", "f", contacts=[{"name": "=SUM(A1)", "company": "-5"}, {"name": "Aino"}]
    )
    out = defuse_batch(batch)
    # a formula gets a quote; a plain number and ordinary text do not
    assert out.contacts == [{"name": "'=SUM(A1)", "company": "-5"}, {"name": "Aino"}]


def test_every_blank_of_strip_is_known() -> None:
    # _any_padded's shortcut knows the ASCII blanks and these; str.strip has no others
    from meetupstats.importers import _OTHER_BLANKS

    blanks = [chr(i) for i in range(0x110000) if chr(i).isspace()]
    assert [c for c in blanks if ord(c) >= 0x80] == list(_OTHER_BLANKS)


blank_piece = st.sampled_from(["", "a", "é", " ", "\t", "\n", "\x1f", "\u00a0", "\u3000", "\u2028"])


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.lists(blank_piece, max_size=3).map("".join), max_size=4))
def test_any_padded_equals_stripping_every_value(values: list[str]) -> None:
    assert _any_padded(values) == any(v != v.strip() for v in values)


def test_any_padded_examples() -> None:
    assert not _any_padded(["a b", "", "c"])  # inner blanks and empty cells are fine
    assert _any_padded(["a", "b "])
    assert _any_padded(["\u00a0a"])
