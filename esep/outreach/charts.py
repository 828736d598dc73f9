"""A campaign's people reached against its plan, by territory, as SVG drawn on the server by
pygal without its JavaScript (as the figures' charts are); the page puts the table of the
same numbers beside it."""

from __future__ import annotations

import re

import pygal
from django.utils.translation import gettext as _
from pygal.style import Style

from esep.outreach.models import Campaign
from esep.outreach.queries import Progress

STYLE = Style(
    background="white",
    plot_background="white",
    foreground="#1f2328",
    foreground_strong="#1f2328",
    foreground_subtle="#57606a",
    colors=("#9fc5e8", "#0b5394"),
    font_family="system-ui, sans-serif",
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=15,
)


def plan_against_fact(campaign: Campaign, progress: Progress) -> bytes:
    chart = pygal.HorizontalBar()
    chart.config.js = []  # a static image: no script, nothing fetched
    chart.config.style = STYLE
    chart.config.width, chart.config.height = 760, 120 + 36 * max(1, len(progress.lines))
    chart.config.legend_at_bottom = True
    chart.title = _("%(campaign)s: people reached against the plan") % {"campaign": campaign.name}
    lines = list(reversed(progress.lines))  # pygal draws the first label at the bottom
    chart.x_labels = [
        line.territory.name if line.territory else _("Not in the plan") for line in lines
    ]
    chart.add(_("People to reach"), [line.plan.people if line.plan else None for line in lines])
    chart.add(_("People reached"), [line.people for line in lines])
    # pygal writes its configuration as a script even with none to load: an image runs none.
    return re.sub(rb"<script.*?</script>", b"", chart.render(), flags=re.S)
