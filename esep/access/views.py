from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esep.access.tokens import issue_token, revoke_token, token_of
from esep.lib.http import AuthedRequest
from esep.org.roles import Capability


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    grants = list(
        request.user.grants.select_related("branch", "branch__territory").order_by(
            "branch__path", "role"
        )
    )
    rows = [(grant, request.user.can(Capability.VIEW_ORG, grant.branch.path)) for grant in grants]
    token = token_of(request.user)
    shown = request.session.pop("new_api_token", None)
    return render(
        request,
        "access/profile.html",
        {
            "rows": rows,
            "token": token,
            "new_token": shown if token and shown == token.key else None,
        },
    )


@require_POST
@login_required
def api_token(request: AuthedRequest) -> HttpResponse:
    """Make (or replace) the user's REST API token, or revoke it. A new token is shown once."""
    if request.POST.get("revoke"):
        revoke_token(request.user)
        messages.success(request, _("Your API token is revoked: calls made with it are refused."))
    else:
        request.session["new_api_token"] = issue_token(request.user)
    return redirect("profile")
