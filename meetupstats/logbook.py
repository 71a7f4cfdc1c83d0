"""Load, validate and save the logbook folder.

:func:`load_logbook` reads the four CSV files and ``goals.yml`` into a
:class:`Logbook` of typed DataFrames, after collecting **every** problem of
the folder; :func:`validate_logbook` returns those problems without raising;
:func:`save_logbook` writes the tables back atomically with a backup.

Typed columns (see :mod:`meetupstats.schema`): dates are ``datetime64``
(``NaT`` when empty), enums pandas Categoricals with the declared categories,
ints nullable ``Int64``, floats ``float64``, bools nullable ``boolean``,
``;``-lists tuples of strings (``()`` when empty), text ``str``/``NaN``.
Columns the schema does not know are kept as text, in their place, and are
written back unchanged. Row order is preserved.
"""

from __future__ import annotations

import difflib
import logging
import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from meetupstats import schema
from meetupstats.csvfile import (
    CsvColumns,
    columns_to_csv_text,
    decode_utf8,
    read_bytes,
    read_columns_from_bytes,
)
from meetupstats.errors import LogbookError, Problem, ProblemsError
from meetupstats.schema import Column, Table

log = logging.getLogger(__name__)

_TRUE = {"true", "yes", "y", "1"}
#: the largest magnitude a number cell may hold (larger is an input error)
MAX_NUMBER = 1e15
_FALSE = {"false", "no", "n", "0"}


@dataclass(frozen=True)
class Logbook:
    """A loaded logbook: one typed DataFrame per file, plus goals.

    Attributes
    ----------
    events, contacts, interactions, learnings : DataFrame
        The tables of :mod:`meetupstats.schema`, typed; extra columns kept.
    goals : dict
        ``{year: {metric_name: target}}`` from ``goals.yml`` (empty if absent).
    path : Path or None
        The folder it was loaded from.
    warnings : tuple of Problem
        Oddities that do not stop anything (see :func:`validate_logbook`).
    """

    events: pd.DataFrame
    contacts: pd.DataFrame
    interactions: pd.DataFrame
    learnings: pd.DataFrame
    goals: dict[int, dict[str, Any]] = field(default_factory=dict)
    path: Path | None = None
    warnings: tuple[Problem, ...] = ()

    def table(self, name: str) -> pd.DataFrame:
        """The DataFrame of table ``name`` (``"events"``, ``"contacts"``, ...)."""
        if name not in schema.TABLES:
            raise KeyError(name)
        df: pd.DataFrame = getattr(self, name)
        return df

    def with_tables(self, **tables: pd.DataFrame) -> Logbook:
        """A copy with some tables replaced (the Logbook itself is immutable)."""
        return replace(self, **tables)


def empty_logbook() -> Logbook:
    """A logbook with no rows (every declared column present and typed)."""
    tables = {
        name: typed_frame(table, empty_columns(table), []) for name, table in schema.TABLES.items()
    }
    return Logbook(**tables)


def latest_date(logbook: Logbook) -> pd.Timestamp | None:
    """The latest date anywhere in the logbook (the default ``as_of``).

    The maximum over ``events.date``, ``contacts.met_on``,
    ``interactions.date`` and ``learnings.applied_on``; ``None`` when there
    is no date at all.
    """
    return latest_of(
        logbook.events["date"],
        logbook.contacts["met_on"],
        logbook.interactions["date"],
        logbook.learnings["applied_on"],
    )


def latest_of(*dates: pd.Series) -> pd.Timestamp | None:
    """The latest date in any of ``dates`` (``None`` when all are empty)."""
    found = [d.max() for d in dates]
    found = [d for d in found if not pd.isna(d)]
    return max(found) if found else None


# --------------------------------------------------------------------------- loading


