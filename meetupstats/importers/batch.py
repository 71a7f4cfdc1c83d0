"""What an importer hands over: rows of one export file, and the import's report.

An importer parses a file into an :class:`ImportBatch` (rows as cell text,
or columns for large files); interactions name whom they are with through a
:class:`ContactRef`, resolved once the contacts are merged.
:class:`ImportReport` is the plan (or the outcome) of one import.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook
from meetupstats.merge import Columns, MergeResult

SOURCES = ("linkedin", "ics", "vcard")


@dataclass(frozen=True)
class ContactRef:
    """Who an imported interaction is with, resolved after contacts are merged.

    Exactly one of: ``batch`` (index into :attr:`ImportBatch.contacts`),
    ``linkedin_url`` (normalized), ``name`` (matched by :func:`normalize_name`).
    """

    batch: int | None = None
    linkedin_url: str | None = None
    name: str | None = None


@dataclass
class InteractionRecord:
    """An imported interaction row (without ``contact_id``) and whom it is with.

    ``update_only`` rows only fill cells of a row already there (e.g. the
    direction LinkedIn's Invitations.csv gives a connect).
    """

    cells: dict[str, str]
    contact: ContactRef
    update_only: bool = False
    about: str = "interaction"


@dataclass
class InteractionColumns:
    """Imported interactions column by column (the rows of :class:`InteractionRecord`).

    ``cells`` holds the interaction cells (no ``contact_id``; ``""`` empty,
    each row's cells in the table's column order); per row, whom it is with
    is ``batch`` (index into the batch's contacts, ``-1``: not this way),
    else ``linkedin_url``, else ``name`` (``""``: not this way), as in
    :class:`ContactRef`; ``update_only`` and ``about`` as in
    :class:`InteractionRecord`.
    """

    cells: Columns
    batch: np.ndarray
    linkedin_url: np.ndarray
    name: np.ndarray
    update_only: np.ndarray
    about: np.ndarray

    @property
    def size(self) -> int:
        return self.cells.size

    def records(self) -> list[InteractionRecord]:
        """The rows as :class:`InteractionRecord` (cells: the non-empty ones)."""
        names = list(self.cells)
        cells = [self.cells[c] for c in names]
        out = []
        for n, values in enumerate(zip(*cells, strict=True) if names else [()] * self.size):
            at = int(self.batch[n])
            ref = (
                ContactRef(batch=at)
                if at >= 0
                else ContactRef(linkedin_url=self.linkedin_url[n])
                if self.linkedin_url[n]
                else ContactRef(name=self.name[n] or None)
            )
            row = {c: v for c, v in zip(names, values, strict=True) if v}
            out.append(InteractionRecord(row, ref, bool(self.update_only[n]), str(self.about[n])))
        return out


@dataclass
class ImportBatch:
    """Rows parsed from one export file, ready to merge.

    An importer gives contacts and interactions either as rows
    (``contacts``, ``interactions``) or, for large files, column by column
    (``contact_columns``, ``interaction_columns``; the row lists stay
    empty). :meth:`contact_rows` and :meth:`interaction_records` give the
    rows either way. ``notes`` are lines for the import summary (rows
    skipped and why).
    """

    source: str
    file: str
    events: list[dict[str, str]] = field(default_factory=list)
    contacts: list[dict[str, str]] = field(default_factory=list)
    interactions: list[InteractionRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    contact_columns: Columns | None = None
    interaction_columns: InteractionColumns | None = None

    def contact_rows(self) -> list[dict[str, str]]:
        """The contacts as rows (from the columns: every cell, in column order)."""
        table = self.contact_columns
        if table is None:
            return self.contacts
        names = list(table)
        return [
            dict(zip(names, values, strict=True))
            for values in zip(*(table[c] for c in names), strict=True)
        ]

    def interaction_records(self) -> list[InteractionRecord]:
        """The interactions as :class:`InteractionRecord` rows."""
        if self.interaction_columns is None:
            return self.interactions
        return self.interaction_columns.records()


@dataclass(frozen=True)
class Attribution:
    """A contact whose ``met_on``/``met_event_id`` the import inferred."""

    contact_id: str
    name: str
    event_id: str
    event_title: str
    event_date: str
    connected_on: str


@dataclass(frozen=True)
class AmbiguousAttribution:
    """A contact connected 0–2 days after several attended events: left alone."""

    contact_id: str
    name: str
    connected_on: str
    event_ids: tuple[str, ...]


@dataclass
class ImportReport:
    """The plan (or the outcome) of one import.

    ``tables`` holds the merge of ``events``, ``contacts`` and
    ``interactions``; ``logbook`` is the merged, validated result (what is or
    would be saved); ``written`` the files written (empty on a dry run or
    when nothing changed).
    """

    batch: ImportBatch
    tables: dict[str, MergeResult]
    attributed: list[Attribution]
    attribution_ambiguous: list[AmbiguousAttribution]
    unresolved: dict[str, set[str]]
    texts: dict[str, pd.DataFrame]
    logbook: Logbook | None = None
    written: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def changed(self) -> bool:
        return any(r.changed for r in self.tables.values()) or bool(self.attributed)

    def changed_rows(self) -> dict[str, np.ndarray]:
        """Per merged table, the positions of its rows added or updated (sorted).

        Every other row of ``texts`` is the logbook's row as it was loaded;
        a table not listed (learnings) is unchanged.
        """
        # updated rows are old ones, added rows come after them: in order already
        return {
            name: np.asarray([*r.updated, *r.added], dtype=np.int64)
            for name, r in self.tables.items()
        }
