"""The public pages of the party's aid campaigns: anyone, without logging in, reads the
campaigns with the families each helped and the aid's value in tenge, and a campaign's page
with the same by territory — the territories right below the running branch's own (the
districts of a region, a city's districts) — and that table as open data (CSV and JSON).

Counts only. Beneficiaries are among the most sensitive personal data esep holds (social
status, disability): no page or file names a family, its head, an IIN or an address, and
only sums are read from the database (no household is loaded). A family is counted as helped
once it received aid (a delivery). A count under 5 is not shown ("fewer than 5"), nor the
amount given to those families, and where a table's column withholds exactly one small
count, another is withheld with it so that it cannot be worked out from the total — the
withholding of the public figures (`esep.figures.public.withholding`), applied here at every
level: a family helped is recognisable in a village as in a district."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.aid.models import Campaign, Delivery
from esep.figures.compute import STEP
from esep.figures.public import Shown, withholding
from esep.figures.registry import Unit
from esep.lib.tables import csv_lines
from esep.org.models import Territory

# The open data's fields, in this order (CSV columns, JSON keys).
FIELDS = [
    "campaign",
    "territory_kato",
    "territory_name",
    "households_helped",
    "amount_tenge",
    "withheld",
]


@dataclass(frozen=True)
class Counted:
    """What the public sees of some families helped: how many, and the aid's value."""

    households: Shown
    amount: Shown

    @classmethod
    def of(cls, households: int, amount: int, why: str) -> Counted:
        # The amount given to families too few to show would tell what each received.
        return cls(Shown(households, Unit.COUNT, why), Shown(amount, Unit.COUNT, why))


@dataclass(frozen=True)
class Row:
    territory: Territory
    label: str
    counted: Counted


def counted_alone(households: int, amount: int) -> Counted:
    """A total shown on its own (a campaign's), withheld if small."""
    return Counted.of(households, amount, withholding([households])[0])


def campaign_totals() -> dict[int, tuple[int, int]]:
    """Each campaign's families helped and the aid's value: one query."""
    rows = (
        Delivery.objects.order_by()
        .values("campaign")
        .annotate(households=Count("household", distinct=True), amount=Sum("amount"))
    )
    return {r["campaign"]: (r["households"], int(r["amount"] or 0)) for r in rows}


def by_territory(campaign: Campaign) -> tuple[Counted, list[Row]]:
    """The campaign's total, and a row for each territory right below the running branch's
    territory where families were helped (households of a territory deeper down counted in
    the one above them at that level; those of the branch's territory itself on a row of
    their own), small counts withheld as one table."""
    top = campaign.branch.territory
    found = (
        Delivery.objects.filter(campaign=campaign)
        .order_by()
        .values("household__territory")
        .annotate(households=Count("household", distinct=True), amount=Sum("amount"))
    )
    counts = {r["household__territory"]: (r["households"], int(r["amount"] or 0)) for r in found}
    paths = dict(Territory.objects.filter(pk__in=counts).values_list("pk", "path"))
    folded: dict[str, list[int]] = {}
    for pk, (households, amount) in counts.items():
        path = paths[pk]
        key = path[: len(top.path) + STEP] if path.startswith(top.path) else top.path
        sums = folded.setdefault(key, [0, 0])
        sums[0] += households
        sums[1] += amount
    names = {t.path: t for t in Territory.objects.filter(path__in=folded)}
    keys = sorted(folded, key=lambda key: (key != top.path, names[key].name))
    column = withholding([folded[key][0] for key in keys])
    rows = [
        Row(
            names[key],
            _("%(name)s itself") % {"name": top.name} if key == top.path else names[key].name,
            Counted.of(folded[key][0], folded[key][1], why),
        )
        for key, why in zip(keys, column, strict=True)
    ]
    total = counted_alone(sum(v[0] for v in folded.values()), sum(v[1] for v in folded.values()))
    return total, rows


def public_campaigns() -> list[Campaign]:
    return list(Campaign.objects.select_related("branch__territory").order_by("-starts_on", "code"))


def campaigns(request: HttpRequest) -> HttpResponse:
    """Every campaign, newest first, with the families it helped and the aid's value."""
    totals = campaign_totals()
    rows = [(c, counted_alone(*totals.get(c.pk, (0, 0)))) for c in public_campaigns()]
    return render(request, "portal/aid.html", {"rows": rows})


def public_campaign(code: str) -> Campaign:
    return get_object_or_404(Campaign.objects.select_related("branch__territory"), code=code)


def campaign(request: HttpRequest, code: str) -> HttpResponse:
    found = public_campaign(code)
    total, rows = by_territory(found)
    return render(
        request,
        "portal/aid_campaign.html",
        {"campaign": found, "total": total, "rows": rows, "fields": FIELDS},
    )


def open_data_rows(found: Campaign) -> Iterator[dict[str, object]]:
    total, rows = by_territory(found)
    for territory, counted in [
        (found.branch.territory, total),
        *((r.territory, r.counted) for r in rows),
    ]:
        yield {
            "campaign": found.code,
            "territory_kato": territory.kato,
            "territory_name": territory.name,
            "households_helped": counted.households.public_value,
            "amount_tenge": counted.amount.public_value,
            "withheld": counted.households.withheld or None,
        }


def _json(found: Campaign) -> Iterator[str]:
    yield json.dumps(list(open_data_rows(found)), ensure_ascii=False, indent=1) + "\n"


def _csv(found: Campaign) -> Iterator[str]:
    rows = open_data_rows(found)
    return csv_lines(FIELDS, ([("" if r[f] is None else r[f]) for f in FIELDS] for r in rows))


def open_data(request: HttpRequest, code: str, fmt: str) -> StreamingHttpResponse:
    """A campaign's families helped and the aid's value by territory, its total first, as
    CSV or JSON: the page's table, withheld values empty (null) with the reason."""
    found = public_campaign(code)
    if fmt == "csv":
        response = StreamingHttpResponse(_csv(found), content_type="text/csv; charset=utf-8")
    else:
        response = StreamingHttpResponse(
            _json(found), content_type="application/json; charset=utf-8"
        )
    stem = f"esep-aid-{found.code}-{timezone.localdate():%Y%m%d}"
    response["Content-Disposition"] = f'attachment; filename="{stem}.{fmt}"'
    response["Access-Control-Allow-Origin"] = "*"
    return response
