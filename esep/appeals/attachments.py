"""Which files an appeal may carry: checked by their first bytes, not by their name."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from esep.appeals.models import Appeal, AppealEvent, Attachment

MAX_BYTES = 10 * 1024 * 1024
# (leading bytes, allowed name endings, content type)
SIGNATURES = [
    (b"%PDF-", (".pdf",), "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", (".png",), "image/png"),
    (b"\xff\xd8\xff", (".jpg", ".jpeg"), "image/jpeg"),
    (b"PK\x03\x04", (".docx", ".xlsx", ".odt", ".ods"), "application/zip"),
    (b"\xd0\xcf\x11\xe0", (".doc", ".xls"), "application/msword"),
]


def check_file(upload: UploadedFile) -> str:
    """The file's content type, or a ValidationError saying what is allowed."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise ValidationError(_("A file may be at most 10 MB."), code="too_large")
    head = upload.read(16)
    upload.seek(0)
    name = (upload.name or "").lower()
    for magic, endings, content_type in SIGNATURES:
        if head.startswith(magic) and name.endswith(endings):
            return content_type
    raise ValidationError(
        _("Attach a PDF, a JPEG or PNG image, or a Word, Excel or OpenDocument file."),
        code="bad_type",
    )


def named_digest(upload: UploadedFile) -> tuple[str, str]:
    """An uploaded document's name and SHA-256, once its first bytes show it is a kind of
    file esep accepts: what a record keeps of the evidence it was given."""
    check_file(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return (upload.name or "document")[:255], digest.hexdigest()


@transaction.atomic
def attach_file(*, actor, appeal: Appeal, upload: UploadedFile) -> Attachment:
    content_type = check_file(upload)
    attachment = Attachment.objects.create(
        appeal=appeal,
        file=upload,
        name=(upload.name or "file")[:255],
        content_type=content_type,
        size=upload.size or 0,
        uploaded_by=actor,
    )
    AppealEvent.objects.create(
        appeal=appeal,
        actor=actor,
        action="attached",
        from_status=appeal.status,
        to_status=appeal.status,
        data={"attachment": attachment.pk, "name": attachment.name},
    )
    return attachment
