"""The citizen's pages for proposals to the programme: send one, get its receipt, follow it
by its tracking code. No login; the tracking page shows the decision, its reason and where
the proposal went — never who sent it, their contacts or their text (which may name them).
Sending and looking up are limited per address, as for appeals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit

from esep.lib.forms import apply_errors
from esep.lib.qr import qr_svg
from esep.lib.redact import mask_personal_data
from esep.portal.forms import TrackForm
from esep.portal.public import LOOKUP_RATE, SUBMIT_RATE
from esep.programme.models import Proposal
from esep.programme.proposals import actions
from esep.programme.proposals.forms import SubmitProposalForm

SESSION_KEY = "proposal_sent"


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/too_many.html", status=429)


@ratelimit(key="ip", rate=SUBMIT_RATE, method="POST", block=False)
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitProposalForm(request.POST or None)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return _too_many(request)
        if form.is_valid() and form.cleaned_data["website"]:
            form.add_error(None, _("The proposal could not be accepted. Please try again."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                proposal = actions.submit_proposal(
                    programme=data["programme"],
                    category=data["category"],
                    territory=data["territory"],
                    text=data["text"],
                    language=(request.LANGUAGE_CODE or "kk")[:2],
                    surname=data["surname"],
                    given_name=data["given_name"],
                    phone=data["phone"],
                    email=data["email"],
                    consent=data["consent"],
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                request.session[SESSION_KEY] = proposal.tracking_code
                return redirect("portal:proposal-receipt", code=proposal.tracking_code)
    return render(
        request, "portal/proposals/submit.html", {"form": form}, status=400 if form.errors else 200
    )


def _proposal(code: str) -> Proposal:
    return get_object_or_404(
        Proposal.objects.select_related(
            "programme",
            "territory",
            "category",
            "branch__territory",
            "promise__section",
            "section",
            "merged_into",
        ),
        tracking_code="".join(code.split()).upper(),
    )


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt, shown to whoever just sent the proposal: its number and tracking code,
    the tracking page's address and its QR code, the branch that takes it."""
    if request.session.get(SESSION_KEY) != code:
        return redirect("portal:proposal-track-detail", code=code)
    proposal = _proposal(code)
    url = request.build_absolute_uri(
        reverse("portal:proposal-track-detail", args=[proposal.tracking_code])
    )
    qr = qr_svg(url, title=_("QR code of the proposal's tracking page"))
    context = {"proposal": proposal, "tracking_url": url, "qr": qr}
    return render(request, "portal/proposals/receipt.html", context)


@ratelimit(key="ip", rate=LOOKUP_RATE, method="GET", block=False)
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if request.GET and getattr(request, "limited", False):
        return _too_many(request)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if Proposal.objects.filter(tracking_code=code).exists():
            return redirect("portal:proposal-track-detail", code=code)
        form.add_error("code", _("No proposal has this code. Check it against your receipt."))
    return render(
        request, "portal/proposals/track.html", {"form": form}, status=404 if form.errors else 200
    )


@ratelimit(key="ip", rate=LOOKUP_RATE, method="GET", block=False)
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    """The decision as the citizen reads it; a merged proposal shows the decision on the one
    it follows. The notes staff wrote pass through the same masking as every public text,
    in case one names someone."""
    if getattr(request, "limited", False):
        return _too_many(request)
    proposal = _proposal(code)
    followed = actions.final(proposal) if proposal.merged_into_id else proposal
    names = [proposal.author_name] if proposal.author_name else []

    def public(text: str) -> str:
        return mask_personal_data(text, names=names) if text else ""

    context = {
        "proposal": proposal,
        "followed": followed,
        "reason": public(proposal.decision_reason),
        "followed_reason": public(followed.decision_reason) if followed != proposal else "",
    }
    return render(request, "portal/proposals/track_detail.html", context)
