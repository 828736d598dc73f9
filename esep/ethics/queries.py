"""The ethics cases' list: its columns (one definition for the page and its export). The
member is named, never their personal data."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column


def _sanction(case):  # type: ignore[no-untyped-def]
    sanction = getattr(case, "sanction", None)
    return sanction.get_kind_display() if sanction is not None else ""


def _sanction_state(case):  # type: ignore[no-untyped-def]
    sanction = getattr(case, "sanction", None)
    return sanction.get_state_display() if sanction is not None else ""


CASE_COLUMNS = [
    Column(_("Number"), lambda c: c.number),
    Column(_("Opened on"), lambda c: c.opened_on),
    Column(_("Member"), lambda c: c.member.person.full_name),
    Column(_("Branch"), lambda c: c.branch.name),
    Column(_("Source"), lambda c: c.get_source_display()),
    Column(_("Articles of the ethics code"), lambda c: c.articles),
    Column(_("State"), lambda c: c.get_state_display()),
    Column(_("Decided on"), lambda c: c.decided_on),
    Column(_("Decision"), lambda c: c.get_decision_display()),
    Column(_("Sanction"), _sanction),
    Column(_("Sanction's state"), _sanction_state),
]
