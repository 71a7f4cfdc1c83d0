"""Defusing imported text that a spreadsheet would run as a formula (CSV injection)."""

from __future__ import annotations

import re
from dataclasses import replace

from meetupstats import schema
from meetupstats.importers.batch import ImportBatch
from meetupstats.merge import Columns

#: first characters that make a spreadsheet read a cell as a formula
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: values left alone although they start with + or -: numbers, phone numbers, dates
_PLAIN_NUMBER = re.compile(r"^[+-]?\d[\d .,:/()+-]*$")
#: a cell after the first starting like a formula, in cells joined with \x1f: one
#: regex pass that starts with a literal (so the engine skips ahead to each \x1f);
#: seven substring searches were ten times slower ("-" is common inside cells)
_FORMULA_CELL = re.compile("\x1f[" + "".join(map(re.escape, FORMULA_STARTS)) + "]")


def _any_formula_start(joined: str) -> bool:
    """Whether a cell of ``joined`` (cells joined with ``\x1f``) starts like a formula
    (a cell holding ``\x1f`` can only cause a needless look)."""
    return joined[:1] in FORMULA_STARTS or _FORMULA_CELL.search(joined) is not None


def defuse_formula(text: str) -> str:
    """``text`` with a ``'`` put in front when a spreadsheet would run it as a formula.

    Imported text was written by other people (a LinkedIn company name, a
    calendar title) and the logbook is opened in spreadsheets, where a cell
    starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is a
    formula (CSV injection). Such a cell gets a leading ``'``, which
    spreadsheets read as "this is text". Plain numbers, phone numbers and
    dates (``-5``, ``+358 40 123``) are left alone. The same input always
    gives the same output, so a re-import changes nothing.
    """
    if text and text[0] in FORMULA_STARTS and not _PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def _defusable(table: schema.Table) -> frozenset[str]:
    """The columns of ``table`` whose imported cells are defused (free text)."""
    return frozenset(c.name for c in table.columns if c.kind == "str" and not c.references)


def _defused_rows(table: schema.Table, rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """``rows`` with their free-text cells defused; rows with nothing to change are kept.

    One search over all cells joined with ``\x1f`` finds whether any cell
    starts like a formula at all (:func:`_any_formula_start`); only then is
    each cell of each row looked at.
    """
    joined = "\x1f".join([v for row in rows for v in row.values() if isinstance(v, str)])
    if not _any_formula_start(joined):
        return rows
    wanted = _defusable(table)
    out = []
    for row in rows:
        changed: dict[str, str] | None = None
        for name, value in row.items():
            if name in wanted and isinstance(value, str) and value[:1] in FORMULA_STARTS:
                text = defuse_formula(value)
                if text != value:
                    if changed is None:
                        changed = dict(row)
                    changed[name] = text
        out.append(row if changed is None else changed)
    return out


def defuse_batch(batch: ImportBatch) -> ImportBatch:
    """A copy of ``batch`` whose text cells went through :func:`defuse_formula`.

    Applied to every imported row on its way into the logbook (in
    :func:`plan_import`), to text columns only (not dates, numbers, enums, or
    references to rows that are already there). Cells you typed yourself are
    never rewritten.
    """
    cells = _defused_rows(schema.INTERACTIONS, [r.cells for r in batch.interactions])
    columns = batch.interaction_columns
    return replace(
        batch,
        events=_defused_rows(schema.EVENTS, list(batch.events)),
        contacts=_defused_rows(schema.CONTACTS, list(batch.contacts)),
        interactions=[
            r if new is r.cells else replace(r, cells=new)
            for r, new in zip(batch.interactions, cells, strict=True)
        ],
        contact_columns=None
        if batch.contact_columns is None
        else _defused_columns(schema.CONTACTS, batch.contact_columns),
        interaction_columns=None
        if columns is None
        else replace(columns, cells=_defused_columns(schema.INTERACTIONS, columns.cells)),
    )


def _defused_columns(table: schema.Table, columns: Columns) -> Columns:
    """``columns`` with their free-text cells defused (a copy only when one changes).

    As :func:`_defused_rows`: one search over a column's cells joined with
    ``\x1f``; only a column where one may start like a formula is looked at
    cell by cell.
    """
    wanted = _defusable(table)
    out: Columns | None = None
    for name, cells in columns.items():
        if name not in wanted:
            continue
        if not _any_formula_start("\x1f".join(cells)):
            continue
        new = [defuse_formula(v) if v[:1] in FORMULA_STARTS else v for v in cells]
        if new != cells:
            if out is None:
                out = Columns(dict(columns), columns.size)
            out[name] = new
    return columns if out is None else out
