"""The merge engine: fill empty cells only, report conflicts and ambiguity, drop nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from meetupstats.importers import CONTACT_MATCHERS, SAME
from meetupstats.importers.identity import (
    linkedin_handle,
    normalize_linkedin_url,
    normalize_name,
    slug,
)
from meetupstats.merge import Matcher, merge_rows, text_frame

BY_ID = [Matcher("id", lambda r: r.get("id") or None)]


def frame(rows: list[dict[str, str]], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {c: pd.Series([r.get(c, "") for r in rows], dtype=object) for c in columns},
        columns=columns,
    )


def test_only_empty_cells_are_filled_and_a_differing_value_is_a_conflict() -> None:
    table = frame([{"id": "a", "x": "mine", "y": ""}], ["id", "x", "y"])
    result = merge_rows(table, [{"id": "a", "x": "theirs", "y": "new"}], BY_ID, table="t")
    assert result.frame.to_dict("records") == [{"id": "a", "x": "mine", "y": "new"}]
    assert (len(result.added), len(result.updated), len(result.unchanged)) == (0, 1, 0)
    [conflict] = result.conflicts
    assert (conflict.column, conflict.kept, conflict.offered) == ("x", "mine", "theirs")
    assert result.counts() == "added 0, updated 1, unchanged 0, conflicts 1"


def test_same_values_are_unchanged_and_an_empty_import_cell_carries_nothing() -> None:
    table = frame([{"id": "a", "x": "1", "y": "2"}], ["id", "x", "y"])
    result = merge_rows(table, [{"id": "a", "x": "1", "y": ""}], BY_ID)
    assert result.frame.equals(table)
    assert (result.unchanged, result.conflicts, result.changed) == ([0], [], False)


def test_user_columns_and_rows_are_kept_and_new_rows_appended() -> None:
    table = frame([{"id": "a", "mine": "keep me"}, {"id": "b", "mine": "me too"}], ["id", "mine"])
    result = merge_rows(table, [{"id": "c", "extra": "e"}], BY_ID)
    assert list(result.frame.columns) == ["id", "mine", "extra"]
    assert result.frame["id"].tolist() == ["a", "b", "c"]
    assert result.frame["mine"].tolist() == ["keep me", "me too", ""]
    assert result.added == [2]


def test_a_taken_id_gets_a_suffix_when_the_row_is_new() -> None:
    # matched by key "k", not by id: "x" and "x-2" are taken, so the new row is "x-3"
    matchers = [Matcher("k", lambda r: r.get("k") or None)]
    table = frame([{"id": "x", "k": "1"}, {"id": "x-2", "k": "2"}], ["id", "k"])
    result = merge_rows(table, [{"id": "x", "k": "3"}], matchers, id_column="id")
    assert result.frame["id"].tolist() == ["x", "x-2", "x-3"]


def test_ambiguous_match_is_neither_merged_nor_added() -> None:
    matchers = [Matcher("name", lambda r: normalize_name(r.get("name")))]
    table = frame([{"name": "Ann Lee", "x": ""}, {"name": "ann  LEE", "x": ""}], ["name", "x"])
    result = merge_rows(table, [{"name": "Ann Lee", "x": "1"}], matchers, table="contacts")
    assert result.frame.equals(table)
    assert result.targets == [None]
    [amb] = result.ambiguous
    assert amb.candidates == ("Ann Lee", "ann  LEE")
    assert "not imported" in str(amb)


def test_first_matcher_with_hits_decides() -> None:
    # the URL matches row 0, the e-mail would match row 1: URL wins (it comes first)
    table = frame(
        [
            {"contact_id": "c1", "name": "A", "linkedin_url": "https://www.linkedin.com/in/a"},
            {"contact_id": "c2", "name": "B", "email": "a@example.com"},
        ],
        ["contact_id", "name", "linkedin_url", "email", "company", "source", "source_id"],
    )
    incoming = {"name": "A", "linkedin_url": "linkedin.com/in/A/", "email": "a@example.com"}
    result = merge_rows(table, [incoming], CONTACT_MATCHERS, id_column="contact_id")
    assert result.targets == [0]
    assert result.frame.loc[0, "email"] == "a@example.com"


def test_name_matches_only_with_the_same_company() -> None:
    cols = ["contact_id", "name", "company", "linkedin_url", "email", "source", "source_id"]
    table = frame([{"contact_id": "c1", "name": "Jürgen Müller", "company": "Acme"}], cols)
    same_company = {"name": "jurgen  MULLER", "company": "ACME", "email": "j@example.com"}
    other_company = {"contact_id": "new", "name": "Jürgen Müller", "company": "Other"}
    result = merge_rows(
        table,
        [same_company, other_company],
        CONTACT_MATCHERS,
        id_column="contact_id",
        same=SAME["contacts"],
    )
    assert result.targets == [0, 1]
    # the name differs only in case/accents/spacing: not a conflict
    assert result.conflicts == []
    assert result.frame.loc[0, "name"] == "Jürgen Müller"


def test_a_row_listed_twice_in_the_import_is_added_once() -> None:
    table = frame([], ["id", "x", "y"])
    result = merge_rows(table, [{"id": "a", "x": "1"}, {"id": "a", "y": "2"}], BY_ID)
    assert result.frame.to_dict("records") == [{"id": "a", "x": "1", "y": "2"}]
    assert result.added == [0]
    assert result.updated == []


def test_update_only_rows_never_add() -> None:
    table = frame([{"id": "a", "x": ""}], ["id", "x"])
    result = merge_rows(
        table, [{"id": "a", "x": "1"}, {"id": "b", "x": "2"}], BY_ID, update_only=[True, True]
    )
    assert result.frame["id"].tolist() == ["a"]
    assert result.frame.loc[0, "x"] == "1"
    assert result.skipped == 1


def test_quiet_columns_never_conflict() -> None:
    table = frame([{"id": "a", "source": "linkedin"}], ["id", "source"])
    result = merge_rows(table, [{"id": "a", "source": "vcard"}], BY_ID)
    assert result.conflicts == []
    assert result.frame.loc[0, "source"] == "linkedin"


def test_text_frame_turns_missing_into_empty_text() -> None:
    typed = pd.DataFrame({"a": [1.5, None], "b": ["x", None]})
    assert text_frame(typed).to_dict("records") == [{"a": "1.5", "b": "x"}, {"a": "", "b": ""}]


@pytest.mark.parametrize(
    ("url", "handle"),
    [
        ("https://www.linkedin.com/in/j%C3%BCrgen-m", "jürgen-m"),
        ("HTTPS://WWW.LINKEDIN.COM/in/Aino-V/?trk=x#top", "aino-v"),
        ("linkedin.com/in/aino-v", "aino-v"),
        ("https://fi.linkedin.com/in/aino-v/", "aino-v"),
        ("https://www.linkedin.com/company/acme", None),
        ("https://example.com/in/aino", None),
        ("", None),
    ],
)
def test_linkedin_handle(url: str, handle: str | None) -> None:
    assert linkedin_handle(url) == handle


def test_normalized_url_form() -> None:
    assert (
        normalize_linkedin_url("http://LinkedIn.com/in/j%C3%BCrgen/")
        == "https://www.linkedin.com/in/jürgen"
    )


def test_normalize_name_and_slug() -> None:
    assert normalize_name("  Jürgen\tMÜLLER ") == normalize_name("jurgen muller") == "jurgen muller"
    assert normalize_name("   ") is None
    assert slug("Jürgen Müller") == "jurgen-muller"
    assert slug("Юрий") != ""  # no ASCII left: a hash, never empty
