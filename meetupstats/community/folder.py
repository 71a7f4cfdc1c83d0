"""Load, validate, save and create a community folder.

:func:`load_community` reads ``community_events.csv``, ``attendance.csv``,
``members.csv`` (optional) and the salt file into a :class:`Community` of typed
DataFrames after collecting **every** problem of the folder;
:func:`validate_community` returns those problems without raising;
:func:`save_community` writes the tables back atomically with a backup
(:func:`meetupstats.storage.commit_files`). Cells are typed exactly as in the
logbook (dates ``datetime64``, enums Categoricals, ints ``Int64``, bools
``boolean``, lists tuples); unknown extra columns are kept.
"""

from __future__ import annotations

import logging
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from meetupstats.community import schema
from meetupstats.csvfile import decode_utf8, read_bytes
from meetupstats.errors import LogbookError, Problem, ProblemsError, UsageError

# Reading, typing and reference checks are the logbook's, generic over the
# declared tables, so both folders parse cells identically.
from meetupstats.logbook import (
    FolderTables,
    empty_columns,
    folder_problems,
    latest_of,
    read_folder,
    sort_problems,
    table_to_csv,
    typed_frame,
)

log = logging.getLogger(__name__)

#: person ids that are salted hashes (they need the folder's salt to match)
HASHED_PREFIXES = ("email-", "name-")
MIN_SALT_CHARS = 16


@dataclass(frozen=True)
class Community:
    """A loaded community folder: one typed DataFrame per file, plus the salt.

    Attributes
    ----------
    events : DataFrame
        ``community_events.csv`` (see :mod:`meetupstats.community.schema`).
    attendance : DataFrame
        ``attendance.csv``: one row per (event_id, person_id).
    members : DataFrame
        ``members.csv``: one row per (person_id, snapshot_date); empty when absent.
    salt : str or None
        The folder's secret salt (``None`` when the salt file is missing).
    path : Path or None
        The folder it was loaded from.
    warnings : tuple of Problem
        Oddities that do not stop anything.
    """

    events: pd.DataFrame
    attendance: pd.DataFrame
    members: pd.DataFrame
    salt: str | None = None
    path: Path | None = None
    warnings: tuple[Problem, ...] = ()
    #: ``pandas.factorize`` of attendance columns, computed while loading and
    #: valid for that very ``attendance`` frame only (see :meth:`attendance_codes`)
    _codes: tuple[pd.DataFrame, dict[str, tuple[np.ndarray, pd.Index]]] | None = field(
        default=None, repr=False, compare=False
    )

    def attendance_codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """``pandas.factorize`` of one ``attendance`` column (codes, distinct values).

        Reuses the loader's (each is one hashing pass over a million cells).
        """
        att = self.attendance
        if self._codes is not None and self._codes[0] is att and column in self._codes[1]:
            return self._codes[1][column]
        codes, distinct = pd.factorize(att[column])
        return np.asarray(codes), pd.Index(distinct)

    def table(self, name: str) -> pd.DataFrame:
        """The DataFrame of table ``name`` (``"community_events"``, ``"attendance"``, ``"members"``)."""
        attr = {"community_events": "events", "attendance": "attendance", "members": "members"}
        df: pd.DataFrame = getattr(self, attr[name])
        return df

    def with_tables(
        self,
        *,
        events: pd.DataFrame | None = None,
        attendance: pd.DataFrame | None = None,
        members: pd.DataFrame | None = None,
        salt: str | None = None,
    ) -> Community:
        """A copy with some tables (or the salt) replaced."""
        return replace(
            self,
            events=self.events if events is None else events,
            attendance=self.attendance if attendance is None else attendance,
            members=self.members if members is None else members,
            salt=self.salt if salt is None else salt,
            _codes=self._codes if attendance is None else None,
        )


def empty_community(salt: str | None = None) -> Community:
    """A community with no rows (every declared column present and typed)."""
    frames = {name: typed_frame(t, empty_columns(t), []) for name, t in schema.TABLES.items()}
    return Community(frames["community_events"], frames["attendance"], frames["members"], salt=salt)


def latest_date(community: Community) -> pd.Timestamp | None:
    """The latest date anywhere in the folder (the default ``as_of``).

    The maximum over event dates, ``registered_at``, and the member lists'
    ``joined_on``, ``last_attended`` and ``snapshot_date``; ``None`` when there
    is no date at all.
    """
    return latest_of(
        community.events["date"],
        community.attendance["registered_at"],
        community.members["joined_on"],
        community.members["last_attended"],
        community.members["snapshot_date"],
    )


