"""The filters of the lists, declared once with django-filter for the page, its export and
the REST API: what every list of records kept by a branch shares, the register of
people's own, and the personal-data access log's."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache, partial
from typing import Any, ClassVar

import django_filters
from django.db.models import Q, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from treebeard.mp_tree import MP_Node

from esep.lib.folding import folded_contains
from esep.lib.forms import DateInput
from esep.org.models import Branch, Membership, Person, PersonQuerySet, Territory
from esep.org.queries import accesses_to_people_of


def visible_branches(request: Any) -> QuerySet[Branch]:
    return Branch.objects.visible_to(request.user)


def branch_filter(method: str = "in_subtree") -> django_filters.ModelChoiceFilter:
    """A branch by its code, chosen among those the user may see (in the order of the
    tree)."""
    return django_filters.ModelChoiceFilter(
        label=_("Branch"),
        queryset=visible_branches,
        to_field_name="code",
        empty_label=_("All branches in my scope"),
        method=method,
    )


class BranchScopedFilterSet(django_filters.FilterSet):
    """A list's filters, its branch chosen among those the user may see. The form lays out
    its fields in `field_order`, as a Django form does."""

    field_order: ClassVar[Sequence[str] | None] = None

    branch = branch_filter()

    def in_subtree(self, records: QuerySet, name: str, node: Any) -> QuerySet:
        """The records of the node's subtree (a branch, territory or category): the ids of
        the nodes under its materialised path's prefix, read from their own index and given
        to the query as values — the records' table is not joined to the tree, and the
        planner weighs the subtree's share of the records by its own statistics."""
        subtree = type(node).objects.filter(path__startswith=node.path).order_by()
        return records.filter(**{f"{name}__in": list(subtree.values_list("pk", flat=True))})

    def arrange(self, records: QuerySet) -> QuerySet:
        """What the list adds to its records once they are filtered: the counts its rows
        show, its order."""
        return records

    @property
    def qs(self) -> QuerySet:
        if not hasattr(self, "_qs"):
            records = self.queryset.all()
            # A value the form refuses filters nothing: the page shows the form's errors
            # over the whole list (the API answers 400 before it gets here).
            if self.is_valid():
                records = self.filter_queryset(records)
            self._qs = self.arrange(records)
        return self._qs

    def get_form_class(self) -> Any:
        form_class = super().get_form_class()
        form_class.field_order = self.field_order
        return form_class

    @property
    def form(self) -> Any:
        """The form, each choice of a node of a tree (a branch, a territory, a category)
        offering what a person picks from — see `tree_choices` — while any node of its
        queryset is accepted."""
        if not hasattr(self, "_form"):
            form = super().form
            for name, field in form.fields.items():
                queryset = getattr(field, "queryset", None)
                if queryset is not None and issubclass(queryset.model, MP_Node):
                    chosen = form.data.get(name) if form.is_bound else None
                    # Read when the form is drawn (once), never for an export or the API.
                    field.widget.choices = cache(partial(tree_choices, field, chosen))
        return self._form


TREE_LEVELS_SHOWN = 3  # levels of a tree a choice lists below the highest one offered


def tree_choices(field: Any, chosen: str | None) -> list[tuple[Any, str]]:
    """A tree's choice as a person picks from it (`tree_nodes`), for a ModelChoiceField."""
    key = field.to_field_name or "pk"
    choices: list[tuple[Any, str]] = []
    if field.empty_label is not None:
        choices.append(("", field.empty_label))
    for record in tree_nodes(field.queryset, key, chosen):
        choices.append((getattr(record, key), field.label_from_instance(record)))
    return choices


