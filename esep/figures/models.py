"""Published reports: a set of figures for a scope and a period, frozen with their values,
definitions, parameters, time, author and a SHA-256 of the content, with the press release
published beside them; and the editable templates press releases are drafted from."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# How a report's content is written down before it is hashed (see PublishedReport.digest).
# 1: the frozen time with whatever precision the database kept, microseconds included;
#    reports published before scheme 2 keep it, so the hashes they published still hold.
# 2: the frozen time in UTC to the whole second, so a report verifies whatever a database,
#    a dump or another engine did to the fractions of its seconds.
HASH_SCHEME = 2


class PublishedReportQuerySet(models.QuerySet["PublishedReport"]):
    def public(self) -> PublishedReportQuerySet:
        return self.filter(published_at__isnull=False)


class PublishedReport(models.Model):
    title_kk = models.CharField(_("title in Kazakh"), max_length=255)
    title_ru = models.CharField(_("title in Russian"), max_length=255)
    title_en = models.CharField(_("title in English"), max_length=255)
    branch = models.ForeignKey(
        "org.Branch",
        verbose_name=_("publishing branch"),
        on_delete=models.PROTECT,
        related_name="published_reports",
    )
    scope = models.CharField(_("scope"), max_length=40)  # a branch code or a KATO code
    scope_names = models.JSONField(default=dict)  # {"kk": ..., "ru": ..., "en": ...}
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    # [{"code", "value", "unit", "label": {lang: ...}, "definition": {lang: ...}}, ...]
    figures = models.JSONField(default=list)
    frozen_at = models.DateTimeField(_("frozen"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    press_kk = models.TextField(_("press release in Kazakh"), blank=True)
    press_ru = models.TextField(_("press release in Russian"), blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256 of the content"), max_length=64, blank=True)
    hash_scheme = models.PositiveSmallIntegerField(_("hash scheme"), default=HASH_SCHEME)

    objects = PublishedReportQuerySet.as_manager()

    class Meta:
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")
        ordering = ["-published_at", "-frozen_at"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # Once published it is frozen: nothing about it changes, whatever the data does.
        if self.pk is not None:
            stored = PublishedReport.objects.filter(pk=self.pk).values("published_at").first()
            if stored and stored["published_at"] is not None:
                raise ValidationError(_("A published report cannot be changed."), code="frozen")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("figures:report", args=[self.pk])

    @property
    def title(self) -> str:
        language = (get_language() or "kk")[:2]
        return getattr(self, f"title_{language}", "") or self.title_kk

    @property
    def scope_name(self) -> str:
        language = (get_language() or "kk")[:2]
        return self.scope_names.get(language) or self.scope_names.get("kk", self.scope)

    def content(self) -> dict[str, Any]:
        """What the hash covers: every published word and number, and how they were made."""
        if self.hash_scheme == 1:
            frozen_at = self.frozen_at.isoformat()
        else:
            frozen_at = self.frozen_at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return {
            "title": {"kk": self.title_kk, "ru": self.title_ru, "en": self.title_en},
            "branch": self.branch.code,
            "scope": self.scope,
            "from": self.period_start.isoformat(),
            "to": self.period_end.isoformat(),
            "figures": self.figures,
            "frozen_at": frozen_at,
            "author": self.author.get_username(),
            "press": {"kk": self.press_kk, "ru": self.press_ru},
        }

    def canonical(self) -> str:
        """The content as the text hashed: JSON with sorted keys (a database may keep them in
        any order), not ASCII-escaped; dates in ISO 8601, the frozen time as its hash scheme
        writes it (HASH_SCHEME)."""
        return json.dumps(self.content(), ensure_ascii=False, sort_keys=True)

    def digest(self) -> str:
        return hashlib.sha256(self.canonical().encode("utf-8")).hexdigest()

    @property
    def intact(self) -> bool:
        """The content still hashes to the SHA-256 kept at publication: nothing published
        has been changed since."""
        return self.digest() == self.sha256

    def figures_in(self, language: str) -> list[dict[str, Any]]:
        """The published figures with their label and definition in `language` (in Kazakh
        where there is none in it)."""
        return [
            {
                "code": f["code"],
                "label": f["label"].get(language) or f["label"]["kk"],
                "definition": f["definition"].get(language) or f["definition"]["kk"],
                "unit": f["unit"],
                "value": f["value"],
            }
            for f in self.figures
        ]

    def figure(self, code: str) -> dict[str, Any] | None:
        return next((f for f in self.figures if f["code"] == code), None)


class PressTemplate(models.Model):
    """The text a press release is drafted from, per language: Django template syntax over
    the report's figures (`appeals_received`, …) with number filters — see README."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    text_kk = models.TextField(_("template in Kazakh"))
    text_ru = models.TextField(_("template in Russian"))

    class Meta:
        verbose_name = _("press-release template")
        verbose_name_plural = _("press-release templates")

    def __str__(self) -> str:
        return self.name


