"""Use cases of the awards: a ceremony held by a branch, a person nominated (found by IIN or
recorded, as the appeals' intake does), the granting body's decision — granted with its
number, date and the certificate's number, or refused —, the person's consent to have their
name published, and the ceremony a nomination is handed at. Each is atomic and writes its
event to the audit log."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from esep.audit.log import record_event
from esep.awards.lifecycle import HELD_OR_PENDING, LIFECYCLE, Status, Transition
from esep.awards.models import Award, Ceremony, Nomination
from esep.awards.rules import granting_branch, may_grant
from esep.lib.checks import invalid, required
from esep.lib.folding import folded_contains
from esep.org.actions import named_person, same_names
from esep.org.models import Body, Branch, Person

if TYPE_CHECKING:
    from esep.access.models import User


@transaction.atomic
def hold_ceremony(
    *, actor: User | None, branch: Branch, held_on: dt.date, place: str, title: str
) -> Ceremony:
    required(place=place, title=title)
    ceremony = Ceremony.objects.create(
        branch=branch, held_on=held_on, place=place.strip(), title=title.strip(), created_by=actor
    )
    record_event(
        actor=actor,
        action="awards.ceremony_held",
        obj=ceremony,
        changes={"branch": branch.code, "held_on": held_on.isoformat()},
    )
    return ceremony


def _check_ceremony(ceremony: Ceremony | None, branch: Branch) -> None:
    if ceremony is not None and not branch.path.startswith(ceremony.branch.path):
        raise invalid(
            "ceremony",
            _("The ceremony is held by a branch this nomination is not under."),
            "ceremony_branch",
        )


@transaction.atomic
def nominate(
    *,
    actor: User | None,
    branch: Branch,
    award: Award,
    grounds: str,
    person: Person | None = None,
    iin: str = "",
    surname: str = "",
    given_name: str = "",
    patronymic: str = "",
    sex: str = "",
    grounds_ru: str = "",
    ceremony: Ceremony | None = None,
    consent_to_publish: bool = False,
    consent_on: dt.date | None = None,
) -> Nomination:
    """Put a person forward for an award: the person given, or found by IIN or recorded
    from the names. Refused when the award is not in use, when no branch of its level stands
    above the nominating one, or when the person already holds it or is put forward for
    it."""
    required(grounds=grounds)
    if not award.is_active:
        raise invalid("award", _("This award is no longer granted."), "inactive")
    if granting_branch(award, branch) is None:
        raise invalid(
            "award",
            _(
                "No branch of this award's level stands above the nominating branch: "
                "it cannot grant this award."
            ),
            "level",
        )
    _check_ceremony(ceremony, branch)
    if consent_to_publish and consent_on is None:
        raise invalid("consent_on", _("Give the date the consent was given."), "consent_date")
    if person is None and not "".join(iin.split()):
        _namesake_refused(award, surname, given_name)
    if person is None:
        person = named_person(
            actor=actor,
            iin=iin,
            surname=surname,
            given_name=given_name,
            patronymic=patronymic,
            sex=sex,
        )
    already = Nomination.objects.filter(person=person, award=award, status__in=HELD_OR_PENDING)
    if status := already.values_list("status", flat=True).first():
        message = (
            _("%(person)s already holds this award: it is granted once.")
            if status == Status.GRANTED
            else _("%(person)s is already nominated for this award.")
        )
        raise ValidationError(message, params={"person": person.full_name}, code="duplicate")
    nomination = Nomination.objects.create(
        person=person,
        award=award,
        branch=branch,
        grounds=grounds.strip(),
        grounds_ru=grounds_ru.strip(),
        ceremony=ceremony,
        consent_to_publish=consent_to_publish,
        consent_on=consent_on if consent_to_publish else None,
        created_by=actor,
    )
    record_event(
        actor=actor,
        action="awards.nominated",
        obj=nomination,
        changes={"award": award.code, "branch": branch.code, "person": person.pk},
    )
    return nomination


def _namesake_refused(award: Award, surname: str, given_name: str) -> None:
    """Without an IIN the names are all there is to go by (`identify` records a new person):
    one who holds the award, or is put forward for it, under the same names is taken to be
    the same person until an IIN tells them apart."""
    given = Person(surname=" ".join(surname.split()), given_name=" ".join(given_name.split()))
    held = Nomination.objects.filter(
        folded_contains("person__surname", given.surname),
        award=award,
        status__in=HELD_OR_PENDING,
    ).select_related("person")
    if any(same_names(nomination.person, given) for nomination in held):
        raise ValidationError(
            _(
                "%(person)s already holds this award or is nominated for it. If this is "
                "someone else of the same name, give their IIN."
            ),
            params={"person": f"{given.surname} {given.given_name}"},
            code="duplicate",
        )


def _locked(nomination: Nomination) -> Nomination:
    return (
        Nomination.objects.select_for_update()
        .select_related("award", "branch", "person")
        .get(pk=nomination.pk)
    )


def _move(nomination: Nomination, transition: str) -> None:
    target = LIFECYCLE.target_of(transition, nomination.status)
    if target is None:
        raise ValidationError(
            _("A nomination that is “%(status)s” cannot be decided again."),
            params={"status": nomination.get_status_display()},
            code="decided",
        )
    nomination.status = target


def _check_body(body: Body, nomination: Nomination) -> None:
    if not may_grant(body, nomination.award, nomination.branch):
        raise invalid(
            "body",
            _(
                "This award is granted by the bureau or political council of the branch "
                "of its level above the nominating branch."
            ),
            "granting_body",
        )


def next_certificate_number(nomination: Nomination, on: dt.date) -> str:
    """`<award code>-<year>-<n>`: the next of the award's certificates of the year."""
    prefix = f"{nomination.award.code.upper()}-{on.year}-"
    taken = Nomination.objects.filter(certificate_number__startswith=prefix).values_list(
        "certificate_number", flat=True
    )
    numbers = [int(n.removeprefix(prefix)) for n in taken if n and n.removeprefix(prefix).isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:04d}"


