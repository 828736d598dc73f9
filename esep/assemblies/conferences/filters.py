"""The conferences list's filters, for its page and its export: the branch (its subtree),
the stage the conference is at, and the year it is held in."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.models import Conference
from esep.org.filters import BranchScopedFilterSet


class ConferenceFilterSet(BranchScopedFilterSet):
    field_order = ["branch", "state", "year"]

    state = django_filters.ChoiceFilter(
        label=_("Stage"), choices=Conference.State.choices, empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="held_on", lookup_expr="year", min_value=1990, max_value=2100
    )

    def arrange(self, conferences: QuerySet[Conference]) -> QuerySet[Conference]:
        return conferences.order_by("-held_on", "branch__path", "-number")