# The facets of AppealMonthFacet and the appeal column each takes its value from.
FACETS = {"channel": "channel", "kind": "kind", "outcome": "outcome", "category": "category_id"}
# The depth of the territory the month counters (AppealMonth, AppealMonthFacet) place an
# appeal by: its territory's district (or town, or city of republican significance, or the
# territory itself where it lies no deeper). A territory below it (a rural district) is
# read from the day counters, or for a breakdown by facet from its appeals, which are few
# there.
DISTRICT_DEPTH = 3
# The depth of the branch the region facet counters (AppealRegionFacet) add an appeal up by.
REGION_DEPTH = 2

# What each counter adds for one appeal row, written for NEW or OLD in the triggers.
APPEAL_DAY_COUNTERS = {
    "received": "1",
    "resolved_positively": "CASE WHEN {r}.outcome = 'resolved_positively' THEN 1 ELSE 0 END",
    "resolved_partially": "CASE WHEN {r}.outcome = 'resolved_partially' THEN 1 ELSE 0 END",
    "explained": "CASE WHEN {r}.outcome = 'explained' THEN 1 ELSE 0 END",
    "refused": "CASE WHEN {r}.outcome = 'refused' THEN 1 ELSE 0 END",
    "forwarded": "CASE WHEN {r}.outcome = 'forwarded' THEN 1 ELSE 0 END",
    "left_without_consideration": (
        "CASE WHEN {r}.outcome = 'left_without_consideration' THEN 1 ELSE 0 END"
    ),
    "answered": "CASE WHEN {r}.answered_on IS NOT NULL THEN 1 ELSE 0 END",
    "answered_on_time": "CASE WHEN {r}.answered_on <= {r}.due_on THEN 1 ELSE 0 END",
    "disputed": "CASE WHEN {r}.disputed THEN 1 ELSE 0 END",
    "controlled": "CASE WHEN {r}.controlled THEN 1 ELSE 0 END",
    "answer_days_sum": "COALESCE({r}.answer_working_days, 0)",
    "answer_days_n": "CASE WHEN {r}.answer_working_days IS NOT NULL THEN 1 ELSE 0 END",
    "mobile": "CASE WHEN {r}.channel = 'mobile_reception' THEN 1 ELSE 0 END",
    "mobile_positive": (
        "CASE WHEN {r}.channel = 'mobile_reception' AND {r}.outcome = 'resolved_positively' "
        "THEN 1 ELSE 0 END"
    ),
}


