"""The numpy/pandas fast path of :func:`read_columns` agrees with :func:`parse_csv`.

Whenever the fast path accepts a file it must give exactly the careful
parser's header, cells and line numbers, and it may only claim that no cell
needs trimming (``padded=False``) when that is true.
"""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from meetupstats.csvfile import _fast_columns, parse_csv, read_columns

# cells made of the characters that matter to CSV structure and trimming
_CELL = st.text(
    alphabet=["a", "ä", "à", ",", '"', " ", "\t", "\x0c", "\x85", "\xa0", "\u2009", "\u3000", "\n"],
    max_size=5,
)


def _quote(cell: str, force: bool) -> str:
    if force or any(c in cell for c in ',"\n'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


@st.composite
def csv_texts(draw: st.DrawFn) -> str:
    width = draw(st.integers(1, 4))
    header = ",".join(f"c{i}" for i in range(width))
    lines = [header]
    for _ in range(draw(st.integers(0, 6))):
        shape = draw(st.sampled_from(["row", "row", "row", "blank", "raw"]))
        if shape == "row":
            cells = draw(st.lists(_CELL, min_size=width, max_size=width))
            lines.append(",".join(_quote(c, draw(st.booleans())) for c in cells))
        elif shape == "blank":
            lines.append(draw(st.sampled_from(["", " ", ",,", '"",', " \t ,", "\xa0,"])))
        else:  # anything at all, often malformed
            lines.append(draw(st.text(alphabet=["a", ",", '"', " ", "\r"], max_size=8)))
    end = draw(st.sampled_from(["\n", "\r\n"]))
    return end.join(lines) + draw(st.sampled_from(["", end]))


@settings(max_examples=400, deadline=None)
@given(csv_texts())
@example('c0\n", "')  # a quoted cell ending in a blank just before its closing quote
@example('c0,c1\n"say ""hi"" ",x\n')
def test_fast_path_agrees_with_the_csv_module(text: str) -> None:
    fast = _fast_columns(text, "f.csv")
    if fast is None:
        return
    raw = parse_csv(text, "f.csv")
    assert raw.problems == []
    assert fast.header == raw.header
    assert fast.lines.tolist() == raw.lines
    for i, name in enumerate(raw.header):
        assert fast.columns[name].tolist() == [r[i] for r in raw.rows]
    if not fast.padded:
        assert all(c == c.strip() for r in raw.rows for c in r)
    # keeping some columns: the same header, lines and kept cells, no others
    some = _fast_columns(text, "f.csv", only={"c0", "c2"})
    assert some is not None
    assert some.header == raw.header and some.lines.tolist() == raw.lines
    assert list(some.columns) == [n for n in raw.header if n in ("c0", "c2")]
    for name in some.columns:
        assert some.columns[name].tolist() == fast.columns[name].tolist()


@settings(max_examples=300, deadline=None)
@given(csv_texts())
def test_checking_the_structure_beside_the_parse_gives_the_same_columns(text: str) -> None:
    """A large file's structure is checked in another thread while pandas parses
    it: the same result, or None, as one after the other."""
    import meetupstats.csvfile as csvfile

    in_line = _fast_columns(text, "f.csv", beside=False)
    size = csvfile._BESIDE_BYTES
    csvfile._BESIDE_BYTES = 0  # every file counts as large
    try:
        both = _fast_columns(text, "f.csv")
    finally:
        csvfile._BESIDE_BYTES = size
    assert (both is None) == (in_line is None)
    if both is not None and in_line is not None:
        assert (both.header, both.lines.tolist(), both.padded) == (
            in_line.header,
            in_line.lines.tolist(),
            in_line.padded,
        )
        assert {k: v.tolist() for k, v in both.columns.items()} == {
            k: v.tolist() for k, v in in_line.columns.items()
        }


def test_fast_path_takes_plain_and_quoted_files() -> None:
    # quotes, a doubled quote, CRLF and a blank line: still one record per line
    text = 'a,b\r\n"x, y","say ""hi"""\r\n\r\n1,2\r\n'
    fast = _fast_columns(text, "f.csv")
    assert fast is not None
    assert fast.columns["a"].tolist() == ["x, y", "1"]
    assert fast.columns["b"].tolist() == ['say "hi"', "2"]
    assert fast.lines.tolist() == [2, 4]
    assert fast.padded is False


def test_fast_path_takes_quoted_line_breaks_with_each_records_first_line() -> None:
    # record 1 starts on line 2 and spans lines 2-3; record 2 starts on line 4,
    # spans 4-6 (two breaks in its cell); line 7 is blank; record 3 is on line 8
    text = 'a,b\n"x\ny",2\n3,"p\r\n\nq"\n\n5,6\n'
    fast = _fast_columns(text, "f.csv")
    assert fast is not None
    assert fast.columns["a"].tolist() == ["x\ny", "3", "5"]
    assert fast.columns["b"].tolist() == ["2", "p\r\n\nq", "6"]
    assert fast.lines.tolist() == [2, 4, 8]
    # after a 4-line preamble the same text starts on line 5
    assert _fast_columns(text, "f.csv", first_line=5).lines.tolist() == [6, 8, 12]  # type: ignore[union-attr]


def test_fast_path_gives_way_on_an_unclosed_or_a_stray_quote() -> None:
    assert _fast_columns('a,b\n"x\ny,2\n', "f.csv") is None
    assert _fast_columns('a,b\nx"y,2\n', "f.csv") is None
    assert _fast_columns('a,b\n"x" ,2\n', "f.csv") is None


def test_only_some_columns_on_either_path() -> None:
    # header names are matched stripped and lowercased; the careful parser
    # (a stray quote sends the file there) keeps the same columns
    for text in ("A, B ,c\n1,2,3\n4,5,6\n", 'A, B ,c\n1,2,3\n4,5 "x",6\n'):
        got = read_columns(text, "f.csv", only={"a", "b"})
        assert got.header == ["A", "B", "c"]
        assert list(got.columns) == ["A", "B"]
        assert got.columns["B"].tolist()[0] == "2"
        assert got.lines.tolist() == [2, 3]


@settings(max_examples=300, deadline=None)
@given(
    marks=st.lists(st.sampled_from(["q", "p", "-"]), max_size=40).filter(
        lambda m: m.count("q") % 2 == 0
    )
)
def test_outside_quotes_is_an_even_number_of_quotes_before(marks: list[str]) -> None:
    import numpy as np

    from meetupstats.csvfile import _outside_quotes

    # the definition: a position is outside quoted text when an even number of
    # quotes come before it
    quotes = np.array([i for i, m in enumerate(marks) if m == "q"], dtype=np.int64)
    positions = np.array([i for i, m in enumerate(marks) if m == "p"], dtype=np.int64)
    expected = [marks[:p].count("q") % 2 == 0 for p in positions.tolist()]
    assert _outside_quotes(positions, quotes).tolist() == expected
