"""Where each relationship stands, and the dormant ties worth a message.

Built on :func:`meetupstats.metrics.contact_ledger` (as of ``as_of``). Per
contact:

- **recency** — days from the last interaction (or, with none, from
  ``met_on``) to ``as_of``;
- **frequency** — interactions (any kind, any direction) up to ``as_of``;
- **value** — opportunities (opportunity-kind interactions) + people they
  introduced you to (contacts naming them as ``introduced_by``, and their
  ``intro-received`` interactions).

Segments, checked in this order:

=============  ==================================================================
``core``       valuable (value ≥ 1 or ≥ :data:`REGULAR_INTERACTIONS` interactions)
               and in touch within :data:`CORE_DAYS` days
``reconnect``  valuable, but no contact for over :data:`DORMANT_DAYS` days (12
               months): a dormant tie worth reconnecting — old ties are a known
               source of fresh, useful advice
``new``        met within :data:`NEW_DAYS` days: too early to say
``one-off``    at most one interaction and no value
``keep warm``  in touch within :data:`DORMANT_DAYS` days, with some history
``faded``      the rest: quiet for over a year, little history
=============  ==================================================================
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook

DORMANT_DAYS = 365
CORE_DAYS = 180
NEW_DAYS = 90
REGULAR_INTERACTIONS = 5
MAX_RECONNECT = 10
SEGMENTS = ("core", "reconnect", "new", "one-off", "keep warm", "faded")


def relationship_segments(logbook: Logbook, as_of: pd.Timestamp | None) -> pd.DataFrame:
    """One row per contact with its segment and the reason in plain words.

    ``logbook`` should already be the view as of ``as_of`` (see
    :func:`meetupstats.insights._history.history`).

    Returns
    -------
    DataFrame
        The :func:`~meetupstats.metrics.contact_ledger` columns plus
        ``intros_received``, ``value``, ``recency_days`` (NaN: no date at
        all), ``segment`` (one of :data:`SEGMENTS`) and ``reason``; sorted
        by segment order, then value, frequency and recency (most first),
        then ``contact_id``.
    """
    from meetupstats.metrics import contact_ledger

    ledger = contact_ledger(logbook, as_of)
    inter = logbook.interactions
    received = (
        inter.loc[(inter["kind"] == "intro-received").to_numpy(dtype=bool), "contact_id"]
        .value_counts(sort=False)
        .reindex(ledger["contact_id"].to_numpy(dtype=object), fill_value=0)
        .to_numpy(dtype="int64")
    )
    last = ledger["last_interaction"].where(ledger["last_interaction"].notna(), ledger["met_on"])
    if as_of is None:
        recency = pd.Series(np.nan, index=ledger.index)
    else:
        recency = (as_of - last) / pd.Timedelta(days=1)
    since_met = (
        (as_of - ledger["met_on"]) / pd.Timedelta(days=1)
        if as_of is not None
        else pd.Series(np.nan, index=ledger.index)
    )
    out = ledger.assign(
        intros_received=received,
        value=ledger["opportunities"] + ledger["introductions"] + received,
        recency_days=recency.astype("float64"),
    )
    value = out["value"].to_numpy()
    freq = out["interactions"].to_numpy()
    rec = out["recency_days"].to_numpy(dtype="float64")
    met_days = since_met.to_numpy(dtype="float64")
    valuable = (value >= 1) | (freq >= REGULAR_INTERACTIONS)
    with np.errstate(invalid="ignore"):
        recent_core = rec <= CORE_DAYS
        dormant = rec > DORMANT_DAYS
        new = met_days <= NEW_DAYS
    segment = np.select(
        [
            valuable & recent_core,
            valuable & dormant,
            new,
            (freq <= 1) & (value == 0),
            ~dormant & ~np.isnan(rec),
        ],
        ["core", "reconnect", "new", "one-off", "keep warm"],
        default="faded",
    )
    out["segment"] = pd.Categorical(segment, categories=SEGMENTS)
    out["reason"] = _reasons(out)
    order = out.assign(
        _seg=out["segment"].cat.codes, _v=-out["value"], _f=-out["interactions"]
    ).sort_values(
        ["_seg", "_v", "_f", "recency_days", "contact_id"], kind="stable", na_position="last"
    )
    return order.drop(columns=["_seg", "_v", "_f"]).reset_index(drop=True)


def _reasons(out: pd.DataFrame) -> list[str]:
    """The ``reason`` of each row of :func:`relationship_segments`, in plain words.

    "last in touch DATE (AGO)" (or "met DATE (AGO), no interaction since"),
    the opportunities and introductions when there are any, the number of
    interactions, and "met at TITLE". Dates and "ago" texts are formatted
    once per distinct value, not once per contact.
    """
    last = _day_texts(out["last_interaction"])
    met = _day_texts(out["met_on"])
    ago = _distinct_map(out["recency_days"].to_numpy(dtype="float64"), _ago)
    opps = out["opportunities"].to_numpy(dtype="int64").tolist()
    intros = (
        out["introductions"].to_numpy(dtype="int64")
        + out["intros_received"].to_numpy(dtype="int64")
    ).tolist()
    counts = out["interactions"].to_numpy(dtype="int64").tolist()
    titles = out["met_event_title"].to_numpy(dtype=object).tolist()
    reasons: list[str] = []
    for last_day, met_day, ago_text, opp, intro, n, title in zip(
        last, met, ago, opps, intros, counts, titles, strict=True
    ):
        parts: list[str] = []
        if last_day is not None:
            parts.append(f"last in touch {last_day} ({ago_text})")
        elif met_day is not None:
            parts.append(f"met {met_day} ({ago_text}), no interaction since")
        if opp:
            parts.append(f"{opp} opportunit{'y' if opp == 1 else 'ies'} came through them")
        if intro:
            parts.append(f"introduced you to {intro} {'person' if intro == 1 else 'people'}")
        parts.append(f"{n} interaction{'' if n == 1 else 's'}")
        if isinstance(title, str) and title:
            parts.append(f"met at {title}")
        reasons.append("; ".join(parts))
    return reasons


def _day_texts(dates: pd.Series) -> list[str | None]:
    """``YYYY-MM-DD`` of each date (``None`` for a missing one), formatted once per distinct date."""
    codes, uniques = pd.factorize(dates)
    texts: list[str | None] = [f"{pd.Timestamp(d):%Y-%m-%d}" for d in uniques]
    texts.append(None)  # code -1: missing
    table = np.array(texts, dtype=object)
    return list(table[codes])


def _distinct_map(values: np.ndarray, func: Any) -> list[str]:
    """``func`` of each value, called once per distinct value (NaN included)."""
    codes, uniques = pd.factorize(values)
    table = np.array([func(float(v)) for v in uniques] + [func(float("nan"))], dtype=object)
    return list(table[codes])


def _ago(days: float) -> str:
    if pd.isna(days):
        return "date unknown"
    if days < 60:
        return f"{int(days)} days ago"
    months = int(days // 30.4375)
    if months < 24:
        return f"{months} months ago"
    return f"{days / 365.25:.1f} years ago"


def reconnect_list(segments: pd.DataFrame, limit: int = MAX_RECONNECT) -> list[dict[str, str]]:
    """The ``reconnect`` list of DESIGN.md: ``{"contact_id", "name", "reason"}``, most valuable first.

    At most ``limit`` contacts of the ``reconnect`` segment, in the order of
    :func:`relationship_segments`.
    """
    rows = segments.loc[(segments["segment"] == "reconnect").to_numpy(dtype=bool)].head(limit)
    return [
        {"contact_id": str(cid), "name": str(name), "reason": str(reason)}
        for cid, name, reason in zip(rows["contact_id"], rows["name"], rows["reason"], strict=True)
    ]
