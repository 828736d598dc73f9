"""A time zone as a reader names it: `{{ territory.time_zone|zone_name }}` gives «Алматы
уақыты, UTC+05:00» on a Kazakh page, "Almaty time, UTC+05:00" on an English one — never the
IANA id (`Asia/Almaty`), which is a code, not a word of any of the site's languages. The
offset is today's: Kazakhstan's zones have moved over the years (all of it is on UTC+05:00
since March 2024), the id keeps the history for the dates of the past."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.lib.dates import utc_offset as offset_of

register = template.Library()

# Kazakhstan's zones, each named after its city, as its people call the time there.
ZONE_NAMES = {
    "Asia/Almaty": _("Almaty time"),
    "Asia/Qostanay": _("Kostanay time"),
    "Asia/Aqtobe": _("Aktobe time"),
    "Asia/Aqtau": _("Aktau time"),
    "Asia/Atyrau": _("Atyrau time"),
    "Asia/Oral": _("Oral time"),
    "Asia/Qyzylorda": _("Kyzylorda time"),
}


def utc_offset(zone: str, at: dt.datetime | None = None) -> str:
    """`UTC+05:00`: the zone's offset from UTC at `at` (now by default)."""
    try:
        moment = (at or timezone.now()).astimezone(ZoneInfo(zone))
    except (ZoneInfoNotFoundError, ValueError):
        return ""
    return f"UTC{offset_of(moment)}"


@register.filter
def zone_name(zone: str) -> str:
    name, offset = ZONE_NAMES.get(zone), utc_offset(zone)
    return ", ".join(str(part) for part in (name, offset) if part)
