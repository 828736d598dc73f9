"""The import page of a conference's delegates, for its office while the roll is not frozen;
the template to fill in, and each import job's progress. A conference the user does not see
is a 404, as everywhere."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from esep.assemblies import rules
from esep.assemblies.conferences.import_template import delegates_template
from esep.assemblies.conferences.imports import DELEGATE_HEADERS
from esep.assemblies.conferences.pages import get_conference_for_user
from esep.assemblies.models import Conference, ImportJob
from esep.assemblies.tasks import start_import
from esep.lib.http import AuthedRequest
from esep.lib.jobs import upload_page
from esep.lib.sheets import problems_shown
from esep.lib.tables import workbook


def conference_for(request: AuthedRequest, code: str) -> Conference:
    """The conference, if the user sees it (else 404) and runs it (else 403)."""
    conference = get_conference_for_user(request.user, code)
    if not rules.may_run(request.user, conference.branch):
        raise PermissionDenied(_("Your role does not allow keeping this conference's roll."))
    return conference


@login_required
def delegates_import(request: AuthedRequest, pk: str) -> HttpResponse:
    conference = conference_for(request, pk)
    if conference.state != Conference.State.CONVENED:
        raise PermissionDenied(_("The roll of this conference is frozen."))
    return upload_page(
        request,
        template="assemblies/conferences/import.html",
        context={"conference": conference},
        start=partial(start_import, actor=request.user, conference=conference),
        job_page="assemblies:delegate-import-job",
    )


@login_required
def delegates_import_template(request: AuthedRequest, pk: str) -> HttpResponse:
    conference = conference_for(request, pk)
    return workbook(
        delegates_template(conference), f"delegates-{conference.code}-{request.LANGUAGE_CODE}.xlsx"
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("conference__branch"), pk=pk, created_by=request.user
    )
    template = (
        "assemblies/conferences/_job.html" if request.htmx else "assemblies/conferences/job.html"
    )
    problems = problems_shown(job.errors or [], DELEGATE_HEADERS)
    return render(request, template, {"job": job, "problems": problems})
