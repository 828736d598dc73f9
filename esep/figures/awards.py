"""The party's awards as figures (`awards.*`): the awards granted in the period, by the day
of the granting body's decision, placed by the granting branch (and its territory), broken
down by type — by award, each of the catalogue under its own name (a badge, a certificate of
honour, a medal, a letter of gratitude; two medals are two groups).

A user counts and drills into the nominations they may read on the awards' own pages (party
work or the awards' office over the nominating branch's subtree, which the granting branch's
staff cover too), so the drill-down names the awarded only to those who could open their
nomination anyway; it never shows their personal data."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esep.awards.models import Nomination
from esep.figures import registry

RELATED = {"awards": ("person", "award", "branch", "granting_body__branch")}


def _granted() -> registry.Source:
    granted = Q(status=Nomination.Status.GRANTED)
    return registry.Source(
        name="awards",
        records=lambda: Nomination.objects.filter(granted),
        visible=lambda user: Nomination.objects.visible_to(user).filter(granted),
        date="decided_on",
        branch="granting_body__branch",
        territory="granting_body__branch__territory",
        fields={"kind": "award"},
    )


def figures() -> list[registry.Figure]:
    return [
        registry.Figure(
            "awards.granted",
            _("Awards granted"),
            _(
                "The party's awards (badges, certificates of honour, medals, letters of "
                "gratitude) granted by decisions of the period, placed by the granting branch; "
                "broken down by type, by award."
            ),
            registry.Unit.PEOPLE,
            _granted(),
        )
    ]
