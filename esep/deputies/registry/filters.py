"""The registry's lists' filters, for their pages, their exports and the REST API: the
representative bodies, the mandates (held on a day, today unless another is asked), and the
deputies' inquiries, initiatives and reports to voters."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.deputies.models import (
    Convocation,
    Level,
    Mandate,
    Party,
    RepresentativeBody,
)
from esep.deputies.registry import queries
from esep.lib.folding import folded_contains
from esep.org.filters import DATE, BranchScopedFilterSet, branch_filter, territory_filter
from esep.org.models import Branch


def visible_bodies(request: Any) -> QuerySet[RepresentativeBody]:
    return RepresentativeBody.objects.visible_to(request.user).order_by("level", "code")


def visible_convocations(request: Any) -> QuerySet[Convocation]:
    return Convocation.objects.filter(
        body__in=RepresentativeBody.objects.visible_to(request.user).values("pk")
    ).select_related("body")


def body_filter(field: str) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Representative body"),
        field_name=field,
        queryset=visible_bodies,
        to_field_name="code",
        empty_label=_("Any"),
    )


def level_filter(field: str) -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Level"), field_name=field, choices=Level.choices, empty_label=_("Any")
    )


def by_name(records: QuerySet, prefix: str, text: str) -> QuerySet:
    """Records whose deputy has every word of `text` in their names (any case, ё as е)."""
    for word in text.split():
        records = records.filter(
            folded_contains(f"{prefix}surname", word)
            | folded_contains(f"{prefix}given_name", word)
            | folded_contains(f"{prefix}patronymic", word)
        )
    return records


class BodyFilterSet(BranchScopedFilterSet):
    field_order = ["q", "level", "branch", "territory"]

    q = django_filters.CharFilter(label=_("Name or code"), max_length=100, method="search")
    level = level_filter("level")
    territory = territory_filter()

    def search(
        self, bodies: QuerySet[RepresentativeBody], name: str, text: str
    ) -> QuerySet[RepresentativeBody]:
        return bodies.filter(
            Q(code__icontains=text.strip())
            | folded_contains("name_kk", text)
            | folded_contains("name_ru", text)
            | folded_contains("name_en", text)
        )

    def arrange(self, bodies: QuerySet[RepresentativeBody]) -> QuerySet[RepresentativeBody]:
        return queries.with_current_convocation(bodies, timezone.localdate()).order_by(
            "level", "code"
        )


class MandateFilterSet(BranchScopedFilterSet):
    """Mandates held on a day: today when no day is asked (a link from a body's page, a
    first visit); every mandate when the day is cleared."""

    field_order = ["q", "body", "convocation", "level", "party", "kind", "on", "branch"]

    q = django_filters.CharFilter(label=_("Deputy's name"), max_length=100, method="search")
    body = body_filter("convocation__body")
    convocation = django_filters.ModelChoiceFilter(
        label=_("Convocation"), queryset=visible_convocations, empty_label=_("Any")
    )
    level = level_filter("convocation__body__level")
    party = django_filters.ModelChoiceFilter(
        label=_("Party"),
        queryset=Party.objects.all(),
        to_field_name="code",
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Mandate"), choices=Mandate.Kind.choices, empty_label=_("Any")
    )
    on = django_filters.DateFilter(
        label=_("In office on"),
        method="held_on",
        widget=DATE,
        initial=timezone.localdate,
        help_text=_("Leave empty to list every mandate."),
    )
    branch = branch_filter(method="of_branch")

    def search(self, mandates: QuerySet[Mandate], name: str, text: str) -> QuerySet[Mandate]:
        return by_name(mandates, "person__", text)

    def held_on(self, mandates: QuerySet[Mandate], name: str, day: dt.date) -> QuerySet[Mandate]:
        return queries.in_office_on(mandates, day)

    def of_branch(self, mandates: QuerySet, name: str, branch: Branch) -> QuerySet:
        return mandates.filter(convocation__body__branch__path__startswith=branch.path)

    def arrange(self, mandates: QuerySet[Mandate]) -> QuerySet[Mandate]:
        if self.data.get("on") is None:  # not asked: today's
            mandates = queries.in_office_on(mandates, timezone.localdate())
        return mandates.order_by(
            "convocation__body__level",
            "convocation__body__code",
            "-convocation__number",
            "person__surname",
            "person__given_name",
            "pk",
        )


class WorkFilterSet(BranchScopedFilterSet):
    """A deputy's records of one kind: by body, by deputy's name, by period."""

    field_order = ["q", "body", "since", "until", "branch"]
    day_field = ""

    q = django_filters.CharFilter(label=_("Deputy's name"), max_length=100, method="search")
    body = body_filter("mandate__convocation__body")
    since = django_filters.DateFilter(label=_("From"), method="from_day", widget=DATE)
    until = django_filters.DateFilter(label=_("To"), method="to_day", widget=DATE)
    branch = branch_filter(method="of_branch")

    def search(self, records: QuerySet, name: str, text: str) -> QuerySet:
        return by_name(records, "mandate__person__", text)

    def from_day(self, records: QuerySet, name: str, day: dt.date) -> QuerySet:
        return records.filter(**{f"{self.day_field}__gte": day})

    def to_day(self, records: QuerySet, name: str, day: dt.date) -> QuerySet:
        return records.filter(**{f"{self.day_field}__lte": day})

    def of_branch(self, records: QuerySet, name: str, branch: Branch) -> QuerySet:
        return records.filter(mandate__convocation__body__branch__path__startswith=branch.path)

    def arrange(self, records: QuerySet) -> QuerySet:
        return records.order_by(f"-{self.day_field}", "-pk")


class InquiryFilterSet(WorkFilterSet):
    field_order = ["q", "body", "answered", "since", "until", "branch"]
    day_field = "sent_on"

    answered = django_filters.BooleanFilter(
        label=_("Answered"), field_name="answered_on", lookup_expr="isnull", exclude=True
    )


class InitiativeFilterSet(WorkFilterSet):
    day_field = "submitted_on"


class VoterReportFilterSet(WorkFilterSet):
    day_field = "held_on"