# --------------------------------------------------------------------------- loading


def load_community(path: str | Path) -> Community:
    """Load and validate the community folder at ``path``.

    Raises
    ------
    LogbookError
        With every error found (``file:line: column: message``).
    """
    community, problems = _load(Path(path))
    errors = [p for p in problems if p.severity == "error"]
    if errors or community is None:
        raise LogbookError(errors)
    return community


def validate_community(path: str | Path) -> list[Problem]:
    """Every problem of the community folder at ``path``: errors, then warnings.

    Errors: a missing file or required column, an empty required cell, an
    unparsable date/number/bool, an unknown enum value, a duplicate key
    (``event_id``; ``(event_id, person_id)``; ``(person_id, snapshot_date)``),
    an attendance row whose event is not in ``community_events.csv``, a
    ``person_id`` that is a raw email, a salt file that is too short.
    """
    return _load(Path(path))[1]


def _load(folder: Path) -> tuple[Community | None, list[Problem]]:
    missing = folder_problems(folder, "community folder", "`meetupstats community init`")
    if missing:
        return None, missing
    from meetupstats.storage import read_consistently

    def read_files() -> tuple[FolderTables, str | None, list[Problem]]:
        problems: list[Problem] = []
        read = read_folder(
            folder, schema.TABLES, problems, missing_hint="`meetupstats community init`"
        )
        for name, key in schema.KEYS.items():
            if len(key) > 1:
                _check_composite_key(folder, name, key, read, problems)
        _check_person_ids(folder, read, problems)
        return read, _read_salt(folder, read.frames["attendance"], problems), problems

    read, salt, problems = read_consistently(folder, read_files)
    frames = read.frames
    codes = {c: read.codes("attendance", c) for c in ("event_id", "person_id")}
    return _assemble(folder, frames, salt, problems, codes)


def _assemble(
    folder: Path,
    frames: dict[str, pd.DataFrame],
    salt: str | None,
    problems: list[Problem],
    codes: dict[str, tuple[np.ndarray, pd.Index]] | None = None,
) -> tuple[Community, list[Problem]]:
    sort_problems(folder, schema.TABLES, problems)
    warnings = tuple(p for p in problems if p.severity == "warning")
    community = Community(
        frames["community_events"],
        frames["attendance"],
        frames["members"],
        salt=salt,
        path=folder,
        warnings=warnings,
        _codes=None if codes is None else (frames["attendance"], codes),
    )
    return community, problems


def _check_composite_key(
    folder: Path,
    name: str,
    key: tuple[str, ...],
    read: FolderTables,
    problems: list[Problem],
) -> None:
    """A problem for each row whose ``key`` cells (all non-empty) repeat an earlier row's."""
    frame, lines = read.frames[name], read.lines[name]
    if frame.empty:
        return
    # one integer per distinct combination of the key's cells (-1: some cell empty)
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in key:
        codes, distinct = read.codes(name, column)
        if int(combined.max()) >= 2**62 // max(len(distinct), 1):
            combined = pd.factorize(combined)[0].astype(np.int64)
        combined = np.where((combined >= 0) & (codes >= 0), combined * len(distinct) + codes, -1)
    rows = np.flatnonzero(combined >= 0)
    dup = pd.Series(combined[rows]).duplicated(keep="first").to_numpy(dtype=bool)
    if not dup.any():
        return
    group, _ = pd.factorize(combined[rows])
    first_of = np.empty(int(group.max()) + 1, dtype=np.int64)
    first_of[group[::-1]] = rows[::-1]  # the last write wins: each group's first row
    flagged = rows[dup]
    parts = frame[list(key)].iloc[flagged].astype(object)
    display = str(folder / schema.TABLES[name].filename)
    for i, first, row in zip(
        flagged, first_of[group[dup]], parts.itertuples(index=False), strict=True
    ):
        what = ", ".join(f"{k} {str(v)!r}" for k, v in zip(key, row, strict=True))
        problems.append(
            Problem(
                display,
                int(lines[i]),
                key[-1],
                f"duplicate row for {what} (first on line {int(lines[first])})",
            )
        )


