"""The one place personal data is shown: masked unless the user's role allows it in the
person's branch, and every unmasked showing written to the access log. It lives with the
people it masks, so org's own pages and every floor above read the same function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from esep.audit.models import PersonalDataAccess
from esep.org.models import Person, subtree_q
from esep.org.roles import Capability

if TYPE_CHECKING:
    from esep.access.models import User

MASK = "•••"


def mask_iin(value: str) -> str:
    return "•" * 10 + value[-2:] if value else ""


def mask_phone(value: str) -> str:
    return f"+7 7•• ••• •• {value[-2:]}" if value else ""


def mask_email(value: str) -> str:
    if not value or "@" not in value:
        return ""
    local, domain = value.split("@", 1)
    return f"{local[:1]}{MASK}@{domain}"


@dataclass(frozen=True)
class PersonalData:
    """What a page may print of a person's personal data."""

    revealed: bool
    iin: str
    phone: str
    email: str
    address: str
    birth_date: str


def _present(person: Person, revealed: bool) -> PersonalData:
    if revealed:
        return PersonalData(
            revealed=True,
            iin=person.iin or "",
            phone=person.phone_display,
            email=person.email,
            address=person.address,
            birth_date=person.birth_date.strftime("%d.%m.%Y") if person.birth_date else "",
        )
    return PersonalData(
        revealed=False,
        iin=mask_iin(person.iin or ""),
        phone=mask_phone(person.phone),
        email=mask_email(person.email),
        address=MASK if person.address else "",
        birth_date="••.••.••••" if person.birth_date else "",
    )


def shown_fields(person: Person) -> list[str]:
    return [f for f in Person.PERSONAL_FIELDS if getattr(person, f)]


def personal_data_for(
    user: User, people: Iterable[Person], *, page: str
) -> dict[int, PersonalData]:
    """Personal data of `people` as `user` may see it on `page`, keyed by person id.

    Revealing is logged in one bulk insert, so a list page costs two queries, not 2n."""
    people = list(people)
    allowed_paths = user.scope_paths(Capability.VIEW_PERSONAL_DATA)
    revealable: set[int] = set()
    if allowed_paths and people:
        chosen = Person.objects.filter(pk__in=[p.pk for p in people])
        # Members and office holders of those branches, and the applicants of their appeals
        # (the officer handling an appeal must be able to reach the citizen).
        applicants = chosen.filter(subtree_q(allowed_paths, "appeals__branch__path"))
        revealable = set(chosen.in_branches(allowed_paths).values_list("pk", flat=True)) | set(
            applicants.values_list("pk", flat=True)
        )
    result = {p.pk: _present(p, p.pk in revealable) for p in people}
    log = [
        PersonalDataAccess(user=user, person=p, fields=shown_fields(p), page=page[:255])
        for p in people
        if p.pk in revealable and shown_fields(p)
    ]
    PersonalDataAccess.objects.bulk_create(log)
    return result
