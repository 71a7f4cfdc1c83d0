"""Learning metrics, each on a tiny logbook with the arithmetic in a comment."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from builders import event, learning, make_logbook

from meetupstats.logbook import empty_logbook
from meetupstats.metrics import event_topics, learning_metrics


def test_takeaways_count_only_attended_events_of_the_year(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", duration_h="2"),  # 2 h
            event("b", "2025-04-01", duration_h="1", travel_min="60"),  # 1 + 1 = 2 h
            event("n", "2025-05-01", "no-show"),
            event("old", "2024-05-01"),
        ],
        learnings=[
            learning("a"),
            learning("a"),
            learning("a"),
            learning("b"),
            learning("n", "heard about it from a friend"),  # no-show: not counted
            learning("n"),
            learning("old"),  # other year
        ],
    )
    result = learning_metrics(book, 2025)
    # a: 3 + b: 1 = 4 takeaways; 2 events; 4 hours
    assert result["takeaways"] == 4
    assert result["takeaways_per_event"] == pytest.approx(4 / 2)
    assert result["takeaways_per_hour"] == pytest.approx(4 / 4)


def test_takeaways_per_hour_is_none_when_no_hours_were_recorded(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, events=[event("a", "2025-03-01")], learnings=[learning("a")])
    result = learning_metrics(book, 2025)
    # 1 takeaway / 1 event = 1.0; 1 takeaway / 0 hours -> None
    assert result["takeaways_per_event"] == 1.0
    assert result["takeaways_per_hour"] is None


def test_applied_rate_and_median_days_to_apply(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[event("a", "2025-03-01"), event("b", "2025-06-01")],
        learnings=[
            learning("a", applied_on="2025-03-04"),  # 3 days
            learning("a", applied_on="2025-03-11"),  # 10 days
            learning("b", applied_on="2025-07-31"),  # 60 days
            learning("b"),  # not applied
        ],
    )
    result = learning_metrics(book, 2025)
    # 3 applied / 4 takeaways = 0.75; median(3, 10, 60) = 10
    assert result["applied_rate"] == pytest.approx(0.75)
    assert result["median_days_to_apply"] == 10


def test_median_days_to_apply_of_an_even_count_is_the_mean_of_the_middle_two(
    tmp_path: Path,
) -> None:
    book = make_logbook(
        tmp_path,
        events=[event("a", "2025-03-01")],
        learnings=[
            learning("a", applied_on="2025-03-04"),  # 3 days
            learning("a", applied_on="2025-03-11"),  # 10 days
        ],
    )
    # median(3, 10) = 6.5
    assert learning_metrics(book, 2025)["median_days_to_apply"] == pytest.approx(6.5)


def test_no_takeaways_gives_none_rates(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, events=[event("a", "2025-03-01")])
    result = learning_metrics(book, 2025)
    # 0 takeaways: applied_rate 0/0 -> None; no applied takeaway -> median None
    assert result["takeaways"] == 0
    assert result["takeaways_per_event"] == 0.0
    assert result["applied_rate"] is None
    assert result["median_days_to_apply"] is None


def test_questions_asked_and_asked_share(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", questions_asked="2"),
            event("b", "2025-03-02"),  # empty counts 0, not >= 1
            event("c", "2025-03-03", questions_asked="0"),
            event("d", "2025-03-04", questions_asked="1"),
            event("n", "2025-03-05", "no-show", questions_asked="5"),
        ],
    )
    result = learning_metrics(book, 2025)
    # 2 + 0 + 0 + 1 = 3 questions; asked at a and d: 2 of 4 events = 0.5
    assert result["questions_asked"] == 3
    assert type(result["questions_asked"]) is int
    assert result["asked_share"] == pytest.approx(0.5)


def test_topics_are_compared_case_insensitively_after_trimming(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", topics="AI;Product "),
            event("b", "2025-04-01", topics=" ai;  PRODUCT"),
            event("n", "2025-05-01", "no-show", topics="secret"),
        ],
        learnings=[
            learning("a", topic=" Ux "),
            learning("a", topic="ai"),  # a already has "ai": the pair counts once
            learning("a", topic="   "),  # empty after trimming: dropped
            learning("n", topic="Secret"),  # no-show: not a topic of an attended event
        ],
    )
    result = learning_metrics(book, 2025)
    # a: {ai, product, ux}, b: {ai, product} -> 3 distinct topics
    # counts ai 2, product 2, ux 1 of 5 pairs: p = .4, .4, .2
    # H = -(2 * .4 * log2 .4 + .2 * log2 .2) = 1.5219...
    expected = -(2 * 0.4 * math.log2(0.4) + 0.2 * math.log2(0.2))
    assert result["distinct_topics"] == 3
    assert result["topic_entropy_bits"] == pytest.approx(expected)
    assert expected == pytest.approx(1.5219280948873621)


def test_topic_entropy_of_one_topic_is_zero_and_of_no_topic_is_none(tmp_path: Path) -> None:
    one = make_logbook(
        tmp_path / "one",
        events=[event("a", "2025-03-01", topics="AI"), event("b", "2025-03-02", topics="ai")],
    )
    none = make_logbook(tmp_path / "none", events=[event("a", "2025-03-01")])
    # one topic: p = 1, H = -1 * log2 1 = 0; no topic: 0/0 -> None
    assert learning_metrics(one, 2025)["topic_entropy_bits"] == 0.0
    assert learning_metrics(none, 2025)["topic_entropy_bits"] is None
    assert learning_metrics(none, 2025)["distinct_topics"] == 0


def test_new_topics_counts_topics_no_earlier_attended_event_had(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("2023", "2023-05-01", topics="AI"),
            event("2024-noshow", "2024-05-01", "no-show", topics="ux"),  # not attended
            event("2025", "2025-05-01", topics="ai;UX;data"),
            event("2026", "2026-05-01", topics="data"),  # later: irrelevant
        ],
        learnings=[learning("2023", topic="Ethics"), learning("2025", topic="ethics ")],
    )
    # 2025 topics {ai, ux, data, ethics}; seen before at attended events: ai, ethics
    # new: ux, data -> 2
    assert learning_metrics(book, 2025)["new_topics"] == 2
    # 2023 is the first year: every topic is new (ai, ethics)
    assert learning_metrics(book, 2023)["new_topics"] == 2


def test_mean_rating_ignores_unrated_events(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-03-01", rating="4"),
            event("b", "2025-03-02"),
            event("c", "2025-03-03", rating="5"),
            event("n", "2025-03-04", "no-show", rating="1"),
        ],
    )
    # (4 + 5) / 2 = 4.5
    assert learning_metrics(book, 2025)["mean_rating"] == pytest.approx(4.5)


def test_mean_rating_is_none_when_nothing_is_rated(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, events=[event("a", "2025-03-01")])
    assert learning_metrics(book, 2025)["mean_rating"] is None


def test_event_topics_lists_each_event_topic_pair_once(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[event("a", "2025-03-01", topics="AI; ai"), event("n", "2025-03-02", "no-show")],
        learnings=[learning("a", topic="AI "), learning("n", topic="x")],
    )
    pairs = event_topics(book)
    assert pairs[["event_id", "topic"]].values.tolist() == [["a", "ai"]]


def test_empty_logbook_learning_metrics() -> None:
    result = learning_metrics(empty_logbook(), 2025)
    assert result["takeaways"] == 0
    assert result["distinct_topics"] == 0
    assert result["new_topics"] == 0
    assert result["topic_entropy_bits"] is None
    assert result["asked_share"] is None
