"""A conference's staff pages, from their declarations (pages.py), and its printable
minutes."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render

from esep.assemblies.conferences.pages import (
    CONFERENCE_PAGE,
    CONFERENCES,
    MINUTES_PAGE,
    NEW_CONFERENCE,
    get_conference_for_user,
)
from esep.assemblies.models import Minutes
from esep.lib.http import AuthedRequest

conference_list, conference_export = CONFERENCES.views
conference_new = NEW_CONFERENCE.view
conference_detail, conference_step = CONFERENCE_PAGE.views
minutes_detail, minutes_step = MINUTES_PAGE.views


@login_required
def minutes_print(request: AuthedRequest, pk: str, language: str) -> HttpResponse:
    """The minutes' text in Kazakh or Russian on an A4 sheet, with nothing of the site
    around it; once signed, with their SHA-256."""
    conference = get_conference_for_user(request.user, pk)
    minutes = Minutes.objects.filter(conference=conference).first()
    if minutes is None:
        raise Http404
    text = minutes.text_kk if language == "kk" else minutes.text_ru
    return render(
        request,
        "assemblies/conferences/minutes_print.html",
        {"conference": conference, "minutes": minutes, "text": text, "language": language},
    )