def _taken(number: str) -> ValidationError:
    message = _("Certificate number %(number)s is already given.") % {"number": number}
    return invalid("certificate_number", message, "certificate_taken")


@transaction.atomic
def grant(
    *,
    actor: User | None,
    nomination: Nomination,
    body: Body,
    decision_number: str,
    decided_on: dt.date,
    certificate_number: str = "",
) -> Nomination:
    """The granting body's decision to grant: its number and date, and the certificate's
    number (the award's next of the year when none is given)."""
    nomination = _locked(nomination)
    required(decision_number=decision_number)
    _move(nomination, Transition.GRANT)
    _check_body(body, nomination)
    number = certificate_number.strip() or next_certificate_number(nomination, decided_on)
    if Nomination.objects.filter(certificate_number=number).exists():
        raise _taken(number)
    nomination.granting_body = body
    nomination.decision_number = decision_number.strip()
    nomination.decided_on = decided_on
    nomination.certificate_number = number
    try:
        with transaction.atomic():
            nomination.save(
                update_fields=[
                    "status",
                    "granting_body",
                    "decision_number",
                    "decided_on",
                    "certificate_number",
                ]
            )
    except IntegrityError as exc:  # another decision took the number meanwhile
        raise _taken(number) from exc
    record_event(
        actor=actor,
        action="awards.granted",
        obj=nomination,
        changes={
            "body": body.pk,
            "decision_number": nomination.decision_number,
            "decided_on": decided_on.isoformat(),
            "certificate_number": number,
        },
    )
    return nomination


@transaction.atomic
def refuse(
    *,
    actor: User | None,
    nomination: Nomination,
    body: Body,
    decided_on: dt.date,
    reason: str,
    decision_number: str = "",
) -> Nomination:
    nomination = _locked(nomination)
    required(reason=reason)
    _move(nomination, Transition.REFUSE)
    _check_body(body, nomination)
    nomination.granting_body = body
    nomination.decision_number = decision_number.strip()
    nomination.decided_on = decided_on
    nomination.refusal_reason = reason.strip()
    nomination.save(
        update_fields=[
            "status",
            "granting_body",
            "decision_number",
            "decided_on",
            "refusal_reason",
        ]
    )
    record_event(
        actor=actor,
        action="awards.refused",
        obj=nomination,
        changes={"body": body.pk, "decided_on": decided_on.isoformat()},
        reason=nomination.refusal_reason,
    )
    return nomination


@transaction.atomic
def record_consent(
    *, actor: User | None, nomination: Nomination, given: bool, on: dt.date
) -> Nomination:
    """The person's consent to have their name published with their award, given or
    withdrawn, on a date."""
    nomination = _locked(nomination)
    nomination.consent_to_publish, nomination.consent_on = given, on
    nomination.save(update_fields=["consent_to_publish", "consent_on"])
    record_event(
        actor=actor,
        action="awards.consent",
        obj=nomination,
        changes={"consent_to_publish": given, "consent_on": on.isoformat()},
    )
    return nomination


@transaction.atomic
def set_ceremony(
    *, actor: User | None, nomination: Nomination, ceremony: Ceremony | None
) -> Nomination:
    nomination = _locked(nomination)
    _check_ceremony(ceremony, nomination.branch)
    nomination.ceremony = ceremony
    nomination.save(update_fields=["ceremony"])
    record_event(
        actor=actor,
        action="awards.ceremony",
        obj=nomination,
        changes={"ceremony": ceremony.pk if ceremony else None},
    )
    return nomination
