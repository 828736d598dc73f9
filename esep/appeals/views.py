"""Staff pages of appeals: parse, authorise, call a query or an action, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esep.appeals import actions
from esep.appeals.attachments import attach_file
from esep.appeals.forms import ImportForm
from esep.appeals.import_template import template_xlsx
from esep.appeals.imports import HEADERS, importable_branches
from esep.appeals.models import Appeal, ImportJob
from esep.appeals.pages import (
    APPEAL_PAGE,
    INBOX,
    REGISTER,
    colleagues,
    get_appeal_for_user,
    tracking_address,
)
from esep.appeals.tasks import start_import
from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.lib.sheets import problems_shown
from esep.lib.tables import workbook
from esep.org.models import subtree_q
from esep.org.roles import Capability

inbox, export = INBOX.views


@require_POST
@login_required
def bulk_assign(request: AuthedRequest) -> HttpResponse:
    require(request.user, Capability.HANDLE_APPEALS)
    assignee = colleagues(request.user).filter(pk=request.POST.get("assignee") or 0).first()
    handled = Appeal.objects.filter(
        subtree_q(request.user.scope_paths(Capability.HANDLE_APPEALS), "branch__path")
    )
    chosen = list(handled.filter(pk__in=request.POST.getlist("appeals")))
    back = _back_to_inbox(request)
    if assignee is None or not chosen:
        messages.error(request, _("Choose appeals and the person to assign them to."))
        return redirect(back)
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
    return redirect(back)


def _back_to_inbox(request: AuthedRequest) -> str:
    """The inbox as the user left it — the same filters, order and page (`next`, the
    list's address) — or the whole inbox when `next` is not the inbox of this site."""
    inbox = reverse("appeals:inbox")
    wanted = request.POST.get("next", "")
    if wanted.startswith(f"{inbox}?") and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}
    ):
        return wanted
    return inbox


register = REGISTER.view

detail, step = APPEAL_PAGE.views


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
    require(request.user, Capability.HANDLE_APPEALS)
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = start_import(
            actor=request.user,
            file_name=upload.name,
            content=upload.read(),
            language=request.LANGUAGE_CODE,
        )
        return redirect("appeals:import-job", pk=job.pk)
    return render(
        request, "appeals/import.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def import_template(request: AuthedRequest) -> HttpResponse:
    """The workbook to fill in for an import, in the user's language, with the values the
    user may choose as drop-down lists."""
    require(request.user, Capability.HANDLE_APPEALS)
    content = template_xlsx(importable_branches(request.user))
    return workbook(content, f"appeals-import-{request.LANGUAGE_CODE}.xlsx")


@login_required
def import_job(request: AuthedRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ImportJob, pk=pk, created_by=request.user)
    template = "appeals/_import_job.html" if request.htmx else "appeals/import_job.html"
    # Each problem's column by its header in the user's language.
    problems = problems_shown(job.errors or [], HEADERS)
    return render(request, template, {"job": job, "problems": problems})


@require_POST
@login_required
def attach(request: AuthedRequest, pk: int) -> HttpResponse:
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
    """The receipt (talon) handed to the applicant, in Kazakh and in Russian: each copy with
    the address of the public tracking page in its language and that address's QR code."""
    appeal = get_appeal_for_user(request.user, pk)
    copies = []
    for language in ("kk", "ru"):
        with translation.override(language):
            url, qr = tracking_address(request, appeal)
        copies.append({"language": language, "url": url, "qr": qr})
    return render(
        request,
        "appeals/receipt.html",
        {"appeal": appeal, "submitted_at": appeal.received_at, "copies": copies},
    )
