"""The awards' lists' filters, for their pages, exports and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.awards.models import Award, Ceremony, Nomination
from esep.lib.folding import folded_contains
from esep.org.filters import BranchScopedFilterSet


def _ceremonies(request) -> QuerySet[Ceremony]:
    return Ceremony.objects.visible_to(request.user) if request else Ceremony.objects.none()


class NominationFilterSet(BranchScopedFilterSet):
    field_order = ["q", "status", "award", "kind", "ceremony", "branch", "year"]
    q = django_filters.CharFilter(label=_("Name"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Nomination.Status.choices, empty_label=_("Any")
    )
    award = django_filters.ModelChoiceFilter(
        label=_("Award"),
        queryset=Award.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Any"),
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind of award"),
        field_name="award__kind",
        choices=Award.Kind.choices,
        empty_label=_("Any"),
    )
    ceremony = django_filters.ModelChoiceFilter(
        label=_("Ceremony"), queryset=_ceremonies, empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        label=_("Year of the decision"),
        field_name="decided_on__year",
        min_value=1991,
        max_value=2100,
    )

    def search(self, records: QuerySet, name: str, text: str) -> QuerySet:
        # Every word in the person's names, in any case, ё as е (esep.lib.folding).
        for word in text.split():
            records = records.filter(
                folded_contains("person__surname", word)
                | folded_contains("person__given_name", word)
                | folded_contains("person__patronymic", word)
            )
        return records

    def arrange(self, records: QuerySet) -> QuerySet:
        return records.order_by("-created_at", "-pk")


class CeremonyFilterSet(BranchScopedFilterSet):
    field_order = ["branch", "year"]
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="held_on__year", min_value=1991, max_value=2100
    )

    def arrange(self, records: QuerySet) -> QuerySet:
        return records.order_by("-held_on", "-pk")
