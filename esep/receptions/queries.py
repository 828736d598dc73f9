"""Reading receptions: the staff list's columns, the public schedule and its week view."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column
from esep.org.models import Person, Post
from esep.receptions.models import ReceptionQuerySet

COLUMNS = [
    Column(
        "Date",
        lambda r: (
            r.local(r.starts_at).strftime("%d.%m.%Y %H:%M") + r.local(r.ends_at).strftime("–%H:%M")
        ),
    ),
    Column(_("Kind"), lambda r: r.get_kind_display()),
    Column(_("Place"), lambda r: r.get_place_type_display()),
    Column(_("Address or link"), lambda r: r.address),
    Column(_("Territory"), lambda r: r.territory.name),
    Column(_("Branch"), lambda r: r.branch.name),
    Column(_("Status"), lambda r: r.get_status_display()),
    Column(_("People received"), lambda r: r.people_received),
    Column(_("Appeals registered"), lambda r: r.appeal_count),
    Column(_("Resolved positively"), lambda r: r.positive_count),
]


def public_receivers() -> Prefetch:
    """Receivers shown to the public: those holding a public post (deputies, council
    members), by name; staff without one are not named on public pages."""
    holders = Person.objects.filter(pk__in=Post.objects.current().values("person_id"))
    return Prefetch("receivers", queryset=holders.order_by("surname"), to_attr="public_receivers")


def schedule(
    receptions: ReceptionQuerySet, *, territory=None, past: bool = False
) -> ReceptionQuerySet:
    receptions = receptions.public().select_related("territory", "branch")
    if territory is not None:
        receptions = receptions.filter(territory__path__startswith=territory.path)
    now = timezone.now()
    if past:
        return receptions.filter(status="held", starts_at__lt=now).order_by("-starts_at", "-pk")
    return receptions.filter(status="planned", ends_at__gte=now).order_by("starts_at", "pk")


def week_of(day: dt.date) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday())
    return monday, monday + dt.timedelta(days=6)
