"""What the proposals' pages read: where a decision put a proposal, the contacts its author
gave (through org.privacy: masked unless the role shows them, every unmasked showing
logged), and the register's columns (one definition for the page and its export)."""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.lib.tables import Column
from esep.org.privacy import Given, PersonalData, given_data_for
from esep.programme.models import Proposal

if TYPE_CHECKING:
    from esep.access.models import User


def destination(proposal: Proposal) -> str:
    """Where the decision put it: the promise or section it was included into, or the
    proposal it was merged with."""
    if proposal.promise_id is not None:
        assert proposal.promise is not None
        return _("promise %(code)s") % {"code": proposal.promise.code}
    if proposal.section_id is not None:
        assert proposal.section is not None
        return _("section %(number)s") % {"number": proposal.section.number}
    if proposal.merged_into_id is not None:
        assert proposal.merged_into is not None
        return proposal.merged_into.number
    return ""


def author_contacts(user: User, proposals: list[Proposal], *, page: str) -> dict[int, PersonalData]:
    """The contacts each proposal's author gave, keyed by proposal id: masked unless the
    user's role shows personal data in the proposal's branch, each unmasked showing logged
    against the author. Never the matched person's own record."""
    return given_data_for(
        user,
        (
            Given(
                key=p.pk,
                branch_path=p.branch.path,
                person=p.submitter,
                phone=p.contact_phone,
                email=p.contact_email,
            )
            for p in proposals
            if p.submitter_id
        ),
        page=page,
    )


class ExportRow(NamedTuple):
    proposal: Proposal
    personal: PersonalData | None  # the author's contacts, as the user may see them


def export_rows(request, proposals: list[Proposal]) -> list[ExportRow]:
    data = author_contacts(request.user, proposals, page=request.path)
    return [ExportRow(p, data.get(p.pk)) for p in proposals]


def _revealed(row: ExportRow, field: str) -> str:
    personal = row.personal
    return getattr(personal, field) if personal is not None and personal.revealed else ""


PROPOSAL_COLUMNS = [
    Column(gettext_lazy("Number"), lambda r: r.proposal.number),
    Column(gettext_lazy("Received on"), lambda r: r.proposal.received_on),
    Column(gettext_lazy("Channel"), lambda r: r.proposal.get_channel_display()),
    Column(gettext_lazy("Programme"), lambda r: r.proposal.programme.code),
    Column(gettext_lazy("Topic"), lambda r: r.proposal.category and r.proposal.category.name),
    Column(gettext_lazy("Territory"), lambda r: r.proposal.territory.name),
    Column(gettext_lazy("Branch"), lambda r: r.proposal.branch.name),
    Column(gettext_lazy("Decision"), lambda r: r.proposal.get_decision_display()),
    Column(gettext_lazy("Included into or merged with"), lambda r: destination(r.proposal)),
    Column(gettext_lazy("Reason"), lambda r: r.proposal.decision_reason),
    Column(gettext_lazy("Decided on"), lambda r: r.proposal.decided_on),
    Column(gettext_lazy("Text"), lambda r: r.proposal.text),
    # The author's name and contacts only where the role shows their personal data.
    Column(
        gettext_lazy("Author"),
        lambda r: r.proposal.author_name if r.personal and r.personal.revealed else "",
    ),
    Column(gettext_lazy("Phone"), lambda r: _revealed(r, "phone")),
    Column(gettext_lazy("E-mail"), lambda r: _revealed(r, "email")),
]
