"""A moment shown on the clock of the place it happened at: `{% local_time moment zone %}`.

Times are stored in UTC; a page shows them in the IANA zone of the record's territory, with
the UTC offset, so a timeline says 20:45 (UTC+05:00) where Open311 says 20:45+05:00 for the
same event, and the `<time>` element carries that same ISO 8601 value. `"date"` shows the
day alone — the day on that clock, not in UTC."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from esep.lib.dates import LOCAL_FORMAT, utc_offset, zone_of

register = template.Library()


@register.simple_tag
def local_time(moment: dt.datetime | None, zone: str, show: str = "time") -> SafeString | str:
    """A `<time>` element of the moment in `zone`: the day and time with the offset, or
    (`show="date"`) the day alone."""
    if moment is None:
        return "—"
    local = moment.astimezone(zone_of(zone))
    stamp = local.isoformat(timespec="seconds")
    if show == "date":
        return format_html('<time datetime="{}">{}</time>', stamp, local.strftime("%d.%m.%Y"))
    return format_html(
        '<time datetime="{}">{} <span class="zone">(UTC{})</span></time>',
        stamp,
        local.strftime(LOCAL_FORMAT),
        utc_offset(local),
    )
