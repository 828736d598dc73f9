"""Reading the register of people and the personal-data access log: the lists' columns
(page and export share them), and whose accesses a branch subtree answers for."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from esep.audit.models import PersonalDataAccess
from esep.lib.tables import Column
from esep.org.models import Person, subtree_q

if TYPE_CHECKING:
    pass


def _membership(person: Person) -> Any:
    # A person who is not a member has no membership row: the reverse one-to-one raises.
    return getattr(person, "membership", None)


# Each row is a person with their personal data as the user may see it (`privacy`).
COLUMNS = [
    Column(_("Name"), lambda row: row[0].full_name),
    Column(_("IIN"), lambda row: row[1].iin),
    Column(_("Phone"), lambda row: row[1].phone),
    Column(_("Branch"), lambda row: (m := _membership(row[0])) and m.branch.name),
    Column(_("Membership"), lambda row: (m := _membership(row[0])) and m.get_status_display()),
]


def accesses_to_people_of(paths: list[str]) -> Q:
    """Showings of the personal data of people a branch subtree holds: its members and the
    holders of its bodies' posts, and the applicants of its appeals (whose contacts given at
    intake `privacy` shows to the subtree's staff). An empty list matches nothing."""
    tied = Person.objects.in_branches(paths).values("pk")
    applicants = Person.objects.filter(subtree_q(paths, "appeals__branch__path")).values("pk")
    return Q(person__in=tied) | Q(person__in=applicants)


@dataclass(frozen=True)
class AccessRow:
    """One showing of someone's personal data as the access log lists it: the person by name
    only, and the names of the fields shown, never their values."""

    at: dt.datetime
    who: str
    whose: str
    fields: str
    page: str

    @classmethod
    def of(cls, access: PersonalDataAccess) -> AccessRow:
        user, name = access.user, access.user.get_full_name()
        return cls(
            at=access.at,
            who=f"{user.username} ({name})" if name else user.username,
            whose=access.person.full_name,
            fields=", ".join(_label(field) for field in access.fields),
            page=access.page,
        )


def _label(name: str) -> str:
    """A field's name in the user's language: a personal field shown, or a name a search
    found the person by (a name the log holds and the model no longer has is shown as it
    is)."""
    known = (*Person.PERSONAL_FIELDS, "surname", "given_name", "patronymic")
    field = Person._meta.get_field(name) if name in known else None
    return str(field.verbose_name) if isinstance(field, models.Field) else name


def access_rows(request: Any, accesses: list[PersonalDataAccess]) -> list[AccessRow]:
    return [AccessRow.of(access) for access in accesses]


ACCESS_COLUMNS = [
    Column(_("Time"), lambda row: row.at),
    Column(_("Who saw"), lambda row: row.who),
    Column(_("Whose data"), lambda row: row.whose),
    Column(_("Fields shown"), lambda row: row.fields),
    Column(_("Page"), lambda row: row.page),
]