class Counts(models.Model):
    """Counts of appeals by what figures count of them (see APPEAL_DAY_COUNTERS)."""

    received = models.IntegerField(default=0)
    resolved_positively = models.IntegerField(default=0)
    resolved_partially = models.IntegerField(default=0)
    explained = models.IntegerField(default=0)
    refused = models.IntegerField(default=0)
    forwarded = models.IntegerField(default=0)
    left_without_consideration = models.IntegerField(default=0)
    answered = models.IntegerField(default=0)
    answered_on_time = models.IntegerField(default=0)
    disputed = models.IntegerField(default=0)
    controlled = models.IntegerField(default=0)
    answer_days_sum = models.IntegerField(default=0)
    answer_days_n = models.IntegerField(default=0)
    mobile = models.IntegerField(default=0)
    mobile_positive = models.IntegerField(default=0)

    class Meta:
        abstract = True


class AppealCounters(Counts):
    """Counts of appeals of a branch and territory (no foreign key constraint: the triggers
    write these rows)."""

    branch = models.ForeignKey(
        "org.Branch", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )
    territory = models.ForeignKey(
        "org.Territory", on_delete=models.DO_NOTHING, related_name="+", db_constraint=False
    )

    class Meta:
        abstract = True


class AppealDay(AppealCounters):
    """Appeals registered on a day in a branch and territory, counted by what figures ask
    of them. Kept exact by database triggers on every insert, update and delete of an
    appeal (see migrations/0002), whatever writes it; figures of a period read these rows
    instead of every appeal."""

    day = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["day", "branch", "territory"], name="appeal_day_per_branch_territory"
            )
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.branch_id}/{self.territory_id}: {self.received}"


class AppealMonth(AppealCounters):
    """The same counters per month, branch and district (the appeal's territory at
    DISTRICT_DEPTH): a period of whole months (a year) reads twelve rows per branch and
    district, not a row per day and territory. Kept by the same triggers."""

    month = models.DateField()  # its first day

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "branch", "territory"], name="appeal_month_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.branch_id}/{self.territory_id}: {self.received}"


class AppealMonthFacet(AppealCounters):
    """The same counters per month, branch and district (the appeal's territory at
    DISTRICT_DEPTH) for each value of one facet of the appeals (channel, type,
    outcome, category): breakdowns of whole months read these. Kept by the same
    triggers."""

    # The branch's own index would be the second index's first column alone.
    branch = models.ForeignKey(
        "org.Branch",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    month = models.DateField()  # its first day
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "branch", "territory", "facet", "value"],
                name="appeal_month_facet_key",
            )
        ]
        # A breakdown reads one facet's rows of some months: of every branch for the whole
        # country, of a region's or a district's few for theirs (the key leads with the
        # month, and would read every facet's). Each index holds every column such a read
        # asks, so PostgreSQL answers it from the index alone.
        indexes = [
            models.Index(
                fields=["facet", "month", "branch"],
                include=("value", "territory", *APPEAL_DAY_COUNTERS),
                name="appeal_facet_covered_idx",
            ),
            models.Index(
                fields=["branch", "facet", "month"],
                include=("value", "territory", *APPEAL_DAY_COUNTERS),
                name="appeal_branch_facet_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.facet}={self.value}: {self.received}"


class AppealRegionFacet(Counts):
    """The facet counters added up by region: the branch at REGION_DEPTH an appeal's branch
    lies in (the central office for its own appeals). The whole country's breakdown of a
    year reads some twenty rows per month and value, not one per branch and district (at
    ten million appeals a year of the categories was 158,000 facet rows); a region's, seen
    whole, reads its own. Kept by the same triggers. Not one row for the whole country:
    every appeal written anywhere would then wait on the same few rows."""

    region = models.ForeignKey(
        "org.Branch",
        on_delete=models.DO_NOTHING,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    month = models.DateField()  # its first day
    facet = models.CharField(max_length=10)
    value = models.CharField(max_length=40)

    class Meta:
        constraints = [
            # The key leads with what a read asks: one facet's rows of some months.
            models.UniqueConstraint(
                fields=["facet", "month", "region", "value"], name="appeal_region_facet_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.region_id} {self.facet}={self.value}: {self.received}"
