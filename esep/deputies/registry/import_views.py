"""The import pages of a convocation: its mandates, for those who manage deputies in the
body's branch; its sittings' attendance, for them and for the body's secretary; the
templates to fill in, and each import job's progress. A convocation the user does not see
is a 404, as everywhere."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from esep.deputies import rules
from esep.deputies.models import Convocation, ImportJob
from esep.deputies.registry.import_template import attendance_template, mandates_template
from esep.deputies.registry.imports import HEADERS
from esep.deputies.registry.pages import get_convocation_for_user
from esep.deputies.tasks import start_import
from esep.lib.http import AuthedRequest
from esep.lib.jobs import upload_page
from esep.lib.sheets import problems_shown
from esep.lib.tables import workbook


def convocation_for(request: AuthedRequest, pk: int, kind: str) -> Convocation:
    """The convocation, if the user sees it (else 404) and may import `kind` into it (else
    403): mandates who manages deputies in the body's branch, attendance also the body's
    secretary."""
    convocation = get_convocation_for_user(request.user, pk)
    user = request.user
    allowed = (
        rules.may_manage(user, convocation.body.branch)
        if kind == ImportJob.Kind.MANDATES
        else rules.may_record_sittings(user, convocation)
    )
    if not allowed:
        raise PermissionDenied(_("Your role does not allow importing into this convocation."))
    return convocation


def upload(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    convocation = convocation_for(request, pk, kind)
    return upload_page(
        request,
        template="deputies/imports/upload.html",
        context={"convocation": convocation, "kind": kind},
        start=partial(start_import, actor=request.user, convocation=convocation, kind=kind),
        job_page="deputies:import-job",
    )


@login_required
def mandates_import(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload(request, pk, ImportJob.Kind.MANDATES)


@login_required
def attendance_import(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload(request, pk, ImportJob.Kind.ATTENDANCE)


@login_required
def mandates_import_template(request: AuthedRequest, pk: int) -> HttpResponse:
    convocation = convocation_for(request, pk, ImportJob.Kind.MANDATES)
    return workbook(
        mandates_template(convocation),
        f"mandates-{convocation.body.code}-{convocation.number}-{request.LANGUAGE_CODE}.xlsx",
    )


@login_required
def attendance_import_template(request: AuthedRequest, pk: int) -> HttpResponse:
    convocation = convocation_for(request, pk, ImportJob.Kind.ATTENDANCE)
    return workbook(
        attendance_template(convocation),
        f"attendance-{convocation.body.code}-{convocation.number}-{request.LANGUAGE_CODE}.xlsx",
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("convocation__body"), pk=pk, created_by=request.user
    )
    template = "deputies/imports/_job.html" if request.htmx else "deputies/imports/job.html"
    problems = problems_shown(job.errors or [], HEADERS[ImportJob.Kind(job.kind)])
    return render(request, template, {"job": job, "problems": problems})
