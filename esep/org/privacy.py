"""The one place personal data is shown: masked unless the user's role allows it in the
person's branch, and every unmasked showing written to the access log. It lives with the
people it masks, so org's own pages and every floor above read the same function."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from esep.audit.models import PersonalDataAccess
from esep.org.models import Person
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
    """Personal data of `people` as `user` may see it on `page`, keyed by person id: unmasked
    for the members and office holders of the branches where the user's role shows personal
    data, masked for everyone else. Being someone's applicant does not open their record: an
    appeal shows what was given with it (`given_data_for`).

    Revealing is logged in one bulk insert, so a list page costs two queries, not 2n."""
    people = list(people)
    allowed_paths = user.scope_paths(Capability.VIEW_PERSONAL_DATA)
    revealable: set[int] = set()
    if allowed_paths and people:
        chosen = Person.objects.filter(pk__in=[p.pk for p in people])
        revealable = set(chosen.in_branches(allowed_paths).values_list("pk", flat=True))
    result = {p.pk: _present(p, p.pk in revealable) for p in people}
    _log(user, [(p, shown_fields(p)) for p in people if p.pk in revealable], page)
    return result


@dataclass(frozen=True)
class Given:
    """Personal data given with a record of a branch — an appeal's applicant's contacts as
    typed at intake — rather than read from the person's own record."""

    key: int
    branch_path: str
    person: Person | None
    iin: str = ""
    phone: str = ""
    email: str = ""


def given_data_for(user: User, given: Iterable[Given], *, page: str) -> dict[int, PersonalData]:
    """Contacts given with records, keyed by `Given.key`: unmasked where the user's role
    shows personal data in the record's branch, masked elsewhere; every unmasked showing
    logged against the person they belong to."""
    given = list(given)
    allowed_paths = user.scope_paths(Capability.VIEW_PERSONAL_DATA)
    result: dict[int, PersonalData] = {}
    shown: list[tuple[Person, list[str]]] = []
    for item in given:
        revealed = any(item.branch_path.startswith(path) for path in allowed_paths)
        holder = Person(iin=item.iin or None, phone=item.phone, email=item.email)
        result[item.key] = _present(holder, revealed)
        fields = shown_fields(holder)
        if revealed and item.person is not None and fields:
            shown.append((item.person, fields))
    _log(user, shown, page)
    return result


def log_found(user: User, found: Iterable[tuple[Person, list[str]]], *, page: str) -> None:
    """Records a user found by someone's personal data — a search by their IIN, phone or
    name — and was shown: a use of that data, logged as a showing is (the person, the
    fields searched by)."""
    _log(user, [(person, fields) for person, fields in found if fields], page)


def _log(user: User, shown: list[tuple[Person, list[str]]], page: str) -> None:
    rows = [
        PersonalDataAccess(user=user, person=person, fields=fields, page=page[:255])
        for person, fields in shown
    ]
    if len(rows) == 1:
        # One INSERT (a record's page): bulk_create would wrap even one row in a transaction
        # of its own, two more round trips to the database.
        rows[0].save()
    else:
        PersonalDataAccess.objects.bulk_create(rows)
