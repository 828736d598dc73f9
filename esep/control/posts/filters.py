"""The list of control posts' filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Max, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.control.posts.models import ControlPost
from esep.org.filters import BranchScopedFilterSet, territory_filter


class PostFilterSet(BranchScopedFilterSet):
    field_order = ["status", "object_kind", "branch", "territory"]
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=ControlPost.Status.choices, empty_label=_("Any")
    )
    object_kind = django_filters.ChoiceFilter(
        label=_("Object"), choices=ControlPost.ObjectKind.choices, empty_label=_("Any")
    )
    territory = territory_filter()

    def arrange(self, posts: QuerySet[ControlPost]) -> QuerySet[ControlPost]:
        return posts.annotate(
            visit_count=Count("visits"), last_visit=Max("visits__visited_on")
        ).order_by("status", "-opened_on", "pk")
