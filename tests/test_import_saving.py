"""What an import writes: the records it changed, every other byte kept.

:func:`~meetupstats.csvfile.record_spans` must locate exactly the records the
reader keeps (the same cells and lines), :func:`splice_records` must change
only the records it is given, and the lines
:mod:`~meetupstats.importers.saving` plans must be the lines of the file it
writes. An import into a hand-kept file (a BOM, CRLF, quotes everywhere, an
extra column, a blank line, ``3.50``) changes only the rows it updates and
appends the ones it adds, in the file's own line breaks.
"""

from __future__ import annotations

import csv
import io
import itertools
import os
from pathlib import Path

import numpy as np
import pandas as pd
from builders import contact, event, interaction, write_logbook
from hypothesis import given, settings
from hypothesis import strategies as st
from test_csvfile_fastpath import csv_texts
from test_import_linkedin import export_zip

from meetupstats import schema
from meetupstats.csvfile import (
    csv_records,
    encoded_records,
    parse_csv,
    read_columns_from_bytes,
    record_spans,
    splice_records,
)
from meetupstats.importers import import_into
from meetupstats.importers.linkedin import linkedin_batch
from meetupstats.importers.saving import _spliced_lines, file_stamps, loaded_spans, plan_writes
from meetupstats.logbook import load_logbook, save_logbook

# --------------------------------------------------------------------------- locating records


@settings(max_examples=300, deadline=None)
@given(csv_texts(), st.booleans())
def test_record_spans_are_the_records_the_reader_keeps(text: str, bom: bool) -> None:
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    spans = record_spans(data)
    if spans is None:
        return
    read = read_columns_from_bytes(data, "f.csv")
    assert spans.header == read.header
    assert spans.lines.tolist() == read.lines.tolist()
    for i in range(len(spans)):
        record = data[spans.starts[i] : spans.ends[i]].decode("utf-8")
        assert record.endswith(("\n", "")) and (record.endswith("\n") or i == len(spans) - 1)
        (cells,) = list(csv.reader(io.StringIO(record), strict=True))
        assert cells == [read.columns[h][i] for h in read.header]
        assert spans.line_breaks[i] == record.count("\n")
    assert spans.line_breaks_in_file == data.count(b"\n")
    assert spans.newline == ("\r\n" if text.split("\n")[0].endswith("\r") else "\n")


def test_record_spans_of_a_file_only_the_careful_parser_reads_are_unknown() -> None:
    assert record_spans(b'"a",b\n1,2\n') is None  # a quoted header
    assert record_spans(b"a,b\n1,2\r3,4\n") is None  # a lone carriage return
    assert record_spans(b'a,b\nx"y,2\n') is None  # a stray quote
    assert record_spans(b"a,b\n1,2,3\n") is None  # a record wider than the header


# --------------------------------------------------------------------------- splicing

_CELLS = st.lists(st.sampled_from(["a", "é", ",", '"', " ", "\n", "\r", "\r\n"]), max_size=4).map(
    "".join
)


@st.composite
def splices(draw: st.DrawFn) -> tuple[bytes, list[int], list[list[str]], list[list[str]]]:
    """A file the fast reader reads, rows to replace (ascending) and their new
    cells, and rows to append."""
    while True:
        text = draw(csv_texts())
        data = text.encode("utf-8")
        spans = record_spans(data)
        if spans is not None:
            break
    width = len(spans.header)
    row = st.lists(_CELLS, min_size=width, max_size=width).filter(
        lambda r: "".join(r).strip() != ""  # a blank row is skipped on reading
    )
    replaced = sorted(draw(st.sets(st.integers(0, max(len(spans) - 1, 0)), max_size=len(spans))))
    return (
        data,
        replaced,
        [draw(row) for _ in replaced],
        draw(st.lists(row, max_size=4)),
    )


