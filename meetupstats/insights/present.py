"""Insights as plain text, small tables and escaped HTML (for the CLI and the notebooks).

Nothing here computes an insight; it only words what
:func:`meetupstats.insights.analyze` found. All logbook text (titles, names,
theme terms) reaches HTML through :mod:`meetupstats.fragments`, which escapes it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pandas as pd

from meetupstats.insights.drivers import TARGETS, DriverResult, fmt
from meetupstats.insights.reconnect import SEGMENTS
from meetupstats.insights.themes import theme_label

if TYPE_CHECKING:
    from meetupstats.fragments import Html
    from meetupstats.insights import InsightsResult

TARGET_TITLES = {
    "networking": "Networking (contacts met and followed up within 14 days, per event)",
    "learning": "Learning (takeaways + applied takeaways, per event)",
}
#: number feature -> how "{step} more" of it reads
_NUMBER_WORDS = {
    "duration_h": "{step} h more at the event",
    "travel_min": "{step} min more travel",
    "energy_cost": "{step} more energy-cost points",
}


def effect_sentence(feature: str, effect: float, unit: str, scales: Mapping[str, float]) -> str:
    """One effect in plain, associational words.

    ``format=afterwork``, ``+1.2`` → "afterwork (format) goes with +1.2
    followed-up contacts per event"; ``duration_h`` → "each 1.1 h more at the
    event goes with +0.3 ..." (the step is one standard deviation).
    """
    amount = f"{'+' if effect >= 0 else '−'}{fmt(abs(effect))} {unit} per event"
    if "=" in feature:
        name, value = feature.split("=", 1)
        return f"{value} ({name}) goes with {amount}"
    scale = scales.get(feature)
    if not scale:
        return f"one standard deviation more {feature} goes with {amount}"
    words = _NUMBER_WORDS.get(feature, "{step} more " + feature)
    return f"each {words.format(step=fmt(scale))} goes with {amount}"


def _share_trend(share_by_year: Mapping[str, float]) -> str:
    years = sorted(share_by_year)
    if len(years) < 2:
        return ""
    first, last = share_by_year[years[0]], share_by_year[years[-1]]
    return f"{first:.0%} of your events in {years[0]} → {last:.0%} in {years[-1]}"


def headlines(result: InsightsResult) -> list[str]:
    """The main findings, one plain sentence each (themes, each driver, reconnect).

    Themes: the largest theme of the year, and the theme that grew (and the
    one that shrank) most since the first year, when by at least 10 points.
    Drivers: the three largest effects, worded as associations.
    """
    data = result.to_json()
    out: list[str] = []
    themes = data["themes"]
    year = str(result.year)
    if themes and year in themes[0]["share_by_year"]:
        main = max(themes, key=lambda t: t["share_by_year"][year])
        out.append(
            f"In {year} your main theme was {theme_label(main['terms'])} "
            f"({main['share_by_year'][year]:.0%} of what your events were about)."
        )
        years = sorted(themes[0]["share_by_year"])
        if len(years) >= 2:

            def change(t: Mapping[str, Any]) -> float:
                return float(t["share_by_year"][years[-1]] - t["share_by_year"][years[0]])

            grown, shrunk = max(themes, key=change), min(themes, key=change)
            if change(grown) >= 0.1:
                out.append(
                    f"Growing: {theme_label(grown['terms'])} ({_share_trend(grown['share_by_year'])})."
                )
            if change(shrunk) <= -0.1:
                out.append(
                    f"Fading: {theme_label(shrunk['terms'])} ({_share_trend(shrunk['share_by_year'])})."
                )
    else:
        out.append(data["notes"]["themes"])
    for target in TARGETS:
        d = result.drivers[target]
        if d.signal and d.effects:
            said = [effect_sentence(f, e, _unit(target), d.scales) for f, e in d.effects[:3]]
            out.append(
                f"{target.capitalize()}: {'; '.join(said)}. These are associations over your "
                f"{d.n} events, not causes. {d.explanation}"
            )
        else:
            out.append(f"{target.capitalize()}: {d.explanation}")
    out.append(data["notes"]["reconnect"])
    return out


def _unit(target: str) -> str:
    return {"networking": "followed-up contacts", "learning": "takeaways (+ applied)"}[target]


def themes_table(data: Mapping[str, Any]) -> pd.DataFrame:
    """One row per theme: ``theme`` (top terms) and one share column per year."""
    themes = data["themes"]
    years = sorted({y for t in themes for y in t["share_by_year"]})
    rows = [
        {"theme": ", ".join(t["terms"]), **{y: t["share_by_year"].get(y) for y in years}}
        for t in themes
    ]
    return pd.DataFrame(rows, columns=["theme", *years])


def effects_table(result: InsightsResult) -> pd.DataFrame:
    """One row per shown effect: ``target``, ``feature``, ``effect``, ``in words``."""
    rows = []
    for target in TARGETS:
        d: DriverResult = result.drivers[target]
        for feature, effect in d.effects:
            rows.append(
                {
                    "target": target,
                    "feature": feature,
                    "effect": effect,
                    "in words": effect_sentence(feature, effect, _unit(target), d.scales),
                }
            )
    return pd.DataFrame(rows, columns=["target", "feature", "effect", "in words"])


def reconnect_table(data: Mapping[str, Any]) -> pd.DataFrame:
    """The reconnect list as a DataFrame: ``name``, ``contact_id``, ``reason``."""
    return pd.DataFrame(data["reconnect"], columns=["name", "contact_id", "reason"])


def segment_counts(segments: pd.DataFrame) -> pd.DataFrame:
    """How many contacts each relationship segment holds (every segment listed)."""
    counts = segments["segment"].value_counts(sort=False).reindex(list(SEGMENTS), fill_value=0)
    return pd.DataFrame({"segment": list(SEGMENTS), "contacts": counts.to_numpy(dtype="int64")})


def insights_text(data: Mapping[str, Any]) -> str:
    """The readable output of ``meetupstats insights`` (without ``--json``)."""
    lines = [
        f"Insights up to {data['year']}" + (f" (as of {data['as_of']})" if data["as_of"] else "")
    ]
    lines += ["", "What you have been learning about"]
    if data["themes"]:
        years = sorted({y for t in data["themes"] for y in t["share_by_year"]})
        for i, theme in enumerate(data["themes"], 1):
            shares = "  ".join(f"{y} {theme['share_by_year'][y]:>4.0%}" for y in years)
            lines.append(f"  {i}. {', '.join(theme['terms'])}")
            lines.append(f"     share of events: {shares}")
    lines.append(f"  {data['notes']['themes']}")
    lines += ["", "What goes with a higher return (associations, not causes)"]
    for target in TARGETS:
        d = data["drivers"][target]
        lines.append(f"  {TARGET_TITLES[target]}:")
        if d["signal"]:
            for e in d["effects"]:
                lines.append(f"    {e['feature']:<36} {e['effect']:+.2f}")
        lines.append(f"    {data['notes'][target]}")
    lines += ["", "Dormant ties worth reconnecting"]
    for r in data["reconnect"]:
        lines.append(f"  - {r['name']} ({r['contact_id']}): {r['reason']}")
    lines.append(f"  {data['notes']['reconnect']}")
    return "\n".join(lines) + "\n"


def insights_html(result: InsightsResult) -> Html:
    """The Insights section as one escaped HTML fragment (headlines, themes, effects, reconnect)."""
    from meetupstats import fragments as f

    data = result.to_json()
    theme_rows = themes_table(data)
    shares = {c: f.fmt_percent for c in theme_rows.columns if c != "theme"}
    parts: list[object] = [
        f.tag("h3", "What the data says"),
        f.bullets(headlines(result)),
        f.tag("h3", "Themes of what you learn"),
        f.table(theme_rows, formats=shares, empty=data["notes"]["themes"]),
        f.tag("h3", "What goes with a higher return"),
        f.note(
            "Associations over your own events, checked against your plain average on held-out "
            "events; not causes."
        ),
    ]
    for target in TARGETS:
        d = result.drivers[target]
        parts.append(f.tag("h4", TARGET_TITLES[target]))
        parts.append(f.note(d.explanation))
        if d.signal:
            table = effects_table(result)
            table = table.loc[table["target"] == target, ["feature", "effect", "in words"]]
            parts.append(f.table(table.reset_index(drop=True)))
    parts += [
        f.tag("h3", "Dormant ties worth reconnecting"),
        f.table(reconnect_table(data), empty=data["notes"]["reconnect"]),
        f.table(segment_counts(result.segments), caption="Your contacts by relationship"),
    ]
    return f.tag("div", *parts, cls="ms-insights")


def rank_text(ranked: pd.DataFrame) -> str:
    """The readable output of ``meetupstats rank``: one numbered line per event, best first."""
    if ranked.empty:
        return "No upcoming events to rank.\n"
    lines = []
    for i, row in enumerate(ranked.itertuples(index=False), 1):
        lines.append(f"{i:>2}. {row.date:%Y-%m-%d}  {row.title}  (score {fmt(row.score)})")
        lines.append(f"    {row.reason}")
    return "\n".join(lines) + "\n"
