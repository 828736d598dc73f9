"""Names kept in Kazakh, Russian and English, shown in the active language."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def in_language(record: object, field: str) -> str:
    """`record.<field>_kk|ru|en` in the active language; Kazakh, the default, where it is
    missing, then Russian."""
    language = (get_language() or "kk")[:2]
    return (
        getattr(record, f"{field}_{language}", "")
        or getattr(record, f"{field}_kk", "")
        or getattr(record, f"{field}_ru", "")
    )


class TrilingualName(models.Model):
    """Adds name_kk, name_ru and name_en, and `name` in the active language.

    Kazakh is the default language, so it is the fallback when a name is missing."""

    name_kk = models.CharField(_("name in Kazakh"), max_length=255)
    name_ru = models.CharField(_("name in Russian"), max_length=255)
    name_en = models.CharField(_("name in English"), max_length=255, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self, "name")