@settings(max_examples=300, deadline=None)
@given(splices())
def test_a_splice_reads_back_as_the_new_rows_on_the_planned_lines(
    case: tuple[bytes, list[int], list[list[str]], list[list[str]]],
) -> None:
    data, replaced, new, added = case
    spans = record_spans(data)
    assert spans is not None
    read = read_columns_from_bytes(data, "f.csv")
    rows = [[read.columns[h][i] for h in read.header] for i in range(len(read))]
    for i, cells in zip(replaced, new, strict=True):
        rows[i] = cells
    rows += added
    at = np.asarray(replaced, dtype=np.int64)
    out = splice_records(
        spans,
        at,
        encoded_records(lambda: new, len(new), spans.newline),
        "".join(csv_records(added, spans.newline)),
    )
    back = parse_csv(out.decode("utf-8").removeprefix("\ufeff"), "f.csv")
    assert back.problems == []
    assert back.rows == rows
    text = pd.DataFrame(rows, columns=spans.header, dtype=object)
    changed = np.concatenate((at, np.arange(len(spans), len(rows), dtype=np.int64)))
    assert _spliced_lines(spans, text, changed).tolist() == back.lines
    # every record not replaced keeps its bytes
    kept = [i for i in range(len(spans)) if i not in replaced]
    after = record_spans(out)
    if after is not None:
        for i in kept:
            assert out[after.starts[i] : after.ends[i]].rstrip(b"\r\n") == data[
                spans.starts[i] : spans.ends[i]
            ].rstrip(b"\r\n")


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.text(alphabet='ab,"\r\n\u00e9 ', max_size=5), min_size=2, max_size=2)),
    st.sampled_from(["\n", "\r\n"]),
)
def test_encoded_records_are_the_csv_records_cut_one_by_one(
    rows: list[list[str]], newline: str
) -> None:
    records = encoded_records(lambda: rows, len(rows), newline)
    expected = [r.encode("utf-8") for r in csv_records(rows, newline)]
    cuts = records.cuts.tolist()
    assert len(records) == len(rows)
    assert [records.data[a:b] for a, b in itertools.pairwise(cuts)] == expected
    assert records.data == b"".join(expected)


def test_a_splice_examples() -> None:
    data = b"a,b\r\n1,2\r\n\r\n3,4"  # CRLF, a blank line, no line break at the end
    spans = record_spans(data)
    assert spans is not None and spans.newline == "\r\n" and spans.lines.tolist() == [2, 4]
    one = encoded_records(lambda: [["x\ny", "5"]], 1, "\r\n")
    assert one.data == b'"x\ny",5\r\n' and one.cuts.tolist() == [0, 9]
    out = splice_records(spans, np.array([1]), one, "6,7\r\n")
    assert out == b'a,b\r\n1,2\r\n\r\n"x\ny",5\r\n6,7\r\n'
    none = encoded_records(lambda: [], 0, "\r\n")
    out = splice_records(spans, np.array([], dtype=np.int64), none, "6,7\r\n")
    assert out == b"a,b\r\n1,2\r\n\r\n3,4\r\n6,7\r\n"


# --------------------------------------------------------------------------- an import

_CONTACT_COLUMNS = (
    "contact_id,name,company,linkedin_url,email,source,source_id,my own notes,"
    "position,met_on,met_event_id,met_event_inferred,introduced_by,tags,notes"
)
_HAND_KEPT = {
    "contacts.csv": (
        f"\ufeff{_CONTACT_COLUMNS}\r\n"
        '"c1","Aino Virtanen","","","","","","met at the sauna",,,,,,,\r\n'
        "\r\n"
        '"c2","Bo Berg","","https://www.linkedin.com/in/bo-berg-example","","","","",,,,,,,\r\n'
        '"c3","Somebody Else","Elsewhere","","","","","two\r\nlines",,,,,,,'
    ),
    "interactions.csv": (
        "date,contact_id,kind,direction,event_id,note,source,source_id\r\n"
        '2025-04-03,c2,linkedin-connect,,pt42,"",,\r\n'
        '2025-04-04,c3,message,out,,"quoted, by hand",,\r\n'
    ),
}


def _hand_kept_logbook(folder: Path) -> Path:
    write_logbook(
        folder,
        events=[event("pt42", "2025-03-12", title="ProductTank #42", cost="3.50")],
        contacts=[contact("c0")],
        interactions=[interaction("2025-01-01", "c0", "coffee")],
    )
    for name, text in _HAND_KEPT.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder


