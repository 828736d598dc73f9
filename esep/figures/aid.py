"""Aid campaigns as figures (`aid.*`): the families helped, the value delivered to them in
tenge and the deliveries made, in a period.

All three read the campaigns' deliveries (`esep.aid.models.Delivery`), dated by the day of
the delivery and placed by the household's branch (the one helping it) and the household's
territory, so a district's families count in the district and the region above it. They
are counted over the user's VIEW_FIGURES scope, as the other figures are: an analyst reads
"15 108 families helped with 265 million tenge" without seeing any family. By type: the kind
of aid. The drill-down lists the deliveries with the household's number, territory and the
value only — never a name, an IIN or an address; the category (and a link to the
household's page) only to a user whose VIEW_AID reaches the household's branch
(`figures/_aid_cells.html`). No breakdown by category: a group's drill-down would tell each
listed family's social category to whoever reads figures.

`aid.amount_tenge` is in whole tenge (`Unit.TENGE`): a press template writes it with the
`money` filter ("265 миллион теңге") or `num` ("265 000 000").

The registry (`registry.py`) imports this module and reads these figures from `figures()`
when it is first built; this module binds only the registry module and reads its classes when
`figures()` runs, so the two import each other safely."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.aid.models import Delivery
from esep.figures import registry
from esep.org.roles import Capability

# What the drill-down joins to show the deliveries.
RELATED = {"aid_deliveries": ("household__territory", "household__branch", "campaign")}
# What the value of a sum is of, as the drill-down names it.
TOTALLED = {"amount": _("Value, tenge")}


def _deliveries() -> registry.Source:
    return registry.Source(
        name="aid_deliveries",
        records=lambda: Delivery.objects.all(),
        visible=lambda user: Delivery.objects.filter(
            user.scope_q(Capability.VIEW_FIGURES, "household__branch", joined=True)
        ),
        date="delivered_on",
        branch="household__branch",
        territory="household__territory",
        fields={"kind": "kind"},
        seen_by=Capability.VIEW_FIGURES,
    )


def figures() -> list[registry.Figure]:
    Figure, Unit = registry.Figure, registry.Unit
    deliveries = _deliveries()
    return [
        Figure(
            "aid.families_helped",
            _("Families helped"),
            _(
                "Families (households of the aid campaigns) that received aid at least once in "
                "the period, each counted once."
            ),
            Unit.COUNT,
            deliveries,
            total=("distinct", "household"),
        ),
        Figure(
            "aid.amount_tenge",
            _("Aid delivered, tenge"),
            _(
                "The value of the aid delivered to families in the period: the money given and "
                "what the food, medicines and services were worth, in tenge."
            ),
            Unit.TENGE,
            deliveries,
            total=("sum", "amount"),
        ),
        Figure(
            "aid.deliveries",
            _("Aid deliveries"),
            _("Deliveries of aid to families made in the period."),
            Unit.COUNT,
            deliveries,
        ),
    ]
