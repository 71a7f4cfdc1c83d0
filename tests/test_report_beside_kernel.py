"""What ``meetupstats report`` does beside the kernel (:mod:`meetupstats.report`).

The command computes the Insights section in its own process while the
kernel draws the rest (the kernel shows a placeholder the command replaces),
and hands the kernel the logbook it already loaded and validated. That the
replaced section equals the one the notebook computes by itself is checked
on the rendered report in ``test_report.py``.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from meetupstats import reflection, reflection_views
from meetupstats.logbook import load_logbook
from meetupstats.reflection import prepare
from meetupstats.resources import sample_logbook_dir

#: The sample logbook's report year.
YEAR = 2025


def test_under_meetupstats_report_the_kernel_leaves_a_placeholder(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(reflection.INSIGHTS_OUTSIDE_ENV, "1")
    data = prepare(None, YEAR)
    shown = reflection_views.insights(data)
    assert isinstance(shown, reflection_views.InsightsPlaceholder)
    assert shown._repr_mimebundle_() == {"text/html": "", reflection.INSIGHTS_MIME: {}}
    assert "insights" not in data._memo  # nothing was computed in the kernel


def test_in_a_plain_kernel_the_section_is_computed_there(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(reflection.INSIGHTS_OUTSIDE_ENV, raising=False)
    data = prepare(None, YEAR)
    shown = reflection_views.insights(data)
    assert str(shown).startswith('<div class="ms-insights">')
    assert data.insights() is data._memo["insights"]  # computed once per report


def test_the_kernel_takes_the_logbook_the_command_handed_over(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(sample_logbook_dir())
    book = load_logbook(folder)
    monkeypatch.delenv(reflection.LOGBOOK_HANDOFF_ENV, raising=False)
    assert reflection.read_handoff(folder) is None  # not under ``meetupstats report``
    path = reflection.write_handoff(book, folder, reflection.handoff_path(tmp_path))
    monkeypatch.setenv(reflection.LOGBOOK_HANDOFF_ENV, str(path))
    handed = reflection.read_handoff(folder)
    assert handed is not None
    pd.testing.assert_frame_equal(handed.contacts, book.contacts)
    # another folder (or a file that is gone) is loaded as usual
    assert reflection.read_handoff(tmp_path) is None
    monkeypatch.setenv(reflection.LOGBOOK_HANDOFF_ENV, str(tmp_path / "gone.pickle"))
    assert reflection.read_handoff(folder) is None


def test_the_kernel_takes_the_report_data_prepared_for_exactly_its_parameters(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(sample_logbook_dir())
    book = load_logbook(folder)
    request = reflection.prepare_request(YEAR, "2025-12-30", True, False, "Alex")
    report = reflection.prepare_logbook(book, **request)
    report._memo["handed over"] = True  # tells the handed-over copy apart
    path = reflection.write_handoff(
        book, folder, reflection.handoff_path(tmp_path), prepared=(request, report)
    )
    monkeypatch.setenv(reflection.LOGBOOK_HANDOFF_ENV, str(path))
    taken = prepare(folder, **request)
    assert taken._memo.get("handed over") is True
    assert (taken.year, taken.as_of, taken.owner) == (YEAR, pd.Timestamp("2025-12-30"), "Alex")
    assert taken.summary == report.summary
    # any other argument: computed in the kernel (from the handed-over logbook),
    # and equal to what the command would have prepared for it
    for change in ({"anonymize": True}, {"as_of": "2025-06-30"}, {"owner_name": None}):
        other = {**request, **change}
        fresh = prepare(folder, **other)
        assert "handed over" not in fresh._memo
        expected = reflection.prepare_logbook(book, **other)
        assert (fresh.year, fresh.as_of, fresh.owner, fresh.anonymized) == (
            expected.year,
            expected.as_of,
            expected.owner,
            expected.anonymized,
        )
        assert fresh.summary == expected.summary
        pd.testing.assert_frame_equal(fresh.ledger, expected.ledger)