def test_an_import_into_hand_kept_files_changes_only_the_records_it_updates(
    tmp_path: Path,
) -> None:
    """Hand-checked on the LinkedIn fixture: Bo's contact row is filled (company,
    e-mail, source) and his connect row gets its direction; Aino (no company)
    and everyone else in the export are added. Aino's and Somebody's records,
    the blank line, the BOM, the header and the quotes stay byte for byte;
    the added records follow in CRLF."""
    folder = _hand_kept_logbook(tmp_path / "lb")
    before = {name: (folder / name).read_bytes() for name in _HAND_KEPT}
    events = (folder / "events.csv").read_bytes()
    report = import_into(folder, linkedin_batch(export_zip(tmp_path)))
    assert report.logbook is not None
    assert sorted(report.written) == ["contacts.csv", "interactions.csv"]
    assert report.changed_rows()["contacts"].tolist()[0] == 1  # Bo (the others are added)
    after = {name: (folder / name).read_bytes() for name in _HAND_KEPT}
    old_contacts = before["contacts.csv"].split(b"\r\n")
    new_contacts = after["contacts.csv"].split(b"\r\n")
    assert new_contacts[:3] == old_contacts[:3]  # BOM and header, Aino, the blank line
    assert new_contacts[3].startswith(b"c2,Bo Berg,Exempel AB,")  # written as save_logbook does
    assert new_contacts[4:6] == old_contacts[4:6]  # Somebody's two lines, no line break after
    assert b"\n" not in after["contacts.csv"].replace(b"\r\n", b"")  # CRLF everywhere
    assert after["contacts.csv"].endswith(b"\r\n")
    old_lines = before["interactions.csv"].split(b"\r\n")
    new_lines = after["interactions.csv"].split(b"\r\n")
    assert new_lines[0] == old_lines[0] and new_lines[2] == old_lines[2]  # header, c3's message
    assert (
        new_lines[1] == b"2025-04-03,c2,linkedin-connect,in,pt42,,linkedin,connect:bo-berg-example"
    )
    assert len(new_lines) > len(old_lines) and b"\n" not in after["interactions.csv"].replace(
        b"\r\n", b""
    )
    assert (folder / "events.csv").read_bytes() == events  # not changed: "3.50" stays
    # the files read back to the merged logbook, the hand-kept column included
    loaded = load_logbook(folder)
    for name in schema.TABLES:
        pd.testing.assert_frame_equal(loaded.table(name), report.logbook.table(name))
    assert loaded.contacts["my own notes"].tolist()[:3] == [
        "met at the sauna",
        None,
        "two\r\nlines",
    ]
    assert loaded.warnings == report.logbook.warnings
    # a second import writes nothing
    again = import_into(folder, linkedin_batch(export_zip(tmp_path)))
    assert again.written == []
    assert {name: (folder / name).read_bytes() for name in _HAND_KEPT} == after


def test_files_the_records_of_which_are_not_known_are_written_as_save_logbook_writes(
    tmp_path: Path,
) -> None:
    """A file only the careful parser reads (a quoted header) is written whole."""
    folder = _hand_kept_logbook(tmp_path / "lb")
    text = _HAND_KEPT["contacts.csv"].replace("contact_id,name", '"contact_id",name')
    (folder / "contacts.csv").write_bytes(text.encode("utf-8"))
    report = import_into(folder, linkedin_batch(export_zip(tmp_path)))
    assert report.logbook is not None
    save_logbook(report.logbook, tmp_path / "saved")
    assert (folder / "contacts.csv").read_bytes() == (tmp_path / "saved/contacts.csv").read_bytes()
    # interactions.csv was well-formed: its untouched record kept its quotes
    assert b'"quoted, by hand",,\r\n' in (folder / "interactions.csv").read_bytes()


def test_a_file_changed_since_it_was_loaded_is_not_spliced(tmp_path: Path) -> None:
    """The records are only located in the file the import loaded (its size,
    modification time and inode as before loading)."""
    folder = _hand_kept_logbook(tmp_path / "lb")
    stamps = file_stamps(folder)
    book = load_logbook(folder)
    from meetupstats.importers import text_tables

    texts = text_tables(book)
    rows = {name: np.zeros(0, dtype=np.int64) for name in schema.TABLES}
    writes = plan_writes(texts, book, rows, loaded_spans(folder, stamps))
    assert all(w.spans is not None for w in writes.values())
    assert writes["contacts"].lines.tolist() == [2, 4, 5]  # the blank line, then 2-line record
    path = folder / "contacts.csv"
    st_before = path.stat()
    os.utime(path, ns=(st_before.st_atime_ns, st_before.st_mtime_ns + 1_000_000))
    writes = plan_writes(texts, book, rows, loaded_spans(folder, stamps))
    assert writes["contacts"].spans is None and writes["interactions"].spans is not None
    assert writes["contacts"].lines.tolist() == [2, 3, 4]  # as save_logbook would write it
