"""The citizen's pages: submit an appeal, get its receipt, follow it by its tracking code,
rate the answer or dispute it. No login; nothing on them about anyone but the appeal's own
progress, and no staff names. Submissions and look-ups are limited per address."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from esep.appeals import actions, notify
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal
from esep.appeals.pages import tracking_address
from esep.appeals.timeline import late_registration, public_timeline
from esep.lib.forms import apply_errors
from esep.portal.forms import DisputeForm, RateForm, SubmitForm, TrackForm

SUBMIT_RATE = "5/h"  # appeals from one address in an hour
LOOKUP_RATE = "30/m"  # tracking look-ups, ratings and disputes from one address in a minute


def _too_many(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "portal/too_many.html",
        status=429,
    )


@ratelimit(key="ip", rate=SUBMIT_RATE, method="POST", block=False)
def submit(request: HttpRequest) -> HttpResponse:
    form = SubmitForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if getattr(request, "limited", False):
            return _too_many(request)
        if form.is_valid() and form.cleaned_data["website"]:
            form.add_error(None, _("The appeal could not be accepted. Please try again."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                appeal = actions.submit_online(
                    kind=data["kind"],
                    category=data["category"],
                    territory=data["territory"],
                    text=data["text"],
                    language=(request.LANGUAGE_CODE or "kk")[:2],
                    anonymous=data["anonymous"],
                    reports_crime=data["reports_crime"],
                    surname=data["surname"],
                    given_name=data["given_name"],
                    phone=data["phone"],
                    email=data["email"],
                    notify_by_email=data["notify_by_email"],
                    notify_by_sms=data.get("notify_by_sms", False),
                    attachment=data.get("attachment"),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                request.session["submitted"] = appeal.tracking_code
                return redirect("portal:receipt", code=appeal.tracking_code)
    return render(request, "portal/submit.html", {"form": form}, status=400 if form.errors else 200)


def receipt(request: HttpRequest, code: str) -> HttpResponse:
    """The receipt, shown to whoever just submitted the appeal, printable on one page: the
    tracking page's address and its QR code, the office that registered the appeal."""
    if request.session.get("submitted") != code:
        return redirect("portal:track-detail", code=code)
    appeal = get_object_or_404(
        Appeal.objects.select_related("category", "branch"), tracking_code=code
    )
    url, qr = tracking_address(request, appeal)
    context = {"appeal": appeal, "tracking_url": url, "qr": qr}
    return render(request, "portal/receipt.html", context)


def stop_news(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The link in each message to the applicant: asks, then (POST, so that a mail program
    opening links does not do it) stops the news of the appeal."""
    appeal = get_object_or_404(Appeal, tracking_code=code.upper())
    if not notify.is_stop_token(appeal, token):
        raise Http404
    if request.method == "POST":
        notify.stop_news(appeal=appeal)
        messages.success(request, _("Done: you will receive no more news of this appeal."))
        return redirect("portal:track-detail", code=appeal.tracking_code)
    return render(request, "portal/stop_news.html", {"appeal": appeal})


@ratelimit(key="ip", rate=LOOKUP_RATE, method="GET", block=False)
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.GET or None)
    if request.GET and getattr(request, "limited", False):
        return _too_many(request)
    if form.is_valid():
        code = form.cleaned_data["code"]
        if Appeal.objects.filter(tracking_code=code).exists():
            return redirect("portal:track-detail", code=code)
        form.add_error("code", _("No appeal has this code. Check it against your receipt."))
    return render(request, "portal/track.html", {"form": form}, status=404 if form.errors else 200)


def _appeal(code: str) -> Appeal:
    return get_object_or_404(
        Appeal.objects.select_related("category", "territory"), tracking_code=code.upper()
    )


@ratelimit(key="ip", rate=LOOKUP_RATE, method="GET", block=False)
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _too_many(request)
    return _render_tracking(request, _appeal(code))


def _render_tracking(request: HttpRequest, appeal: Appeal, **forms) -> HttpResponse:
    answered = appeal.status in (Status.ANSWERED, Status.CLOSED)
    opinion = appeal.answer_open_to_opinion
    steps = public_timeline(appeal)
    context = {
        "appeal": appeal,
        "steps": steps,
        "answered": answered,
        "late_registration": late_registration(appeal, actions.official_calendar()),
        "rate_form": forms.get("rate_form")
        or (RateForm(initial={"rating": appeal.rating}) if opinion else None),
        "dispute_form": forms.get("dispute_form") or (DisputeForm() if opinion else None),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "portal/track_detail.html", context, status=status)


@require_POST
@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", block=False)
def rate(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _too_many(request)
    appeal = _appeal(code)
    form = RateForm(request.POST)
    previous = appeal.rating
    if form.is_valid():
        rating = form.cleaned_data["rating"]
        try:
            actions.rate_answer(actor=None, appeal=appeal, rating=rating)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            if previous is None:
                messages.success(request, _("Thank you: your rating is recorded."))
            elif previous != rating:
                messages.success(
                    request,
                    _("Your rating is changed from %(old)s to %(new)s.")
                    % {"old": previous, "new": rating},
                )
            else:
                messages.info(request, _("Your rating is already %(rating)s.") % {"rating": rating})
            return redirect("portal:track-detail", code=appeal.tracking_code)
    return _render_tracking(request, appeal, rate_form=form)


@require_POST
@ratelimit(key="ip", rate=LOOKUP_RATE, method="POST", block=False)
def dispute(request: HttpRequest, code: str) -> HttpResponse:
    if getattr(request, "limited", False):
        return _too_many(request)
    appeal = _appeal(code)
    form = DisputeForm(request.POST)
    if not appeal.answer_open_to_opinion:
        form.add_error(None, _("This appeal has no answer to dispute."))
    elif form.is_valid():
        try:
            actions.reopen_on_dispute(actor=None, appeal=appeal, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, _("Your appeal is reopened and will be considered again."))
            return redirect("portal:track-detail", code=appeal.tracking_code)
    return _render_tracking(request, appeal, dispute_form=form)
