"""What the aid pages show and allow, declared once for the HTML views and the REST API: the
campaigns (list, creation, a campaign's page with its money and counts, recording a
partner's contribution), the households (list of a campaign's families, registration, a
household's page and recording a delivery) and the creation pages of a delivery and a
contribution.

Privacy: every page needs VIEW_AID, and a household outside the user's VIEW_AID scope is a
404. A list or an export never holds an IIN, a phone or an address; the household's page
shows its head's IIN and phone, and its address, masked unless the user's role shows
personal data in the household's branch (`org.privacy.given_data_for`, as an appeal's
applicant's contacts are shown), and logs every unmasked showing. A search by IIN finds the
family by the IIN's digest and is logged as a use of it."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.aid import actions, queries, rules
from esep.aid import forms as f
from esep.aid.filters import CampaignFilterSet, HouseholdFilterSet, searched_iin
from esep.aid.models import Campaign, Delivery, Household
from esep.lib.checks import invalid
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, Person, subtree_q
from esep.org.privacy import MASK, Given, given_data_for, log_found
from esep.org.roles import Capability

# ---------------------------------------------------------------- fetches (404 outside)


def get_campaign_for_user(user: User, code: str) -> Campaign:
    return get_object_or_404(Campaign.objects.visible_to(user).select_related("branch"), code=code)


def get_household_for_user(user: User, pk: int) -> Household:
    return get_object_or_404(
        Household.objects.visible_to(user).select_related(
            "campaign__branch", "head", "territory", "branch"
        ),
        pk=pk,
    )


def managed_branches(user: User) -> QuerySet[Branch]:
    """The branches whose aid the user manages."""
    return Branch.objects.filter(subtree_q(user.scope_paths(Capability.MANAGE_AID))).order_by(
        "path"
    )


def helped_campaigns(user: User) -> QuerySet[Campaign]:
    """The campaigns a user who manages aid may choose to register households in or record
    deliveries of: those they see (the action checks the branch)."""
    paths = user.scope_paths(Capability.MANAGE_AID)
    if not paths:
        return Campaign.objects.none()
    return Campaign.objects.visible_to(user).order_by("-starts_on", "code")


def run_campaigns(user: User) -> QuerySet[Campaign]:
    """The campaigns whose money the user keeps: run by a branch they manage."""
    return Campaign.objects.filter(
        subtree_q(user.scope_paths(Capability.MANAGE_AID), "branch__path")
    ).order_by("-starts_on", "code")


# ---------------------------------------------------------------- campaigns


def new_campaign(user: User) -> Step:
    return Step(
        gettext_lazy("Create an aid campaign"),
        lambda data=None, files=None: f.CampaignForm(data, files, branches=managed_branches(user)),
        lambda d: actions.create_campaign(actor=user, **d),
        gettext_lazy("The campaign is created."),
    )


NEW_CAMPAIGN = CreatePage(
    new_campaign,
    "aid/form.html",
    Capability.MANAGE_AID,
    url_name="aid:campaign-new",
    next=lambda campaign: reverse("aid:campaign", args=[campaign.code]),
)

CAMPAIGNS = Listing(
    title=gettext_lazy("Aid campaigns"),
    stem="aid-campaigns",
    rows_template="aid/_campaign_rows.html",
    records=lambda request: queries.with_money(
        Campaign.objects.visible_to(request.user).select_related("branch")
    ),
    filterset=CampaignFilterSet,
    columns=queries.CAMPAIGN_COLUMNS,
    export_url="aid:campaign-export",
    capability=Capability.VIEW_AID,
    create=NEW_CAMPAIGN,
    template="aid/list.html",
)


def contribution_step(user: User, campaign: Campaign | None = None) -> Step:
    def perform(d: dict[str, Any]) -> Any:
        chosen = d.pop("campaign", None) or campaign
        partner = actions.add_partner(actor=user, name=d.pop("partner"), kind=d.pop("partner_kind"))
        assert chosen is not None
        return actions.record_contribution(actor=user, campaign=chosen, partner=partner, **d)

    if campaign is None:
        form: Any = lambda data=None, files=None: f.NewContributionForm(  # noqa: E731
            data, files, campaigns=run_campaigns(user)
        )
    else:
        form = lambda data=None, files=None: f.ContributionForm(  # noqa: E731
            data, files, initial={"received_on": timezone.localdate()}
        )
    return Step(
        gettext_lazy("Record a partner's contribution"),
        form,
        perform,
        gettext_lazy("The contribution is recorded."),
    )


def campaign_steps(request: AuthedRequest, campaign: Campaign) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    if rules.may_run(request.user, campaign):
        steps["contribution"] = contribution_step(request.user, campaign)
    return steps


def _campaign_context(request: AuthedRequest, campaign: Campaign, steps: list[Shown]) -> dict:
    user = request.user
    received, delivered = campaign.received(), campaign.delivered()
    return {
        "campaign": campaign,
        "branches": list(campaign.branches.order_by("path")),
        "received": received,
        "delivered": delivered,
        "balance": received - delivered,
        "households": campaign.households.count(),
        "families_helped": queries.families_helped(campaign),
        "by_category": queries.by_category(campaign),
        "by_kind": queries.by_kind(campaign),
        "partners": queries.partners(campaign),
        "contributions": campaign.contributions.select_related("partner")[:20],
        "may_help": rules.may_help_somewhere(user, campaign),
        "may_run": rules.may_run(user, campaign),
    }


CAMPAIGN_PAGE = RecordPage(
    template="aid/campaign_detail.html",
    url_name="aid:campaign",
    fetch=get_campaign_for_user,
    steps=campaign_steps,
    context=_campaign_context,
    capability=Capability.VIEW_AID,
    forms={"contribution": f.ContributionForm},
    key=lambda campaign: campaign.code,
)


def new_contribution(user: User) -> Step:
    return contribution_step(user)


NEW_CONTRIBUTION = CreatePage(
    new_contribution,
    "aid/form.html",
    Capability.MANAGE_AID,
    url_name="aid:contribution-new",
    next=lambda contribution: reverse("aid:campaign", args=[contribution.campaign.code]),
    prepare=lambda request, form: _initial_campaign(request, form),
)


# ---------------------------------------------------------------- households


def _initial_campaign(request: AuthedRequest, form: Any) -> dict[str, Any]:
    """A creation page opened from a campaign (`?campaign=<code>`) has it chosen."""
    if not form.is_bound and (code := request.GET.get("campaign", "")[:60]):
        form.initial["campaign"] = code
    return {"campaign_code": request.GET.get("campaign", "")[:60]}


def new_household(user: User) -> Step:
    return Step(
        gettext_lazy("Register a family"),
        lambda data=None, files=None: f.HouseholdForm(
            data, files, branches=managed_branches(user), campaigns=helped_campaigns(user)
        ),
        lambda d: actions.register_household(actor=user, **d),
        lambda household: _("Household № %(number)d is registered.") % {"number": household.number},
    )


NEW_HOUSEHOLD = CreatePage(
    new_household,
    "aid/form.html",
    Capability.MANAGE_AID,
    url_name="aid:household-new",
    prepare=lambda request, form: _initial_campaign(request, form),
    next=lambda household: reverse("aid:household", args=[household.pk]),
)


def _household_rows(request: AuthedRequest, households: list[Household]) -> list[Household]:
    """The rows as they are; a search by IIN is a use of the heads' IIN, logged for the
    families it found (their IIN is not shown)."""
    text = request.GET.get("q", "").strip()
    if searched_iin(text) and households:
        log_found(request.user, [(h.head, ["iin"]) for h in households], page=request.path)
    return households


HOUSEHOLDS = Listing(
    title=gettext_lazy("Families helped"),
    stem="aid-households",
    rows_template="aid/_household_rows.html",
    records=lambda request: Household.objects.visible_to(request.user).select_related(
        "campaign", "head", "territory", "branch"
    ),
    filterset=HouseholdFilterSet,
    columns=queries.HOUSEHOLD_COLUMNS,
    export_url="aid:household-export",
    capability=Capability.VIEW_AID,
    create=NEW_HOUSEHOLD,
    template="aid/list.html",
    rows=_household_rows,
)


def volunteers(household: Household) -> QuerySet[Person]:
    """Who may be named as the volunteer who delivered: those acting for the household's
    branch or the campaign's (post holders and staff)."""
    return Person.objects.office_holders([household.branch.path, household.campaign.branch.path])


