"""Charts of the reports, in one consistent matplotlib style.

Every chart has a title, labelled axes with units and nothing else (no frame
on top/right, a light grid on the value axis only, no legend unless colours
carry meaning). Each function returns a :class:`Chart`: a PNG embedded in
the HTML as a ``data:`` URI (so the report opens offline) or, when there is
nothing to draw, one sentence saying so instead of an empty chart.

Figures are built with :class:`matplotlib.figure.Figure` directly, never
through ``pyplot``, so no global figure state leaks between cells and the
Agg renderer is used whatever the backend.
"""

from __future__ import annotations

import base64
import io
import logging
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import pandas as pd

from meetupstats.fragments import Html, escape, fmt_progress, note, tag

if TYPE_CHECKING:
    from matplotlib.artist import Artist
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

log = logging.getLogger(__name__)

#: The palette: one main colour, one for contrast, one for "the other thing".
BLUE = "#2f6690"
ORANGE = "#d9822b"
GREEN = "#3a7d44"
GREY = "#9aa5b1"
INK = "#1f2933"
MUTED = "#52606d"
LIGHT = "#e4e7eb"
DPI = 120
#: Width of every report chart, in inches: narrow enough that text stays legible
#: when a phone scales the image down to its screen.
WIDTH = 6.4

_RC: dict[str, Any] = {
    "font.family": "DejaVu Sans",
    "font.size": 11.5,
    "axes.titlesize": 14,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.titlepad": 12,
    "axes.labelsize": 11.5,
    "axes.labelcolor": MUTED,
    "axes.edgecolor": GREY,
    "axes.linewidth": 0.8,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": False,
    "grid.color": LIGHT,
    "grid.linewidth": 0.8,
    "xtick.color": MUTED,
    "ytick.color": MUTED,
    "text.color": INK,
    "legend.frameon": False,
    "figure.facecolor": "white",
    "savefig.facecolor": "white",
    "svg.fonttype": "none",
}


@dataclass(frozen=True, repr=False)
class Chart:
    """A rendered chart (PNG bytes) or, when there was no data, a sentence saying so."""

    title: str
    png: bytes | None = None
    message: str | None = None

    def __repr__(self) -> str:
        # short: a notebook stores it as the output's text/plain beside the image
        shown = (
            f"png=<{len(self.png)} bytes>" if self.png is not None else f"message={self.message!r}"
        )
        return f"Chart(title={self.title!r}, {shown})"

    def _repr_html_(self) -> str:
        return str(self.html())

    def html(self) -> Html:
        """The chart as an ``<img>`` with an embedded PNG, or the no-data sentence."""
        if self.png is None:
            return note(self.message or f"{self.title}: no data.")
        data = base64.b64encode(self.png).decode("ascii")
        img = Html(f'<img src="data:image/png;base64,{data}" alt="{escape(self.title)}">')
        return tag("figure", img, cls="ms-chart")

    def save(self, path: Path) -> Path:
        """Write the PNG to ``path`` (nothing is written for a no-data chart)."""
        if self.png is not None:
            Path(path).write_bytes(self.png)
        return Path(path)


def setup_notebook() -> None:
    """Prepare a notebook kernel for the reports: Agg backend, PNG output, quiet pandas.

    Called from the first cell of every notebook, so the notebooks themselves
    hold no configuration.
    """
    import matplotlib

    matplotlib.use("Agg")
    pd.set_option("display.max_columns", 30)
    pd.set_option("display.width", 120)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - only inside IPython
        return
    shell = get_ipython()
    if shell is not None:  # pragma: no branch
        shell.run_line_magic("config", "InlineBackend.figure_formats = ['png']")


@contextmanager
def style() -> Iterator[None]:
    """The house style as a matplotlib rc context."""
    import matplotlib
    from cycler import cycler

    rc: Any = {**_RC, "axes.prop_cycle": cycler(color=[BLUE, ORANGE, GREEN, GREY])}
    with matplotlib.rc_context(rc):
        yield


def no_data(title: str, message: str) -> Chart:
    """A chart that is only the sentence ``message``."""
    return Chart(title=title, message=message)


#: Space kept free around the chart and between panels, in inches.
PAD_IN = 0.08
GAP_IN = 0.14


