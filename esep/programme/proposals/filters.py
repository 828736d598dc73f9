"""The register of citizens' proposals' filters, for its page, its export and the REST API."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.appeals.filters import category_filter
from esep.lib.folding import folded_contains
from esep.org.filters import DATE, BranchScopedFilterSet, territory_filter
from esep.programme.models import Proposal


class ProposalFilterSet(BranchScopedFilterSet):
    field_order = [
        "q",
        "decision",
        "channel",
        "category",
        "territory",
        "branch",
        "received_from",
        "received_to",
    ]

    q = django_filters.CharFilter(label=_("Number or text"), max_length=100, method="search")
    decision = django_filters.ChoiceFilter(
        label=_("Decision"), choices=Proposal.Decision.choices, empty_label=_("Any")
    )
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Proposal.Channel.choices, empty_label=_("Any")
    )
    category = category_filter()
    territory = territory_filter()
    received_from = django_filters.DateFilter(
        label=_("Received from"), field_name="received_on", lookup_expr="gte", widget=DATE
    )
    received_to = django_filters.DateFilter(
        label=_("Received to"), field_name="received_on", lookup_expr="lte", widget=DATE
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.filters["category"].label = _("Topic")

    def search(self, proposals: QuerySet[Proposal], name: str, text: str) -> QuerySet[Proposal]:
        # The number as printed on the receipt, or words of the text in any case, ё as е.
        number = "".join(text.split()).upper()
        return proposals.filter(Q(number=number) | folded_contains("text", text))

    def arrange(self, proposals: QuerySet[Proposal]) -> QuerySet[Proposal]:
        return proposals.order_by("-received_on", "-pk")
