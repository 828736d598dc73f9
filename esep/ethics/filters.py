"""The ethics cases' list filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.ethics.models import Case, Sanction
from esep.org.filters import BranchScopedFilterSet


class CaseFilterSet(BranchScopedFilterSet):
    field_order = ["state", "source", "kind", "year", "branch"]
    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Case.State.choices, empty_label=_("Any")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Case.Source.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(
        label=_("Sanction"),
        choices=Sanction.Kind.choices,
        empty_label=_("Any"),
        field_name="sanction__kind",
    )
    year = django_filters.NumberFilter(
        label=_("Year opened"),
        field_name="opened_on",
        lookup_expr="year",
        min_value=2000,
        max_value=2100,
    )

    def arrange(self, cases: QuerySet[Case]) -> QuerySet[Case]:
        return cases.order_by("-opened_on", "-pk")