def tree_nodes(queryset: QuerySet, key: str, chosen: str | None) -> QuerySet:
    """The nodes of a tree a person picks from: the highest levels offered (the country,
    its regions, their districts — a few hundred of the national party's 3,000 branches,
    not all of them), and around the node chosen (its `key` is `chosen`) its ancestors,
    itself and its children, so a primary branch or a village is reached by choosing its
    district first."""
    top = Subquery(queryset.order_by("depth").values("depth")[:1])
    shown = Q(depth__lt=top + TREE_LEVELS_SHOWN)
    node = queryset.filter(**{key: chosen}).first() if chosen else None
    if node is not None:
        steps = node.steplen
        ancestors = [node.path[:end] for end in range(steps, len(node.path) + 1, steps)]
        shown |= Q(path__in=ancestors) | Q(path__startswith=node.path, depth=node.depth + 1)
    return queryset.filter(shown)


def territory_filter() -> django_filters.ModelChoiceFilter:
    """A territory by its KATO code, filtering on its subtree."""
    return django_filters.ModelChoiceFilter(
        label=_("Territory"),
        queryset=Territory.objects.order_by("path"),
        to_field_name="kato",
        empty_label=_("Any"),
        method="in_subtree",
    )


class PeopleFilterSet(BranchScopedFilterSet):
    field_order = ["q", "branch", "status"]

    # Names in any case, ё as е; an IIN for a role that may see personal data.
    q = django_filters.CharFilter(label=_("Name or IIN"), max_length=100, method="matching")
    # A person has no branch of their own: the filter's method finds them by membership and
    # post, and the schema is told that the value is a branch's code.
    branch = extend_schema_field(OpenApiTypes.STR)(branch_filter(method="in_branch"))
    status = django_filters.ChoiceFilter(
        label=_("Membership"),
        field_name="membership__status",
        choices=Membership.Status.choices,
        empty_label=_("Everyone"),
    )

    def matching(self, people: PersonQuerySet, name: str, text: str) -> PersonQuerySet:
        return people.matching(text, user=self.request.user)

    def in_branch(self, people: PersonQuerySet, name: str, branch: Branch) -> PersonQuerySet:
        """Members of the branch's subtree and holders of posts in its bodies."""
        return people.filter(
            Q(membership__branch__path__startswith=branch.path)
            | Q(posts__body__branch__path__startswith=branch.path)
        ).distinct()


DATE = DateInput()


class AccessLogFilterSet(BranchScopedFilterSet):
    """Who saw whose personal data: by the one who saw it, the person (by name, or by IIN
    for a role that may see it, as the register finds them), the page, the local day, the
    branch holding the person."""

    field_order = ["who", "q", "page", "branch", "seen_from", "seen_to"]

    who = django_filters.CharFilter(label=_("Who saw (login or name)"), max_length=150, method="by")
    q = django_filters.CharFilter(
        label=_("Whose data (name or IIN)"), max_length=100, method="whose"
    )
    page = django_filters.CharFilter(
        label=_("Page address contains"), field_name="page", lookup_expr="icontains", max_length=255
    )
    branch = branch_filter(method="of_branch")
    seen_from = django_filters.DateFilter(
        label=_("Seen from"), field_name="at__date", lookup_expr="gte", widget=DATE
    )
    seen_to = django_filters.DateFilter(
        label=_("Seen to"), field_name="at__date", lookup_expr="lte", widget=DATE
    )

    def by(self, accesses: QuerySet, name: str, text: str) -> QuerySet:
        for word in text.split():  # in any case, ё as е (esep.lib.folding)
            accesses = accesses.filter(
                folded_contains("user__username", word)
                | folded_contains("user__first_name", word)
                | folded_contains("user__last_name", word)
            )
        return accesses

    def whose(self, accesses: QuerySet, name: str, text: str) -> QuerySet:
        people = Person.objects.matching(text, user=self.request.user)
        return accesses.filter(person__in=people.values("pk"))

    def of_branch(self, accesses: QuerySet, name: str, branch: Branch) -> QuerySet:
        return accesses.filter(accesses_to_people_of([branch.path]))

    def arrange(self, accesses: QuerySet) -> QuerySet:
        return accesses.order_by("-at", "-pk")