def _figure(width: float = WIDTH, height: float = 3.6) -> Figure:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=DPI)
    # A first guess of the margins; :func:`_fit` sets the real ones.
    fig.subplots_adjust(left=0.12, right=0.97, bottom=0.15, top=0.85)
    return fig


def _finish(fig: Figure, title: str, dpi: int = DPI, outside: Sequence[Artist] = ()) -> Chart:
    if fig.axes:
        _fit(fig, outside)
    return png_chart(fig, title, dpi)


def png_chart(fig: Figure, title: str, dpi: int = DPI) -> Chart:
    """``fig`` drawn as it is laid out, as a :class:`Chart` (PNG, no software tag)."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=dpi, metadata={"Software": None})
    return Chart(title=title, png=buf.getvalue())


def _fit(fig: Figure, outside: Sequence[Artist] = ()) -> None:
    """Margins and gaps that just hold the axes' decorations: tick labels, axis
    labels, titles and the ``outside`` artists (legends or notes that may reach
    past an axes), plus :data:`PAD_IN` around and :data:`GAP_IN` between panels.

    One measuring pass (text extents from the Agg renderer, which the drawing
    then reuses), instead of a layout engine that measures on every draw.
    Every axes of ``fig`` must sit on one grid of subplots.
    """
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    renderer = FigureCanvasAgg(fig).get_renderer()
    width, height = fig.bbox.width, fig.bbox.height
    pad, gap = PAD_IN * fig.dpi, GAP_IN * fig.dpi
    spec = fig.axes[0].get_subplotspec()
    assert spec is not None
    nrows, ncols = spec.get_gridspec().get_geometry()
    # how far each grid cell's decorations reach past its axes, in pixels
    reach = np.zeros((4, nrows, ncols))  # left, right, bottom, top
    for ax in fig.axes:
        cell = ax.get_subplotspec()
        assert cell is not None
        r, c = cell.rowspan.start, cell.colspan.start
        box = ax.get_window_extent(renderer)
        extra = [a for a in outside if a.axes is ax]
        tight = ax.get_tightbbox(renderer, bbox_extra_artists=extra, for_layout_only=True)
        if tight is None:  # pragma: no cover - an axes always has its spines
            continue
        found = (box.x0 - tight.x0, tight.x1 - box.x1, box.y0 - tight.y0, tight.y1 - box.y1)
        reach[:, r, c] = np.maximum(reach[:, r, c], found)
    left, right, bottom, top = (
        max(float(v), 0.0)
        for v in (
            reach[0, :, 0].max(),
            reach[1, :, -1].max(),
            reach[2, -1, :].max(),
            reach[3, 0, :].max(),
        )
    )
    left, right, bottom, top = left + pad, right + pad, bottom + pad, top + pad
    # the title (figure text) sits above every axes
    titles = [height - text.get_window_extent(renderer).y0 for text in fig.texts]
    top += max(titles, default=-pad) + pad
    wgap = max(
        (float(reach[1, :, j].max() + reach[0, :, j + 1].max()) for j in range(ncols - 1)),
        default=0.0,
    )
    hgap = max(
        (float(reach[2, i, :].max() + reach[3, i + 1, :].max()) for i in range(nrows - 1)),
        default=0.0,
    )
    wgap, hgap = wgap + gap, hgap + gap
    cell_w = max((width - left - right - (ncols - 1) * wgap) / ncols, 1.0)
    cell_h = max((height - top - bottom - (nrows - 1) * hgap) / nrows, 1.0)
    fig.subplots_adjust(
        left=left / width,
        right=1.0 - right / width,
        bottom=bottom / height,
        top=1.0 - top / height,
        wspace=wgap / cell_w,
        hspace=hgap / cell_h,
    )


def _title(fig: Figure, title: str) -> None:
    """The chart title, left-aligned with the figure's edge (not the axes')."""
    y = 1.0 - PAD_IN / fig.get_figheight()
    fig.suptitle(
        title, x=0.015, y=y, ha="left", va="top", fontsize=14, fontweight="bold", color=INK
    )


def _value_grid(ax: Axes, axis: Literal["x", "y"]) -> None:
    ax.grid(True, axis=axis)
    ax.set_axisbelow(True)


def _int_ticks(ax: Axes, axis: str) -> None:
    from matplotlib.ticker import MaxNLocator

    target = ax.xaxis if axis == "x" else ax.yaxis
    target.set_major_locator(MaxNLocator(integer=True))


def _short(text: object, width: int = 38) -> str:
    s = str(text)
    return s if len(s) <= width else s[: width - 1] + "…"


def bars(
    frame: pd.DataFrame,
    *,
    label: str,
    value: str,
    title: str,
    value_label: str,
    label_axis: str = "",
    empty: str = "Nothing to show.",
    color: str = BLUE,
    integer: bool = False,
    compare: str | None = None,
    compare_name: str = "",
    value_name: str = "",
    horizontal: bool = False,
    fmt: str = "{:g}",
) -> Chart:
    """Bars of ``frame[value]`` per ``frame[label]`` (in the frame's order).

    With ``compare`` (a second numeric column), a lighter bar beside each one
    shows it, with a legend naming both (``compare_name``, ``value_name``).
    Bars are annotated with their value (``fmt``). An empty frame, or one
    whose values are all missing, gives the ``empty`` sentence.
    """
    if frame.empty or frame[value].isna().all():
        return no_data(title, empty)
    import numpy as np

    labels = [_short(v) for v in frame[label]]
    values = frame[value].astype(float).fillna(0.0).to_numpy()
    n = len(labels)
    with style():
        fig = _figure(WIDTH, max(2.2, 0.42 * n + 1.2) if horizontal else 3.6)
        ax = fig.add_subplot()
        pos = np.arange(n)
        width = 0.4 if compare else 0.7
        offset = width / 2 if compare else 0.0
        draw = ax.barh if horizontal else ax.bar
        if compare:
            other = frame[compare].astype(float).fillna(0.0).to_numpy()
            draw(pos - offset, other, width, color=LIGHT, label=compare_name, edgecolor=GREY)
        containers = draw(pos + offset, values, width, color=color, label=value_name or None)
        ax.bar_label(
            containers,
            labels=[fmt.format(v) if v else "" for v in values],
            padding=3,
            fontsize=10,
            color=MUTED,
        )
        if horizontal:
            ax.set_yticks(pos, labels)
            ax.invert_yaxis()
            ax.set_xlabel(value_label)
            if label_axis:
                ax.set_ylabel(label_axis)
            _value_grid(ax, "x")
            if integer:
                _int_ticks(ax, "x")
            ax.margins(x=0.12)
        else:
            ax.set_xticks(pos, labels)
            ax.set_ylabel(value_label)
            if label_axis:
                ax.set_xlabel(label_axis)
            _value_grid(ax, "y")
            if integer:
                _int_ticks(ax, "y")
            ax.margins(y=0.15)
            if n > 8:
                ax.tick_params(axis="x", labelrotation=0, labelsize=9)
        if compare:
            ax.legend(loc="best")
        _title(fig, title)
        return _finish(fig, title)


def funnel(stages: pd.DataFrame, *, title: str, empty: str = "Nothing to show.") -> Chart:
    """A horizontal funnel: one bar per stage (``stage``, ``count``), each bar labelled
    with its count and its share of the first stage."""
    if stages.empty or not (stages["count"].fillna(0) > 0).any():
        return no_data(title, empty)
    import numpy as np

    counts = stages["count"].astype(float).fillna(0.0).to_numpy()
    first = counts[0] if counts[0] else 1.0
    with style():
        fig = _figure(WIDTH, 0.5 * len(stages) + 1.3)
        ax = fig.add_subplot()
        pos = np.arange(len(stages))
        shades = [BLUE] * (len(stages) - 1) + [GREEN]
        bars_ = ax.barh(pos, counts, 0.65, color=shades)
        ax.bar_label(
            bars_,
            labels=[f"{c:g}  ({c / first:.0%})" for c in counts],
            padding=4,
            fontsize=10.5,
            color=INK,
        )
        ax.set_yticks(pos, list(stages["stage"]))
        ax.invert_yaxis()
        ax.set_xlabel("contacts (share of all new contacts)")
        _value_grid(ax, "x")
        _int_ticks(ax, "x")
        ax.margins(x=0.25)
        _title(fig, title)
        return _finish(fig, title)


def panel_grid(
    panels: Mapping[str, pd.DataFrame],
    *,
    label: str,
    values: Sequence[tuple[str, str]],
    title: str,
    empty: str = "Nothing to show.",
    fmt: str = "{:.2f}",
) -> Chart:
    """Small multiples: one row of horizontal-bar panels per entry of ``panels``
    (row title → frame), one column per ``(column, axis label)`` of ``values``.

    Rows whose frame is empty are left out; with none left, the ``empty``
    sentence. Each column shares one scale; a missing value shows as a dash.
    """
    shown = {k: f for k, f in panels.items() if not f.empty}
    if not shown or all(shown[k][v].isna().all() for k in shown for v, _ in values):
        return no_data(title, empty)
    import numpy as np

    rows = [len(f) for f in shown.values()]
    with style():
        fig = _figure(WIDTH, sum(0.34 * r + 0.75 for r in rows) + 1.0)
        axes = fig.subplots(
            len(shown),
            len(values),
            squeeze=False,
            sharex="col",
            height_ratios=[r + 1.2 for r in rows],
        )
        tops = [
            max(
                float(np.nanmax(f[v].astype(float).to_numpy(), initial=0.0)) for f in shown.values()
            )
            for v, _ in values
        ]
        for i, (name, frame) in enumerate(shown.items()):
            pos = np.arange(len(frame))
            for j, (column, axis_label) in enumerate(values):
                ax = axes[i, j]
                data = frame[column].astype(float).to_numpy()
                hb = ax.barh(pos, np.nan_to_num(data), 0.65, color=BLUE)
                ax.bar_label(
                    hb,
                    labels=["–" if np.isnan(v) else fmt.format(v) for v in data],
                    padding=3,
                    fontsize=10,
                    color=MUTED,
                )
                ax.set_yticks(pos, [_short(v, 16) for v in frame[label]] if j == 0 else [])
                ax.invert_yaxis()
                ax.set_xlim(0, tops[j] * 1.3 if tops[j] > 0 else 1)
                _value_grid(ax, "x")
                if j == 0:
                    ax.set_ylabel(name, fontsize=11, fontweight="bold", color=INK)
                if i == len(shown) - 1:
                    ax.set_xlabel(axis_label)
                else:
                    ax.tick_params(axis="x", labelbottom=False)
        _title(fig, title)
        return _finish(fig, title)


def timeline(points: pd.DataFrame, *, title: str, empty: str = "Nothing to show.") -> Chart:
    """Milestones on a date axis: ``date`` and ``label`` columns, one marker each.

    Rows with a missing date are left out.
    """
    shown = points.dropna(subset=["date"]).sort_values("date")
    if shown.empty:
        return no_data(title, empty)
    import matplotlib.dates as mdates

    dates = pd.to_datetime(shown["date"])
    with style():
        fig = _figure(WIDTH, 2.6)
        ax = fig.add_subplot()
        ax.axhline(0, color=GREY, linewidth=1.2, zorder=1)
        ax.scatter(dates, [0] * len(dates), s=70, color=BLUE, zorder=2)
        notes = []
        for i, (d, text) in enumerate(zip(dates, shown["label"], strict=True)):
            up = 1 if i % 2 == 0 else -1
            mark = ax.annotate(
                f"{text}\n{d:%b %Y}",
                (mdates.date2num(d), 0),
                xytext=(0, 22 * up),
                textcoords="offset points",
                ha="center",
                va="bottom" if up > 0 else "top",
                fontsize=10.5,
                color=INK,
            )
            notes.append(mark)
        pad = pd.Timedelta(days=120)
        ax.set_xlim(dates.min() - pad, dates.max() + pad)
        ax.set_ylim(-1, 1)
        ax.yaxis.set_visible(False)
        ax.spines["left"].set_visible(False)
        ax.xaxis.set_major_locator(mdates.YearLocator())
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
        ax.set_xlabel("date")
        _title(fig, title)
        return _finish(fig, title, outside=notes)


def stacked_years(
    frame: pd.DataFrame,
    *,
    x: str,
    series: Sequence[str],
    title: str,
    value_label: str,
    x_label: str,
    empty: str = "Nothing to show.",
) -> Chart:
    """Stacked bars: one bar per ``frame[x]``, one coloured layer per column of ``series``."""
    if frame.empty or not (frame[list(series)].fillna(0).to_numpy().sum() > 0):
        return no_data(title, empty)
    import numpy as np

    pos = np.arange(len(frame))
    colors = [GREY, BLUE, ORANGE, GREEN, INK]
    with style():
        fig = _figure(WIDTH, 3.4)
        ax = fig.add_subplot()
        bottom = np.zeros(len(frame))
        for name, color in zip(series, colors, strict=False):
            values = frame[name].astype(float).fillna(0.0).to_numpy()
            ax.bar(pos, values, 0.6, bottom=bottom, color=color, label=name)
            bottom += values
        ax.set_xticks(pos, [str(v) for v in frame[x]])
        ax.set_xlabel(x_label)
        ax.set_ylabel(value_label)
        _value_grid(ax, "y")
        _int_ticks(ax, "y")
        legend = ax.legend(
            loc="lower left",
            bbox_to_anchor=(0.0, 1.0),
            ncols=min(len(series), 4),
            fontsize=10,
            borderaxespad=0.2,
        )
        if len(frame) > 6:
            ax.tick_params(axis="x", labelrotation=45, labelsize=9.5)
        ax.margins(y=0.1)
        _title(fig, title)
        return _finish(fig, title, outside=[legend])


def progress(goals: pd.DataFrame, *, title: str, empty: str = "Nothing to show.") -> Chart:
    """Goal progress bars: ``goal`` label and ``share`` reached (0–1, capped at the
    edge of the chart); a line marks 100%."""
    shown = goals.dropna(subset=["share"])
    if shown.empty:
        return no_data(title, empty)
    import numpy as np
    from matplotlib.ticker import PercentFormatter

    share = shown["share"].astype(float).to_numpy()
    pos = np.arange(len(shown))
    with style():
        fig = _figure(WIDTH, 0.45 * len(shown) + 1.3)
        ax = fig.add_subplot()
        colors = [GREEN if s >= 1 else BLUE for s in share]
        hb = ax.barh(pos, np.minimum(share, 1.5), 0.6, color=colors)
        ax.bar_label(
            hb, labels=[fmt_progress(s) for s in share], padding=3, fontsize=10, color=MUTED
        )
        ax.axvline(1.0, color=INK, linewidth=1, linestyle=":")
        ax.set_yticks(pos, [_short(g, 30) for g in shown["goal"]])
        ax.invert_yaxis()
        ax.set_xlim(0, max(1.25, min(float(share.max()), 1.5) + 0.2))
        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
        ax.set_xlabel("share of the target reached")
        _value_grid(ax, "x")
        _title(fig, title)
        return _finish(fig, title)


def share_card(
    year: int,
    tiles: Sequence[tuple[str, str]],
    *,
    headline: str,
    footer: str,
) -> Chart:
    """A 1200×630 image summarising a year: a headline and up to six big numbers.

    ``tiles`` are ``(value, label)`` pairs of aggregate numbers; the card
    carries no names.
    """
    title = f"{year} in meetups"
    with style():
        from matplotlib.figure import Figure
        from matplotlib.patches import FancyBboxPatch

        fig = Figure(figsize=(12, 6.3), dpi=100)
        fig.patch.set_facecolor("#f5f7fa")
        fig.text(0.05, 0.86, title, fontsize=34, fontweight="bold", color=INK)
        fig.text(0.05, 0.78, headline, fontsize=17, color=MUTED)
        cols = 3
        for i, (value, label) in enumerate(tiles[:6]):
            r, c = divmod(i, cols)
            x0, y0 = 0.05 + c * 0.31, 0.42 - r * 0.30
            fig.patches.append(
                FancyBboxPatch(
                    (x0, y0),
                    0.28,
                    0.25,
                    boxstyle="round,pad=0.005,rounding_size=0.02",
                    transform=fig.transFigure,
                    facecolor="white",
                    edgecolor=LIGHT,
                    figure=fig,
                )
            )
            fig.text(x0 + 0.02, y0 + 0.12, value, fontsize=34, fontweight="bold", color=BLUE)
            fig.text(x0 + 0.02, y0 + 0.045, label, fontsize=14, color=MUTED)
        fig.text(0.05, 0.035, footer, fontsize=11, color=GREY)
        return _finish(fig, title, dpi=100)
