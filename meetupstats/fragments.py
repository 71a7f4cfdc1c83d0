"""Safe HTML fragments for the notebooks: every piece of text is escaped.

The reflection notebook shows numbers and sentences the library computes, and
text from the logbook (event titles, company names) that other people wrote.
All of it goes through :func:`html.escape` here, so a title like
``<script>alert(1)</script>`` or ``[x](javascript:alert(1))`` appears in the
report as those characters, never as markup. No Markdown is ever produced
from logbook text (Markdown does not sanitise HTML or link targets).

:class:`Html` is a ``str`` holding *already safe* markup; a notebook shows it
through ``_repr_html_``. Only the builders in this module (and
:mod:`meetupstats.charts`) create it.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

Formatter = Callable[[Any], str]


class Html(str):
    """Markup that is safe to insert as is (every text inside was escaped)."""

    __slots__ = ()

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer: Any, cycle: bool) -> None:
        # the text/plain twin of the HTML output: short, not the markup again
        printer.text(f"<HTML fragment, {len(self)} characters>")

    def __add__(self, other: str) -> Html:
        if not isinstance(other, Html):
            other = escape(other)
        return Html(str(self) + str(other))


def escape(text: object) -> Html:
    """``text`` as inert HTML text (``&``, ``<``, ``>``, quotes escaped)."""
    if isinstance(text, Html):
        return text
    return Html(html.escape("" if text is None else str(text), quote=True))


def join(parts: Iterable[object], sep: str = "") -> Html:
    """Concatenate fragments; plain strings among ``parts`` are escaped."""
    return Html(escape(sep).join(escape(p) for p in parts))


def tag(name: str, *children: object, cls: str | None = None, **attrs: object) -> Html:
    """``<name class=cls attrs...>children</name>``; children and values escaped.

    ``name`` and attribute names come from the code, never from data.
    """
    attributes = "".join(
        f' {k.rstrip("_").replace("_", "-")}="{escape(v)}"'
        for k, v in attrs.items()
        if v is not None
    )
    if cls:
        attributes = f' class="{escape(cls)}"' + attributes
    return Html(f"<{name}{attributes}>{join(children)}</{name}>")


def paragraph(*parts: object, cls: str | None = None) -> Html:
    """One ``<p>`` of text (plain strings escaped, :class:`Html` kept)."""
    return tag("p", *parts, cls=cls)


def note(text: object) -> Html:
    """A quiet one-sentence remark, e.g. why a section has nothing to show."""
    return tag("p", text, cls="ms-note")


def bullets(items: Iterable[object], cls: str | None = None) -> Html:
    """An unordered list, one ``<li>`` per item."""
    return tag("ul", *(tag("li", item) for item in items), cls=cls)


def stat_tiles(tiles: Sequence[Mapping[str, object]]) -> Html:
    """Headline numbers as tiles: each mapping has ``label``, ``value`` and optional ``detail``.

    ``tone`` (``"up"``, ``"down"`` or ``"flat"``) colours the detail line.
    """
    cells = []
    for t in tiles:
        detail = t.get("detail")
        tone = str(t.get("tone") or "flat")
        cells.append(
            tag(
                "div",
                tag("div", t.get("value", "—"), cls="ms-tile-value"),
                tag("div", t.get("label", ""), cls="ms-tile-label"),
                tag("div", detail, cls=f"ms-tile-detail ms-{tone}") if detail else Html(""),
                cls="ms-tile",
            )
        )
    return tag("div", *cells, cls="ms-tiles")


def table(
    frame: pd.DataFrame,
    *,
    formats: Mapping[str, Formatter] | None = None,
    caption: str | None = None,
    empty: str = "Nothing to show.",
    max_rows: int | None = None,
) -> Html:
    """``frame`` as an HTML table with escaped cells; column names are the headers.

    ``formats`` maps a column to a function turning a cell into display text;
    missing values show as an en dash. An empty frame gives the ``empty``
    sentence instead of an empty table.
    """
    if frame.empty:
        return note(empty)
    formats = dict(formats or {})
    shown = frame if max_rows is None else frame.head(max_rows)
    head = tag("tr", *(tag("th", str(c)) for c in shown.columns))
    rows = []
    for record in shown.itertuples(index=False, name=None):
        cells = []
        for column, value in zip(shown.columns, record, strict=True):
            fmt = formats.get(str(column), fmt_value)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            dated = isinstance(value, pd.Timestamp)
            cells.append(
                tag("td", fmt(value), cls="ms-num" if numeric else "ms-date" if dated else None)
            )
        rows.append(tag("tr", *cells))
    grid = tag("table", tag("thead", head), tag("tbody", *rows), cls="ms-table")
    wrapped = tag("div", grid, cls="ms-table-wrap")
    if max_rows is not None and len(frame) > max_rows:
        wrapped = join([wrapped, note(f"… and {len(frame) - max_rows} more.")])
    return join([paragraph(caption, cls="ms-meta"), wrapped]) if caption else wrapped


def is_missing(value: object) -> bool:
    """True for ``None``, ``NaN``, ``NaT`` and ``pd.NA``."""
    if value is None:
        return True
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def fmt_value(value: object) -> str:
    """Default cell text: numbers to at most two decimals, dates as ISO, missing as a dash."""
    if is_missing(value):
        return "–"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return fmt_number(value)
    if isinstance(value, tuple | list):
        return ", ".join(str(v) for v in value)
    return str(value)


def fmt_number(value: object, digits: int = 2) -> str:
    """A number with at most ``digits`` decimals and no trailing zeros; dash when missing."""
    if is_missing(value):
        return "–"
    x = float(value)  # type: ignore[arg-type]
    if math.isinf(x):
        return "∞"
    if x == round(x) and abs(x) < 1e15:
        return f"{round(x):,}"
    return f"{x:,.{digits}f}".rstrip("0").rstrip(".")


def fmt_percent(value: object) -> str:
    """A share 0–1 as a whole percentage (``0.425`` → ``43%``); dash when missing."""
    if is_missing(value):
        return "–"
    return f"{float(value) * 100:.0f}%"  # type: ignore[arg-type]


def fmt_progress(value: object) -> str:
    """A share of a target reached, rounded *down* (``0.998`` → ``99%``), so 100% means reached."""
    if is_missing(value):
        return "–"
    return f"{math.floor(float(value) * 100 + 1e-9):.0f}%"  # type: ignore[arg-type]


def fmt_date(value: object) -> str:
    """An ISO date (``2025-03-12``); dash when missing."""
    if is_missing(value):
        return "–"
    return pd.Timestamp(value).date().isoformat()


def fmt_day(value: object) -> str:
    """A date for prose (``12 March 2025``); dash when missing."""
    if is_missing(value):
        return "–"
    day = pd.Timestamp(value)
    return f"{day.day} {day:%B %Y}"


def section_intro(sentences: Iterable[object]) -> Html:
    """Several sentences as one paragraph (each escaped)."""
    return paragraph(join(sentences, " "))
