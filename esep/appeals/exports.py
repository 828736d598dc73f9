"""Exporting a list of appeals to CSV or XLSX, headers in the user's language. Personal data
of the applicant is included only where the user may see it (and its showing is logged)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from esep.access.models import User
from esep.access.privacy import personal_data_for
from esep.appeals.models import Appeal


def header() -> list[str]:
    return [
        _("Number"),
        _("Received"),
        _("Registered on"),
        _("Due"),
        _("Channel"),
        _("Type"),
        _("Category"),
        _("Territory"),
        _("Branch"),
        _("Status"),
        _("Outcome"),
        _("Answered"),
        _("Applicant"),
        _("IIN"),
        _("Phone"),
        _("Text"),
    ]


def rows(user: User, appeals: Iterable[Appeal], *, page: str) -> Iterable[list[str]]:
    appeals = list(appeals)
    submitters = [a.submitter for a in appeals if a.submitter is not None]
    data = personal_data_for(user, submitters, page=page)
    for a in appeals:
        pd = data.get(a.submitter_id) if a.submitter_id else None
        yield [
            a.number,
            a.received_at.strftime("%Y-%m-%d %H:%M"),
            a.registered_on.isoformat(),
            a.due_on.isoformat(),
            a.channel,
            a.kind,
            a.category.code,
            a.territory.kato,
            a.branch.code,
            a.status,
            a.outcome,
            a.answered_at.strftime("%Y-%m-%d") if a.answered_at else "",
            a.submitter.full_name if a.submitter and pd and pd.revealed else "",
            pd.iin if pd and pd.revealed else "",
            pd.phone if pd and pd.revealed else "",
            a.text,
        ]
