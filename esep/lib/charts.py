"""Charts drawn on the server as static SVG by pygal — no JavaScript, nothing fetched: pages
show them as images beside a table of the same numbers (for screen readers and copying).
Every app's charts are styled and stripped here, in one way."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

# The figures' series colours; a chart of two series (plan and fact) may pass its own.
COLOURS = ("#0b5394", "#e69138", "#38761d", "#990000", "#674ea7")


def style(colours: Sequence[str] = COLOURS) -> Style:
    return Style(
        background="white",
        plot_background="white",
        foreground="#1f2328",
        foreground_strong="#1f2328",
        foreground_subtle="#57606a",
        colors=tuple(colours),
        font_family="system-ui, sans-serif",
        label_font_size=12,
        major_label_font_size=12,
        legend_font_size=13,
        title_font_size=15,
    )


STYLE = style()


def static(
    chart: pygal.graph.graph.Graph,
    *,
    width: int = 760,
    height: int = 320,
    colours: Sequence[str] | None = None,
) -> pygal.graph.graph.Graph:
    """The chart as a static image: no script, esep's style, its size, the legend below."""
    chart.config.js = []
    chart.config.style = STYLE if colours is None else style(colours)
    chart.config.width, chart.config.height = width, height
    chart.config.legend_at_bottom = True
    return chart


def render(chart: pygal.graph.graph.Graph) -> bytes:
    """The SVG without the script pygal writes its configuration as even with no scripts
    to load: an image runs none, and none is sent."""
    return re.sub(rb"<script.*?</script>", b"", chart.render(), flags=re.S)
