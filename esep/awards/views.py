"""The awards' pages, from their declarations (pages.py), and the certificate's download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.utils.text import slugify

from esep.awards.certificate import certificate_pdf
from esep.awards.models import Nomination
from esep.awards.pages import (
    CEREMONIES,
    CEREMONY_PAGE,
    LANGUAGES,
    NEW_CEREMONY,
    NEW_NOMINATION,
    NOMINATION_PAGE,
    NOMINATIONS,
    get_nomination_for_user,
)
from esep.lib.http import AuthedRequest

nomination_list, nomination_export = NOMINATIONS.views
nomination_new = NEW_NOMINATION.view
nomination_detail, nomination_step = NOMINATION_PAGE.views
ceremony_list, ceremony_export = CEREMONIES.views
ceremony_new = NEW_CEREMONY.view
ceremony_detail, ceremony_step = CEREMONY_PAGE.views


@login_required
def certificate(request: AuthedRequest, pk: int, language: str) -> HttpResponse:
    """A granted award's certificate in Kazakh or Russian, to whoever may read the
    nomination (party work or the awards' office in its branch)."""
    nomination = get_nomination_for_user(request.user, pk)
    if language not in LANGUAGES or nomination.status != Nomination.Status.GRANTED:
        raise Http404
    body = certificate_pdf(nomination, language)
    name = slugify(f"certificate-{nomination.certificate_number}-{language}")
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
    return response
