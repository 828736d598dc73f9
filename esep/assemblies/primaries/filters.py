"""The primaries' list filters, for its page, its export and the REST API: by branch (its
subtree), by state, by the vote's year."""

from __future__ import annotations

import django_filters
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.assemblies.models import Campaign, Candidate
from esep.org.filters import BranchScopedFilterSet


class CampaignFilterSet(BranchScopedFilterSet):
    field_order = ["branch", "state", "year"]

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Campaign.State.choices, empty_label=_("Any")
    )
    year = django_filters.NumberFilter(
        label=_("Year of the vote"), field_name="vote_on__year", min_value=2000, max_value=2100
    )

    def arrange(self, campaigns: QuerySet[Campaign]) -> QuerySet[Campaign]:
        return campaigns.annotate(
            registered=Count("candidates", filter=Q(candidates__state=Candidate.State.REGISTERED))
        ).order_by("-vote_on", "branch__path", "code")
