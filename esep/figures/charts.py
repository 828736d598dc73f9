"""Charts of figures as SVG, drawn on the server by pygal without its JavaScript; pages show
them as images beside a table of the same numbers (for screen readers and for copying)."""

from __future__ import annotations

import re
from collections.abc import Sequence

import pygal
from pygal.style import Style

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#57606a",
    colors=("#0b5394", "#e69138", "#38761d", "#990000", "#674ea7"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def _config(chart: pygal.graph.graph.Graph) -> pygal.graph.graph.Graph:
    chart.config.js = []  # a static image: no script, nothing fetched
    chart.config.disable_xml_declaration = False
    chart.config.style = STYLE
    chart.config.width, chart.config.height = 760, 320
    chart.config.legend_at_bottom = True
    chart.config.print_values = False
    chart.config.show_minor_x_labels = True
    return chart


def bars(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> bytes:
    chart = _config(pygal.HorizontalBar() if len(labels) > 8 else pygal.Bar())
    chart.title = title
    chart.x_labels = list(labels)
    for name, values in series:
        chart.add(name, list(values))
    return _static(chart.render())


def _static(svg: bytes) -> bytes:
    """pygal writes its configuration as a script even with no scripts to load; an image
    runs none, and we send none."""
    return re.sub(rb"<script.*?</script>", b"", svg, flags=re.S)


def line(
    title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float | None]]]
) -> bytes:
    chart = _config(pygal.Line())
    chart.title = title
    chart.x_labels = list(labels)
    chart.config.x_label_rotation = 30
    chart.config.dots_size = 3
    for name, values in series:
        chart.add(name, list(values))
    return _static(chart.render())
