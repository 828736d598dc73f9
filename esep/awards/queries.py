"""The awards' lists: their columns (one definition for the page and its export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column

NOMINATION_COLUMNS = [
    Column(_("Person"), lambda n: n.person.full_name),
    Column(_("Award"), lambda n: n.award.name),
    Column(_("Kind of award"), lambda n: n.award.get_kind_display()),
    Column(_("Nominating branch"), lambda n: n.branch.name),
    Column(_("Ceremony"), lambda n: n.ceremony and n.ceremony.title),
    Column(_("Status"), lambda n: n.get_status_display()),
    Column(_("Decision number"), lambda n: n.decision_number),
    Column(_("Decision date"), lambda n: n.decided_on),
    Column(_("Certificate number"), lambda n: n.certificate_number or ""),
    Column(_("Consents to publication"), lambda n: n.consent_to_publish),
]

CEREMONY_COLUMNS = [
    Column(_("Title"), lambda c: c.title),
    Column(_("Branch"), lambda c: c.branch.name),
    Column(_("Date"), lambda c: c.held_on),
    Column(_("Place"), lambda c: c.place),
    Column(_("Nominations"), lambda c: c.nomination_count),
    Column(_("Granted"), lambda c: c.granted_count),
]