def load_logbook(path: str | Path) -> Logbook:
    """Load and validate the logbook folder at ``path``.

    Raises
    ------
    LogbookError
        With every error found (file, line, column, message), when there is
        at least one. Warnings do not raise; they are on ``.warnings``.
    """
    book, problems = _load(Path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors or book is None:
        raise LogbookError(errors)
    return book


#: table → column → each row's cell as :func:`save_logbook` writes it
SavedTexts = dict[str, dict[str, np.ndarray]]


@dataclass(frozen=True)
class UncheckedLogbook:
    """A logbook as :func:`load_logbook_unchecked` reads it.

    ``book`` has every table typed, every cell and id checked, and no
    warnings yet; ``texts`` holds each table's text, date and enum columns as
    :func:`save_logbook` writes their values (converting the cells gives them
    on the way; the other columns are not there). The checks of whole tables
    (references between them, the warnings) have not run: :meth:`checked`
    runs them. An import runs them on the merged tables instead.
    """

    book: Logbook
    texts: SavedTexts
    tables: FolderTables
    #: what reading gave besides errors (warnings, e.g. about goals.yml)
    problems: tuple[Problem, ...]

    def checked(self) -> Logbook:
        """The logbook :func:`load_logbook` returns (:class:`LogbookError` as it raises)."""
        assert self.book.path is not None
        problems = _checked(self.book.path, self.tables, list(self.problems))
        errors = [p for p in problems if p.severity == "error"]
        if errors:
            raise LogbookError(errors)
        warnings = tuple(p for p in problems if p.severity == "warning")
        return replace(self.book, warnings=warnings)


def load_logbook_unchecked(path: str | Path, *, beside: bool = True) -> UncheckedLogbook:
    """:func:`load_logbook` without the checks of whole tables (references, warnings).

    Raises :class:`LogbookError` when a file, a cell or an id has an error,
    with every error :func:`load_logbook` reports then (the others are
    checked for it too). See :class:`UncheckedLogbook`. ``beside``: as in
    :func:`~meetupstats.csvfile.read_columns` (off while other work runs beside).
    """
    folder = Path(path)
    texts: SavedTexts = {}
    found = _read(folder, texts, beside=beside)
    if isinstance(found, list):
        raise LogbookError(found)
    tables, goals, problems = found
    if any(p.severity == "error" for p in problems):
        raise LogbookError(p for p in _checked(folder, tables, problems) if p.severity == "error")
    book = Logbook(**tables.frames, goals=goals, path=folder)
    return UncheckedLogbook(book, texts, tables, tuple(problems))


def validate_logbook(path: str | Path) -> list[Problem]:
    """Every problem of the logbook folder at ``path``: errors and warnings.

    Errors (DESIGN.md, the only ones): a missing file or column, an empty
    required cell, an unparsable date or number, a number out of range, an
    unknown enum value, a duplicate id, a dangling reference, a file that is
    not UTF-8 CSV, a bad ``goals.yml``. Everything else that looks odd is a
    warning.
    """
    return _load(Path(path))[1]


def _load(folder: Path) -> tuple[Logbook | None, list[Problem]]:
    """The logbook and all its problems (sorted)."""
    found = _read(folder)
    if isinstance(found, list):
        return None, found
    tables, goals, problems = found
    problems = _checked(folder, tables, problems)
    warnings = tuple(p for p in problems if p.severity == "warning")
    book = Logbook(**tables.frames, goals=goals, path=folder, warnings=warnings)
    return book, problems


def _read(
    folder: Path, texts: SavedTexts | None = None, *, beside: bool = True
) -> tuple[FolderTables, dict[int, dict[str, Any]], list[Problem]] | list[Problem]:
    """The folder's tables, goals and the problems reading and converting them
    gave (no checks of whole tables); the folder's own problem when it is
    missing. ``texts``: gets the cells as saved (see :class:`UncheckedLogbook`)."""
    missing = folder_problems(folder, "logbook folder", "`meetupstats init`")
    if missing:
        return missing
    from meetupstats.storage import read_consistently

    def read() -> tuple[FolderTables, dict[int, dict[str, Any]], list[Problem], SavedTexts]:
        problems: list[Problem] = []
        saved: SavedTexts = {}
        tables = read_folder(
            folder,
            schema.TABLES,
            problems,
            missing_hint="`meetupstats init`",
            texts=None if texts is None else saved,
            references=False,
            beside=beside,
        )
        return tables, _load_goals(folder, problems), problems, saved

    tables, goals, problems, saved = read_consistently(folder, read)
    if texts is not None:
        texts.update(saved)
    return tables, goals, problems


def _checked(folder: Path, tables: FolderTables, problems: list[Problem]) -> list[Problem]:
    """``problems`` with those of the checks of whole tables (references,
    warnings) added, sorted."""
    out = list(problems)
    check_references(folder, schema.TABLES, tables, out)
    check_oddities(folder, tables, out)
    sort_problems(folder, schema.TABLES, out)
    return out


def folder_problems(folder: Path, what: str, init_command: str) -> list[Problem]:
    """The one problem of a folder that is missing or is a file (else none)."""
    if not folder.exists():
        return [
            Problem(str(folder), None, None, f"{what} not found (create one with {init_command})")
        ]
    if not folder.is_dir():
        return [Problem(str(folder), None, None, f"is a file, expected a {what}")]
    return []


@dataclass
class FolderTables:
    """The typed tables of a folder, with the line each row came from."""

    frames: dict[str, pd.DataFrame]
    lines: dict[str, np.ndarray]
    #: tables whose file could be read (references into the others are not checked)
    readable: set[str]
    _codes: dict[tuple[str, str], tuple[np.ndarray, pd.Index]] = field(
        default_factory=dict, repr=False
    )

    def codes(self, table: str, column: str) -> tuple[np.ndarray, pd.Index]:
        """``pandas.factorize`` of one column: an integer code per row (-1: empty) and
        the distinct values, computed once and shared by every check that needs it
        (each is one hashing pass over the column)."""
        key = (table, column)
        if key not in self._codes:
            codes, distinct = pd.factorize(self.frames[table][column])
            self._codes[key] = (np.asarray(codes), pd.Index(distinct))
        return self._codes[key]


def read_folder(
    folder: Path,
    tables: Mapping[str, Table],
    problems: list[Problem],
    *,
    missing_hint: str,
    texts: SavedTexts | None = None,
    references: bool = True,
    beside: bool = True,
) -> FolderTables:
    """Read and type every declared table of ``folder``, then check references.

    Shared by the logbook and the community folder: each problem (a missing
    file or required column, a bad cell, a duplicate id, a dangling
    reference) is appended to ``problems``; a table that cannot be read is
    empty. ``missing_hint`` names the command that writes a missing file.
    ``texts``: gets each table's cells as saved (see :func:`typed_frame`).
    ``references``: check them (else the caller does, :func:`check_references`).
    ``beside``: as in :func:`~meetupstats.csvfile.read_columns`.
    """
    frames: dict[str, pd.DataFrame] = {}
    lines: dict[str, np.ndarray] = {}
    readable: set[str] = set()
    for name, table in tables.items():
        display = str(folder / table.filename)
        raw = _read_raw(
            folder / table.filename, display, table, problems, missing_hint, beside=beside
        )
        if raw is None:
            raw = empty_columns(table)
        else:
            readable.add(name)
        saved = None if texts is None else texts.setdefault(name, {})
        frames[name] = typed_frame(table, raw, problems, texts=saved)
        lines[name] = raw.lines
    result = FolderTables(frames, lines, readable)
    if references:
        check_references(folder, tables, result, problems)
    return result


def sort_problems(folder: Path, tables: Mapping[str, Table], problems: list[Problem]) -> None:
    """Errors before warnings, then in file order (as ``tables`` lists them), then by line."""
    order = {str(folder / t.filename): i for i, t in enumerate(tables.values())}
    problems.sort(
        key=lambda p: (p.severity == "warning", order.get(p.file, len(order)), p.line or 0)
    )


def empty_columns(table: Table) -> CsvColumns:
    """The cells of a table with a header and no rows."""
    empty = np.zeros(0, dtype=object)
    return CsvColumns(
        table.filename,
        list(table.column_names),
        dict.fromkeys(table.column_names, empty),
        np.zeros(0, dtype=np.int64),
    )


def _read_raw(
    path: Path,
    display: str,
    table: Table,
    problems: list[Problem],
    missing_hint: str,
    *,
    beside: bool = True,
) -> CsvColumns | None:
    """The file's cells, or None when it cannot be used at all."""
    if not path.exists() and not path.is_symlink():
        if table.required_file:
            problems.append(
                Problem(display, None, None, f"file not found ({missing_hint} writes one)")
            )
        return None
    try:
        raw = read_columns_from_bytes(read_bytes(path, display), display, beside=beside)
    except ProblemsError as e:
        problems.extend(e.problems)
        return None
    problems.extend(raw.problems)
    if not raw.header:
        return None
    missing = [c.name for c in table.columns if c.required and c.name not in raw.header]
    for name in missing:
        problems.append(
            Problem(display, raw.header_line, name, "required column is missing from the header")
        )
    if missing:
        return None
    return raw


def typed_frame(
    table: Table,
    raw: CsvColumns,
    problems: list[Problem],
    *,
    check_key: bool = True,
    texts: dict[str, np.ndarray] | None = None,
) -> pd.DataFrame:
    """Convert text cells to typed columns, appending a Problem per bad cell.

    ``check_key``: also report duplicate ids (:func:`check_unique`; off when
    the cells are only some of the table's rows).

    ``texts``, when given, gets the cells of the text, date and enum columns
    as :func:`table_to_csv` writes their values (``""`` for an empty or bad
    cell), which converting gives on the way (others are not added).
    """
    lines = raw.lines
    n = len(lines)
    data: dict[str, pd.Series] = {}
    for name in raw.header:
        if name in data:  # duplicate header: already reported, keep the first
            continue
        cells = pd.Series(raw.columns[name], dtype=object, copy=False)
        try:
            column = table.column(name)
        except KeyError:
            data[name] = _text_series(cells, strip=False, texts=texts, name=name)
            continue
        data[name] = _convert(
            column, cells, lines, raw.display, problems, padded=raw.padded, texts=texts
        )
    for column in table.columns:
        if column.name not in data:
            data[column.name] = _absent(column, n)
    frame = pd.DataFrame(data, index=pd.RangeIndex(n))
    if table.key and check_key:
        check_unique(frame[table.key], lines, raw.display, table.key, problems)
    return frame


def _absent(column: Column, n: int) -> pd.Series:
    """A column the file does not have: every cell empty, typed as declared."""
    if column.kind == "list":
        return pd.Series([()] * n, dtype=object)
    if column.kind == "date":
        return pd.Series(np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]"))
    if column.kind == "enum":
        return pd.Series(pd.Categorical([None] * n, categories=list(column.choices)))
    if column.kind == "bool":
        return pd.Series(pd.array([None] * n, dtype="boolean"))
    if column.kind == "int":
        return pd.Series(pd.array([None] * n, dtype="Int64"))
    if column.kind == "float":
        return pd.Series(np.full(n, np.nan))
    return pd.Series([None] * n, dtype=object)


def _strip(cells: pd.Series) -> pd.Series:
    return cells.str.strip() if len(cells) else cells


def _text_series(
    cells: pd.Series,
    *,
    strip: bool,
    empty: np.ndarray | None = None,
    texts: dict[str, np.ndarray] | None = None,
    name: str = "",
) -> pd.Series:
    """Text cells as an object column; empty cells become missing (None).

    ``empty``, when given, must be ``values == ""`` of those cells (already
    known). ``texts``: gets the cells as saved under ``name``.
    """
    values = (_strip(cells) if strip else cells).to_numpy(dtype=object)
    if texts is not None:
        texts[name] = values
    if empty is None:
        empty = values == ""
    if np.any(empty):
        values = np.where(empty, None, values)
    return pd.Series(values, dtype=object, copy=False)


def _convert(
    column: Column,
    cells: pd.Series,
    lines: np.ndarray,
    display: str,
    problems: list[Problem],
    *,
    padded: bool = True,
    texts: dict[str, np.ndarray] | None = None,
) -> pd.Series:
    """One typed column from its cell text (vectorized; Python runs per bad cell only).

    ``texts``: gets a text, date or enum column's cells as saved (see :func:`typed_frame`).
    """
    stripped = _strip(cells) if padded else cells
    text = stripped.to_numpy(dtype=object)
    # which cells are not empty: for every row when needed, else only where a
    # value did not parse (one comparison per cell less)
    present: np.ndarray | None = None

    def filled(mask: np.ndarray) -> np.ndarray:
        """``mask`` and the cell is not empty."""
        if present is not None:
            return mask & present
        out = mask.copy()
        positions = np.flatnonzero(mask)
        out[positions] = np.asarray(text[positions] != "", dtype=bool)
        return out

    def bad(mask: np.ndarray, message: Any) -> None:
        for pos in np.flatnonzero(mask):
            msg = message(str(stripped.iloc[pos])) if callable(message) else message
            problems.append(Problem(display, int(lines[pos]), column.name, msg))

    if column.required:
        present = np.asarray(text != "", dtype=bool)
        bad(~present, "required cell is empty")

    kind = column.kind
    if kind == "str":
        strip = padded and not column.free_text
        # the text compared with "" is these cells unless they are left unstripped
        same = strip or not padded
        return _text_series(
            cells,
            strip=strip,
            empty=None if present is None or not same else ~present,
            texts=texts,
            name=column.name,
        )
    if kind == "list":
        return pd.Series(
            [
                tuple(t.strip() for t in c.split(schema.LIST_SEPARATOR) if t.strip())
                for c in stripped
            ],
            dtype=object,
        )
    if kind == "date":
        # exactly YYYY-MM-DD: ten characters that strptime accepts (it alone
        # would also take "2025-3-12")
        # each distinct cell text is checked and parsed once (dates repeat a lot)
        codes, distinct = pd.factorize(text)
        shaped = np.fromiter(map(len, distinct), dtype=np.int64, count=len(distinct)) == 10
        days = pd.to_datetime(
            pd.Series(np.where(shaped, distinct, None), dtype=object),
            format=schema.DATE_FORMAT,
            errors="coerce",
        ).to_numpy(dtype="datetime64[ns]")
        parsed = pd.Series(days[codes] if len(codes) else days[:0])
        bad(
            filled(parsed.isna().to_numpy()),
            lambda c: f"not a date: {c!r} (expected YYYY-MM-DD, e.g. 2025-03-12)",
        )
        if texts is not None:  # each distinct day written as saved ("" for none)
            shown = pd.DatetimeIndex(days).strftime(schema.DATE_FORMAT)
            saved = np.asarray(shown.fillna(""), dtype=object)
            texts[column.name] = saved[codes] if len(codes) else saved[:0]
        return pd.Series(parsed.to_numpy(dtype="datetime64[ns]"), dtype="datetime64[ns]")
    if kind == "enum":
        codes = pd.Index(column.choices, dtype=object).get_indexer(text)
        known = codes >= 0
        bad(filled(~known), lambda c: _enum_message(c, column.choices))
        if texts is not None:  # code -1 (empty or unknown) picks the trailing ""
            texts[column.name] = np.array([*column.choices, ""], dtype=object)[codes]
        return pd.Series(pd.Categorical.from_codes(codes, categories=list(column.choices)))
    if kind == "bool":
        # the canonical cells by two comparisons; each other distinct text looked at once
        is_true = np.asarray(text == "true", dtype=bool)
        is_false = np.asarray(text == "false", dtype=bool)
        other = np.flatnonzero(~(is_true | is_false))
        if len(other):
            codes, distinct = pd.factorize(text[other])
            low = [str(v).lower() for v in distinct]
            is_true[other] = np.array([v in _TRUE for v in low], dtype=bool)[codes]
            is_false[other] = np.array([v in _FALSE for v in low], dtype=bool)[codes]
        bad(filled(~is_true & ~is_false), lambda c: f"not true/false: {c!r}")
        out = pd.array(np.where(is_true | is_false, is_true, False), dtype="boolean")
        out[~(is_true | is_false)] = pd.NA
        return pd.Series(out)
    # numbers
    if present is None:
        present = np.asarray(text != "", dtype=bool)
    values = pd.to_numeric(
        pd.Series(np.where(present, text, None), dtype=object), errors="coerce"
    ).to_numpy(dtype="float64")
    finite = np.isfinite(values)
    bad(present & ~finite, lambda c: f"not a number: {c!r}")
    ok = present & finite
    # no real cell is this large; such values would overflow the metrics' sums
    # (and a whole number this large does not fit Int64)
    huge = np.zeros_like(ok)
    huge[ok] = np.abs(values[ok]) > MAX_NUMBER
    bad(huge, lambda c: f"out of range: {c} (larger than {MAX_NUMBER:.0e})")
    ok &= ~huge
    if kind == "int":
        whole = np.zeros_like(ok)
        whole[ok] = values[ok] == np.round(values[ok])
        bad(ok & ~whole, lambda c: f"not a whole number: {c!r}")
        ok &= whole
    if column.minimum is not None or column.maximum is not None:
        lo = -math.inf if column.minimum is None else column.minimum
        hi = math.inf if column.maximum is None else column.maximum
        inside = np.zeros_like(ok)
        inside[ok] = (values[ok] >= lo) & (values[ok] <= hi)
        rng = f"between {lo:g} and {hi:g}" if column.maximum is not None else f"at least {lo:g}"
        bad(ok & ~inside, lambda c: f"out of range: {c} (must be {rng})")
        ok &= inside
    values = np.where(ok, values, np.nan)
    if kind == "int":
        return pd.Series(values, dtype="float64").astype("Int64")
    return pd.Series(values, dtype="float64")


def _enum_message(value: str, choices: tuple[str, ...]) -> str:
    allowed = ", ".join(choices)
    lowered = {c.lower(): c for c in choices}
    guess = lowered.get(value.lower()) or next(
        iter(difflib.get_close_matches(value, choices, n=1, cutoff=0.5)), None
    )
    hint = f"; did you mean {guess!r}?" if guess else ""
    return f"unknown value {value!r}{hint} (allowed: {allowed})"


def check_unique(
    ids: pd.Series, lines: np.ndarray, display: str, name: str, problems: list[Problem]
) -> None:
    """A problem for every id used before in ``ids`` (or differing only in case)."""
    present = ids.dropna()
    dup = present.duplicated(keep="first")
    if dup.any():
        first_line = {v: int(lines[i]) for i, v in present[~dup].items()}
        for i, v in present[dup].items():
            problems.append(
                Problem(
                    display,
                    int(lines[i]),
                    name,
                    f"duplicate id {v!r} (first used on line {first_line[v]})",
                )
            )
    distinct = present[~dup]
    joined = "\x00".join(map(str, distinct.to_numpy(dtype=object)))
    if joined.casefold() == joined:
        return  # casefold changes no id, so no two distinct ids differ only in case
    folded = distinct.str.casefold()
    near = folded.duplicated(keep="first")
    if near.any():
        first = {v: i for i, v in folded[~near].items()}
        for i, v in folded[near].items():
            j = first[v]
            problems.append(
                Problem(
                    display,
                    int(lines[i]),
                    name,
                    f"id {present[i]!r} differs from {present[j]!r} (line {int(lines[j])}) only in letter case",
                    "warning",
                )
            )


# --------------------------------------------------------------------------- references


def check_references(
    folder: Path, tables: Mapping[str, Table], read: FolderTables, problems: list[Problem]
) -> None:
    """A problem for every reference cell (``Column.references``) that points at no row."""
    for name, table in tables.items():
        for column in table.columns:
            if not column.references:
                continue
            target_table, target_column = column.references.split(".")
            if target_table not in read.readable or name not in read.readable:
                continue  # the target file itself has an error already reported
            values = read.frames[name][column.name]
            targets = read.frames[target_table][target_column].dropna()
            # each distinct value is looked up once
            codes, distinct = read.codes(name, column.name)
            known = np.append(distinct.isin(targets), True)
            positions = np.flatnonzero(~known[codes])  # code -1 (empty) picks the trailing True
            if not len(positions):
                continue
            display = str(folder / table.filename)
            target_file = tables[target_table].filename
            folded = {str(k).casefold(): k for k in set(targets)}
            for pos in positions:
                v = values.iloc[pos]
                near = folded.get(str(v).casefold())
                hint = f"; did you mean {near!r}?" if near else ""
                problems.append(
                    Problem(
                        display,
                        read.lines[name][pos],
                        column.name,
                        f"no row of {target_file} has {target_column} {v!r}{hint}",
                    )
                )


def check_oddities(folder: Path, read: FolderTables, problems: list[Problem]) -> None:
    """Warnings: things that look wrong but never stop ``summary`` or ``report``."""
    frames, lines = read.frames, read.lines
    events, contacts = frames["events"], frames["contacts"]
    interactions, learnings = frames["interactions"], frames["learnings"]

    def warn(table: str, mask: Any, column: str, template: str, *values: Any) -> None:
        """One warning per flagged row; ``template`` is formatted with that row's ``values``."""
        positions = np.flatnonzero(np.asarray(mask, dtype=bool))
        if not len(positions):
            return
        display = str(folder / schema.TABLES[table].filename)
        cells = [iso(pd.Series(v).iloc[positions]).astype(object).tolist() for v in values]
        for i, pos in enumerate(positions):
            message = template.format(*(c[i] for c in cells))
            problems.append(Problem(display, lines[table][pos], column, message, "warning"))

    def iso(values: pd.Series) -> pd.Series:
        """Dates as ``YYYY-MM-DD`` text (only the flagged rows get here); other values as they are."""
        if pd.api.types.is_datetime64_any_dtype(values):
            return values.dt.strftime(schema.DATE_FORMAT)
        return values

    # each event's status and date by the row of its event_id (the first, should it
    # repeat); one lookup per referring column, shared by its checks
    event = _Lookup(events, "event_id")
    status, event_date = event.values("status"), event.values("date")

    at = event.rows(learnings["event_id"])
    st = status[at]
    warn(
        "learnings",
        pd.notna(st) & (st != "attended"),
        "event_id",
        "takeaway from an event with status {!r} (not counted)",
        st,
    )
    early = learnings["applied_on"].to_numpy(dtype="datetime64[ns]") < event_date[at]
    warn("learnings", early, "applied_on", "applied before the event took place")

    intro = contacts["introduced_by"]
    warn(
        "contacts",
        intro.notna() & (intro == contacts["contact_id"]),
        "introduced_by",
        "a contact cannot introduce themselves",
    )
    for first, chain in _introduction_cycles(contacts):
        message = "circular introductions: " + " → ".join(chain)
        problems.append(
            Problem(
                str(folder / schema.CONTACTS.filename),
                lines["contacts"][first],
                "introduced_by",
                message,
                "warning",
            )
        )
    at = event.rows(contacts["met_event_id"])
    met_date, met_on = event_date[at], contacts["met_on"].to_numpy(dtype="datetime64[ns]")
    differs = ~np.isnat(met_date) & ~np.isnat(met_on) & (met_date != met_on)
    warn(
        "contacts",
        differs,
        "met_on",
        "{} is not the date of met_event_id's event ({})",
        met_on,
        met_date,
    )
    met_status = status[at]
    warn(
        "contacts",
        pd.notna(met_status) & (met_status != "attended"),
        "met_event_id",
        "met at an event with status {!r}",
        met_status,
    )

    # looked up once per distinct contact id (the codes are the reference check's)
    codes, distinct = read.codes("interactions", "contact_id")
    contact = _Lookup(contacts, "contact_id")
    met_on_of = contact.values("met_on")[contact.rows(distinct)]
    # code -1 (empty id) picks the trailing NaT
    met_on = np.append(met_on_of, np.datetime64("NaT"))[codes]
    kind = interactions["kind"]
    connects = kind.cat.codes.to_numpy() == kind.cat.categories.get_loc("linkedin-connect")
    connect_early = connects & (interactions["date"].to_numpy(dtype="datetime64[ns]") < met_on)
    warn(
        "interactions", connect_early, "date", "LinkedIn connect dated before the contact's met_on"
    )


class _Lookup:
    """Rows of ``frame`` by their ``key`` cell (the first row of a repeated key).

    :meth:`rows` gives, per key looked up, that row's position or ``-1`` (empty
    or unknown key); :meth:`values` gives a column with one extra trailing slot
    holding a missing value, so ``values(...)[rows(...)]`` is the looked-up cell.
    """

    def __init__(self, frame: pd.DataFrame, key: str) -> None:
        keys = frame[key]
        self._rows = np.flatnonzero((keys.notna() & ~keys.duplicated()).to_numpy(dtype=bool))
        self._index = pd.Index(keys.to_numpy(dtype=object)[self._rows], dtype=object)
        self._frame = frame

    def rows(self, keys: Any) -> np.ndarray:
        """Position in :meth:`values` of each key (``-1``, the trailing slot, when not found)."""
        return np.asarray(self._index.get_indexer(np.asarray(keys, dtype=object)))

    def values(self, column: str) -> np.ndarray:
        """``column`` of the looked-up rows, plus NaT (dates) or None at the end."""
        cells = self._frame[column]
        if pd.api.types.is_datetime64_any_dtype(cells):
            found = cells.to_numpy(dtype="datetime64[ns]")[self._rows]
            return np.append(found, np.datetime64("NaT"))
        found = cells.astype(object).to_numpy(dtype=object)[self._rows]
        return np.append(found, np.array([None], dtype=object))


def _introduction_cycles(contacts: pd.DataFrame) -> list[tuple[int, list[str]]]:
    """(row position, chain) for the first contact of each ``introduced_by`` cycle.

    Self-introductions are reported separately and are not cycles here.
    """
    ids, refs = contacts["contact_id"], contacts["introduced_by"]
    linked = (ids.notna() & refs.notna() & (ids != refs)).to_numpy(dtype=bool)
    by = {
        cid: ref
        for cid, ref in zip(ids[linked], refs[linked], strict=True)
        if isinstance(cid, str) and isinstance(ref, str)
    }
    finished: set[str] = set()
    loops: list[list[str]] = []
    for start in by:
        walk: dict[str, int] = {}
        cur = start
        while cur in by and cur not in finished and cur not in walk:
            walk[cur] = len(walk)
            cur = by[cur]
        if cur in walk:
            loops.append(list(walk)[walk[cur] :])
        finished.update(walk)
    if not loops:
        return []
    position = {cid: i for i, cid in enumerate(ids) if isinstance(cid, str)}
    return [(position[loop[0]], [*loop, loop[0]]) for loop in loops]


# --------------------------------------------------------------------------- goals


def _load_goals(folder: Path, problems: list[Problem]) -> dict[int, dict[str, Any]]:
    path = folder / schema.GOALS_FILE
    display = str(path)
    if not path.exists():
        return {}
    import yaml  # only when there is a goals file (start-up of `validate`)

    try:
        text = decode_utf8(read_bytes(path, display), display)
    except ProblemsError as e:
        problems.extend(e.problems)
        return {}
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        why = getattr(e, "problem", None) or str(e).splitlines()[0]
        problems.append(Problem(display, line, None, f"not valid YAML: {why}"))
        return {}
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode):
        problems.append(
            Problem(
                display, node.start_mark.line + 1, None, "expected years as keys (e.g. `2025:`)"
            )
        )
        return {}
    goals: dict[int, dict[str, Any]] = {}
    for year_node, targets in node.value:
        line = year_node.start_mark.line + 1
        try:
            year = int(year_node.value)
        except (TypeError, ValueError):
            problems.append(Problem(display, line, None, f"{year_node.value!r} is not a year"))
            continue
        if not isinstance(targets, yaml.MappingNode):
            problems.append(
                Problem(display, line, str(year), "expected metric: target pairs under the year")
            )
            continue
        year_goals: dict[str, Any] = {}
        for key_node, value_node in targets.value:
            kline = key_node.start_mark.line + 1
            key = str(key_node.value)
            if key not in schema.METRIC_NAMES:
                guess = difflib.get_close_matches(key, schema.METRIC_NAMES, n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                problems.append(Problem(display, kline, key, f"unknown metric name{hint}"))
                continue
            value = (
                yaml.safe_load(yaml.serialize(value_node))
                if isinstance(value_node, yaml.ScalarNode)
                else None
            )
            if key == "ladder_stage":
                if value not in schema.LADDER_STAGES:
                    problems.append(
                        Problem(
                            display,
                            kline,
                            key,
                            f"expected one of {', '.join(schema.LADDER_STAGES)}",
                        )
                    )
                    continue
            elif (
                isinstance(value, bool)
                or not isinstance(value, (int, float))
                or not math.isfinite(value)
                or value < 0
            ):
                problems.append(
                    Problem(
                        display,
                        kline,
                        key,
                        "target must be a non-negative number, got "
                        + (
                            repr(value_node.value)
                            if isinstance(value_node, yaml.ScalarNode)
                            else "a list or mapping"  # its repr could be huge (YAML aliases)
                        ),
                    )
                )
                continue
            year_goals[key] = value
        goals[year] = year_goals
    return goals


# --------------------------------------------------------------------------- saving


def table_to_csv(table: Table, frame: pd.DataFrame) -> str:
    """Render one typed table as the CSV text :func:`save_logbook` writes.

    Canonical cells: ISO dates, whole numbers without ``.0``, ``true``/
    ``false``, lists joined by ``;``; text and extra columns unchanged.
    """
    return columns_to_csv_text({name: _render(table, name, frame[name]) for name in frame.columns})


def _render(table: Table, name: str, values: pd.Series) -> list[str]:
    try:
        kind = table.column(name).kind
    except KeyError:
        kind = "str"
    if kind == "date":
        # each distinct date is formatted once (dates repeat a lot)
        codes, distinct = pd.factorize(values)
        text = np.append(np.asarray(distinct.strftime(schema.DATE_FORMAT), dtype=object), "")
        return text[codes].tolist()  # code -1 (NaT) picks the trailing ""
    if kind == "list":
        return [
            schema.LIST_SEPARATOR.join(v) if isinstance(v, (tuple, list)) else "" for v in values
        ]
    cells = values.astype(object).to_numpy()
    missing = pd.isna(cells).tolist()
    if kind == "bool":
        return [
            "" if m else ("true" if v else "false") for v, m in zip(cells, missing, strict=True)
        ]
    if kind == "int":
        return ["" if m else str(int(v)) for v, m in zip(cells, missing, strict=True)]
    if kind == "float":
        return ["" if m else _format_float(float(v)) for v, m in zip(cells, missing, strict=True)]
    return ["" if m else str(v) for v, m in zip(cells, missing, strict=True)]


def _format_float(v: float) -> str:
    return str(int(v)) if v.is_integer() and abs(v) < 1e15 else repr(v)


def save_logbook(logbook: Logbook, path: str | Path | None = None) -> list[str]:
    """Write the logbook's tables to ``path`` (default: where it was loaded from).

    All files change together or not at all (see :mod:`meetupstats.storage`);
    the previous versions are kept under ``.backup/``. Files whose content is
    unchanged are not rewritten. ``goals.yml`` is yours and never written.
    Returns the names of the files written.
    """
    from meetupstats.storage import commit_files

    folder = Path(path) if path is not None else logbook.path
    if folder is None:
        raise ValueError("save_logbook needs a path for a logbook that was not loaded from one")
    folder.mkdir(parents=True, exist_ok=True)
    contents = {}
    for name, table in schema.TABLES.items():
        frame = logbook.table(name)
        if not table.required_file and frame.empty and not (folder / table.filename).exists():
            continue
        contents[table.filename] = table_to_csv(table, frame).encode("utf-8")
    return commit_files(folder, contents)


def save_table_files(folder: Path, contents: Mapping[str, bytes]) -> list[str]:
    """Write some of the logbook's table files (file name → bytes).

    Those files change together or not at all, like :func:`save_logbook`'s;
    the backup holds every table file of the folder, and the files not given
    are left as they are. Returns the names of the files written.
    """
    from meetupstats.storage import commit_files

    backup = [t.filename for t in schema.TABLES.values() if (folder / t.filename).is_file()]
    return commit_files(folder, contents, backup_names=backup)


def init_logbook(path: str | Path) -> Path:
    """Create an empty logbook folder (headers only, plus a short README).

    Refuses to touch a folder that already holds logbook files.
    """
    from meetupstats.errors import UsageError

    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    existing = [t.filename for t in schema.TABLES.values() if (folder / t.filename).exists()]
    if existing:
        raise UsageError(
            f"{folder}: already holds a logbook ({', '.join(existing)}); nothing was changed"
        )
    folder.mkdir(parents=True, exist_ok=True)
    for table in schema.TABLES.values():
        (folder / table.filename).write_text(schema.empty_csv(table), encoding="utf-8")
    (folder / "README.md").write_text(_FOLDER_README, encoding="utf-8")
    from meetupstats.storage import LOCK

    (folder / LOCK).touch(mode=0o600)  # so readers can share the lock from the start
    return folder


_FOLDER_README = """\
# My meetup logbook

This folder is a meetupstats logbook: plain CSV files you can edit in any
spreadsheet or text editor (save as UTF-8 CSV).

- `events.csv` — one row per meetup you attended, skipped or signed up for
- `contacts.csv` — one row per person
- `interactions.csv` — one row per thing that happened with a contact
- `learnings.csv` — one row per takeaway
- `goals.yml` — optional yearly targets, e.g.

  ```yaml
  2026:
    events_attended: 12
    follow_up_rate: 0.7
  ```

Check it with `meetupstats validate --data <this folder>`. Every column is
described in the meetupstats documentation (data/README.md). This folder
holds other people's personal data: keep it out of git and shared drives.
"""
