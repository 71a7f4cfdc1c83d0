"""The column-at-a-time merge gives exactly what merging one row at a time gives.

``merge._merge_sequential`` is the definition (one incoming row at a time,
see :mod:`meetupstats.merge`); ``merge._merge_vectorized`` must give the same
table, targets, counts, conflicts and ambiguities, or decline (None, and
``merge_rows`` then runs the definition). Random small tables and incoming
rows are drawn from few values, so rows share keys, targets and ids often
(the cases where a row depends on an earlier one).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats import merge
from meetupstats.importers import CONTACT_MATCHERS, INTERACTION_MATCHERS, SAME
from meetupstats.merge import Columns, Matcher, MergeResult

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CONTACT_COLUMNS = ["contact_id", "name", "company", "linkedin_url", "email", "source", "source_id"]
CONTACT_VALUES = {
    "contact_id": ["", "c1", "c2", "li-a", "li-a-2"],
    "name": ["", "Ann Lee", "ann  LEE", "Bo"],
    "company": ["", "Acme", "acme", "Beta"],
    "linkedin_url": [
        "",
        "https://www.linkedin.com/in/a",
        "linkedin.com/in/A/",
        "https://www.linkedin.com/in/b",
    ],
    "email": ["", "a@x.org", "A@x.org", "b@x.org"],
    "source": ["", "linkedin", "vcard"],
    "source_id": ["", "a", "b"],
    "notes": ["", "x", "y"],
}
INTERACTION_COLUMNS = ["contact_id", "date", "kind", "direction", "source", "source_id"]
INTERACTION_VALUES = {
    "contact_id": ["", "c1", "c2"],
    "date": ["", "2025-01-01", "2025-01-02"],
    "kind": ["", "linkedin-connect", "message"],
    "direction": ["", "in", "out"],
    "source": ["", "linkedin"],
    "source_id": ["", "connect:a", "connect:b"],
    "notes": ["", "x"],
}


def table_of(
    values: Mapping[str, list[str]], columns: list[str]
) -> st.SearchStrategy[pd.DataFrame]:
    row = st.fixed_dictionaries({c: st.sampled_from(values[c]) for c in columns})
    return st.lists(row, max_size=6).map(
        lambda rows: pd.DataFrame(
            {c: pd.Series([r[c] for r in rows], dtype=object) for c in columns},
            index=pd.RangeIndex(len(rows)),
        )
    )


def rows_of(values: Mapping[str, list[str]]) -> st.SearchStrategy[list[dict[str, str]]]:
    # some columns of each row (in a drawn order; "notes" and "extra" may be new to the table)
    names = [*values, "extra"]
    cell = st.sampled_from(names).flatmap(
        lambda c: st.tuples(st.just(c), st.sampled_from(values.get(c, ["", "e", "f"])))
    )
    return st.lists(st.lists(cell, max_size=5).map(dict), max_size=10)


def check(
    frame: pd.DataFrame,
    rows: list[dict[str, str]],
    matchers: Sequence[Matcher],
    only: list[bool] | None,
    **options: object,
) -> None:
    expected = merge._merge_sequential(frame, rows, matchers, update_only=only, **options)  # type: ignore[arg-type]
    inputs: list[list[dict[str, str]] | Columns] = [rows]
    # the same rows as a column table (each row's cells in the table's order)
    names = list(dict.fromkeys(c for r in rows for c in r))
    if all(list(r) == [c for c in names if c in r] for r in rows):
        inputs.append(Columns({c: [r.get(c, "") for r in rows] for c in names}, len(rows)))
    for incoming in inputs:
        got = merge._merge_vectorized(
            frame,
            incoming,
            matchers,
            update_only=only,
            quiet=("source", "source_id"),
            **options,  # type: ignore[arg-type]
        )
        if got is not None:
            same_result(got, expected)


def same_result(got: MergeResult, expected: MergeResult) -> None:
    pd.testing.assert_frame_equal(got.frame, expected.frame)
    assert got.targets == expected.targets
    assert (got.added, got.updated, got.unchanged, got.skipped) == (
        expected.added,
        expected.updated,
        expected.unchanged,
        expected.skipped,
    )
    assert list(map(str, got.conflicts)) == list(map(str, expected.conflicts))
    assert list(map(str, got.ambiguous)) == list(map(str, expected.ambiguous))


@SETTINGS
@given(
    table_of(CONTACT_VALUES, CONTACT_COLUMNS),
    rows_of(CONTACT_VALUES),
    st.lists(st.booleans(), min_size=10, max_size=10),
    st.booleans(),
)
def test_contacts_merge_column_wise_equals_row_by_row(
    frame: pd.DataFrame, rows: list[dict[str, str]], only: list[bool], flagged: bool
) -> None:
    check(
        frame,
        rows,
        CONTACT_MATCHERS,
        only[: len(rows)] if flagged else None,
        table="contacts",
        id_column="contact_id",
        same=SAME["contacts"],
        label=None,
    )


@SETTINGS
@given(
    table_of(INTERACTION_VALUES, INTERACTION_COLUMNS),
    rows_of(INTERACTION_VALUES),
    st.lists(st.booleans(), min_size=10, max_size=10),
)
def test_interactions_merge_column_wise_equals_row_by_row(
    frame: pd.DataFrame, rows: list[dict[str, str]], only: list[bool]
) -> None:
    check(
        frame,
        rows,
        INTERACTION_MATCHERS,
        only[: len(rows)],
        table="interactions",
        id_column=None,
        same={},
        label=lambda r: " ".join(
            v for v in (r.get("date"), r.get("kind"), r.get("contact_id")) if v
        ),
    )


def test_large_merge_takes_the_column_path_and_matches() -> None:
    # 600 rows (over VECTOR_MIN_ROWS): 300 fill an old row each, 300 are new
    old = pd.DataFrame(
        {
            "contact_id": pd.Series([f"c{i}" for i in range(300)], dtype=object),
            "email": pd.Series([f"p{i}@x.org" for i in range(300)], dtype=object),
            "name": pd.Series([""] * 300, dtype=object),
        }
    )
    rows = [{"email": f"p{i}@x.org", "name": f"P {i}", "contact_id": f"n{i}"} for i in range(600)]
    got = merge.merge_rows(old, rows, CONTACT_MATCHERS, id_column="contact_id")
    expected = merge._merge_sequential(old, rows, CONTACT_MATCHERS, id_column="contact_id")
    same_result(got, expected)
    # hand-checked: rows 0..299 fill names of old rows 0..299, rows 300..599 added at 300..599
    assert got.updated == list(range(300)) and got.added == list(range(300, 600))
    assert got.frame["name"].iloc[5] == "P 5"


def dependent_rows(frame: pd.DataFrame, rows: list[dict[str, str]]) -> list[int]:
    """Which incoming contact rows the column-wise merge merges one at a time."""
    from meetupstats.merge_keys import _Job, _KeysByMatcher
    from meetupstats.merge_matches import _mark_fill_collisions, _match_old_rows

    job = _Job(
        frame, rows, CONTACT_MATCHERS, "contacts", "contact_id", SAME["contacts"], set(), None
    )
    keys = _KeysByMatcher(job)
    match = _match_old_rows(job, keys)
    for c in job.new_columns:  # as merge_columns does
        job.data[c] = np.full(job.n_old, "", dtype=object)
    assert _mark_fill_collisions(job, keys, match)
    return [int(n) for n in match.dependent.nonzero()[0]]


def contacts_frame(rows: list[dict[str, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([r.get(c, "") for r in rows], dtype=object) for c in CONTACT_COLUMNS}
    )


def check_contacts(old: pd.DataFrame, rows: list[dict[str, str]]) -> None:
    """Both merges of contact rows give the same (:func:`check`)."""
    check(
        old,
        rows,
        CONTACT_MATCHERS,
        None,
        table="contacts",
        id_column="contact_id",
        same=SAME["contacts"],
        label=None,
    )


def test_rows_sharing_a_key_they_never_look_up_are_merged_column_wise() -> None:
    # two people with the same name and company, each found by their own profile
    # URL: neither looks up the name key (an earlier matcher found their rows)
    ann = {"name": "Ann Lee", "company": "Acme"}
    old = contacts_frame(
        [
            {"contact_id": "c1", "linkedin_url": "https://www.linkedin.com/in/a", **ann},
            {"contact_id": "c2", "linkedin_url": "https://www.linkedin.com/in/b", **ann},
        ]
    )
    rows = [
        {**ann, "linkedin_url": "https://www.linkedin.com/in/a", "position": "PM"},
        {**ann, "linkedin_url": "https://www.linkedin.com/in/b", "position": "CTO"},
    ]
    assert dependent_rows(old, rows) == []
    got = merge.merge_rows(old, rows, CONTACT_MATCHERS, id_column="contact_id")
    assert got.targets == [0, 1] and got.updated == [0, 1]
    check_contacts(old, rows)


def test_a_row_looking_up_a_key_an_earlier_added_row_holds_is_one_at_a_time() -> None:
    old = contacts_frame([{"contact_id": "c1", "linkedin_url": "https://www.linkedin.com/in/a"}])
    rows = [
        {"name": "Ann Lee", "company": "Acme", "linkedin_url": "https://www.linkedin.com/in/new"},
        {"name": "ann lee", "company": "ACME", "email": "ann@x.org"},
    ]
    assert dependent_rows(old, rows) == [0, 1]
    got = merge.merge_rows(old, rows, CONTACT_MATCHERS, id_column="contact_id")
    # hand-checked: the first is added at 1; the second finds it by name and company
    assert got.targets == [1, 1] and got.added == [1]
    assert got.frame["email"].tolist() == ["", "ann@x.org"]
    check_contacts(old, rows)


def test_a_fill_giving_an_old_row_another_rows_key_makes_both_one_at_a_time() -> None:
    # row 0 is found by source id and fills its e-mail into old row 0, which then
    # holds the e-mail old row 1 holds: row 1's e-mail finds two rows (ambiguous)
    old = contacts_frame(
        [
            {"contact_id": "c1", "source": "linkedin", "source_id": "a"},
            {"contact_id": "c2", "email": "a@x.org"},
        ]
    )
    rows = [{"email": "a@x.org", "source": "linkedin", "source_id": "a"}, {"email": "a@x.org"}]
    assert dependent_rows(old, rows) == [0, 1]
    got = merge.merge_rows(old, rows, CONTACT_MATCHERS, id_column="contact_id")
    assert got.targets == [0, None] and len(got.ambiguous) == 1
    check_contacts(old, rows)
