"""Drivers of return: a planted effect is found, pure noise is not, small logbooks explain themselves.

The logbooks are written as CSV cell text and go through the real loader
(tests/builders.py). ``planted_rows`` is shared with the rank and CLI tests.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from builders import contact, event, interaction, learning, make_logbook
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from meetupstats.insights import analyze, insights
from meetupstats.insights.drivers import (
    MIN_EVENTS,
    FeatureSpace,
    cross_validate,
    drivers,
    feature_space,
    has_signal,
)

REPEATS = 4  # few CV repeats keep the tests fast; the signal rule is the same
START = dt.date(2024, 1, 2)
#: START + 250 days: every event of a 60-event logbook (days 0..236) is settled
#: (at least 14 days old), so all 60 are used.
AS_OF = "2024-09-08"


def planted_rows(
    seed: int, *, planted: bool, n: int = 60, start: dt.date = START
) -> dict[str, list[dict[str, object]]]:
    """Rows of a logbook of ``n`` attended events, one every 4 days.

    Half the events are ``afterwork``, half ``breakfast`` (alternating);
    style, channel, duration, travel and energy are drawn at random. Each
    event gets ``k`` contacts met there, all followed up (a message ``out``)
    3 days later, and 0–2 takeaways.

    - ``planted``: afterwork events get k ∈ {2, 3, 4} (mean 3), breakfasts
      k ∈ {0, 1, 2} (mean 1): three times the followed-up contacts.
    - not planted: every event gets k ∈ {0, ..., 4}, whatever its features.
    """
    rng = np.random.default_rng(seed)
    events, contacts, interactions, learnings = [], [], [], []
    for i in range(n):
        day = start + dt.timedelta(days=4 * i)
        eid = f"e{i:03d}"
        fmt = "afterwork" if i % 2 == 0 else "breakfast"
        events.append(
            event(
                eid,
                day.isoformat(),
                title=f"Session {i}",
                format=fmt,
                style=str(rng.choice(["talks", "panel", "workshop"])),
                channel=str(rng.choice(["meetup.com", "luma", "linkedin"])),
                access="public",
                duration_h=str(rng.choice(["1.5", "2", "3"])),
                travel_min=int(rng.integers(10, 60)),
                energy_cost=int(rng.integers(1, 6)),
            )
        )
        if planted:
            k = int(rng.integers(2, 5)) if fmt == "afterwork" else int(rng.integers(0, 3))
        else:
            k = int(rng.integers(0, 5))
        for j in range(k):
            cid = f"c{i:03d}-{j}"
            contacts.append(contact(cid, met_on=day.isoformat(), met_event_id=eid))
            later = (day + dt.timedelta(days=3)).isoformat()
            interactions.append(interaction(later, cid, "message", direction="out"))
        for _ in range(int(rng.integers(0, 3))):
            learnings.append(learning(eid, "notes on the evening"))
    return {
        "events": events,
        "contacts": contacts,
        "interactions": interactions,
        "learnings": learnings,
    }


def test_planted_afterwork_effect_is_found(tmp_path: Path) -> None:
    # afterwork: 3 followed-up contacts per event on average, breakfast: 1.
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    out = insights(book, 2024, AS_OF, repeats=REPEATS)
    net = out["drivers"]["networking"]
    assert net["n"] == 60
    assert net["signal"] is True
    assert net["cv_score"] < net["baseline_score"]
    assert net["effects"][0]["feature"] == "format=afterwork"
    assert net["effects"][0]["effect"] > 0
    effects = [abs(e["effect"]) for e in net["effects"]]
    assert effects == sorted(effects, reverse=True)


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_pure_noise_shows_no_signal(tmp_path: Path, seed: int) -> None:
    book = make_logbook(tmp_path, **planted_rows(seed, planted=False))
    out = insights(book, 2024, AS_OF, repeats=REPEATS)
    for target in ("networking", "learning"):
        d = out["drivers"][target]
        assert d["signal"] is False, (target, d)
        assert d["effects"] == []
        assert d["n"] == 60
        # cross-validation did run: both scores are there, in the same units
        assert d["cv_score"] is not None and d["baseline_score"] is not None
        assert "Not enough data" in out["notes"][target]


def test_design_keys_are_exact(tmp_path: Path) -> None:
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    out = insights(book, 2024, repeats=REPEATS)
    assert {"themes", "drivers", "reconnect"} <= set(out)
    assert set(out["drivers"]) == {"networking", "learning"}
    for d in out["drivers"].values():
        assert set(d) == {"signal", "n", "cv_score", "baseline_score", "effects"}
        for e in d["effects"]:
            assert set(e) == {"feature", "effect"}
            assert isinstance(e["effect"], float)


def test_same_logbook_same_json(tmp_path: Path) -> None:
    rows = planted_rows(7, planted=True)
    first = json.dumps(insights(make_logbook(tmp_path / "a", **rows), 2024, repeats=REPEATS))
    second = json.dumps(insights(make_logbook(tmp_path / "b", **rows), 2024, repeats=REPEATS))
    assert first == second


@pytest.mark.parametrize("n", [0, 1, 5])
def test_tiny_logbooks_explain_themselves(tmp_path: Path, n: int) -> None:
    rows = planted_rows(0, planted=True, n=n) if n else {}
    book = make_logbook(tmp_path, **rows)
    out = insights(book, 2024, repeats=REPEATS)
    assert out["themes"] == []
    assert "Not enough text" in out["notes"]["themes"]
    for target in ("networking", "learning"):
        d = out["drivers"][target]
        assert d["signal"] is False
        assert d["effects"] == []
        assert d["cv_score"] is None and d["baseline_score"] is None
        # says how many more events would help: MIN_EVENTS (20) − n settled events
        assert f"at least {MIN_EVENTS}" in out["notes"][target]
        assert f"({MIN_EVENTS - d['n']} more)" in out["notes"][target]
    assert out["reconnect"] == []
    json.dumps(out, allow_nan=False)


def test_empty_year_before_any_event(tmp_path: Path) -> None:
    # Events in 2024 only: insights of 2023 see none of them.
    book = make_logbook(tmp_path, **planted_rows(0, planted=True, n=30))
    out = insights(book, 2023, repeats=REPEATS)
    assert out["drivers"]["networking"]["n"] == 0
    assert out["themes"] == []


def test_default_as_of_leaves_unsettled_events_out(tmp_path: Path) -> None:
    # Without as_of, as_of is the latest date: the last follow-up, 3 days after
    # the last event (day 236) → day 239. Settled: on or before day 239 − 14 =
    # 225, i.e. events on days 0, 4, ..., 224 → 57 events.
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    assert insights(book, 2024, repeats=REPEATS)["drivers"]["networking"]["n"] == 57


def test_as_of_hides_later_rows(tmp_path: Path) -> None:
    # 60 events from 2024-01-02 every 4 days; as_of 2024-03-02 (day 60) keeps
    # events 0..15 (day 0..60), of which those on or before day 46 (as_of − 14)
    # are settled: events 0..11 → 12 events.
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    result = analyze(book, 2024, "2024-03-02", repeats=REPEATS)
    assert result.drivers["networking"].n == 12
    assert result.as_of == pd.Timestamp("2024-03-02")


def test_uniform_target_has_nothing_to_explain() -> None:
    # 25 events, every one with exactly 2 followed-up contacts.
    n = 25
    events = pd.DataFrame(
        {
            "format": ["afterwork", "breakfast"] * 12 + ["afterwork"],
            "contacts_followed_up": [2] * n,
            "takeaways": [0] * n,
            "applied_takeaways": [0] * n,
        }
    )
    result = drivers(events, "networking", repeats=2)
    assert result.signal is False
    assert "gave 2 followed-up contacts" in result.explanation


def test_same_folds_for_model_and_baseline() -> None:
    # A target that is an exact function of one feature: the model's held-out
    # error is far below the baseline's in every repeat.
    x = np.array(["a", "b", "c"] * 10, dtype=object)
    y = np.where(x == "a", 6.0, np.where(x == "b", 3.0, 0.0))
    frame = pd.DataFrame({"format": x})
    space = FeatureSpace((("format", ("a", "b", "c")),), ())
    model, base = cross_validate(space.matrix(frame), y, space, repeats=3)
    assert model.shape == base.shape == (3,)
    assert (model < 0.1 * base).all()
    assert has_signal(model, base)


@pytest.mark.parametrize(
    ("model", "base", "expected"),
    [
        # 10 % lower on average and better in all repeats: signal
        ([0.9, 0.9, 0.9, 0.9, 0.9], [1.0] * 5, True),
        # only 5 % lower: no signal
        ([0.95] * 5, [1.0] * 5, False),
        # 20 % lower on average but better in only 3 of 5 repeats (< 80 %): no signal
        ([0.5, 0.5, 0.5, 1.1, 1.1], [1.0] * 5, False),
        # a zero baseline error: nothing to beat
        ([0.0] * 5, [0.0] * 5, False),
    ],
)
def test_signal_rule(model: list[float], base: list[float], expected: bool) -> None:
    assert has_signal(np.array(model), np.array(base)) is expected


def test_rare_values_get_no_feature() -> None:
    # community X has 3 events (kept), Y 2 (too few); style is one value everywhere (dropped).
    events = pd.DataFrame(
        {
            "community": ["X", "X", "X", "Y", "Y", None],
            "style": ["talks"] * 6,
            "energy": [1, 2, 3, 1, 2, 3],
        }
    )
    space = feature_space(events)
    # role is empty everywhere, i.e. attendee everywhere: dropped too.
    assert space.columns == ["community=X", "energy_cost"]


def test_contributions_add_up_to_prediction(tmp_path: Path) -> None:
    # For a ridge with intercept, the mean training prediction is the mean
    # target, so each event's contributions sum to prediction − mean target.
    book = make_logbook(tmp_path, **planted_rows(0, planted=True))
    result = analyze(book, 2024, AS_OF, repeats=REPEATS)
    net = result.drivers["networking"]
    assert net.signal
    events = result.events.head(5)
    total = net.contributions(events).sum(axis=1).to_numpy()
    assert total == pytest.approx(net.predict(events) - net.mean_target)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["", "breakfast", "afterwork", "online"]),
            st.sampled_from(["", "talks", "social"]),
            st.sampled_from(["", "1", "5"]),
            st.integers(0, 3),
            st.sampled_from(["", "pricing churn", "kubernetes helm", "<b>x</b>"]),
        ),
        max_size=30,
    )
)
def test_never_raises_on_valid_logbooks(rows: list[tuple[str, str, str, int, str]]) -> None:
    """Any valid logbook gives a JSON-serializable object with the DESIGN keys."""
    import tempfile

    events, contacts, interactions, learnings = [], [], [], []
    for i, (fmt, style, energy, k, text) in enumerate(rows):
        day = (START + dt.timedelta(days=3 * i)).isoformat()
        events.append(event(f"e{i}", day, format=fmt, style=style, energy_cost=energy))
        for j in range(k):
            contacts.append(contact(f"c{i}-{j}", met_on=day, met_event_id=f"e{i}"))
            interactions.append(interaction(day, f"c{i}-{j}", "message", direction="out"))
        if text:
            learnings.append(learning(f"e{i}", text))
    with tempfile.TemporaryDirectory() as folder:
        book = make_logbook(
            Path(folder),
            events=events,
            contacts=contacts,
            interactions=interactions,
            learnings=learnings,
        )
        out = insights(book, 2024, repeats=2)
    json.dumps(out, allow_nan=False)
    assert set(out["drivers"]) == {"networking", "learning"}
    for d in out["drivers"].values():
        assert d["signal"] is False or d["effects"]
