"""Staff pages of appeals: parse, authorise, call a query or an action, render."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.forms import Form, ModelChoiceField
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esep.access.models import User
from esep.access.privacy import personal_data_for
from esep.appeals import actions
from esep.appeals.forms import (
    InboxFilterForm,
    RegisterAppealForm,
)
from esep.appeals.lifecycle import Transition
from esep.appeals.models import Appeal
from esep.appeals.offers import Offer, Offers, offers_for, perform
from esep.appeals.queries import deadline_of, filter_inbox
from esep.lib.forms import apply_errors
from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.lib.tables import download
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability, roles_with
from esep.receptions.models import Reception

APPEALS_PER_PAGE = 50


def get_appeal_for_user(user: User, pk: int) -> Appeal:
    return get_object_or_404(
        Appeal.objects.visible_to(user).select_related(
            "category", "branch", "territory", "assignee", "submitter"
        ),
        pk=pk,
    )


@login_required
def inbox(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.VIEW_APPEALS)
    branches = Branch.objects.visible_to(request.user)
    form = InboxFilterForm(request.GET or None, branches=branches)
    calendar = actions.official_calendar()
    today = timezone.localdate()
    appeals = Appeal.objects.visible_to(request.user)
    appeals = filter_inbox(
        appeals, form.cleaned_data if form.is_valid() else {}, today=today, calendar=calendar
    ).select_related("category", "branch", "assignee")
    page = Paginator(appeals, APPEALS_PER_PAGE).get_page(request.GET.get("page"))
    rows = [(a, deadline_of(a, today=today, calendar=calendar)) for a in page.object_list]
    template = "appeals/_inbox_rows.html" if request.htmx else "appeals/inbox.html"
    can_handle = request.user.can(Capability.HANDLE_APPEALS)
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "rows": rows,
            "can_register": can_handle,
            "assignees": colleagues(request.user) if can_handle else [],
        },
    )


def colleagues(user: User) -> QuerySet[User]:
    """Who appeals in the user's scope can be assigned to."""
    paths = user.scope_paths(Capability.HANDLE_APPEALS)
    return (
        User.objects.filter(
            is_active=True,
            grants__role__in=roles_with(Capability.HANDLE_APPEALS),
            grants__branch__in=Branch.objects.filter(subtree_q(paths)),
        )
        .distinct()
        .order_by("username")
    )


@require_POST
@login_required
def bulk_assign(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.HANDLE_APPEALS)
    assignee = colleagues(request.user).filter(pk=request.POST.get("assignee") or 0).first()
    handled = Appeal.objects.filter(
        subtree_q(request.user.scope_paths(Capability.HANDLE_APPEALS), "branch__path")
    )
    chosen = list(handled.filter(pk__in=request.POST.getlist("appeals")))
    if assignee is None or not chosen:
        messages.error(request, _("Choose appeals and the person to assign them to."))
        return redirect("appeals:inbox")
    done, refused = 0, []
    for appeal in chosen:
        try:
            actions.assign_appeal(actor=request.user, appeal=appeal, assignee=assignee)
            done += 1
        except ValidationError:
            refused.append(appeal.number)
    messages.success(request, _("Assigned: %(count)d.") % {"count": done})
    if refused:
        messages.error(
            request,
            _("Not assigned, as they are already in work or answered: %(numbers)s.")
            % {"numbers": ", ".join(refused)},
        )
    return redirect("appeals:inbox")


EXPORT_LIMIT = 100_000


@login_required
def export(request: AuthedRequest, fmt: str) -> HttpResponse:
    """The inbox as filtered, as a file."""
    from esep.appeals import exports

    require(request.user, Capability.VIEW_APPEALS)
    form = InboxFilterForm(request.GET or None, branches=Branch.objects.visible_to(request.user))
    appeals = filter_inbox(
        Appeal.objects.visible_to(request.user),
        form.cleaned_data if form.is_valid() else {},
        today=timezone.localdate(),
        calendar=actions.official_calendar(),
    ).select_related("category", "territory", "branch", "submitter")[:EXPORT_LIMIT]
    header, rows = exports.header(), exports.rows(request.user, appeals, page=request.path)
    return download(fmt, "appeals", _("Appeals"), header, rows)


@login_required
def register(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.HANDLE_APPEALS)
    initial: dict[str, object] = {"language": request.LANGUAGE_CODE}
    form = RegisterAppealForm.for_user(request.user, request.POST or None, initial=initial)
    receptions = cast(
        "QuerySet[Reception]", cast(ModelChoiceField, form.fields["reception"]).queryset
    )
    at = receptions.filter(pk=request.GET.get("reception") or 0).first()
    if at is not None:  # registering at a reception: its place and channel
        form.initial.update(
            reception=at.pk, branch=at.branch.code, territory=at.territory.kato, channel=at.channel
        )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            appeal = actions.register_brought(
                actor=request.user,
                **{k: v for k, v in data.items() if k != "consent"},
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request, _("Appeal %(number)s is registered.") % {"number": appeal.number}
            )
            if appeal.reception is not None:  # back to the reception, for the next visitor
                return redirect(appeal.reception)
            return redirect("appeals:detail", pk=appeal.pk)
    reception = form["reception"].value() and receptions.filter(pk=form["reception"].value())
    return render(
        request,
        "appeals/register.html",
        {"form": form, "reception": reception.first() if reception else None},
        status=400 if form.errors else 200,
    )


