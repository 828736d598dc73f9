"""The list of control posts: its columns (one definition for the page and its export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column

POST_COLUMNS = [
    Column(_("Object"), lambda p: p.object_name),
    Column(_("Kind"), lambda p: p.get_object_kind_display()),
    Column(_("Address"), lambda p: p.address),
    Column(_("Territory"), lambda p: p.territory.name),
    Column(_("Branch"), lambda p: p.branch.name),
    Column(_("Heading deputy"), lambda p: p.head.full_name),
    Column(_("Opened on"), lambda p: p.opened_on),
    Column(_("Status"), lambda p: p.get_status_display()),
    Column(_("Visits"), lambda p: p.visit_count),
    Column(_("Last visit"), lambda p: p.last_visit),
]
