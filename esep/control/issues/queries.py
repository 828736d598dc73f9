"""The register of acute social issues: its columns (one definition for the page and its
export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column

ISSUE_COLUMNS = [
    Column(_("Title"), lambda i: i.title),
    Column(_("Category"), lambda i: i.category.name),
    Column(_("Territory"), lambda i: i.territory.name),
    Column(_("Branch"), lambda i: i.branch.name),
    Column(_("Source"), lambda i: i.get_source_display()),
    Column(_("Status"), lambda i: i.get_status_display()),
    Column(_("Responsible state body"), lambda i: i.state_body and i.state_body.name),
    Column(_("Control deadline"), lambda i: i.control_deadline),
    Column(_("Overdue measures"), lambda i: i.late_measures),
    Column(_("Appeals"), lambda i: i.appeal_count),
    Column(_("Registered"), lambda i: i.created_at),
]