def delivery_step(user: User, household: Household) -> Step:
    return Step(
        gettext_lazy("Record a delivery"),
        lambda data=None, files=None: f.DeliveryForm(
            data,
            files,
            kinds=household.campaign.kinds,
            volunteers=volunteers(household),
            initial={"delivered_on": min(timezone.localdate(), household.campaign.ends_on)},
        ),
        lambda d: actions.record_delivery(actor=user, household=household, **d),
        gettext_lazy("The delivery is recorded."),
    )


def household_steps(request: AuthedRequest, household: Household) -> dict[str, Step]:
    steps: dict[str, Step] = {}
    if rules.may_record_delivery(request.user, household):
        steps["delivery"] = delivery_step(request.user, household)
    return steps


def head_data(user: User, household: Household, page: str) -> dict[str, str | bool]:
    """The head's IIN and phone, and the family's address, as the user may see them in the
    household's branch; each unmasked showing logged against the head."""
    head = household.head
    shown = given_data_for(
        user,
        [
            Given(
                key=household.pk,
                branch_path=household.branch.path,
                person=head,
                iin=head.iin or "",
                phone=head.phone,
            )
        ],
        page=page,
    )[household.pk]
    if shown.revealed and household.address:
        log_found(user, [(head, ["address"])], page=page)
    return {
        "revealed": shown.revealed,
        "iin": shown.iin,
        "phone": shown.phone,
        "address": household.address if shown.revealed else MASK,
    }


