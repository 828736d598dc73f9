"""The list of meetings' filters, for its page and its export."""

from __future__ import annotations

import django_filters
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.meetings.models import Meeting
from esep.org.filters import BranchScopedFilterSet
from esep.receptions.forms import DATE


class MeetingFilterSet(BranchScopedFilterSet):
    field_order = ["kind", "branch", "date_from", "date_to"]
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Meeting.Kind.choices, empty_label=_("Any")
    )
    date_from = django_filters.DateFilter(
        label=_("From"), field_name="held_on", lookup_expr="gte", widget=DATE
    )
    date_to = django_filters.DateFilter(
        label=_("To"), field_name="held_on", lookup_expr="lte", widget=DATE
    )

    def arrange(self, meetings: QuerySet[Meeting]) -> QuerySet[Meeting]:
        return meetings.annotate(
            item_count=Count("items", distinct=True),
            instruction_count=Count("instructions", distinct=True),
        ).order_by("-held_on", "-pk")
