"""What every request of a signed-in user passes: the idle timeout, and the second factor
staff must pass before their pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _

from esep.access import sessions, twofactor

# Marks the views a user between the password and the second factor may use.
MARK = "esep_before_second_factor"


def before_second_factor(
    view: Callable[..., HttpResponseBase],
) -> Callable[..., HttpResponseBase]:
    """Mark a view as one of the login's own: open before the second factor is passed."""
    setattr(view, MARK, True)
    return view


class IdleTimeout:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and sessions.idle_too_long(request):
            logout(request)
            messages.info(request, _("You were logged out after a while without activity."))
        return self.get_response(request)


class SecondFactor:
    """A signed-in user who must still pass a second factor is, to every page but the
    login's own, not signed in yet: public pages show as to anyone, staff pages send them to
    log in, and the login page sends them on to the code or the enrolment. The REST API
    called with a token does not use the session and is not affected."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if getattr(view, MARK, False) or not twofactor.gated(request):
            return None
        match = request.resolver_match
        if match is not None and match.view_name == "admin:login":
            # The admin site's own login form would only ask for the password again.
            return redirect_to_login(request.GET.get("next") or reverse("admin:index"))
        request.user = AnonymousUser()
        return None
