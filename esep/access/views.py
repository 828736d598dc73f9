from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from esep.access.roles import Capability


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    grants = list(
        request.user.grants.select_related("branch", "branch__territory").order_by(
            "branch__path", "role"
        )
    )
    for grant in grants:
        grant.viewable = request.user.can(Capability.VIEW_ORG, grant.branch.path)
    return render(request, "access/profile.html", {"grants": grants})
