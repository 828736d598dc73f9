from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from esep.access.roles import Capability
from esep.lib.http import AuthedRequest


@login_required
def profile(request: AuthedRequest) -> HttpResponse:
    grants = list(
        request.user.grants.select_related("branch", "branch__territory").order_by(
            "branch__path", "role"
        )
    )
    rows = [(grant, request.user.can(Capability.VIEW_ORG, grant.branch.path)) for grant in grants]
    return render(request, "access/profile.html", {"rows": rows})
