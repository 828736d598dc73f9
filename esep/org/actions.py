"""Use cases that change the organisation: people, membership, posts in bodies.

Each is atomic and writes its event, so a change and its record are never apart."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from esep.audit.log import record_event
from esep.lib.folding import fold_words
from esep.org.models import Body, Branch, Membership, MembershipChange, Person, Post

if TYPE_CHECKING:
    from esep.access.models import User

Status = Membership.Status
Change = MembershipChange.Kind

# Which change moves a membership from which statuses, and to what status. An exclusion
# annulled or made lighter on review gives the membership back: reinstated from expelled.
STATUS_CHANGES: dict[str, tuple[frozenset[str], str]] = {
    Change.SUSPENDED: (frozenset({Status.ACTIVE}), Status.SUSPENDED),
    Change.REINSTATED: (
        frozenset({Status.SUSPENDED, Status.LEFT, Status.EXPELLED}),
        Status.ACTIVE,
    ),
    Change.LEFT: (frozenset({Status.ACTIVE, Status.SUSPENDED}), Status.LEFT),
    Change.EXPELLED: (frozenset({Status.ACTIVE, Status.SUSPENDED}), Status.EXPELLED),
}


@transaction.atomic
def create_person(*, actor: User | None, **fields: Any) -> Person:
    """Create a person after validating IIN, phone and their consistency."""
    person = Person(**fields)
    person.full_clean()
    person.save()
    record_event(actor=actor, action="person.created", obj=person, changes=dict.fromkeys(fields))
    return person


def given_person(
    *,
    iin: str = "",
    phone: str = "",
    surname: str = "",
    given_name: str = "",
    patronymic: str = "",
    email: str = "",
) -> Person:
    """A person as someone gave them (typed at intake, written on a form): validated like
    any record — names required, IIN checksum, phone — and normalised, but not saved."""
    given = Person(
        iin="".join(iin.split()) or None,
        phone=phone.strip(),
        surname=" ".join(surname.split()),
        given_name=" ".join(given_name.split()),
        patronymic=" ".join(patronymic.split()),
        email=email.strip(),
    )
    given.full_clean(validate_unique=False, validate_constraints=False)
    return given


def same_names(person: Person, given: Person) -> bool:
    """Whether two records name the same human being (surname and name, any case)."""
    return fold_words(person.surname) == fold_words(given.surname) and fold_words(
        person.given_name
    ) == fold_words(given.given_name)


@transaction.atomic
def identify(*, actor: User | None, given: Person) -> Person:
    """The person `given` is: the one with this IIN; without an IIN, the one with this phone
    and the same names (a phone alone is no identity — families share one, numbers change
    hands); otherwise `given` itself, recorded now."""
    if given.iin:
        if found := Person.objects.with_iin(given.iin).first():
            return found
    elif given.phone:
        for found in Person.objects.with_phone(given.phone).order_by("pk"):
            if same_names(found, given):
                return found
    given.save()
    record_event(
        actor=actor,
        action="person.created",
        obj=given,
        changes=dict.fromkeys(f for f in FIELDS_GIVEN if getattr(given, f)),
    )
    return given


FIELDS_GIVEN = ("surname", "given_name", "patronymic", "iin", "phone", "email")


def named_person(
    *,
    actor: User | None,
    iin: str = "",
    surname: str = "",
    given_name: str = "",
    patronymic: str = "",
    sex: str = "",
) -> Person:
    """The person named on a form: the one with this IIN, whose names must be those given
    (an IIN is never a way to learn someone's name), or recorded now (`identify`) — a
    nominee for an award, a candidate in an election, an akim."""
    given = given_person(iin=iin, surname=surname, given_name=given_name, patronymic=patronymic)
    if given.iin:
        found = Person.objects.with_iin(given.iin).first()
        if found is not None and not same_names(found, given):
            raise ValidationError(
                {
                    "iin": ValidationError(
                        _("A person with this IIN is recorded under another name."),
                        code="iin_other_name",
                    )
                }
            )
    if sex and not given.sex:
        given.sex = sex
    return identify(actor=actor, given=given)


@transaction.atomic
def admit_member(
    *, actor: User | None, person: Person, branch: Branch, on: dt.date, card_number: str
) -> Membership:
    if Membership.objects.filter(person=person).exists():
        raise ValidationError(_("This person is already a party member."), code="already_member")
    membership = Membership.objects.create(
        person=person, branch=branch, admitted_on=on, card_number=card_number
    )
    MembershipChange.objects.create(
        membership=membership, kind=Change.ADMITTED, on=on, to_branch=branch, status=Status.ACTIVE
    )
    record_event(
        actor=actor, action="membership.admitted", obj=membership, changes={"branch": branch.code}
    )
    return membership


@transaction.atomic
def transfer_member(
    *, actor: User | None, membership: Membership, to_branch: Branch, on: dt.date, reason: str = ""
) -> Membership:
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != Status.ACTIVE:
        raise ValidationError(_("Only an active member can be transferred."), code="not_active")
    if membership.branch_id == to_branch.pk:
        raise ValidationError(_("The member is already in this branch."), code="same_branch")
    from_branch = membership.branch
    membership.branch = to_branch
    membership.save(update_fields=["branch"])
    MembershipChange.objects.create(
        membership=membership,
        kind=Change.TRANSFERRED,
        on=on,
        from_branch=from_branch,
        to_branch=to_branch,
        status=membership.status,
        reason=reason,
    )
    record_event(
        actor=actor,
        action="membership.transferred",
        obj=membership,
        changes={"branch": [from_branch.code, to_branch.code]},
        reason=reason,
    )
    return membership


@transaction.atomic
def change_membership_status(
    *, actor: User | None, membership: Membership, change: str, on: dt.date, reason: str
) -> Membership:
    """Suspend, reinstate, record leaving, or expel. A reason is required."""
    if change not in STATUS_CHANGES:
        raise ValueError(f"not a status change: {change!r}")
    if not reason.strip():
        raise ValidationError(_("Give the reason for this decision."), code="reason_required")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    allowed_from, new_status = STATUS_CHANGES[change]
    if membership.status not in allowed_from:
        raise ValidationError(
            _("A member whose status is “%(status)s” cannot be %(change)s."),
            params={
                "status": membership.get_status_display(),
                "change": Change(change).label,
            },
            code="forbidden_transition",
        )
    old_status = membership.status
    membership.status = new_status
    membership.save(update_fields=["status"])
    MembershipChange.objects.create(
        membership=membership,
        kind=change,
        on=on,
        to_branch=membership.branch,
        status=new_status,
        reason=reason,
    )
    record_event(
        actor=actor,
        action=f"membership.{change}",
        obj=membership,
        changes={"status": [old_status, new_status]},
        reason=reason,
    )
    return membership


@transaction.atomic
def appoint_to_body(
    *, actor: User | None, body: Body, person: Person, position: str, started_on: dt.date
) -> Post:
    """Seat a person in a body. A body never holds more people than its seats, and has one
    chair at a time."""
    body = Body.objects.select_for_update().get(pk=body.pk)
    current = Post.objects.filter(body=body).current(started_on)
    if current.count() >= body.seats:
        raise ValidationError(
            _("All %(seats)s seats of this body are taken."),
            params={"seats": body.seats},
            code="no_free_seat",
        )
    if current.filter(person=person).exists():
        raise ValidationError(_("This person already holds a seat here."), code="already_seated")
    if position != Post.Position.MEMBER and current.filter(position=position).exists():
        raise ValidationError(
            _("This body already has a %(position)s."),
            params={"position": Post.Position(position).label},
            code="position_taken",
        )
    post = Post.objects.create(body=body, person=person, position=position, started_on=started_on)
    record_event(
        actor=actor,
        action="post.appointed",
        obj=post,
        changes={"body": body.pk, "person": person.pk, "position": position},
    )
    return post


@transaction.atomic
def end_post(*, actor: User | None, post: Post, on: dt.date, reason: str = "") -> Post:
    if post.ended_on is not None and post.ended_on <= on:
        raise ValidationError(_("This term has already ended."), code="already_ended")
    if on < post.started_on:
        raise ValidationError(_("A term cannot end before it starts."), code="end_before_start")
    post.ended_on = on
    post.save(update_fields=["ended_on"])
    record_event(
        actor=actor, action="post.ended", obj=post, changes={"ended_on": str(on)}, reason=reason
    )
    return post