def _household_context(request: AuthedRequest, household: Household, steps: list[Shown]) -> dict:
    deliveries = list(household.deliveries.select_related("volunteer", "recorded_by"))
    return {
        "household": household,
        "campaign": household.campaign,
        "personal": head_data(request.user, household, request.path),
        "deliveries": deliveries,
        "delivered": sum(d.amount for d in deliveries),
    }


HOUSEHOLD_PAGE = RecordPage(
    template="aid/household_detail.html",
    url_name="aid:household",
    fetch=get_household_for_user,
    steps=household_steps,
    context=_household_context,
    capability=Capability.VIEW_AID,
    forms={"delivery": f.DeliveryForm},
)


# ---------------------------------------------------------------- a delivery's own page


def new_delivery(user: User) -> Step:
    def perform(d: dict[str, Any]) -> Delivery:
        campaign, number = d.pop("campaign"), d.pop("household")
        household = (
            Household.objects.visible_to(user)
            .select_related("campaign__branch", "branch")
            .filter(campaign=campaign, number=number)
            .first()
        )
        if household is None:
            raise invalid(
                "household",
                _("The campaign has no household № %(number)d that you see.") % {"number": number},
                "not_found",
            )
        if not rules.may_record_delivery(user, household):
            raise ValidationError(
                {"household": _("Your role does not allow recording this family's deliveries.")},
                code="denied",
            )
        return actions.record_delivery(actor=user, household=household, **d)

    return Step(
        gettext_lazy("Record a delivery"),
        lambda data=None, files=None: f.NewDeliveryForm(
            data, files, campaigns=helped_campaigns(user)
        ),
        perform,
        gettext_lazy("The delivery is recorded."),
    )


NEW_DELIVERY = CreatePage(
    new_delivery,
    "aid/form.html",
    Capability.MANAGE_AID,
    url_name="aid:delivery-new",
    prepare=lambda request, form: _initial_campaign(request, form),
    next=lambda delivery: reverse("aid:household", args=[delivery.household_id]),
)
