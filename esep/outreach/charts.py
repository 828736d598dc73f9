"""A campaign's people reached against its plan, by territory, as SVG drawn on the server by
pygal without its JavaScript (as the figures' charts are); the page puts the table of the
same numbers beside it."""

from __future__ import annotations

import pygal
from django.utils.translation import gettext as _

from esep.lib.charts import render, static
from esep.outreach.models import Campaign
from esep.outreach.queries import Progress


def plan_against_fact(campaign: Campaign, progress: Progress) -> bytes:
    chart = static(
        pygal.HorizontalBar(),
        height=120 + 36 * max(1, len(progress.lines)),
        colours=("#9fc5e8", "#0b5394"),  # the plan light, the fact dark
    )
    chart.title = _("%(campaign)s: people reached against the plan") % {"campaign": campaign.name}
    lines = list(reversed(progress.lines))  # pygal draws the first label at the bottom
    chart.x_labels = [
        line.territory.name if line.territory else _("Not in the plan") for line in lines
    ]
    chart.add(_("People to reach"), [line.plan.people if line.plan else None for line in lines])
    chart.add(_("People reached"), [line.people for line in lines])
    return render(chart)
