"""What you have been learning about: themes found in your takeaways, titles and topics.

Each attended event is one document: its title, its topic tags, and the text
and topic of each of its takeaways. The documents are turned into TF-IDF
vectors and factorized with NMF (non-negative matrix factorization, fixed
``random_state``, deterministic ``nndsvda`` start); each NMF component is a
**theme**, named by its top terms.

Rules
-----
- **Vocabulary**: words of at least two letters (digits and ids are not
  words), lower-cased, English stop words and a few meetup words (``meetup``,
  ``event``, ``talk``...) removed; a term must occur in at least
  :data:`MIN_DOC_FREQ` events and in at most :data:`MAX_DOC_SHARE` of them
  (a word in nearly every title says nothing about a theme).
- **Too little text**: fewer than :data:`MIN_DOCUMENTS` events with text, or
  fewer than :data:`MIN_TERMS` usable terms → no themes, and the reason.
- **Number of themes** (from the data size): ``k = round(sqrt(documents / 2))``,
  clipped to ``[2, MAX_THEMES]`` and to at most one theme per
  :data:`TERMS_PER_THEME` usable terms. With 10 events that is 2 themes, 30 →
  4, 60 → 5, 100 → 7, 128 or more → 8. The square-root rule is the usual
  rule of thumb for the number of clusters; it keeps a theme backed by
  several events at every size.
- **A theme's terms**: its :data:`TOP_TERMS` heaviest terms (ties by term).
- **Share by year**: each event's theme weights are scaled to sum to 1; a
  theme's share in a year is the mean of those over the year's events with
  text. The shares of one year sum to 1. A theme whose overall share is
  below :data:`MIN_THEME_SHARE` is dropped (NMF can leave a near-empty
  component), so then the shares of a year sum to a little less.
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from meetupstats.logbook import Logbook

log = logging.getLogger(__name__)

MIN_DOCUMENTS = 8
MIN_TERMS = 6
MIN_DOC_FREQ = 2
MAX_DOC_SHARE = 0.7
MAX_THEMES = 8
TERMS_PER_THEME = 3
TOP_TERMS = 5
MIN_THEME_SHARE = 0.02
RANDOM_STATE = 0
DECIMALS = 4
#: Words that name the occasion rather than a subject.
MEETUP_WORDS = frozenset(
    {
        "meetup",
        "meetups",
        "event",
        "events",
        "talk",
        "talks",
        "edition",
        "session",
        "sessions",
        "night",
        "evening",
        "breakfast",
        "lunch",
        "afterwork",
        "drinks",
        "vol",
        "part",
    }
)
_TOKEN = r"(?u)\b[^\W\d_]{2,}\b"


@dataclass(frozen=True)
class Theme:
    """One theme: its top terms and its share of each year's events."""

    terms: tuple[str, ...]
    share_by_year: dict[str, float]
    share: float

    def to_json(self) -> dict[str, Any]:
        """``{"terms": [...], "share_by_year": {"2024": 0.3, ...}}`` (DESIGN.md)."""
        return {"terms": list(self.terms), "share_by_year": dict(self.share_by_year)}


@dataclass(frozen=True)
class ThemesResult:
    """The themes found, and a sentence on how (or why none)."""

    themes: tuple[Theme, ...]
    documents: int
    terms: int
    explanation: str