def appeal_context(
    request: AuthedRequest,
    appeal: Appeal,
    offers: Offers,
    submitted: tuple[str, Form] | None = None,
) -> dict:
    """Everything the appeal page shows; built only when a page is rendered, since it logs
    the showing of personal data and compares the text with other appeals."""
    from esep.appeals.similarity import similar_appeals

    handles = request.user.can(Capability.HANDLE_APPEALS, appeal.branch.path)

    def form_of(name: str, offer: Offer) -> Form:
        return submitted[1] if submitted and submitted[0] == name else offer.blank()

    similar = [
        (other, round(score * 100))
        for other, score in similar_appeals(appeal, Appeal.objects.visible_to(request.user))
    ]
    submitter_data = (
        personal_data_for(request.user, [appeal.submitter], page=request.path)[appeal.submitter.pk]
        if appeal.submitter
        else None
    )
    return {
        "appeal": appeal,
        "deadline": deadline_of(
            appeal, today=timezone.localdate(), calendar=actions.official_calendar()
        ),
        "submitter_data": submitter_data,
        "similar": similar,
        "can_group": handles and bool(similar),
        "linked": Appeal.objects.filter(group_id=appeal.group_id).exclude(pk=appeal.pk)
        if appeal.group_id
        else [],
        "events": appeal.events.select_related("actor"),
        "forwardings": appeal.forwardings.select_related("state_body"),
        "attachments": appeal.attachments.all(),
        "can_attach": handles,
        "extensions": appeal.extensions.select_related("decided_by"),
        "controls": appeal.controls.select_related("controller", "branch"),
        "transition_forms": [(n, o.label, form_of(n, o)) for n, o in offers.transitions.items()],
        "step_forms": [(n, o.label, form_of(n, o)) for n, o in offers.steps.items()],
    }


@login_required
def detail(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.user, pk)
    return render(
        request,
        "appeals/detail.html",
        appeal_context(request, appeal, offers_for(request.user, appeal)),
    )


@require_POST
@login_required
def transition(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    appeal = get_appeal_for_user(request.user, pk)
    if name not in Transition.values:
        raise PermissionDenied
    if not request.user.can(Capability.HANDLE_APPEALS, appeal.branch.path):
        raise PermissionDenied(_("Your role does not allow changing this appeal."))
    offers = offers_for(request.user, appeal)
    if name not in offers.transitions:
        messages.error(request, _("This step is not possible for the appeal as it is now."))
        return redirect("appeals:detail", pk=pk)
    form = offers.transitions[name].bound(request.POST)
    if form.is_valid():
        try:
            perform(request.user, appeal, offers, name, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("appeals:detail", pk=pk)
    context = appeal_context(request, appeal, offers, submitted=(name, form))
    return render(
        request, "appeals/detail.html", context, status=409 if form.errors.get("__all__") else 400
    )


@require_POST
@login_required
def step(request: AuthedRequest, pk: int, name: str) -> HttpResponse:
    """Forwarding, extension and party control: steps that do not move the status."""
    appeal = get_appeal_for_user(request.user, pk)
    offers = offers_for(request.user, appeal)
    if name not in offers.steps:
        raise PermissionDenied(_("This step is not possible for the appeal as it is now."))
    form = offers.steps[name].bound(request.POST)
    if form.is_valid():
        try:
            perform(request.user, appeal, offers, name, form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("appeals:detail", pk=pk)
    context = appeal_context(request, appeal, offers, submitted=(name, form))
    return render(request, "appeals/detail.html", context, status=400)


@require_POST
@login_required
def link_similar(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.user, pk)
    if not request.user.can(Capability.HANDLE_APPEALS, appeal.branch.path):
        raise PermissionDenied(_("Your role does not allow changing this appeal."))
    chosen = list(
        Appeal.objects.visible_to(request.user).filter(pk__in=request.POST.getlist("appeals"))
    )
    try:
        actions.group_appeals(
            actor=request.user, appeals=[appeal, *chosen], title=request.POST.get("title", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("appeals:detail", pk=pk)


@login_required
def import_upload(request: AuthedRequest) -> HttpResponse:
    from esep.appeals.forms import ImportForm
    from esep.appeals.models import ImportJob
    from esep.appeals.tasks import run_import

    require(request.user, Capability.HANDLE_APPEALS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = ImportJob.objects.create(
            created_by=request.user,
            file_name=upload.name[:255],
            content=upload.read(),
            language=request.LANGUAGE_CODE,
        )
        transaction.on_commit(lambda: run_import.enqueue(job_id=job.pk))
        return redirect("appeals:import-job", pk=job.pk)
    return render(
        request, "appeals/import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    from esep.appeals.models import ImportJob

    job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
    template = "appeals/_import_job.html" if request.htmx else "appeals/import_job.html"
    return render(request, template, {"job": job})


@require_POST
@login_required
def attach(request: AuthedRequest, pk: int) -> HttpResponse:
    from esep.appeals.attachments import attach_file

    appeal = get_appeal_for_user(request.user, pk)
    if not request.user.can(Capability.HANDLE_APPEALS, appeal.branch.path):
        raise PermissionDenied(_("Your role does not allow changing this appeal."))
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        try:
            attach_file(actor=request.user, appeal=appeal, upload=upload)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
    return redirect("appeals:detail", pk=pk)


@login_required
def attachment(request: AuthedRequest, pk: int, attachment_id: int) -> FileResponse:
    appeal = get_appeal_for_user(request.user, pk)
    item = get_object_or_404(appeal.attachments, pk=attachment_id)
    return FileResponse(
        item.file.open("rb"), as_attachment=True, filename=item.name, content_type=item.content_type
    )


@login_required
def receipt(request: AuthedRequest, pk: int) -> HttpResponse:
    appeal = get_appeal_for_user(request.user, pk)
    return render(
        request, "appeals/receipt.html", {"appeal": appeal, "submitted_at": appeal.received_at}
    )
