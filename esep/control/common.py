"""What the four areas of party control share: the scope of party work, the fields of their
forms, and the pieces their pages are built from."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Appeal, Category
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User


# ---------------------------------------------------------------- scope and checks


def work_scope(user: User, field: str = "branch__path") -> Q:
    """The records of the branch subtrees whose party work the user sees, always through
    their paths: control posts and instructions add the user's own records to it with an
    OR, where `User.scope_q`'s "no condition" for whoever sees every tree would drop the
    scope altogether. A plain filter asks `User.scope_q(VIEW_WORK, ..., joined=True)`."""
    return subtree_q(user.scope_paths(Capability.VIEW_WORK), field)


# ---------------------------------------------------------------- forms


def textarea(rows: int = 3) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


def category_field(required: bool = True, empty_label=None) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Category"),
        queryset=Category.objects.all(),
        to_field_name="code",
        required=required,
        empty_label=empty_label,
    )


def people_field(label, required: bool = True) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Person.objects.none(),
        required=required,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )


def branch_field(label=None, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label or _("Branch"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=required,
    )


class ScopedForm(forms.Form):
    """A form choosing among the branches, and people, the user acts for."""

    def __init__(self, *args, branches=None, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = {Branch: branches, Person: people}
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
                continue
            if (scoped := choices.get(field.queryset.model)) is not None:
                field.queryset = scoped


def parse_numbers(text: str) -> list[str]:
    return [
        n.strip().upper() for n in text.replace(";", ",").replace("\n", ",").split(",") if n.strip()
    ]


class AppealNumbersField(forms.CharField):
    """Appeal numbers separated by commas, each one the user may see."""

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Appeals (registration numbers, separated by commas)"))
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", textarea(2))
        super().__init__(**kwargs)
        self.appeals = Appeal.objects.none()

    def clean(self, value):
        numbers = parse_numbers(super().clean(value) or "")
        found = list(self.appeals.filter(number__in=numbers))
        missing = sorted(set(numbers) - {a.number for a in found})
        if missing:
            raise forms.ValidationError(
                _("No appeal with these numbers is in your scope: %(numbers)s"),
                params={"numbers": ", ".join(missing)},
                code="unknown",
            )
        return found


# ---------------------------------------------------------------- pages


def managed_paths(user: User) -> list[str]:
    return user.scope_paths(Capability.MANAGE_WORK)


def managed_branches(user: User) -> QuerySet[Branch]:
    return Branch.objects.filter(subtree_q(managed_paths(user))).order_by("path")


def office_holders(user: User) -> QuerySet[Person]:
    return Person.objects.office_holders(managed_paths(user))


def manages(user: User, branch: Branch) -> bool:
    return user.can(Capability.MANAGE_WORK, branch.path)


def visible_appeals(user: User) -> QuerySet[Appeal]:
    return Appeal.objects.visible_to(user)
