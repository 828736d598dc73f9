"""The inbox's filters, for its page, its export and the REST API's list of appeals."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealQuerySet, Category, Channel, Kind
from esep.appeals.queries import official_calendar_for
from esep.org.filters import BranchScopedFilterSet, territory_filter

DATE = forms.DateInput(attrs={"type": "date"})


def category_filter() -> django_filters.ModelChoiceFilter:
    """A category by its code, filtering on its subtree."""
    return django_filters.ModelChoiceFilter(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        empty_label=_("Any"),
        method="in_subtree",
    )


class InboxFilterSet(BranchScopedFilterSet):
    field_order = [
        "q",
        "status",
        "deadline",
        "kind",
        "channel",
        "category",
        "branch",
        "territory",
        "controlled",
        "registered_from",
        "registered_to",
        "sort",
    ]
    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, empty_label=_("Any")
    )
    deadline = django_filters.ChoiceFilter(
        label=_("Deadline"),
        choices=[
            ("overdue", _("Overdue")),
            ("3", _("Due within 3 working days")),
            ("5", _("Due within 5 working days")),
        ],
        empty_label=_("Any"),
        method="due",
    )
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Kind.choices, empty_label=_("Any"))
    channel = django_filters.ChoiceFilter(
        label=_("Channel"), choices=Channel.choices, empty_label=_("Any")
    )
    category = category_filter()
    territory = territory_filter()
    controlled = django_filters.BooleanFilter(
        label=_("Under party control"), widget=forms.CheckboxInput, method="under_control"
    )
    registered_from = django_filters.DateFilter(
        label=_("Registered from"), field_name="registered_on", lookup_expr="gte", widget=DATE
    )
    registered_to = django_filters.DateFilter(
        label=_("Registered to"), field_name="registered_on", lookup_expr="lte", widget=DATE
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[
            ("due_on", _("Deadline, soonest first")),
            ("-registered_on", _("Newest first")),
            ("registered_on", _("Oldest first")),
        ],
        empty_label=None,
        method="sort_by",
    )

    def search(self, appeals: AppealQuerySet, name: str, text: str) -> AppealQuerySet:
        return appeals.filter(
            Q(number__icontains=text) | Q(tracking_code=text.upper()) | Q(text__icontains=text)
        )

    def due(self, appeals: AppealQuerySet, name: str, deadline: str) -> AppealQuerySet:
        today = timezone.localdate()
        if deadline == "overdue":
            return appeals.overdue(today)
        calendar = official_calendar_for(self.request)
        return appeals.due_within(today, calendar.add_working_days(today, int(deadline)))

    def under_control(self, appeals: AppealQuerySet, name: str, checked: bool) -> AppealQuerySet:
        return appeals.under_control() if checked else appeals

    def sort_by(self, appeals: AppealQuerySet, name: str, order: str) -> AppealQuerySet:
        return appeals  # not a filter: `arrange` orders by it, whether it is given or not

    def arrange(self, appeals: QuerySet[Appeal]) -> QuerySet[Appeal]:
        order = self.form.cleaned_data.get("sort") if self.is_valid() else None
        return appeals.order_by(order or "due_on", "pk")