def documents(logbook: Logbook, events: pd.DataFrame) -> pd.DataFrame:
    """One text document per event of ``events`` (which has ``event_id``, ``date``, ``title``).

    The text is the title, the ``topics`` tags, and every takeaway's
    ``takeaway`` and ``topic`` of that event, joined by newlines.

    Returns
    -------
    DataFrame
        ``event_id``, ``year`` (str), ``text``; events whose text is empty are left out.
    """
    learn = logbook.learnings
    learn = learn.loc[learn["event_id"].isin(events["event_id"]).to_numpy(dtype=bool)]
    pieces: dict[str, list[str]] = {str(e): [] for e in events["event_id"]}
    for eid, takeaway, topic in zip(
        learn["event_id"], learn["takeaway"], learn["topic"], strict=True
    ):
        pieces[str(eid)] += [_text(takeaway), _text(topic)]
    topics = events["topics"] if "topics" in events else pd.Series([()] * len(events))
    rows = []
    for eid, date, title, tags in zip(
        events["event_id"], events["date"], events["title"], topics, strict=True
    ):
        parts = [_text(title), *(_text(t) for t in (tags or ())), *pieces[str(eid)]]
        text = "\n".join(p for p in parts if p)
        if text.strip():
            rows.append((str(eid), str(pd.Timestamp(date).year), text))
    return pd.DataFrame(rows, columns=["event_id", "year", "text"])


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def theme_count(n_documents: int, n_terms: int) -> int:
    """The number of themes for ``n_documents`` events and ``n_terms`` usable terms.

    ``round(sqrt(n_documents / 2))`` clipped to ``[2, MAX_THEMES]`` and to
    ``n_terms // TERMS_PER_THEME`` (never below 1).
    """
    k = round(math.sqrt(n_documents / 2))
    k = min(max(k, 2), MAX_THEMES, n_terms // TERMS_PER_THEME)
    return max(k, 1)


def find_themes(docs: pd.DataFrame) -> ThemesResult:
    """Themes of the documents of :func:`documents` (see the module docstring)."""
    n_docs = len(docs)
    if n_docs < MIN_DOCUMENTS:
        return ThemesResult(
            (),
            n_docs,
            0,
            f"Not enough text for themes: {n_docs} event{'s' if n_docs != 1 else ''} with a "
            f"title, topics or takeaways; themes need at least {MIN_DOCUMENTS}.",
        )
    from sklearn.decomposition import NMF
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

    vectorizer = TfidfVectorizer(
        token_pattern=_TOKEN,
        lowercase=True,
        stop_words=sorted(ENGLISH_STOP_WORDS | MEETUP_WORDS),
        min_df=MIN_DOC_FREQ,
        max_df=MAX_DOC_SHARE,
        sublinear_tf=True,
    )
    try:
        tfidf = vectorizer.fit_transform(docs["text"].tolist())
    except ValueError:  # no term survives min_df / max_df
        tfidf = None
    n_terms = 0 if tfidf is None else tfidf.shape[1]
    if tfidf is None or n_terms < MIN_TERMS:
        return ThemesResult(
            (),
            n_docs,
            n_terms,
            f"Not enough text for themes: only {n_terms} "
            f"{'words occur' if n_terms != 1 else 'word occurs'} in at least {MIN_DOC_FREQ} of your {n_docs} events (and not in most of "
            f"them); themes need {MIN_TERMS}. Writing down a takeaway or two per event helps.",
        )
    k = theme_count(n_docs, n_terms)
    nmf = NMF(n_components=k, init="nndsvda", random_state=RANDOM_STATE, max_iter=1000)
    weights = nmf.fit_transform(tfidf)
    terms = np.asarray(vectorizer.get_feature_names_out(), dtype=object)
    totals = weights.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        per_doc = np.where(totals > 0, weights / np.where(totals > 0, totals, 1), 0.0)
    has_theme = totals[:, 0] > 0
    years = docs["year"].to_numpy(dtype=object)
    overall = per_doc[has_theme].mean(axis=0) if has_theme.any() else np.zeros(k)
    themes = []
    for t in range(k):
        if overall[t] < MIN_THEME_SHARE:
            continue
        component = nmf.components_[t]
        order = sorted(range(len(terms)), key=lambda j: (-component[j], terms[j]))
        top = tuple(str(terms[j]) for j in order[:TOP_TERMS] if component[j] > 0)
        if not top:
            continue
        share_by_year = {}
        for year in sorted(set(years)):
            rows = (years == year) & has_theme
            share = float(per_doc[rows, t].mean()) if rows.any() else 0.0
            share_by_year[str(year)] = round(share, DECIMALS) + 0.0
        themes.append(Theme(top, share_by_year, float(overall[t])))
    themes.sort(key=lambda th: (-round(th.share, DECIMALS), th.terms))
    return ThemesResult(
        tuple(themes),
        n_docs,
        n_terms,
        f"{len(themes)} theme{'s' if len(themes) != 1 else ''} from {n_docs} events and "
        f"{n_terms} recurring words (rule: about sqrt(events / 2) themes, here {k}).",
    )


def themes(logbook: Logbook, events: pd.DataFrame) -> ThemesResult:
    """Themes over ``events`` (attended events, with ``event_id``, ``date``, ``title``, ``topics``)."""
    return find_themes(documents(logbook, events))


def theme_label(terms: tuple[str, ...] | list[str], n: int = 3) -> str:
    """A short name for a theme: its first ``n`` terms joined by `` · ``."""
    return " · ".join(list(terms)[:n])
