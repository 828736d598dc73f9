"""An election's protocol import page, for those who keep the election (MANAGE_ELECTIONS in
its branch) while it is open; the template to fill in, and each import job's progress. An
election the user does not see is a 404, as everywhere; one they see but may not keep, or
certified already, a 403. Once the job is done its page leads back to the election's page
with a message saying how many rows were recorded."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from esep.elections import rules
from esep.elections.import_template import protocol_template
from esep.elections.imports import layout
from esep.elections.models import Election, ImportJob, State
from esep.elections.tasks import start_import
from esep.lib.http import AuthedRequest
from esep.lib.jobs import upload_page
from esep.lib.sheets import problems_shown
from esep.lib.tables import workbook


def election_for(request: AuthedRequest, pk: int) -> Election:
    """The election, if the user sees it (else 404) and keeps it (else 403)."""
    election = get_object_or_404(
        Election.objects.visible_to(request.user).select_related("branch", "territory"), pk=pk
    )
    if not rules.may_manage(request.user, election.branch):
        raise PermissionDenied(_("Your role does not allow recording this election's protocol."))
    return election


@login_required
def protocol_import(request: AuthedRequest, pk: int) -> HttpResponse:
    election = election_for(request, pk)
    if election.state != State.OPEN:
        raise PermissionDenied(
            _("The results of this election are certified; it can no longer change.")
        )
    plan = layout(election)
    return upload_page(
        request,
        template="elections/import.html",
        context={
            "election": election,
            "lists": [str(plan.headers[code]) for code in plan.lists],
            "candidates": [
                str(plan.headers[code]) for code in plan.template_codes if code in plan.candidates
            ],
            "constituencies": election.constituencies.order_by("number"),
        },
        start=partial(start_import, actor=request.user, election=election),
        job_page="elections:protocol-import-job",
    )


@login_required
def protocol_import_template(request: AuthedRequest, pk: int) -> HttpResponse:
    election = election_for(request, pk)
    number = request.GET.get("constituency", "")
    constituency = None
    if number:
        constituency = get_object_or_404(
            election.constituencies, number=int(number) if number.isdigit() else -1
        )
    suffix = f"-{constituency.number}" if constituency else ""
    return workbook(
        protocol_template(election, constituency),
        f"protocol-{election.code}{suffix}-{request.LANGUAGE_CODE}.xlsx",
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("election__branch", "election__territory"),
        pk=pk,
        created_by=request.user,
    )
    if job.state == ImportJob.State.DONE:
        # Done: back to the election, whose totals and seats now count the rows.
        rows = job.counts.get("rows", 0)
        messages.success(
            request,
            _("The protocol is imported. Rows recorded: %(count)d.") % {"count": rows},
        )
        target = job.election.get_absolute_url()
        return HttpResponseClientRedirect(target) if request.htmx else redirect(target)
    template = "elections/import_job.html" if not request.htmx else "elections/import_job_part.html"
    problems = problems_shown(job.errors or [], layout(job.election).headers)
    return render(request, template, {"job": job, "problems": problems})
