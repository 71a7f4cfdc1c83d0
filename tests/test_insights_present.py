"""Notebook helpers: the Insights section as tables, sentences and escaped HTML."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from builders import contact, event, interaction, make_logbook
from test_insights_drivers import AS_OF, planted_rows

from meetupstats.insights import insights_summary
from meetupstats.insights.present import effect_sentence, segment_counts


def test_summary_parts(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    s = insights_summary(book, 2024, AS_OF, repeats=4)
    assert set(s) == {
        "json",
        "html",
        "text",
        "themes",
        "effects",
        "reconnect",
        "segments",
        "sentences",
    }
    assert s["effects"].iloc[0]["feature"] == "format=afterwork"
    assert s["effects"].iloc[0]["target"] == "networking"
    assert any(
        line.startswith("Networking: afterwork (format) goes with +") for line in s["sentences"]
    )
    assert "not causes" in " ".join(s["sentences"])
    assert isinstance(s["segments"], pd.DataFrame)
    assert "<h3>What goes with a higher return</h3>" in s["html"]


def test_html_escapes_logbook_text(tmp_path: Path) -> None:
    # A dormant contact with a job lead, whose name and met-at title are markup.
    book = make_logbook(
        tmp_path,
        events=[event("e1", "2022-01-10", title="<img src=x onerror=alert(1)>")],
        contacts=[
            contact("a", name="<script>alert(1)</script>", met_on="2022-01-10", met_event_id="e1")
        ],
        interactions=[interaction("2022-02-01", "a", "job-lead", direction="in")],
    )
    s = insights_summary(book, 2025, "2025-06-30", repeats=2)
    assert s["json"]["reconnect"][0]["name"] == "<script>alert(1)</script>"
    html = str(s["html"])
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_effect_sentences() -> None:
    unit = "followed-up contacts"
    assert (
        effect_sentence("format=afterwork", 1.25, unit, {})
        == "afterwork (format) goes with +1.25 followed-up contacts per event"
    )
    assert (
        effect_sentence("travel_min", -0.5, unit, {"travel_min": 20.0})
        == "each 20 min more travel goes with −0.5 followed-up contacts per event"
    )


def test_segment_counts_lists_every_segment() -> None:
    seg = pd.DataFrame({"segment": pd.Categorical(["core", "core", "faded"])})
    counts = segment_counts(seg)
    assert counts.set_index("segment")["contacts"].to_dict() == {
        "core": 2,
        "reconnect": 0,
        "new": 0,
        "one-off": 0,
        "keep warm": 0,
        "faded": 1,
    }
