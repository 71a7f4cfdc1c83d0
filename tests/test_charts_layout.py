"""The charts' fixed margins (:func:`meetupstats.charts._fit`): every label inside
the image, the title above the axes, panels apart, and nothing wasted."""

from __future__ import annotations

from typing import Any

import pandas as pd

from meetupstats import charts


def _renderer(fig: Any) -> Any:
    """The renderer after a full draw (axis labels take their place only when drawn)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return canvas.get_renderer()


def _inside(fig: Any, artist: Any) -> bool:
    box = artist.get_window_extent(_renderer(fig))
    whole = fig.bbox
    return bool(
        box.x0 >= whole.x0 - 0.5
        and box.x1 <= whole.x1 + 0.5
        and box.y0 >= whole.y0 - 0.5
        and box.y1 <= whole.y1 + 0.5
    )


def test_long_labels_title_and_axis_label_fit_in_the_figure() -> None:
    with charts.style():
        fig = charts._figure(charts.WIDTH, 3.0)
        ax = fig.add_subplot()
        labels = ["x" * 38, "a much longer label than the default margin", "c"]
        ax.barh(range(3), [1, 2, 3])
        ax.set_yticks(range(3), labels)
        ax.set_xlabel("contacts")
        charts._title(fig, "A title")
        charts._fit(fig)
        ticks = ax.get_yticklabels()
        assert all(_inside(fig, t) for t in ticks)
        assert _inside(fig, ax.xaxis.label)
        # the left margin grew past the first guess (0.12) to hold the long labels
        assert ax.get_position().x0 > 0.3
        # the title sits above the axes, not over them
        title = fig.texts[0].get_window_extent(_renderer(fig))
        assert title.y0 >= ax.get_window_extent(_renderer(fig)).y1


def test_panels_do_not_overlap_and_outside_artists_count() -> None:
    with charts.style():
        fig = charts._figure(charts.WIDTH, 5.0)
        axes = fig.subplots(2, 2, squeeze=False)
        for row in axes:
            for ax in row:
                ax.barh(range(2), [1, 2])
                ax.set_yticks(range(2), ["left label", "another label"])
        legend = axes[0, 0].legend(
            ["series"], loc="lower left", bbox_to_anchor=(0.0, 1.0), borderaxespad=0.2
        )
        charts._fit(fig, outside=[legend])
        r = _renderer(fig)
        # column 2's tick labels start right of column 1's axes
        assert axes[0, 1].get_yticklabels()[0].get_window_extent(r).x0 > (
            axes[0, 0].get_window_extent(r).x1
        )
        # row 2's axes sit below row 1's (with a gap)
        assert axes[1, 0].get_window_extent(r).y1 < axes[0, 0].get_window_extent(r).y0
        # the legend above the first panel is inside the image
        assert _inside(fig, legend)


def test_a_chart_renders_a_png_and_says_what_it_is() -> None:
    frame = pd.DataFrame({"label": ["a", "b"], "value": [1.0, 2.0]})
    chart = charts.bars(frame, label="label", value="value", title="T", value_label="n")
    assert chart.png is not None and chart.png.startswith(b"\x89PNG")
    # the short text/plain twin a notebook stores beside the image
    assert repr(chart) == f"Chart(title='T', png=<{len(chart.png)} bytes>)"
    assert repr(charts.no_data("T", "Nothing.")) == "Chart(title='T', message='Nothing.')"
