"""The staff list of receptions' filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.org.filters import BranchScopedFilterSet, territory_filter
from esep.receptions.forms import DATE
from esep.receptions.models import Kind, Place, Reception, Status


class ReceptionFilterSet(BranchScopedFilterSet):
    field_order = ["status", "kind", "place_type", "branch", "territory", "date_from", "date_to"]
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Kind.choices, empty_label=_("Any"))
    place_type = django_filters.ChoiceFilter(
        label=_("Place"), choices=Place.choices, empty_label=_("Any")
    )
    territory = territory_filter()
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="day", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="day", lookup_expr="lte", widget=DATE
    )

    def arrange(self, receptions: QuerySet[Reception]) -> QuerySet[Reception]:
        return receptions.annotate(
            appeal_count=Count("appeals", distinct=True),
            positive_count=Count(
                "appeals", filter=Q(appeals__outcome="resolved_positively"), distinct=True
            ),
        ).order_by("-starts_at", "-pk")
