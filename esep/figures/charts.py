"""Charts of figures as SVG, drawn on the server by pygal without its JavaScript; pages show
them as images beside a table of the same numbers (for screen readers and for copying)."""

from __future__ import annotations

from collections.abc import Sequence

import pygal

from esep.lib.charts import render, static


def _config(chart: pygal.graph.graph.Graph) -> pygal.graph.graph.Graph:
    static(chart)
    chart.config.disable_xml_declaration = False
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
    return render(chart)


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
    return render(chart)
