"""What the outreach pages show and allow, declared once for the HTML views and the REST API:
the lists of campaigns, plan lines, meetings and rounds; opening a campaign, setting a plan
line, recording a meeting or a round (MANAGE_WORK over the branch subtree); a campaign's page
with its plan against what was done (VIEW_WORK)."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.control.common import managed_branches, managed_paths
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Person, PersonQuerySet, Territory, subtree_q
from esep.org.roles import Capability
from esep.outreach import actions
from esep.outreach import forms as f
from esep.outreach.filters import (
    CampaignFilterSet,
    MeetingFilterSet,
    PlanFilterSet,
    RoundFilterSet,
)
from esep.outreach.models import Campaign, Meeting, OutreachCampaignQuerySet, Plan, Round
from esep.outreach.queries import (
    CAMPAIGN_COLUMNS,
    MEETING_COLUMNS,
    PLAN_COLUMNS,
    ROUND_COLUMNS,
    plan_against_fact,
)

RECENT = 10  # meetings and rounds shown on a campaign's page (the lists hold them all)


# ---------------------------------------------------------------- what the user manages


def managed_campaigns(user: User) -> OutreachCampaignQuerySet:
    return (
        Campaign.objects.filter(subtree_q(managed_paths(user), "branch__path"))
        .select_related("branch__territory")
        .order_by("-starts_on", "code")
    )


def managed_territories(user: User) -> QuerySet[Territory]:
    """The territories of the branches the user manages, and those below them."""
    paths = sorted({b.territory.path for b in managed_branches(user).select_related("territory")})
    return Territory.objects.filter(subtree_q(paths)).order_by("path")


def speakers_for(user: User) -> PersonQuerySet:
    """Who may be named as a speaker: the members of the branches the user manages and the
    holders of posts in their bodies (the action checks the meeting's own campaign)."""
    return Person.objects.in_branches(managed_paths(user))


def _with_campaign(request: Any, form: Any) -> dict[str, Any]:
    """A creation page opened from a campaign's page (`?campaign=<code>`) has it chosen."""
    chosen = request.GET.get("campaign", "")
    if chosen and not form.is_bound:
        form.initial["campaign"] = chosen
    return {}


# ---------------------------------------------------------------- creation


def new_campaign(user: User) -> Step:
    return Step(
        gettext_lazy("Open an outreach campaign"),
        lambda data=None, files=None: f.CampaignForm(data, files, branches=managed_branches(user)),
        lambda d: actions.open_campaign(actor=user, **d),
        gettext_lazy("The campaign is opened. Set its plan by territory."),
    )


NEW_CAMPAIGN = CreatePage(
    new_campaign, "outreach/form.html", Capability.MANAGE_WORK, url_name="outreach:campaign-new"
)


def _of_campaign(user: User) -> dict[str, Any]:
    return {"campaigns": managed_campaigns(user), "territories": managed_territories(user)}


def new_plan(user: User) -> Step:
    return Step(
        gettext_lazy("Set a plan line"),
        lambda data=None, files=None: f.PlanForm(data, files, **_of_campaign(user)),
        lambda d: actions.set_plan(actor=user, **d),
        gettext_lazy("The plan line is saved."),
    )


NEW_PLAN = CreatePage(
    new_plan,
    "outreach/form.html",
    Capability.MANAGE_WORK,
    url_name="outreach:plan-new",
    next=lambda made: made.campaign,
    prepare=_with_campaign,
)


def new_meeting(user: User) -> Step:
    return Step(
        gettext_lazy("Record a meeting with voters"),
        lambda data=None, files=None: f.MeetingForm(
            data,
            files,
            speakers=speakers_for(user),
            suggest_url=reverse("outreach:speakers"),
            **_of_campaign(user),
        ),
        lambda d: actions.record_meeting(actor=user, **d),
        gettext_lazy("The meeting is recorded."),
    )


NEW_MEETING = CreatePage(
    new_meeting,
    "outreach/form.html",
    Capability.MANAGE_WORK,
    url_name="outreach:meeting-new",
    next=lambda made: made.campaign,
    prepare=_with_campaign,
)


def new_round(user: User) -> Step:
    return Step(
        gettext_lazy("Record a door-to-door round"),
        lambda data=None, files=None: f.RoundForm(data, files, **_of_campaign(user)),
        lambda d: actions.record_round(actor=user, **d),
        gettext_lazy("The round is recorded."),
    )


NEW_ROUND = CreatePage(
    new_round,
    "outreach/form.html",
    Capability.MANAGE_WORK,
    url_name="outreach:round-new",
    next=lambda made: made.campaign,
    prepare=_with_campaign,
)


FOUND_AT_MOST = 15


def found_speakers(user: User, text: str) -> list[Person]:
    """The speaker picker's matches: a few people whose names have every word typed."""
    text = text.strip()
    if len(text) < 2 or not user.can(Capability.MANAGE_WORK):
        return []
    people = speakers_for(user).matching(text, user=user)
    return list(people.order_by("surname", "given_name", "pk")[:FOUND_AT_MOST])


# ---------------------------------------------------------------- the lists


def _campaigns(request: AuthedRequest) -> OutreachCampaignQuerySet:
    return Campaign.objects.visible_to(request.user).select_related("branch").with_counts()


CAMPAIGNS = Listing(
    title=gettext_lazy("Outreach campaigns"),
    stem="outreach-campaigns",
    rows_template="outreach/_campaign_rows.html",
    template="outreach/list.html",
    records=_campaigns,
    filterset=CampaignFilterSet,
    columns=CAMPAIGN_COLUMNS,
    export_url="outreach:campaign-export",
    capability=Capability.VIEW_WORK,
    create=NEW_CAMPAIGN,
    links=(
        ("outreach:meetings", gettext_lazy("Meetings with voters")),
        ("outreach:rounds", gettext_lazy("Door-to-door rounds")),
        ("outreach:plans", gettext_lazy("Plan lines")),
    ),
)

PLANS = Listing(
    title=gettext_lazy("Outreach plan lines"),
    stem="outreach-plan",
    rows_template="outreach/_plan_rows.html",
    template="outreach/list.html",
    records=lambda request: Plan.objects.filter(
        campaign__in=Campaign.objects.visible_to(request.user).values("pk")
    ).select_related("campaign", "territory"),
    filterset=PlanFilterSet,
    columns=PLAN_COLUMNS,
    export_url="outreach:plan-export",
    capability=Capability.VIEW_WORK,
    create=NEW_PLAN,
)

MEETINGS = Listing(
    title=gettext_lazy("Meetings with voters"),
    stem="outreach-meetings",
    rows_template="outreach/_meeting_rows.html",
    template="outreach/list.html",
    records=lambda request: (
        Meeting.objects.visible_to(request.user)
        .select_related("campaign", "territory")
        .prefetch_related(Prefetch("speakers", queryset=Person.objects.order_by("pk")))
    ),
    filterset=MeetingFilterSet,
    columns=MEETING_COLUMNS,
    export_url="outreach:meeting-export",
    capability=Capability.VIEW_WORK,
    create=NEW_MEETING,
)

ROUNDS = Listing(
    title=gettext_lazy("Door-to-door rounds"),
    stem="outreach-rounds",
    rows_template="outreach/_round_rows.html",
    template="outreach/list.html",
    records=lambda request: Round.objects.visible_to(request.user).select_related(
        "campaign", "territory"
    ),
    filterset=RoundFilterSet,
    columns=ROUND_COLUMNS,
    export_url="outreach:round-export",
    capability=Capability.VIEW_WORK,
    create=NEW_ROUND,
)


# ---------------------------------------------------------------- a campaign's page


def get_campaign_for_user(user: User, pk: int) -> Campaign:
    campaign: Campaign = get_object_or_404(
        Campaign.objects.visible_to(user).select_related("branch__territory"), pk=pk
    )
    return campaign


def campaign_steps(request: AuthedRequest, campaign: Campaign) -> dict[str, Step]:
    """Nothing is changed on the page itself: plan lines, meetings and rounds are added on
    their own pages, linked from it."""
    return {}


def _campaign_context(request: AuthedRequest, campaign: Campaign, steps: list[Shown]) -> dict:
    manages = request.user.can(Capability.MANAGE_WORK, campaign.branch.path)
    meetings = MEETINGS.records(request).filter(campaign=campaign)[:RECENT]
    rounds = ROUNDS.records(request).filter(campaign=campaign)[:RECENT]
    return {
        "campaign": campaign,
        "progress": plan_against_fact(campaign, timezone.localdate()),
        "meetings": meetings,
        "rounds": rounds,
        "manages": manages,
    }


CAMPAIGN_PAGE = RecordPage(
    template="outreach/campaign_detail.html",
    url_name="outreach:campaign",
    fetch=get_campaign_for_user,
    steps=campaign_steps,
    context=_campaign_context,
    capability=Capability.VIEW_WORK,
)
