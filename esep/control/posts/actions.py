"""Use cases of control posts: opening and closing a post, recording a visit with its
photos, raising a finding as an appeal. Each is atomic and written to the audit log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from esep.appeals.actions import register_appeal
from esep.appeals.attachments import check_file
from esep.appeals.models import Appeal, Category, Channel
from esep.audit.log import record_event
from esep.control.posts.models import ControlPost, Visit, VisitPhoto
from esep.lib.checks import required
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User


@transaction.atomic
def open_post(
    *,
    actor: User,
    branch: Branch,
    territory: Territory,
    object_kind: str,
    object_name: str,
    address: str,
    head: Person,
    members: Iterable[Person] = (),
    opened_on: dt.date,
) -> ControlPost:
    required(object_name=object_name, address=address)
    post = ControlPost.objects.create(
        branch=branch,
        territory=territory,
        object_kind=object_kind,
        object_name=object_name.strip(),
        address=address.strip(),
        head=head,
        opened_on=opened_on,
        created_by=actor,
    )
    post.members.set([m for m in members if m.pk != head.pk])
    record_event(actor=actor, action="control_post.opened", obj=post)
    return post


@transaction.atomic
def close_post(*, actor: User, post: ControlPost, closed_on: dt.date) -> ControlPost:
    post = ControlPost.objects.select_for_update().get(pk=post.pk)
    if post.status == ControlPost.Status.CLOSED:
        raise ValidationError(_("The post is already closed."), code="state")
    if closed_on < post.opened_on:
        raise ValidationError(
            {"closed_on": _("A post cannot close before it opened.")}, code="date"
        )
    post.status, post.closed_on = ControlPost.Status.CLOSED, closed_on
    post.save(update_fields=["status", "closed_on"])
    record_event(actor=actor, action="control_post.closed", obj=post)
    return post


def check_photo(upload: UploadedFile) -> str:
    content_type = check_file(upload)
    if not content_type.startswith("image/"):
        raise ValidationError(_("A photo must be a JPEG or PNG image."), code="not_image")
    return content_type


@transaction.atomic
def record_visit(
    *,
    actor: User,
    post: ControlPost,
    visited_on: dt.date,
    visitors: Iterable[Person],
    findings: str,
    situation: int,
    photos: Iterable[UploadedFile] = (),
) -> Visit:
    required(findings=findings)
    if post.status == ControlPost.Status.CLOSED:
        raise ValidationError(_("The post is closed: no more visits."), code="closed")
    if visited_on < post.opened_on or visited_on > timezone.localdate():
        raise ValidationError(
            {"visited_on": _("A visit is dated between the post's opening and today.")},
            code="date",
        )
    photos = list(photos)
    types = [check_photo(photo) for photo in photos]  # all checked before anything is saved
    visit = Visit.objects.create(
        post=post,
        visited_on=visited_on,
        findings=findings.strip(),
        situation=situation,
        recorded_by=actor,
    )
    visit.visitors.set(list(visitors) or [post.head])
    for photo, content_type in zip(photos, types, strict=True):
        VisitPhoto.objects.create(
            visit=visit,
            file=photo,
            name=(photo.name or "photo")[:255],
            content_type=content_type,
            size=photo.size or 0,
        )
    record_event(actor=actor, action="control_post.visited", obj=post, changes={"visit": visit.pk})
    return visit


@transaction.atomic
def raise_appeal(*, actor: User, visit: Visit, kind: str, category: Category, text: str) -> Appeal:
    """A finding becomes an appeal brought by the post's heading deputy, channel: control
    post, linked to the visit."""

    visit = Visit.objects.select_for_update().select_related("post").get(pk=visit.pk)
    if visit.appeal_id is not None:
        raise ValidationError(_("This finding is already an appeal."), code="raised")
    post = visit.post
    appeal = register_appeal(
        actor=actor,
        channel=Channel.CONTROL_POST,
        kind=kind,
        category=category,
        territory=post.territory,
        branch=post.branch,
        submitter=post.head,
        text=text or visit.findings,
        language=(get_language() or "kk")[:2],
        received_at=timezone.now(),
    )
    visit.appeal = appeal
    visit.save(update_fields=["appeal"])
    return appeal
