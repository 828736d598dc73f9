"""The register of acute social issues' filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.filters import category_filter
from esep.control.issues.models import Issue, IssueQuerySet
from esep.lib.folding import folded_contains
from esep.org.filters import BranchScopedFilterSet, territory_filter


class IssueFilterSet(BranchScopedFilterSet):
    field_order = ["q", "status", "source", "category", "branch", "territory", "control"]
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Issue.Status.choices, empty_label=_("Any")
    )
    source = django_filters.ChoiceFilter(
        label=_("Source"), choices=Issue.Source.choices, empty_label=_("Any")
    )
    category = category_filter()
    territory = territory_filter()
    control = django_filters.ChoiceFilter(
        label=_("Party control"),
        choices=[
            ("under", _("Under party control")),
            ("overdue", _("Control deadline or plan overdue")),
        ],
        empty_label=_("Any"),
        method="controlled",
    )

    def search(self, issues: IssueQuerySet, name: str, text: str) -> IssueQuerySet:
        # In any case, ё as е (esep.lib.folding).
        return issues.filter(folded_contains("title", text) | folded_contains("description", text))

    def controlled(self, issues: IssueQuerySet, name: str, control: str) -> IssueQuerySet:
        if control == "under":
            return issues.under_control()
        return issues.overdue(timezone.localdate())

    def arrange(self, issues: QuerySet[Issue]) -> QuerySet[Issue]:
        today = timezone.localdate()
        late_measures = Count(
            "measures", filter=Q(measures__done_on__isnull=True, measures__deadline__lt=today)
        )
        return issues.annotate(
            appeal_count=Count("appeals", distinct=True), late_measures=late_measures
        ).order_by("-created_at", "-pk")
