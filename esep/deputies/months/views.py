"""The rating's staff pages, from their declarations (pages.py): a deputy's month with the
correction they submit, the corrections' queue and a correction's page with its evidence
(served only to those who see the correction), a branch's months, the methodology."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from esep.deputies.months.pages import (
    CORRECTION_PAGE,
    CORRECTIONS,
    RATING_BRANCH_PAGE,
    Chosen,
    get_correction_for_user,
    methods_context,
    month_context,
    new_method_page,
    rating_months_context,
)
from esep.lib.http import AuthedRequest
from esep.lib.steps import refuse, take

correction_list, correction_export = CORRECTIONS.views
correction_detail, correction_step = CORRECTION_PAGE.views
rating_branch, rating_branch_step = RATING_BRANCH_PAGE.views
method_new = login_required(new_method_page)


@login_required
def month(request: AuthedRequest) -> HttpResponse:
    """A deputy's month (`?mandate=&month=YYYY-MM`; their own latest mandate and the last
    closed month without them); a POST submits a correction of it."""
    chosen = Chosen(request)
    context = month_context(request, chosen)
    status = 200
    if request.method == "POST":
        step = context.get("step")
        if step is None:
            raise refuse()
        taken = take(request, step, step.bound(request.POST, request.FILES))
        if taken.status is None:
            return redirect(reverse("deputies:month") + chosen.query())
        status = taken.status
        context["form"] = taken.form
    elif "step" in context:
        context["form"] = context["step"].blank()
    return render(request, "deputies/months/month.html", context, status=status)


@login_required
def correction_evidence(request: AuthedRequest, pk: int) -> FileResponse:
    correction = get_correction_for_user(request.user, pk)
    if not correction.evidence:
        raise Http404
    return FileResponse(
        correction.evidence.open("rb"),
        as_attachment=True,
        filename=correction.evidence_name or "evidence",
    )


@login_required
def rating_months(request: AuthedRequest) -> HttpResponse:
    return render(request, "deputies/months/rating_months.html", rating_months_context(request))


@login_required
def methods(request: AuthedRequest) -> HttpResponse:
    return render(request, "deputies/months/methods.html", methods_context(request))
