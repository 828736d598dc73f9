"""Personal data encrypted at rest, and found again by a keyed hash.

A column of an encrypted field holds a Fernet token (AES-128-CBC with HMAC-SHA256, from the
`cryptography` library), so a dump of the database alone reveals no IIN, phone, address or
birth date. The keys come from the environment (settings.FIELD_ENCRYPTION_KEYS): the first
encrypts, every one decrypts, so a key is rotated by putting a new one first and running
`esep rotate-keys` (docs: SECURITY.md).

Encrypted values cannot be compared in SQL. Where esep must find a record by a value (a
person by IIN, by phone), a `DigestField` beside it keeps an HMAC-SHA256 of the value under a
separate key (settings.LOOKUP_HASH_KEY): equal values give equal digests, and without the
key a digest says nothing. Only an empty value can be looked up in an encrypted column
itself; any other lookup is refused, so no query silently finds nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from functools import cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django import forms
from django.conf import settings
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.signals import setting_changed
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models.expressions import Combinable
from django.db.models.lookups import Exact, IsNull
from django.dispatch import receiver


@cache
def _fernet() -> MultiFernet:
    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [])
    if not keys:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must be set: personal data is encrypted at rest."
        )
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(f"FIELD_ENCRYPTION_KEYS holds an invalid key: {exc}") from exc


@cache
def _lookup_key() -> bytes:
    key = getattr(settings, "LOOKUP_HASH_KEY", "")
    if not key:
        raise ImproperlyConfigured("LOOKUP_HASH_KEY must be set: it keys the lookup digests.")
    return str(key).encode()


@receiver(setting_changed)
def _forget_keys(*, setting: str, **kwargs: Any) -> None:
    if setting in {"FIELD_ENCRYPTION_KEYS", "LOOKUP_HASH_KEY"}:
        _fernet.cache_clear()
        _lookup_key.cache_clear()


def encrypt(text: str) -> str:
    return _fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be read with FIELD_ENCRYPTION_KEYS: a key is missing."
        ) from exc


def digest(purpose: str, value: str) -> str:
    """HMAC-SHA256 of a normalised value; `purpose` keeps digests of different fields apart."""
    message = f"{purpose}:{value}".encode()
    return hmac.new(_lookup_key(), message, hashlib.sha256).hexdigest()


class EmptyOnlyExact(Exact):
    """`field=""` works (is the value missing?); comparing with a value cannot."""

    def get_prep_lookup(self) -> Any:
        if self.rhs not in ("", None):
            raise FieldError(
                f"{self.lhs.target.name} is encrypted: look it up by its digest, not its value."
            )
        return super().get_prep_lookup()


class EncryptedTextField(models.TextField):
    """Text stored encrypted; read back as the text. Empty stays empty (not secret)."""

    def __init__(self, *args: Any, max_length: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.plain_max_length = max_length
        if max_length:
            self.validators.append(MaxLengthValidator(max_length))

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if self.plain_max_length:
            kwargs["max_length"] = self.plain_max_length
        return name, path, args, kwargs

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name == "exact":
            return EmptyOnlyExact
        if lookup_name == "isnull":
            return IsNull
        return None

    def to_plain(self, value: Any) -> str:
        return str(value)

    def from_plain(self, text: str) -> Any:
        return text

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return self.from_plain(decrypt(value))

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        if value is None or value == "" or hasattr(value, "as_sql"):
            return value  # an expression (bulk_update's CASE) prepares its own values
        return encrypt(self.to_plain(value))

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]  # any form field
        defaults = {"form_class": forms.CharField, "max_length": self.plain_max_length}
        return models.Field.formfield(self, **{**defaults, **kwargs})


class EncryptedEmailField(EncryptedTextField):
    default_validators = list(models.EmailField.default_validators)

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return super().formfield(**{"form_class": forms.EmailField, **kwargs})


class EncryptedDateField(EncryptedTextField):
    """A date stored encrypted (as ISO 8601 text)."""

    # What the type checker's Django plugin reads as the field's Python types.
    _pyi_private_set_type: dt.date | str | Combinable | None  # type: ignore[assignment]
    _pyi_private_get_type: dt.date  # type: ignore[assignment]

    def to_python(self, value: Any) -> Any:
        return models.DateField().to_python(value)

    def to_plain(self, value: Any) -> str:
        return self.to_python(value).isoformat()

    def from_plain(self, text: str) -> dt.date:
        return dt.date.fromisoformat(text)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return value.isoformat() if value else ""

    def formfield(self, **kwargs: Any) -> Any:  # type: ignore[override]
        return models.Field.formfield(self, **{"form_class": forms.DateField, **kwargs})


class DigestField(models.CharField):
    """The keyed hash of another field's value, kept up to date on every save (and every
    bulk_create). `normalize` turns the value into the form that is hashed."""

    def __init__(self, *args: Any, source: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("null", True)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("editable", False)
        super().__init__(*args, **kwargs)
        self.source = source

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        for key, default in (("max_length", 64), ("null", True), ("blank", True)):
            if kwargs.get(key) == default:
                del kwargs[key]
        kwargs.pop("editable", None)
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = getattr(model_instance, self.source)
        hashed = digest(self.source, str(value)) if value else None
        setattr(model_instance, self.attname, hashed)
        return hashed
