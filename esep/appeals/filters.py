"""The inbox's filters, for its page, its export and the REST API's list of appeals.

Its search finds an appeal by its registration number or tracking code (as typed, in any
case: one probe of their unique indexes), or by the words of its text, each matched at the
start of a word, in any case and with or without accents (`esep.lib.folding.HasWords`: the
full-text index on PostgreSQL); and, in the branches where the user's role shows personal
data, by its applicant's name, IIN or phone (`queries.ApplicantSearch`)."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.lifecycle import OPEN_STATUSES, Status
from esep.appeals.models import (
    Appeal,
    AppealQuerySet,
    Category,
    Channel,
    Kind,
    open_first,
)
from esep.appeals.queries import NAME_FIELDS, ApplicantSearch, official_calendar_for
from esep.lib.folding import HasWords, words
from esep.lib.forms import DateInput
from esep.org.filters import BranchScopedFilterSet, territory_filter
from esep.org.roles import Capability

DATE = DateInput()
SEARCH_LENGTH = 100
WORD_MATCHES = 2_000  # found by the word index first; more, by the list's order
TEXT_WORDS = "text_words"  # the text's words, a column PostgreSQL keeps (migration 0011)


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
        "mine",
        "attention",
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
    q = django_filters.CharFilter(label=_("Search"), max_length=SEARCH_LENGTH, method="search")
    mine = django_filters.BooleanFilter(
        label=_("Assigned to me"), widget=forms.CheckboxInput, method="assigned_to_me"
    )
    attention = django_filters.BooleanFilter(
        label=_("Overdue or under party control"),
        widget=forms.CheckboxInput,
        method="needing_attention",
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[("open", _("Open (any stage)")), *Status.choices],
        empty_label=_("Any"),
        method="in_status",
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
            ("due_on", _("Open first, soonest deadline first")),
            ("-registered_on", _("Newest first")),
            ("registered_on", _("Oldest first")),
        ],
        empty_label=None,
        method="sort_by",
    )

    def search(self, appeals: AppealQuerySet, name: str, text: str) -> AppealQuerySet:
        typed = text.strip()
        found = Q(number__in={typed, typed.upper()}) | Q(tracking_code=typed.upper())
        if said := words(text):
            found |= self.with_words(said)
        applicant = ApplicantSearch.of(text)
        user = self.request.user
        if applicant and user.scope_paths(Capability.VIEW_PERSONAL_DATA):
            by_name = (
                self.with_words(list(applicant.words), NAME_FIELDS) if applicant.words else None
            )
            found |= applicant.condition(by_name) & user.scope_q(Capability.VIEW_PERSONAL_DATA)
        return appeals.filter(found)

    def with_words(self, said: list[str], columns: tuple[str, ...] = ("text",)) -> Q:
        """The appeals whose text (or other `columns`) has the words. Where they are few
        (up to WORD_MATCHES in the whole country) their ids are read from the word index
        first and the page is ordered among them; where more, the list's own index is read
        in its order, each appeal checked as it comes, and a page of them is found long
        before the word index could list them all."""
        stored = TEXT_WORDS if columns == ("text",) else None
        found = HasWords(list(columns), said, stored=stored)
        matches = Appeal.objects.filter(found).order_by().values_list("pk", flat=True)
        ids = list(matches[: WORD_MATCHES + 1])
        if len(ids) <= WORD_MATCHES:
            return Q(pk__in=ids)
        return Q(HasWords(list(columns), said, by_index=False, stored=stored))

    def assigned_to_me(self, appeals: AppealQuerySet, name: str, checked: bool) -> AppealQuerySet:
        return appeals.filter(assignee=self.request.user) if checked else appeals

    def needing_attention(
        self, appeals: AppealQuerySet, name: str, checked: bool
    ) -> AppealQuerySet:
        """Open appeals past their deadline, and those under party control now."""
        return appeals.needing_attention(timezone.localdate()) if checked else appeals

    def in_status(self, appeals: AppealQuerySet, name: str, status: str) -> AppealQuerySet:
        """An open status is asked alone: the inbox's order meets the open first, and its
        count reads the open appeals' index with their status. An answered or closed one
        is asked of the settled half too, where that order finds it."""
        if status == "open":
            return appeals.open()
        if status in OPEN_STATUSES:
            return appeals.filter(status=status)
        return appeals.settled(True).filter(status=status)

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
        """By default, and by deadline: open appeals first, the soonest due on top; closed
        ones after them. By registration: newest or oldest first, open or not."""
        order = (self.form.cleaned_data.get("sort") if self.is_valid() else None) or "due_on"
        if order == "due_on":
            return appeals.order_by(open_first(), "due_on", "pk")
        # Ties in the same direction, so (registered_on, id) is read forwards or backwards
        # as it is, not sorted again within each day.
        return appeals.order_by(order, "-pk" if order.startswith("-") else "pk")
