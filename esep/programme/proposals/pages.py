"""What the pages of citizens' proposals declare once, for the HTML views and the REST API:
the register, registering a proposal brought to staff, and a proposal's page with the
decision's steps — offered only to those who manage the programme in its branch."""

from __future__ import annotations

from typing import Any, cast

from django.db.models import QuerySet
from django.forms import Form, ModelChoiceField
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.audit.log import events_for
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.roles import Capability
from esep.programme.models import Proposal
from esep.programme.plans.rules import may_manage
from esep.programme.proposals import actions
from esep.programme.proposals import forms as f
from esep.programme.proposals.filters import ProposalFilterSet
from esep.programme.proposals.queries import PROPOSAL_COLUMNS, author_contacts, export_rows
from esep.receptions.models import Reception

RELATED = ("programme", "branch", "territory", "category", "reception", "submitter")
DECIDED = ("promise__section", "section", "merged_into")


def get_proposal_for_user(user: User, pk: int) -> Proposal:
    return get_object_or_404(
        Proposal.objects.visible_to(user).select_related(*RELATED, *DECIDED), pk=pk
    )


# ---------------------------------------------------------------- registering one


def new_proposal(user: User) -> Step:
    """Registering a proposal brought to staff (page and API alike)."""
    return Step(
        gettext_lazy("Register a proposal to the programme"),
        lambda data=None, files=None: f.RegisterProposalForm.for_user(user, data),
        lambda d: actions.register_proposal(actor=user, **d),
        done=lambda p: _("Proposal %(number)s is registered.") % {"number": p.number},
    )


def _registering(request: AuthedRequest, form: Form) -> dict[str, Any]:
    """The form in the user's language; opened from a reception (`?reception=`), with the
    reception chosen and its territory."""
    form.initial["language"] = request.LANGUAGE_CODE
    receptions = cast(
        "QuerySet[Reception]", cast(ModelChoiceField, form.fields["reception"]).queryset
    )
    at = receptions.filter(pk=request.GET.get("reception") or 0).first()
    if at is not None:
        form.initial.update(
            channel=Proposal.Channel.RECEPTION, reception=at.pk, territory=at.territory.kato
        )
    return {}


NEW_PROPOSAL = CreatePage(
    new_proposal,
    "programme/proposals/register.html",
    Capability.MANAGE_WORK,
    url_name="programme:proposal-new",
    prepare=_registering,
)


# ---------------------------------------------------------------- the register


PROPOSALS = Listing(
    title=gettext_lazy("Citizens' proposals to the programme"),
    stem="proposals",
    rows_template="programme/proposals/_rows.html",
    records=lambda request: Proposal.objects.visible_to(request.user).select_related(
        *RELATED, *DECIDED
    ),
    filterset=ProposalFilterSet,
    columns=PROPOSAL_COLUMNS,
    export_url="programme:proposal-export",
    capability=Capability.VIEW_WORK,
    create=NEW_PROPOSAL,
    export_rows=export_rows,
    template="programme/list.html",
)


# ---------------------------------------------------------------- a proposal's page


def _merge_candidates(user: User, proposal: Proposal) -> QuerySet[Proposal]:
    return (
        Proposal.objects.visible_to(user)
        .filter(programme_id=proposal.programme_id)
        .exclude(pk=proposal.pk)
    )


def proposal_steps(request: AuthedRequest, proposal: Proposal) -> dict[str, Step]:
    """The decision, offered to those who manage the programme in the proposal's branch;
    taken, it may be taken again (the audit log keeps what it was)."""
    user, steps = request.user, dict[str, Step]()
    if not may_manage(user, proposal.branch):
        return steps
    steps["include"] = Step(
        gettext_lazy("Include in the programme"),
        lambda data=None, files=None: f.IncludeForm(data, files, programme=proposal.programme),
        lambda d: actions.include_proposal(actor=user, proposal=proposal, **d),
        _("The proposal is included in the programme."),
    )
    steps["merge"] = Step(
        gettext_lazy("Merge with another proposal"),
        lambda data=None, files=None: f.MergeForm(
            data, files, proposals=_merge_candidates(user, proposal)
        ),
        lambda d: actions.merge_proposal(actor=user, proposal=proposal, **d),
        _("The proposal is merged: it follows the other one's decision."),
    )
    steps["refuse"] = Step(
        gettext_lazy("Do not include"),
        lambda data=None, files=None: f.RefuseForm(data, files),
        lambda d: actions.refuse_proposal(actor=user, proposal=proposal, **d),
        _("The proposal is recorded as not included."),
    )
    return steps


EVENT_LABELS = {
    "proposal.submitted": gettext_lazy("sent online"),
    "proposal.registered": gettext_lazy("registered"),
    "proposal.included": gettext_lazy("included in the programme"),
    "proposal.merged": gettext_lazy("merged with another proposal"),
    "proposal.not_included": gettext_lazy("not included"),
}


def _proposal_context(request: AuthedRequest, proposal: Proposal, steps: list[Shown]) -> dict:
    user = request.user
    followed = actions.final(proposal) if proposal.merged_into_id else proposal
    merged = list(Proposal.objects.visible_to(user).filter(merged_into=proposal).order_by("number"))
    return {
        "proposal": proposal,
        "followed": followed,
        "contacts": author_contacts(user, [proposal], page=request.path).get(proposal.pk),
        "merged": merged,
        "events": [
            (event, EVENT_LABELS.get(event.action, event.action))
            for event in events_for(proposal).order_by("at", "pk")
        ],
        "may_decide": may_manage(user, proposal.branch),
    }


PROPOSAL_PAGE = RecordPage(
    template="programme/proposals/detail.html",
    url_name="programme:proposal",
    fetch=get_proposal_for_user,
    steps=proposal_steps,
    context=_proposal_context,
    capability=Capability.VIEW_WORK,
    forms={"include": f.IncludeForm, "merge": f.MergeForm, "refuse": f.RefuseForm},
)
