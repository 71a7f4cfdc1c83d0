"""``read_columns_from_bytes`` gives what decoding and ``read_columns`` give."""

from __future__ import annotations

import pytest

from meetupstats.csvfile import decode_utf8, read_columns, read_columns_from_bytes
from meetupstats.errors import ProblemsError


@pytest.mark.parametrize(
    "data",
    [
        b"a,b\n1,2\n3,4\n",  # ASCII: fast path, never decoded
        b"\xef\xbb\xbfa,b\n1,2\n",  # BOM dropped
        "a,b\nK\u00e4rkk\u00e4inen,2\n".encode(),  # non-ASCII
        b"a,b\n1\n3,4\n",  # a short row: the careful parser reports it
        b'a,b\n"x\ny",2\n',  # quoted line break: careful parser
    ],
)
def test_same_cells_lines_and_problems_as_decoding_first(data: bytes) -> None:
    got = read_columns_from_bytes(data, "f.csv")
    want = read_columns(decode_utf8(data, "f.csv"), "f.csv")
    assert got.header == want.header
    assert {k: v.tolist() for k, v in got.columns.items()} == {
        k: v.tolist() for k, v in want.columns.items()
    }
    assert got.lines.tolist() == want.lines.tolist()
    assert [str(p) for p in got.problems] == [str(p) for p in want.problems]
    assert got.padded == want.padded


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"a,b\n1,\x002\n", "NUL byte"), (b"a,b\n\xff,2\n", "not UTF-8"), (b"\xff\xfea", "UTF-16")],
)
def test_bytes_that_are_not_utf8_text_are_refused(data: bytes, message: str) -> None:
    with pytest.raises(ProblemsError, match=message):
        read_columns_from_bytes(data, "f.csv")
