"""Creating calls made safe to repeat: the same user sending the same Idempotency-Key again
gets what the first call made."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError

from esep.access.models import User
from esep.api.errors import NON_FIELD, Conflict
from esep.api.models import IdempotentRequest
from esep.appeals.models import Appeal


def fingerprint(body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def once(*, user: User, key: str, body: Any, make: Callable[[], Appeal]) -> tuple[Appeal, bool]:
    """(the appeal, whether this call made it). The key is stored with the appeal in the
    same transaction: a call that fails leaves the key free, and a concurrent repeat waits
    for the first and then gets its appeal. The same key with another body is a conflict."""
    if not key:
        return make(), True
    if len(key) > 255:
        raise ValidationError({NON_FIELD: [_("The Idempotency-Key is longer than 255.")]})
    with transaction.atomic():
        record, created = IdempotentRequest.objects.get_or_create(
            user=user, key=key, defaults={"fingerprint": fingerprint(body)}
        )
        if not created:
            if record.fingerprint != fingerprint(body) or record.appeal is None:
                raise Conflict(_("This Idempotency-Key was already used for a different request."))
            return record.appeal, False
        record.appeal = make()
        record.save(update_fields=["appeal"])
        return record.appeal, True
