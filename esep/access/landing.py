"""Where each role starts its day after logging in: the one table of landing pages.

A user holding several roles lands where the first of them in `Role`'s order (the widest
first) works. The pages are named by their URL names and query strings only: access sits
below the apps whose pages they are and imports none of them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode

from django.urls import reverse

from esep.org.roles import Role

if TYPE_CHECKING:
    from esep.access.models import User

# role → (URL name, the list's filters)
LANDINGS: dict[str, tuple[str, dict[str, str]]] = {
    # The country's figures first; every list is a click away.
    Role.CENTRAL_ADMIN: ("figures:dashboard", {}),
    # What needs the head: appeals overdue or under party control, the soonest due on top.
    Role.BRANCH_HEAD: ("appeals:inbox", {"attention": "on", "sort": "due_on"}),
    # The officer's own open appeals, the soonest due on top.
    Role.RECEPTION_OFFICER: ("appeals:inbox", {"mine": "on", "status": "open", "sort": "due_on"}),
    Role.ANALYST: ("figures:dashboard", {}),
    # Who saw whose personal data in their scope.
    Role.AUDITOR: ("org:access-list", {}),
    # The receptions they hold.
    Role.DEPUTY: ("receptions:list", {}),
    # Outside the party: the instructions given to their body, to report on.
    Role.STATE_BODY_CONTACT: ("control:instructions", {}),
    # The road maps they are assigned to follow: their observations and proposed changes.
    Role.MONITOR: ("programme:road-maps", {"mine": "on"}),
}
NO_ROLE: tuple[str, dict[str, str]] = ("profile", {})


def holds_mandate(user: User) -> bool:
    """Whether the user's person holds a mandate in a representative body (read through the
    person's relation: access imports nothing of deputies)."""
    person = user.person if user.person_id else None
    mandates = getattr(person, "mandates", None)
    return mandates is not None and mandates.exists()


def landing_for(user: User) -> str:
    """The address of the page the user's work starts on."""
    held = user.roles
    role = next((role for role in Role.values if role in held), None)
    name, query = LANDINGS[role] if role is not None else NO_ROLE
    if role == Role.DEPUTY and holds_mandate(user):
        # A deputy whose person holds a mandate starts on their own month of the rating.
        name, query = "deputies:month", {}
    return f"{reverse(name)}?{urlencode(query)}" if query else reverse(name)
