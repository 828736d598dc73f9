"""A campaign's import pages (beneficiaries, deliveries) for whoever registers its families,
the templates to fill in, and each import job's progress. A campaign the user does not see
is a 404, as everywhere; a role that may not register its families, a 403."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from esep.aid import rules
from esep.aid.import_template import deliveries_template, households_template
from esep.aid.imports import DELIVERY_HEADERS, HOUSEHOLD_HEADERS
from esep.aid.models import Campaign, ImportJob
from esep.aid.pages import get_campaign_for_user, managed_branches
from esep.aid.tasks import start_import
from esep.lib.http import AuthedRequest
from esep.lib.jobs import upload_page
from esep.lib.sheets import problems_shown
from esep.lib.tables import workbook
from esep.org.models import Branch

What = ImportJob.What


def helping_branches(request: AuthedRequest, campaign: Campaign) -> list[Branch]:
    """The branches the user may register the campaign's families for."""
    return [
        b
        for b in managed_branches(request.user).select_related("territory")
        if campaign.takes_part(b.path) and rules.may_help(request.user, campaign, b)
    ]


def campaign_for(request: AuthedRequest, code: str) -> tuple[Campaign, list[Branch]]:
    """The campaign, if the user sees it (else 404) and registers families in it (else
    403), with the branches they may register them for."""
    campaign = get_campaign_for_user(request.user, code)
    branches = helping_branches(request, campaign)
    if not branches:
        raise PermissionDenied(_("Your role does not allow registering this campaign's families."))
    return campaign, branches


def chosen_branch(request: AuthedRequest, branches: list[Branch]) -> Branch:
    code = request.GET.get("branch", "")
    return next((b for b in branches if b.code == code), branches[0])


@login_required
def households_import(request: AuthedRequest, pk: str) -> HttpResponse:
    campaign, branches = campaign_for(request, pk)
    branch = chosen_branch(request, branches)
    return upload_page(
        request,
        template="aid/import.html",
        context={
            "campaign": campaign,
            "what": What.HOUSEHOLDS,
            "branches": branches,
            "branch": branch,
        },
        start=partial(
            start_import, actor=request.user, campaign=campaign, what=What.HOUSEHOLDS, branch=branch
        ),
        job_page="aid:import-job",
    )


@login_required
def deliveries_import(request: AuthedRequest, pk: str) -> HttpResponse:
    campaign, _branches = campaign_for(request, pk)
    return upload_page(
        request,
        template="aid/import.html",
        context={"campaign": campaign, "what": What.DELIVERIES},
        start=partial(start_import, actor=request.user, campaign=campaign, what=What.DELIVERIES),
        job_page="aid:import-job",
    )


@login_required
def households_import_template(request: AuthedRequest, pk: str) -> HttpResponse:
    campaign, branches = campaign_for(request, pk)
    branch = chosen_branch(request, branches)
    return workbook(
        households_template(branch),
        f"beneficiaries-{campaign.code}-{request.LANGUAGE_CODE}.xlsx",
    )


@login_required
def deliveries_import_template(request: AuthedRequest, pk: str) -> HttpResponse:
    campaign, _branches = campaign_for(request, pk)
    return workbook(
        deliveries_template(campaign), f"deliveries-{campaign.code}-{request.LANGUAGE_CODE}.xlsx"
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("campaign"), pk=pk, created_by=request.user
    )
    template = "aid/_job.html" if request.htmx else "aid/job.html"
    headers = HOUSEHOLD_HEADERS if job.what == What.HOUSEHOLDS else DELIVERY_HEADERS
    problems = problems_shown(job.errors or [], headers)
    return render(request, template, {"job": job, "problems": problems})
