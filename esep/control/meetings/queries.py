"""The list of meetings: its columns (one definition for the page and its export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column

MEETING_COLUMNS = [
    Column(_("Date"), lambda m: m.held_on),
    Column(_("Kind"), lambda m: m.get_kind_display()),
    Column(_("Branch"), lambda m: m.branch.name),
    Column(_("Agenda items"), lambda m: m.item_count),
    Column(_("Instructions"), lambda m: m.instruction_count),
]
