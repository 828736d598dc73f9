"""The import pages of a road map: its measures and indicators, for those who may manage
the road map's branch; its observations, for them and for its monitors; the templates to
fill in, the observations in the same columns (they import back), and each import job's
progress. A road map the user does not see is a 404, as everywhere."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from esep.lib.http import AuthedRequest
from esep.lib.jobs import upload_page
from esep.lib.sheets import problems_shown
from esep.lib.tables import download, workbook
from esep.programme.models import ImportJob, RoadMap
from esep.programme.plans import rules
from esep.programme.plans.import_template import observations_template, road_map_template
from esep.programme.plans.imports import (
    OBSERVATION_HEADERS,
    ROAD_MAP_HEADERS,
    observation_header,
    observation_rows,
)
from esep.programme.plans.pages import get_road_map_for_user
from esep.programme.tasks import start_import

HEADERS = {
    ImportJob.Kind.ROAD_MAP: ROAD_MAP_HEADERS,
    ImportJob.Kind.OBSERVATIONS: OBSERVATION_HEADERS,
}


def road_map_for(request: AuthedRequest, pk: int, kind: str) -> RoadMap:
    """The road map, if the user sees it (else 404) and may import `kind` into it (else
    403): measures and indicators who manages its branch, observations also its monitors."""
    road_map = get_road_map_for_user(request.user, pk)
    allowed = (
        rules.may_manage(request.user, road_map.branch)
        if kind == ImportJob.Kind.ROAD_MAP
        else rules.may_record(request.user, road_map)
    )
    if not allowed:
        raise PermissionDenied(_("Your role does not allow importing into this road map."))
    return road_map


def upload(request: AuthedRequest, pk: int, kind: str) -> HttpResponse:
    road_map = road_map_for(request, pk, kind)
    return upload_page(
        request,
        template="programme/import.html",
        context={"road_map": road_map, "kind": kind},
        start=partial(start_import, actor=request.user, road_map=road_map, kind=kind),
        job_page="programme:import-job",
    )


@login_required
def road_map_import(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload(request, pk, ImportJob.Kind.ROAD_MAP)


@login_required
def observations_import(request: AuthedRequest, pk: int) -> HttpResponse:
    return upload(request, pk, ImportJob.Kind.OBSERVATIONS)


@login_required
def road_map_import_template(request: AuthedRequest, pk: int) -> HttpResponse:
    road_map = road_map_for(request, pk, ImportJob.Kind.ROAD_MAP)
    return workbook(
        road_map_template(road_map), f"road-map-{road_map.pk}-{request.LANGUAGE_CODE}.xlsx"
    )


@login_required
def observations_import_template(request: AuthedRequest, pk: int) -> HttpResponse:
    road_map = road_map_for(request, pk, ImportJob.Kind.OBSERVATIONS)
    return workbook(
        observations_template(road_map),
        f"observations-{road_map.pk}-{request.LANGUAGE_CODE}.xlsx",
    )


@login_required
def observations_export(request: AuthedRequest, pk: int, fmt: str) -> HttpResponse:
    """The road map's observations in force, in the import's columns: anyone who sees the
    road map may download them (they hold no personal data)."""
    road_map = get_road_map_for_user(request.user, pk)
    return download(
        fmt,
        f"observations-{road_map.code}",
        _("Observations"),
        observation_header(),
        observation_rows(road_map),
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(
        ImportJob.objects.select_related("road_map"), pk=pk, created_by=request.user
    )
    template = "programme/_import_job.html" if request.htmx else "programme/import_job.html"
    problems = problems_shown(job.errors or [], HEADERS[ImportJob.Kind(job.kind)])
    return render(request, template, {"job": job, "problems": problems})
