"""Refusing, at the door, text no database column can hold: a NUL character in the path,
the query string or a form's fields (PostgreSQL rejects it in text, so it would otherwise
fail deep inside a query). Each interface answers in its own format, so this sits above them
all, beside the URL map that gives each its prefix."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from esep.open311.formats import Open311Error, error_response

NUL = "\x00"


def carries_nul(request: HttpRequest) -> bool:
    if NUL in request.path:
        return True
    sent = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sent.append(request.POST)
    return any(
        NUL in key or any(NUL in value for value in values)
        for data in sent
        for key, values in data.lists()
    )


class RefuseNulCharacters:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not carries_nul(request):
            return self.get_response(request)
        message = _("The request contains a NUL character, which esep does not accept.")
        if request.path.startswith("/api/"):
            error = {"status": 400, "code": "invalid", "message": message}
            return JsonResponse({"error": error}, status=400)
        if request.path.startswith("/open311/"):
            fmt = "xml" if request.path.endswith(".xml") else "json"
            return error_response(fmt, Open311Error(400, message))
        return render(request, "400.html", {"message": message}, status=400)
