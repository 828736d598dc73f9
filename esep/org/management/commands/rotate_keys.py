"""esep rotate-keys: re-encrypt every encrypted value under the first key of
FIELD_ENCRYPTION_KEYS and recompute every lookup digest under LOOKUP_HASH_KEY.

Rotation (SECURITY.md): put the new Fernet key first in FIELD_ENCRYPTION_KEYS, keep the old
ones after it, restart, run this; then drop the old keys. A new LOOKUP_HASH_KEY needs this
run before anyone is looked up by IIN or phone."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import models, transaction

from esep.lib.crypto import DigestField, EncryptedTextField

BATCH = 1000


class Command(BaseCommand):
    help = "Re-encrypt personal data under the first key and recompute the lookup digests."

    def handle(self, *args: Any, **options: Any) -> None:
        for model in apps.get_models():
            fields = [
                f
                for f in model._meta.concrete_fields
                if isinstance(f, EncryptedTextField | DigestField)
            ]
            if fields:
                count = self.rotate_model(model, fields)
                self.stdout.write(f"{model._meta.label}: {count}")

    def rotate_model(self, model: type[models.Model], fields: list[Any]) -> int:
        """A batch at a time: read (any key decrypts), write back (the first key encrypts),
        the digests recomputed from the values read."""
        names = [f.attname for f in fields]
        done, last = 0, 0
        while True:
            with transaction.atomic():
                batch = list(
                    model._base_manager.filter(pk__gt=last).order_by("pk").only(*names)[:BATCH]
                )
                if not batch:
                    return done
                for obj in batch:
                    for field in fields:
                        if isinstance(field, DigestField):
                            field.pre_save(obj, add=False)
                model._base_manager.bulk_update(batch, names)
                done += len(batch)
                last = batch[-1].pk
