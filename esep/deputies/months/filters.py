"""The filters of the corrections' queue, for its page, its export and the REST API. The
menus open it on what awaits a decision (`?state=pending`), as the programme's queue of
changes is opened."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from esep.deputies.models import Component, Correction, RepresentativeBody
from esep.deputies.months.forms import MONTH, MONTH_FORMATS
from esep.org.filters import BranchScopedFilterSet, branch_filter
from esep.org.models import Branch


def bodies(request: Any) -> QuerySet[RepresentativeBody]:
    if request is None:
        return RepresentativeBody.objects.none()
    return RepresentativeBody.objects.visible_to(request.user).order_by("level", "code")


class CorrectionFilterSet(BranchScopedFilterSet):
    field_order = ["state", "month", "branch", "body", "component"]

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Correction.State.choices, empty_label=_("Any")
    )
    month = django_filters.DateFilter(
        label=_("Month"), field_name="month", widget=MONTH, input_formats=MONTH_FORMATS
    )
    branch = branch_filter(method="of_branch")
    body = django_filters.ModelChoiceFilter(
        label=_("Representative body"),
        queryset=bodies,
        to_field_name="code",
        field_name="mandate__convocation__body",
        empty_label=_("Any"),
    )
    component = django_filters.ChoiceFilter(
        label=_("Component"), choices=Component.choices, empty_label=_("Any")
    )

    def of_branch(
        self, corrections: QuerySet[Correction], name: str, branch: Branch
    ) -> QuerySet[Correction]:
        return corrections.filter(mandate__convocation__body__branch__path__startswith=branch.path)

    def arrange(self, corrections: QuerySet[Correction]) -> QuerySet[Correction]:
        return corrections.order_by("-submitted_at", "-pk")
