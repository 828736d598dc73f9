"""The outreach pages, from their declarations (pages.py); the speaker picker's matches and
a campaign's chart of plan against fact, which are not declarations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone

from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.org.roles import Capability
from esep.outreach import charts
from esep.outreach.pages import (
    CAMPAIGN_PAGE,
    CAMPAIGNS,
    MEETINGS,
    NEW_CAMPAIGN,
    NEW_MEETING,
    NEW_PLAN,
    NEW_ROUND,
    PLANS,
    ROUNDS,
    found_speakers,
    get_campaign_for_user,
    speakers_for,
)
from esep.outreach.queries import plan_against_fact

campaign_list, campaign_export = CAMPAIGNS.views
plan_list, plan_export = PLANS.views
meeting_list, meeting_export = MEETINGS.views
round_list, round_export = ROUNDS.views
campaign_new = NEW_CAMPAIGN.view
plan_new = NEW_PLAN.view
meeting_new = NEW_MEETING.view
round_new = NEW_ROUND.view
campaign_detail, campaign_step = CAMPAIGN_PAGE.views


@login_required
def speakers(request: AuthedRequest) -> HttpResponse:
    """The speaker picker's matches for the name typed: those already ticked (sent with the
    search) first and still ticked, then the people found, as check boxes named as the
    meeting's field."""
    require(request.user, Capability.MANAGE_WORK)
    name = request.GET.get("name", "speakers")
    ticked = [pk for pk in request.GET.getlist(name) if pk.isdigit()]
    chosen = list(speakers_for(request.user).filter(pk__in=ticked).order_by("surname", "pk"))
    found = [p for p in found_speakers(request.user, request.GET.get("q", "")) if p not in chosen]
    return render(
        request,
        "outreach/_people_found.html",
        {
            "chosen": chosen,
            "people": found,
            "name": name,
            "asked": len(request.GET.get("q", "").strip()) >= 2,
        },
    )


@login_required
def campaign_chart(request: AuthedRequest, pk: int) -> HttpResponse:
    """The campaign's people reached against its plan, by territory, as an SVG image."""
    require(request.user, Capability.VIEW_WORK)
    campaign = get_campaign_for_user(request.user, pk)
    svg = charts.plan_against_fact(campaign, plan_against_fact(campaign, timezone.localdate()))
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response
