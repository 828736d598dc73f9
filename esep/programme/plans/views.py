"""The programme's staff pages, from their declarations (pages.py); and the documents kept
with observations and evidence, served only to those who see their record."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from esep.lib.http import AuthedRequest
from esep.programme.models import Evidence, Observation
from esep.programme.plans.pages import (
    CHANGE_PAGE,
    CHANGES,
    MEASURE_PAGE,
    MEASURES,
    NEW_PROGRAMME,
    NEW_ROAD_MAP,
    PROGRAMME_PAGE,
    PROMISE_PAGE,
    PROMISES,
    ROAD_MAP_PAGE,
    ROAD_MAPS,
    get_change_for_user,
    get_measure_for_user,
)

promise_list, promise_export = PROMISES.views
road_map_list, road_map_export = ROAD_MAPS.views
measure_list, measure_export = MEASURES.views
change_list, change_export = CHANGES.views
programme_new = NEW_PROGRAMME.view
road_map_new = NEW_ROAD_MAP.view
programme_detail, programme_step = PROGRAMME_PAGE.views
promise_detail, promise_step = PROMISE_PAGE.views
road_map_detail, road_map_step = ROAD_MAP_PAGE.views
measure_detail, measure_step = MEASURE_PAGE.views
change_detail, change_step = CHANGE_PAGE.views


def _download(document: FieldFile, name: str) -> FileResponse:
    if not document:
        raise Http404
    return FileResponse(document.open("rb"), as_attachment=True, filename=name or "document")


@login_required
def observation_document(request: AuthedRequest, pk: int, observation_id: int) -> FileResponse:
    measure = get_measure_for_user(request.user, pk)
    observation = get_object_or_404(Observation, pk=observation_id, indicator__measure=measure)
    return _download(observation.document, observation.document_name)


@login_required
def evidence_document(request: AuthedRequest, pk: int, evidence_id: int) -> FileResponse:
    change = get_change_for_user(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_id, change=change)
    return _download(evidence.document, evidence.document_name)
