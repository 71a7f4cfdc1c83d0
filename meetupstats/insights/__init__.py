"""Insights (scikit-learn): themes, what drives your return, what to pick, whom to reconnect with.

Personal logbooks are small (tens to hundreds of events), so every insight
says how much data it stands on and says "not enough data" rather than
inventing a pattern:

- :mod:`.themes` — what you have been learning about (TF-IDF + NMF);
- :mod:`.drivers` — which event features go with a higher networking or
  learning yield, checked by repeated K-fold cross-validation against your
  plain average;
- :mod:`.rank` — upcoming events ranked by expected return;
- :mod:`.reconnect` — relationship segments and dormant ties worth a message;
- :mod:`.present` — text, tables and escaped HTML for the CLI and notebooks.

:func:`insights` returns the ``insights --json`` object of DESIGN.md.
scikit-learn is imported only inside the functions that fit something.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pandas as pd

from meetupstats.insights._history import event_table, history
from meetupstats.insights.drivers import DEFAULT_REPEATS, TARGETS, DriverResult, drivers
from meetupstats.insights.reconnect import reconnect_list, relationship_segments
from meetupstats.insights.themes import ThemesResult, themes
from meetupstats.logbook import Logbook
from meetupstats.metrics._select import check_year

__all__ = [
    "InsightsResult",
    "analyze",
    "insights",
    "insights_summary",
    "rank_upcoming",
]


class InsightsResult:
    """Everything :func:`analyze` found, before it is flattened to JSON.

    Attributes
    ----------
    year : int
    as_of : Timestamp or None
    events : DataFrame
        The attended events up to the end of ``year`` the drivers learnt from
        (returns settled by ``as_of``), from :func:`._history.event_table`.
    themes : ThemesResult
    drivers : dict of DriverResult
        ``{"networking": ..., "learning": ...}``.
    segments : DataFrame
        :func:`.reconnect.relationship_segments`.
    """

    def __init__(
        self,
        year: int,
        as_of: pd.Timestamp | None,
        events: pd.DataFrame,
        themes: ThemesResult,
        drivers: dict[str, DriverResult],
        segments: pd.DataFrame,
    ) -> None:
        self.year = year
        self.as_of = as_of
        self.events = events
        self.themes = themes
        self.drivers = drivers
        self.segments = segments

    def to_json(self) -> dict[str, Any]:
        """The DESIGN.md object: ``themes``, ``drivers``, ``reconnect`` (+ ``year``, ``as_of``, ``notes``).

        ``notes`` holds one plain sentence per part (``themes``,
        ``networking``, ``learning``, ``reconnect``): how much data it stands
        on, or why it has nothing to show.
        """
        reconnect = reconnect_list(self.segments)
        dormant = int((self.segments["segment"] == "reconnect").sum())
        if dormant:
            shown = (
                f" (the {len(reconnect)} most valuable shown)" if dormant > len(reconnect) else ""
            )
            reconnect_note = (
                f"{dormant} dormant tie{'s' if dormant != 1 else ''} worth a message: no contact "
                f"for over 12 months, but opportunities, introductions or regular contact "
                f"before{shown}."
            )
        elif len(self.segments):
            reconnect_note = (
                f"No dormant tie with a history of value among your {len(self.segments)} contacts."
            )
        else:
            reconnect_note = "No contacts in the logbook yet."
        return {
            "year": self.year,
            "as_of": None if self.as_of is None else f"{self.as_of:%Y-%m-%d}",
            "themes": [t.to_json() for t in self.themes.themes],
            "drivers": {t: self.drivers[t].to_json() for t in TARGETS},
            "reconnect": reconnect,
            "notes": {
                "themes": self.themes.explanation,
                "networking": self.drivers["networking"].explanation,
                "learning": self.drivers["learning"].explanation,
                "reconnect": reconnect_note,
            },
        }


def analyze(
    logbook: Logbook,
    year: int,
    as_of: object = None,
    *,
    repeats: int = DEFAULT_REPEATS,
) -> InsightsResult:
    """Themes, drivers and relationship segments of the logbook up to the end of ``year``.

    The logbook is seen as it stood on ``as_of`` (default: its latest date):
    nothing dated later is used. Themes cover the attended events up to 31
    December ``year``; the drivers the same events whose 14-day follow-up
    window closed by ``as_of``; the segments every contact, as of ``as_of``.
    Never raises on a small or empty logbook.
    """
    year = check_year(year)
    view, as_of_date = history(logbook, as_of)
    all_events = event_table(view, year)
    settled = event_table(view, year, as_of_date) if as_of_date is not None else all_events
    found = themes(view, all_events)
    fitted = {t: drivers(settled, t, repeats=repeats) for t in TARGETS}
    segments = relationship_segments(view, as_of_date)
    return InsightsResult(year, as_of_date, settled, found, fitted, segments)


def insights(
    logbook: Logbook, year: int, as_of: object = None, *, repeats: int = DEFAULT_REPEATS
) -> dict[str, Any]:
    """The ``meetupstats insights --json`` object of DESIGN.md for ``year``.

    Keys: ``themes`` (list of ``{"terms", "share_by_year"}``), ``drivers``
    (``{"networking": D, "learning": D}`` with D ``{"signal", "n",
    "cv_score", "baseline_score", "effects"}``), ``reconnect`` (list of
    ``{"contact_id", "name", "reason"}``); plus ``year``, ``as_of`` and
    ``notes`` (a sentence per part). ``cv_score`` and ``baseline_score`` are
    held-out mean squared errors (lower is better; ``null`` when there were
    too few events to cross-validate). The same logbook gives the same object.
    """
    return analyze(logbook, year, as_of, repeats=repeats).to_json()


def insights_summary(
    logbook: Logbook, year: int, as_of: object = None, *, repeats: int = DEFAULT_REPEATS
) -> dict[str, Any]:
    """Everything a notebook's Insights section shows, ready to display.

    Returns
    -------
    dict
        ``json`` — the :func:`insights` object;
        ``html`` — an escaped HTML fragment of the whole section
        (:func:`.present.insights_html`);
        ``text`` — the plain-text rendering of ``insights`` without ``--json``;
        ``themes``, ``effects``, ``reconnect``, ``segments`` — DataFrames
        (:func:`.present.themes_table`, :func:`.present.effects_table`,
        :func:`.present.reconnect_table`, :func:`.present.segment_counts`);
        ``sentences`` — the headline findings, one plain sentence each.
    """
    from meetupstats.insights import present

    result = analyze(logbook, year, as_of, repeats=repeats)
    data = result.to_json()
    return {
        "json": data,
        "html": present.insights_html(result),
        "text": present.insights_text(data),
        "themes": present.themes_table(data),
        "effects": present.effects_table(result),
        "reconnect": present.reconnect_table(data),
        "segments": present.segment_counts(result.segments),
        "sentences": present.headlines(result),
    }


def rank_upcoming(
    logbook: Logbook,
    file: str | Path,
    *,
    since: dt.date | None = None,
    by: str = "both",
    as_of: object = None,
    repeats: int = DEFAULT_REPEATS,
) -> tuple[pd.DataFrame, list[str]]:
    """Upcoming events of ``file`` (.ics or events-style .csv) ranked by expected return.

    The drivers are fitted on every attended event whose return is settled
    by ``as_of`` (default: the logbook's latest date); a currency with a
    signal is scored by the model, the other by your historical averages
    (see :mod:`.rank`). Calendar events dated before ``since`` (default: the
    day after ``as_of``) are past and left out.

    Returns
    -------
    (DataFrame, list of str)
        :func:`.rank.rank_events`'s table, best first, and notes: what was
        left out of the file and which method scored each currency.

    Raises
    ------
    RankFileError
        The file has problems (``file:line: column: message`` each).
    """
    from meetupstats.insights.rank import BY_CHOICES, UNITS, rank_events, read_upcoming

    if by not in BY_CHOICES:
        raise ValueError(f"by must be one of {', '.join(BY_CHOICES)}")
    view, as_of_date = history(logbook, as_of)
    if since is None and as_of_date is not None:
        since = (as_of_date + pd.Timedelta(days=1)).date()
    upcoming, notes = read_upcoming(Path(file), since=since)
    year = as_of_date.year if as_of_date is not None else 1
    past = event_table(view, year, as_of_date)
    wanted = tuple(TARGETS) if by == "both" else (by,)
    fitted = {t: drivers(past, t, repeats=repeats) for t in wanted}
    for t in wanted:
        d = fitted[t]
        how = (
            "scored by the model (it beat your average on held-out events)"
            if d.signal
            else "scored by your historical averages of similar events (the model showed no signal)"
        )
        notes.append(f"{UNITS[t]}: {how}; {d.n} past events")
    return rank_events(upcoming, past, fitted, by=by), notes
