"""The primaries' staff pages, from their declarations (pages.py); and a candidate's
documents, served only to those who see the primaries."""

from __future__ import annotations

import os

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from esep.assemblies.models import Candidate
from esep.assemblies.primaries.pages import (
    CAMPAIGN_PAGE,
    CAMPAIGNS,
    NEW_CAMPAIGN,
    get_campaign_for_user,
)
from esep.lib.http import AuthedRequest

campaign_list, campaign_export = CAMPAIGNS.views
campaign_new = NEW_CAMPAIGN.view
campaign_detail, campaign_step = CAMPAIGN_PAGE.views


@login_required
def candidate_documents(request: AuthedRequest, pk: str, candidate_id: int) -> FileResponse:
    campaign = get_campaign_for_user(request.user, pk)
    candidate = get_object_or_404(Candidate, pk=candidate_id, campaign=campaign)
    if not candidate.documents:
        raise Http404
    return FileResponse(
        candidate.documents.open("rb"),
        as_attachment=True,
        filename=os.path.basename(candidate.documents.name) or "documents",
    )
