"""Importers: exports people already have, merged into the logbook.

One module per source parses a file into an :class:`ImportBatch` of rows
(cell text, the logbook's columns); :func:`plan_import` merges a batch into a
loaded logbook with the one merge engine (:mod:`meetupstats.merge`) and runs
the Meetup attribution; :func:`import_into` does that under the folder's lock
and saves atomically, after checking that the result validates.

Id schemes (stable, so a re-import finds its own rows again):

* events: ``event_id = "<source>:<source_id>"`` (``ics:<UID>``, and
  ``ics:<UID>/<YYYYMMDD>`` for an occurrence of a recurring event);
* contacts: ``source_id`` is the LinkedIn handle (``linkedin``), the card's
  UID or a hash of name, e-mail and company (``vcard``); ``contact_id`` is
  ``li-<slug>`` / ``vc-<slug>`` of the handle or name, made unique with
  ``-2``... when taken (only when the row is added: later imports find the
  row through ``source``/``source_id``, never through the id);
* interactions: ``source_id`` names the fact (``connect:<handle>``,
  ``message:<handle>:<date>:<direction>``).

Matching (first matcher that finds rows decides, see
:func:`~meetupstats.merge.merge_rows`):

* events: (source, source_id); then date + URL; then date + title
  (case, accents and spacing ignored);
* contacts: (source, source_id); then LinkedIn URL (normalized); then e-mail;
  then name (normalized) together with the same company;
* interactions: (source, source_id); then contact + kind + date + direction;
  then, for ``linkedin-connect``, the contact's one connect row.

Modules (imports go one way: ``batch`` ← ``defuse`` ← ``planning`` ← ``apply``;
``matching``, ``texts`` ← ``planning``; ``texts`` ← ``saving`` ← ``validation`` ←
``apply``):

- :mod:`~meetupstats.importers.batch` — :class:`ImportBatch` and what it holds
  (:class:`ContactRef`, :class:`InteractionRecord`, :class:`InteractionColumns`),
  :class:`ImportReport` and the attributions it lists;
- :mod:`~meetupstats.importers.matching` — the matchers, their keys, the
  ``SAME`` normalizers and the rows' labels;
- :mod:`~meetupstats.importers.texts` — :func:`text_tables` (the logbook as
  text cells, exactly as saved);
- :mod:`~meetupstats.importers.defuse` — :func:`defuse_formula`,
  :func:`defuse_batch` (CSV injection);
- :mod:`~meetupstats.importers.planning` — :func:`plan_import`, contact
  resolution, :func:`attribute_meetups`;
- :mod:`~meetupstats.importers.validation` — :func:`validate_merged`,
  :func:`check_merged`;
- :mod:`~meetupstats.importers.saving` — what an import writes: the records
  it added or updated, spliced into the file (every other byte kept);
- :mod:`~meetupstats.importers.apply` — :func:`import_into` (lock, load,
  plan, validate, save);
- one module per source: :mod:`~meetupstats.importers.linkedin` (reading in
  :mod:`~meetupstats.importers.linkedin_files`, rows in
  :mod:`~meetupstats.importers.linkedin_rows`),
  :mod:`~meetupstats.importers.ics`, :mod:`~meetupstats.importers.vcard`
  (with :mod:`~meetupstats.importers.identity`: slugs, hashes, normalizers).

Every public name is re-exported here (``from meetupstats.importers import
import_into``). A test that monkeypatches a name patches the module that looks
it up (e.g. ``meetupstats.importers.planning.defuse_batch`` for
:func:`plan_import`).
"""

from __future__ import annotations

from meetupstats.importers.apply import import_into
from meetupstats.importers.batch import (
    SOURCES,
    AmbiguousAttribution,
    Attribution,
    ContactRef,
    ImportBatch,
    ImportReport,
    InteractionColumns,
    InteractionRecord,
)
from meetupstats.importers.defuse import FORMULA_STARTS, defuse_batch, defuse_formula
from meetupstats.importers.matching import (
    CONTACT_MATCHERS,
    EVENT_MATCHERS,
    INTERACTION_MATCHERS,
    SAME,
)
from meetupstats.importers.planning import ATTRIBUTION_DAYS, attribute_meetups, plan_import
from meetupstats.importers.texts import text_tables
from meetupstats.importers.validation import _OTHER_BLANKS as _OTHER_BLANKS  # for tests
from meetupstats.importers.validation import _any_padded as _any_padded  # for tests
from meetupstats.importers.validation import check_merged, validate_merged

__all__ = [
    "ATTRIBUTION_DAYS",
    "CONTACT_MATCHERS",
    "EVENT_MATCHERS",
    "FORMULA_STARTS",
    "INTERACTION_MATCHERS",
    "SAME",
    "SOURCES",
    "AmbiguousAttribution",
    "Attribution",
    "ContactRef",
    "ImportBatch",
    "ImportReport",
    "InteractionColumns",
    "InteractionRecord",
    "attribute_meetups",
    "check_merged",
    "defuse_batch",
    "defuse_formula",
    "import_into",
    "plan_import",
    "text_tables",
    "validate_merged",
]
