"""The importers' column-at-a-time shortcuts give what the per-row definitions give.

* Each matcher's vectorized ``columns`` gives, for every row of a text table,
  the key its per-row ``key`` gives (a missing cell and ``""`` alike), and a
  key changes only when a column named in ``uses`` changes; the numbers its
  ``parts`` give are equal exactly when the key texts are.
* ``text_tables`` (rendered a column at a time) equals the saved CSV files
  read back with the csv module.
* ``linkedin_handle``'s shortcut for plain profile URLs equals its general path.
* ``defuse_batch`` (one scan, then only rows that need it) equals
  ``defuse_formula`` applied to every free-text cell.
* ``slug``'s shortcuts for plain text equal its general path.
* A batch given column by column (the LinkedIn importer's form) plans the
  same import as the same batch given as rows.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import pytest
from builders import contact, event, interaction, learning, make_logbook, write_logbook
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from import_helpers import EXPORTS

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
    plan_import,
    text_tables,
)
from meetupstats.importers.identity import (
    linkedin_handle,
    normalize_linkedin_url,
    plain_profile,
    short_hash,
    slug,
)
from meetupstats.importers.linkedin import read_linkedin
from meetupstats.importers.validation import _has_blank_row, _longest, _nuls
from meetupstats.logbook import load_logbook_unchecked, save_logbook
from meetupstats.merge import Columns, Matcher, incoming_columns
from meetupstats.merge_columns import part_codes

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
# cells that may hold the key separator, and few distinct values (so keys repeat)
row_or_separator = st.dictionaries(
    st.sampled_from(COLUMNS),
    st.one_of(cell, st.sampled_from(["a\x1fb", "\x1f", "a", "A", " a "])),
    max_size=len(COLUMNS),
)


@pytest.mark.parametrize("matcher", MATCHERS, ids=lambda m: m.name)
@SETTINGS
@given(rows=st.lists(row, max_size=6))
def test_vectorized_keys_equal_per_row_keys(matcher: Matcher, rows: list[dict[str, str]]) -> None:
    assert matcher.columns is not None
    table = incoming_columns(rows)
    assert list(matcher.columns(table)) == [matcher.key(r) for r in rows]


@pytest.mark.parametrize("matcher", MATCHERS, ids=lambda m: m.name)
@SETTINGS
@given(rows=st.lists(row_or_separator, max_size=8))
def test_key_numbers_from_parts_equal_the_key_texts(
    matcher: Matcher, rows: list[dict[str, str]]
) -> None:
    # same number <=> same key text; -1 <=> no key (None when a value holds the separator)
    assert matcher.parts is not None and matcher.columns is not None
    table = incoming_columns(rows)
    keys = list(matcher.columns(table))
    cells = {c: np.asarray(v, dtype=object) for c, v in table.items()}
    codes = part_codes(matcher.parts, cells, len(rows))
    if codes is None:
        assert any("\x1f" in v for r in rows for v in r.values())
        return
    assert [c < 0 for c in codes.tolist()] == [k is None for k in keys]
    for i, a in enumerate(keys):
        for j, b in enumerate(keys):
            if a is not None and b is not None:
                assert (codes[i] == codes[j]) == (a == b), (a, b)


@SETTINGS
@given(rows=st.lists(row_or_separator, max_size=8))
def test_key_numbers_with_columns_hashed_by_other_matchers_are_the_same(
    rows: list[dict[str, str]],
) -> None:
    """A column factorized for one matcher's parts, kept for the next matcher's."""
    table = incoming_columns(rows)
    cells = {c: np.asarray(v, dtype=object) for c, v in table.items()}
    for matchers in (EVENT_MATCHERS, CONTACT_MATCHERS, INTERACTION_MATCHERS):
        hashed: dict[str, tuple[np.ndarray, list[str]]] = {}
        for matcher in (*matchers, *reversed(matchers)):
            assert matcher.parts is not None
            alone = part_codes(matcher.parts, cells, len(rows))
            shared = part_codes(matcher.parts, cells, len(rows), hashed)
            assert (alone is None) == (shared is None)
            if alone is not None and shared is not None:
                assert alone.tolist() == shared.tolist()
    interaction_columns = {p.column for m in INTERACTION_MATCHERS for p in m.parts or ()}
    assert not rows or set(hashed) <= interaction_columns


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


# hand-typed cells: blanks around them, odd case, empty, the canonical form
_hand = st.sampled_from(["", " ", "x", " x ", "a, b", ' "q" ', "\u00a0y\u00a0", "é\n"])
_hand_date = st.sampled_from(["", "2024-03-05", " 2024-03-05 ", "2024-12-31"])
_hand_kind = st.sampled_from(["message", " message ", "email", "", "linkedin-connect"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cells=st.lists(st.tuples(_hand, _hand_date, _hand_kind, _hand), min_size=1, max_size=5),
    extra=st.booleans(),
)
def test_the_texts_loading_gives_are_those_text_tables_renders(
    cells: list[tuple[str, str, str, str]], extra: bool
) -> None:
    # text, free-text, date, enum and extra columns: what converting the cells
    # gives on the way is exactly each value as saved
    with tempfile.TemporaryDirectory() as tmp:
        folder = write_logbook(
            Path(tmp),
            events=[event("e1", "2024-03-05", title='Meetup, "one"', cost_eur="12.5")],
            contacts=[
                contact(
                    f"c{i}", company=t, email=t, notes=n, met_on=d, **({"mine": t} if extra else {})
                )
                for i, (t, d, _, n) in enumerate(cells)
            ],
            interactions=[
                interaction(
                    d if d.strip() else "2024-01-01",
                    "c0",
                    k if k.strip() else "message",
                    note=n,
                    source_id=t,
                    **({"mine": t} if extra else {}),
                )
                for t, d, k, n in cells
            ],
        )
        loaded = load_logbook_unchecked(folder)
        book, saved = loaded.book, loaded.texts
        assert set(saved) == set(schema.TABLES)
        assert saved["interactions"].keys() >= {"date", "kind", "note", "contact_id"}
        rendered, given = text_tables(book), text_tables(book, saved)
        for name in schema.TABLES:
            assert rendered[name].to_numpy(dtype=object).tolist() == (
                given[name].to_numpy(dtype=object).tolist()
            ), name
            assert list(rendered[name].columns) == list(given[name].columns)


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


@settings(max_examples=300, deadline=None)
@given(u=st.one_of(url, st.builds(lambda h: f"https://www.linkedin.com/in/{h}", plain_handle)))
def test_plain_profile_equals_the_three_general_functions(u: str) -> None:
    got = plain_profile(u)
    if got is None:
        return
    handle = linkedin_handle(u)
    assert handle is not None
    assert got == (normalize_linkedin_url(u), handle, slug(handle))


def test_plain_profile_examples() -> None:
    long = "a" * 39 + "-bcd"
    assert plain_profile("https://www.linkedin.com/in/aino-v/") == (
        "https://www.linkedin.com/in/aino-v",
        "aino-v",
        "aino-v",
    )
    assert plain_profile(f"linkedin.com/in/{long}") == (
        f"https://www.linkedin.com/in/{long}",
        long,
        "a" * 39,
    )
    for other in ("https://www.linkedin.com/in/aino_v", "https://www.linkedin.com/in/Aino", ""):
        assert plain_profile(other) is None  # the general path decides


@pytest.mark.parametrize("label", ["_event_label", "_contact_label", "_interaction_label"])
@SETTINGS
@given(rows=st.lists(row, max_size=6))
def test_row_labels_of_a_table_equal_each_rows_label(
    label: str, rows: list[dict[str, str]]
) -> None:
    from meetupstats.importers import matching

    named = getattr(matching, label)
    table = incoming_columns(rows)
    full = [{c: table[c][i] for c in table} for i in range(len(rows))]  # "" where missing
    assert named.columns(table) == [named(r) for r in full] == [named(r) for r in rows]


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


@settings(max_examples=300, deadline=None)
@given(values=st.lists(st.lists(blank_piece, max_size=3).map("".join), min_size=1, max_size=4))
def test_longest_is_the_most_bytes_of_a_value(values: list[str]) -> None:
    data = "\x00".join(values).encode()
    assert _longest(data, _nuls(data)) == max(len(v.encode()) for v in values)


@settings(max_examples=300, deadline=None)
@given(
    columns=st.lists(st.sampled_from(["source", "name", "note"]), unique=True, max_size=3),
    rows=st.lists(st.lists(st.sampled_from(["", " ", "\t", "a", " b"]), min_size=3, max_size=3)),
)
def test_has_blank_row_is_a_row_of_blank_cells_only(
    columns: list[str], rows: list[list[str]]
) -> None:
    table = Columns({c: [r[i] for r in rows] for i, c in enumerate(columns)}, len(rows))
    expected = any(not "".join(r[: len(columns)]).strip() for r in rows)
    assert _has_blank_row(table) == expected


def test_any_padded_examples() -> None:
    assert not _any_padded(["a b", "", "c"])  # inner blanks and empty cells are fine
    assert _any_padded(["a", "b "])
    assert _any_padded(["\u00a0a"])


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet="ab09-_. Zé\u0301", max_size=50), max_len=st.sampled_from([5, 40]))
def test_slug_shortcuts_equal_the_general_path(text: str, max_len: int) -> None:
    # the definition: NFKD, ASCII only, lower case, other runs -> "-", trimmed, cut, trimmed
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    cut = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:max_len].strip("-")
    assert slug(text, max_len) == (cut or short_hash(text))


def test_slug_examples() -> None:
    assert slug("aino-virtanen-example") == "aino-virtanen-example"  # already a slug
    assert slug("a" * 39 + "-b") == "a" * 39  # cut at 40 leaves a trailing "-": trimmed
    assert slug("aino_v") == "aino-v"
    assert slug("Jürgen Müller") == "jurgen-muller"


def _plan_texts(report: object) -> list[object]:
    tables = report.tables  # type: ignore[attr-defined]
    return [
        {name: r.frame.to_numpy(dtype=object).tolist() for name, r in tables.items()},
        {
            name: (r.targets, r.added, r.updated, r.unchanged, r.skipped)
            for name, r in tables.items()
        },
        {
            name: ([str(c) for c in r.conflicts], [str(a) for a in r.ambiguous])
            for name, r in tables.items()
        },
        report.attributed,  # type: ignore[attr-defined]
        report.attribution_ambiguous,  # type: ignore[attr-defined]
        report.unresolved,  # type: ignore[attr-defined]
    ]


@pytest.mark.parametrize("vector_min_rows", [0, 10**9])  # column-wise merge, row-wise merge
def test_a_batch_of_columns_plans_what_the_same_rows_plan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, vector_min_rows: int
) -> None:
    import meetupstats.merge

    monkeypatch.setattr(meetupstats.merge, "VECTOR_MIN_ROWS", vector_min_rows)
    export = tmp_path / "export.zip"
    with zipfile.ZipFile(export, "w") as z:
        for name in ("Connections.csv", "Invitations.csv", "messages.csv"):
            z.write(EXPORTS / name, name)
    columns = read_linkedin(export)
    assert columns.contact_columns is not None and columns.interaction_columns is not None
    assert not columns.contacts and not columns.interactions
    rows = ImportBatch(
        columns.source,
        columns.file,
        contacts=columns.contact_rows(),
        interactions=columns.interaction_records(),
    )
    # one contact already there (matched by URL, one cell to fill, one conflict)
    book = make_logbook(
        tmp_path / "lb",
        events=[event("e1", "2025-03-13")],
        contacts=[
            contact(
                "c1",
                name="Aino Virtanen",
                linkedin_url="https://www.linkedin.com/in/aino-virtanen-example",
                company="Elsewhere",
            )
        ],
    )
    by_columns, by_rows = plan_import(book, columns), plan_import(book, rows)
    assert _plan_texts(by_columns) == _plan_texts(by_rows)
    # the stranger who wrote in is not a contact: left out either way
    assert by_columns.unresolved["message"] == {"https://www.linkedin.com/in/recruiter-example"}


def test_a_batch_with_both_rows_and_columns_is_refused(tmp_path: Path) -> None:
    batch = read_linkedin(EXPORTS / "Invitations.csv")
    batch.interactions.append(InteractionRecord({"kind": "message"}, ContactRef(name="X")))
    with pytest.raises(ValueError, match="either as lists or as columns"):
        plan_import(make_logbook(tmp_path / "lb"), batch)


def test_key_numbers_of_many_parts_are_renumbered_before_they_overflow() -> None:
    # 12 parts of 90 distinct values each: 91**12 > 2**62, so the numbers are made
    # dense on the way; rows still share a number exactly when all their parts agree
    from meetupstats.merge import KeyPart

    rng = np.random.default_rng(7)
    n, names = 400, [f"p{i}" for i in range(12)]
    values = rng.integers(1, 91, size=(n, len(names)))
    values[n // 2 :] = values[: n // 2]  # every row has a twin
    values[::7, 3] = 0  # the value "" below: no key for those rows
    cells = {
        c: np.array([str(v) if v else "" for v in values[:, i]], dtype=object)
        for i, c in enumerate(names)
    }
    codes = part_codes([KeyPart(c) for c in names], cells, n)
    assert codes is not None
    rows = [tuple(r) for r in values.tolist()]
    for i in range(n):
        assert (codes[i] < 0) == (rows[i][3] == 0)
        for j in range(i + 1, n):
            if codes[i] >= 0 and codes[j] >= 0:
                assert (codes[i] == codes[j]) == (rows[i] == rows[j])


date_piece = st.sampled_from(
    [
        "2024-03-05",
        "2024-02-30",
        " ",
        "\t",
        " 14:22:11 UTC",
        "x",
        "08 Feb 2026",
        "1/29/26",
        "٢٠٢٤-03-05",
        "\x00",
    ]
)


@settings(max_examples=300, deadline=None)
@given(texts=st.lists(st.lists(date_piece, max_size=3).map("".join), max_size=5))
def test_message_days_equal_parsing_each_text(texts: list[str]) -> None:
    from meetupstats.importers.linkedin_rows import days_of, parse_linkedin_date

    # the definition: each text's date (ISO), "" when it is not one
    expected = [d.isoformat() if (d := parse_linkedin_date(t)) else "" for t in texts]
    assert days_of(texts).tolist() == expected


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.one_of(
            st.characters(max_codepoint=127), st.sampled_from(["é", "Ü", "ß", "\u00a0", "ǅ"])
        ),
        max_size=8,
    )
)
def test_the_fast_name_key_is_normalize_name(text: str) -> None:
    """Contacts and imported rows are matched by name through _fast_name on both
    sides; it must be normalize_name, the definition."""
    from meetupstats.importers.identity import normalize_name
    from meetupstats.importers.matching import _fast_name

    assert _fast_name(text) == normalize_name(text)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "https://",
                "www.",
                "linkedin.com",
                "/in/",
                "ann-lee",
                "Ann",
                "%C3%BC",
                "/",
                "?x",
                "#",
                " ",
            ]
        ),
        max_size=6,
    ).map("".join)
)
@example("https://www.linkedin.com/in/Ann-Lee")
@example("https://www.linkedin.com/in/ann-lee/")
@example("https://www.linkedin.com/in/j%C3%BCrgen")
def test_the_fast_url_key_is_normalize_linkedin_url(text: str) -> None:
    from meetupstats.importers.identity import normalize_linkedin_url
    from meetupstats.importers.matching import _fast_url

    assert _fast_url(text) == normalize_linkedin_url(text)


url_piece = st.sampled_from(
    [
        "https://www.linkedin.com/in/ann-lee",
        "linkedin.com/in/Bo/",
        "x",
        ",",
        " ",
        "\u00a0",
        "\u2028",
        "\t",
    ]
)


@settings(max_examples=300, deadline=None)
@given(text=st.lists(url_piece, max_size=6).map("".join))
def test_a_list_of_profile_urls_is_split_at_commas_and_blanks(text: str) -> None:
    import re

    from meetupstats.importers.identity import normalize_linkedin_url
    from meetupstats.importers.linkedin_rows import _UrlCache

    # the definition: split at runs of commas and blanks, keep the profile URLs
    expected = [u for t in re.split(r"[,\s]+", text) if (u := normalize_linkedin_url(t))]
    assert _UrlCache().of_list(text) == expected


@pytest.mark.parametrize("fails", [False, True])
def test_an_import_pauses_the_cyclic_collector_and_restores_it(tmp_path: Path, fails: bool) -> None:
    import gc

    from meetupstats.importers import import_into

    folder = tmp_path / "lb"
    make_logbook(folder)
    seen: list[bool] = []

    def build(book: object) -> ImportBatch:
        seen.append(gc.isenabled())
        if fails:
            raise RuntimeError("the export could not be read")
        return ImportBatch("linkedin", "f")

    assert gc.isenabled()
    if fails:
        with pytest.raises(RuntimeError, match="could not be read"):
            import_into(folder, build)
    else:
        import_into(folder, build)
    assert seen == [False]  # paused while the import ran
    assert gc.isenabled()  # and back on afterwards, also after an error


def test_invitations_by_name_plan_the_same_as_rows_and_name_who_was_not_found(
    tmp_path: Path,
) -> None:
    path = tmp_path / "Invitations.csv"
    path.write_text(
        "From,To,Sent At,Message,Direction,inviterProfileUrl,inviteeProfileUrl\n"
        'Mia Me,Ann  LEE,"1/10/25, 02:37 PM",,OUTGOING,,\n'  # Ann Lee, by name: found
        'Bo Berg,Mia Me,"1/11/25, 02:37 PM",,INCOMING,,\n'  # two contacts named Bo Berg
        'Mia Me,Cy Nobody,"1/12/25, 02:37 PM",,OUTGOING,,\n',  # nobody of that name
        encoding="utf-8",
    )
    book = make_logbook(
        tmp_path / "lb",
        contacts=[
            contact("c1", name="Ann Lee"),
            contact("c2", name="Bo Berg"),
            contact("c3", name="Bo Berg"),
        ],
        interactions=[interaction("2025-01-10", "c1", "linkedin-connect")],
    )
    columns = read_linkedin(path)
    rows = ImportBatch(columns.source, columns.file, interactions=columns.interaction_records())
    by_columns, by_rows = plan_import(book, columns), plan_import(book, rows)
    assert _plan_texts(by_columns) == _plan_texts(by_rows)
    # Ann's connect gets its direction; Bo is ambiguous and Cy unknown: both not found
    assert by_columns.unresolved == {"invitation": {"Bo Berg", "Cy Nobody"}}
    assert by_columns.tables["interactions"].frame["direction"].tolist() == ["out"]


def test_an_imported_nul_is_refused_with_the_line_it_would_be_on(tmp_path: Path) -> None:
    from meetupstats.errors import LogbookError
    from meetupstats.importers import import_into

    folder = tmp_path / "lb"
    make_logbook(folder, contacts=[contact("c1")])
    before = (folder / "contacts.csv").read_bytes()
    batch = ImportBatch("vcard", "cards.vcf")
    batch.contacts = [{"name": "Ann\x00Lee", "source": "vcard", "source_id": "x1"}]
    with pytest.raises(LogbookError, match=r"contacts\.csv:3: after the import: .*NUL"):
        import_into(folder, batch)
    assert (folder / "contacts.csv").read_bytes() == before  # nothing written