def _check_person_ids(folder: Path, read: FolderTables, problems: list[Problem]) -> None:
    for name in ("attendance", "members"):
        # each distinct id is looked at once (a person has many attendance rows)
        codes, distinct = read.codes(name, "person_id")
        if "@" not in "\x00".join(map(str, distinct)):
            continue  # no id has an "@" (one scan of the distinct ids)
        at = np.array(["@" in str(v) for v in distinct] + [False], dtype=bool)
        emails = at[codes]  # code -1 (empty id) picks the trailing False
        display = str(folder / schema.TABLES[name].filename)
        for pos in np.flatnonzero(emails):
            problems.append(
                Problem(
                    display,
                    int(read.lines[name][pos]),
                    "person_id",
                    "looks like a raw email; person ids are pseudonyms (import the export "
                    "with `meetupstats community import` to hash it)",
                )
            )


def _read_salt(folder: Path, attendance: pd.DataFrame, problems: list[Problem]) -> str | None:
    path = folder / schema.SALT_FILE
    display = str(path)
    if not path.exists():
        ids = attendance["person_id"].dropna().astype(str)
        if ids.str.startswith(HASHED_PREFIXES).any():
            problems.append(
                Problem(
                    display,
                    None,
                    None,
                    "salt file missing: people imported from now on will not match the "
                    "existing hashed person ids (restore it from a backup)",
                    "warning",
                )
            )
        return None
    try:
        salt = decode_utf8(read_bytes(path, display), display).strip()
    except ProblemsError as e:
        problems.extend(e.problems)
        return None
    if len(salt) < MIN_SALT_CHARS or "\n" in salt:
        problems.append(
            Problem(
                display,
                1,
                None,
                f"the salt must be one line of at least {MIN_SALT_CHARS} characters",
            )
        )
        return None
    return salt


# --------------------------------------------------------------------------- saving


def new_salt() -> str:
    """A fresh random salt (64 hex characters)."""
    return secrets.token_hex(32)


def community_files(community: Community, folder: Path) -> dict[str, bytes]:
    """The bytes of every file :func:`save_community` would write to ``folder``."""
    contents: dict[str, bytes] = {}
    for name, table in schema.TABLES.items():
        frame = community.table(name)
        if not table.required_file and frame.empty and not (folder / table.filename).exists():
            continue
        contents[table.filename] = table_to_csv(table, frame).encode("utf-8")
    if community.salt is not None:
        contents[schema.SALT_FILE] = (community.salt + "\n").encode("utf-8")
    return contents


def save_community(community: Community, path: str | Path | None = None) -> list[str]:
    """Write the community's tables (and salt) atomically, keeping a backup.

    Unchanged files are not rewritten; returns the names written. Callers that
    read, modify and write should hold :func:`meetupstats.storage.folder_lock`.
    """
    from meetupstats.storage import commit_files

    folder = Path(path) if path is not None else community.path
    if folder is None:
        raise ValueError("save_community needs a path for a community that was not loaded")
    folder.mkdir(parents=True, exist_ok=True)
    return commit_files(folder, community_files(community, folder))


def init_community(path: str | Path) -> Path:
    """Create an empty community folder: headers, a fresh salt and a README.

    Refuses to touch a folder that already holds community files.
    """
    folder = Path(path)
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: exists and is not a folder")
    names = [t.filename for t in schema.TABLES.values()] + [schema.SALT_FILE]
    existing = [n for n in names if (folder / n).exists()]
    if existing:
        raise UsageError(
            f"{folder}: already holds a community folder ({', '.join(existing)}); nothing was changed"
        )
    folder.mkdir(parents=True, exist_ok=True)
    from meetupstats.storage import commit_files

    contents = {t.filename: schema.empty_csv(t).encode() for t in schema.TABLES.values()}
    contents[schema.SALT_FILE] = (new_salt() + "\n").encode()
    contents["README.md"] = _README.encode()
    commit_files(folder, contents)
    return folder


_README = """\
# Community folder (meetupstats community mode)

- `community_events.csv` — one row per event you ran
- `attendance.csv` — one row per person and event (rsvp, checked_in)
- `members.csv` — one row per member and member-list download
- `salt.txt` — the secret that turns emails and names into person ids.
  Keep it: without it, new imports cannot recognise people imported before.
  Never share it together with the CSV files.

Fill it with `meetupstats community import SOURCE FILE --data <this folder>`
(SOURCE: meetup, meetup-members, eventbrite, luma). Raw emails and names are
never stored; person ids are pseudonyms.
"""
