"""Reading the register of people: the list's columns (page and export share them)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext_lazy as _

from esep.lib.tables import Column
from esep.org.models import Person

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
