"""Refusing, at the door, requests esep cannot read: a NUL character in the path, the query
string or a form's fields (PostgreSQL rejects it in text, so it would otherwise fail deep
inside a query), and a body to the machine interfaces over DATA_UPLOAD_MAX_MEMORY_SIZE (they
take no files, so nothing larger is theirs). Each interface answers in its own format, so
this sits above them all, beside the URL map that gives each its prefix."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from esep.open311.formats import Open311Error, error_response

NUL = "\x00"
MACHINE_INTERFACES = ("/api/", "/open311/")


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


def too_large(request: HttpRequest) -> bool:
    """A body to the API or Open311 declared larger than the limit (one read in chunks is
    caught when it is read: RequestDataTooBig)."""
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if limit is None or not request.path.startswith(MACHINE_INTERFACES):
        return False
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0) > limit
    except ValueError:
        return False


def refusal(request: HttpRequest, status: int, code: str, message: str) -> HttpResponse:
    """The refusal in the format of the interface asked."""
    if request.path.startswith("/api/"):
        error = {"status": status, "code": code, "message": message}
        return JsonResponse({"error": error}, status=status)
    if request.path.startswith("/open311/"):
        fmt = "xml" if request.path.endswith(".xml") else "json"
        return error_response(fmt, Open311Error(status, message))
    return render(request, "400.html", {"message": message}, status=status)


class RefuseUnreadableRequests:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            big = too_large(request)
            nul = not big and carries_nul(request)
        except RequestDataTooBig:  # a body read in chunks turned out too large
            big, nul = True, False
        if big:
            message = _("The request body is larger than esep accepts.")
            return refusal(request, 413, "too_large", message)
        if nul:
            message = _("The request contains a NUL character, which esep does not accept.")
            return refusal(request, 400, "invalid", message)
        return self.get_response(request)
