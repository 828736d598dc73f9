"""Writing to the event log. Actions call record_event inside their transaction, so a
change and its event are saved together or not at all."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from esep.audit.models import Event

# Values of these fields never go into the event log: it says that they changed, not to what.
REDACTED_FIELDS = frozenset({"iin", "phone", "email", "address", "birth_date", "password"})


def record_event(
    *,
    actor: Any,
    action: str,
    obj: models.Model,
    changes: dict[str, Any] | None = None,
    reason: str = "",
) -> Event:
    safe_changes = {
        key: ("•••" if key in REDACTED_FIELDS else value) for key, value in (changes or {}).items()
    }
    return Event.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        object_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        object_repr=str(obj)[:255],
        changes=safe_changes,
        reason=reason,
    )


def events_for(obj: models.Model) -> models.QuerySet[Event]:
    return Event.objects.filter(
        object_type=ContentType.objects.get_for_model(obj), object_id=str(obj.pk)
    ).select_related("actor")
