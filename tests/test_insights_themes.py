"""Themes: planted topics come back as separate themes; too little text gives none, with the reason."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from builders import event, learning, make_logbook

from meetupstats.insights import insights
from meetupstats.insights.themes import MIN_DOCUMENTS, documents, find_themes, theme_count

#: Three planted topics, each with its own vocabulary.
TOPICS = {
    "research": ["interviews", "personas", "usability", "recruiting", "synthesis"],
    "pricing": ["pricing", "subscriptions", "discounts", "revenue", "churn"],
    "kubernetes": ["kubernetes", "containers", "clusters", "helm", "deployments"],
}


def topic_rows(per_topic: int = 8) -> dict[str, list[dict[str, object]]]:
    """``per_topic`` events per planted topic; 2024 holds research + pricing, 2025 kubernetes.

    Each event has two takeaways using three of its topic's five words
    (rotating), and a neutral title.
    """
    events, learnings = [], []
    i = 0
    for t, (name, words) in enumerate(TOPICS.items()):
        year = 2024 if t < 2 else 2025
        for j in range(per_topic):
            eid = f"{name}-{j}"
            day = dt.date(year, 1, 1) + dt.timedelta(days=7 * (j + t * per_topic) % 300)
            events.append(event(eid, day.isoformat(), title=f"Monthly gathering {i}"))
            picked = [words[(j + k) % 5] for k in range(3)]
            learnings.append(learning(eid, f"{picked[0]} and {picked[1]} matter"))
            learnings.append(learning(eid, f"ask about {picked[2]} early", topic=name))
            i += 1
    return {"events": events, "learnings": learnings}


def test_planted_topics_are_separate_themes(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **topic_rows())
    out = insights(book, 2025, repeats=2)
    themes = out["themes"]
    # 24 events → round(sqrt(24 / 2)) = round(3.46) = 3 themes.
    assert len(themes) == 3
    owner = {}
    for name, words in TOPICS.items():
        # the theme whose terms are mostly this topic's words
        matches = [i for i, th in enumerate(themes) if len(set(th["terms"]) & set(words)) >= 3]
        assert len(matches) == 1, (name, themes)
        owner[name] = matches[0]
        # no other topic's words leak into it
        others = {w for n, ws in TOPICS.items() if n != name for w in ws}
        assert not set(themes[matches[0]]["terms"]) & others
    assert len(set(owner.values())) == 3


def test_share_by_year_follows_the_topics(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **topic_rows())
    themes = insights(book, 2025, repeats=2)["themes"]
    by_word = {th["terms"][0]: th for th in themes}
    kube = next(th for th in themes if "kubernetes" in th["terms"] or "helm" in th["terms"])
    # kubernetes events are all in 2025, none in 2024
    assert kube["share_by_year"]["2025"] > 0.9
    assert kube["share_by_year"]["2024"] < 0.1
    for th in themes:
        assert set(th["share_by_year"]) == {"2024", "2025"}
    # each year's shares sum to 1 (no theme was dropped here)
    for year in ("2024", "2025"):
        assert sum(th["share_by_year"][year] for th in themes) == pytest.approx(1, abs=1e-3)
    assert by_word  # named by their top terms


def test_year_limits_the_documents(tmp_path: Path) -> None:
    # Insights of 2024 see only the 16 events of 2024.
    book = make_logbook(tmp_path, **topic_rows())
    out = insights(book, 2024, repeats=2)
    assert all(set(th["share_by_year"]) == {"2024"} for th in out["themes"])
    assert "16 events" in out["notes"]["themes"]


def test_too_few_events_no_themes() -> None:
    docs = pd.DataFrame(
        {"event_id": ["a", "b"], "year": ["2025", "2025"], "text": ["pricing churn", "pricing"]}
    )
    result = find_themes(docs)
    assert result.themes == ()
    assert f"at least {MIN_DOCUMENTS}" in result.explanation


def test_no_recurring_words_no_themes() -> None:
    # 10 events whose words never repeat across events: nothing survives min_df = 2.
    docs = pd.DataFrame(
        {
            "event_id": [str(i) for i in range(10)],
            "year": ["2025"] * 10,
            "text": [f"word{chr(97 + i)} alpha{chr(97 + i)}x" for i in range(10)],
        }
    )
    result = find_themes(docs)
    assert result.themes == ()
    assert "Not enough text" in result.explanation


@pytest.mark.parametrize(
    ("docs", "terms", "expected"),
    [
        (8, 100, 2),  # sqrt(4) = 2
        (30, 100, 4),  # sqrt(15) = 3.87 → 4
        (60, 100, 5),  # sqrt(30) = 5.48 → 5
        (200, 100, 8),  # sqrt(100) = 10 → capped at 8
        (200, 9, 3),  # at most one theme per 3 terms
        (8, 3, 1),  # never below 1
    ],
)
def test_theme_count_rule(docs: int, terms: int, expected: int) -> None:
    assert theme_count(docs, terms) == expected


def test_documents_join_title_topics_and_takeaways(tmp_path: Path) -> None:
    book = make_logbook(
        tmp_path,
        events=[
            event("a", "2025-01-01", title="Pricing night", topics="pricing;saas"),
            event("b", "2025-02-01", title="Skipped one", status="skipped"),
        ],
        learnings=[learning("a", "Annual plans reduce churn", topic="retention")],
    )
    from meetupstats.insights._history import event_table

    docs = documents(book, event_table(book, 2025))
    # only the attended event; its title, tags, takeaway and takeaway topic
    assert docs["event_id"].tolist() == ["a"]
    assert (
        docs["text"].iloc[0] == "Pricing night\npricing\nsaas\nAnnual plans reduce churn\nretention"
    )
    assert docs["year"].tolist() == ["2025"]
