"""The list of instructions: its columns (one definition for the page and its export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column

INSTRUCTION_COLUMNS = [
    Column(_("Instruction"), lambda i: i.text),
    Column(_("Issuing branch"), lambda i: i.branch.name),
    Column(_("Meeting"), lambda i: i.meeting),
    Column(_("Given by"), lambda i: i.given_by and i.given_by.full_name),
    Column(_("Executor"), lambda i: i.executor),
    Column(_("Issued on"), lambda i: i.issued_on),
    Column(_("Deadline"), lambda i: i.deadline),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Overdue"), lambda i: _("yes") if i.is_overdue() else ""),
    Column(_("Accepted on"), lambda i: i.accepted_on),
]
