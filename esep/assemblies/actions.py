"""Use cases of the party's assemblies: convening a conference, its quotas, agenda and roll of
delegates, freezing the roll, registration, polls from preparation to certification (with the
counting commission's paper count), the elected bodies' new composition, the minutes; and the
primaries from nomination to the list. Each is keyword-only, atomic, validated, writes an
audit event, and — where it changes a vote's course — an entry of the hash-chained log."""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.appeals.attachments import named_digest
from esep.assemblies import counting, log, rules
from esep.assemblies.models import (
    Ballot,
    Campaign,
    Candidate,
    Conference,
    Debate,
    Delegate,
    Elector,
    Entitled,
    Item,
    Minutes,
    Option,
    Participation,
    Place,
    Poll,
    Quorum,
    Quota,
    Result,
    campaign_of,
    conference_of,
)
from esep.audit.log import record_event
from esep.deputies.models import Convocation, Mandate, RepresentativeBody
from esep.lib.checks import date_in_range, invalid, refuse_unless, required, unique
from esep.org import actions as org_actions
from esep.org.models import Body, Branch, Membership, Person, Post

if TYPE_CHECKING:
    from esep.access.models import User


def _refused(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _locked(conference: Conference) -> Conference:
    return Conference.objects.select_for_update().get(pk=conference.pk)


# ---------------------------------------------------------------- convening


@transaction.atomic
def convene(
    *,
    actor: User,
    branch: Branch,
    number: int,
    kind: str,
    held_on: dt.date,
    hall: str,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    online: bool = True,
    quorum: str = "more_than_half",
    members_per_delegate: int = 100,
    minimum_quota: int = 1,
) -> Conference:
    refuse_unless(rules.may_run(actor, branch))
    texts = required(hall=hall, name_kk=name_kk, name_ru=name_ru)
    date_in_range("held_on", held_on)
    if kind not in Conference.Kind.values:
        raise invalid("kind", _("Choose a kind from the list."), "invalid")
    if quorum not in Quorum.values:
        raise invalid("quorum", _("Choose a quorum rule from the list."), "invalid")
    if number < 1:
        raise invalid("number", _("Give a number of 1 or more."), "invalid")
    if members_per_delegate < 1:
        raise invalid("members_per_delegate", _("Give a number of 1 or more."), "invalid")
    with unique("number", _("This branch already has a conference with this number.")):
        conference = Conference.objects.create(
            code=f"{branch.code}-{number}",
            branch=branch,
            number=number,
            kind=kind,
            held_on=held_on,
            hall=texts["hall"],
            online=online,
            quorum=quorum,
            members_per_delegate=members_per_delegate,
            minimum_quota=minimum_quota,
            name_kk=texts["name_kk"],
            name_ru=texts["name_ru"],
            name_en=name_en.strip(),
            convened_by=actor,
        )
    log.append(conference.code, "convened", {"conference": conference.code, "on": str(held_on)})
    record_event(actor=actor, action="conference.convened", obj=conference)
    return conference


def _refuse_unless_convened(conference: Conference) -> None:
    if conference.state != Conference.State.CONVENED:
        raise _refused(_("The roll of this conference is frozen."), "roll_frozen")


def sending_branches(conference: Conference) -> list[Branch]:
    """The sub-branches that send delegates: the branch's children, or the branch itself
    where it has none."""
    children = list(Branch.objects.get_children(conference.branch))
    return children or [conference.branch]


def quota_for(members: int, per: int, minimum: int) -> int:
    """One delegate for every `per` members, rounded half up, and never fewer than
    `minimum`."""
    return max(minimum, (2 * members + per) // (2 * per))


@transaction.atomic
def count_quotas(*, actor: User, conference: Conference) -> list[Quota]:
    """The sub-branches' quotas from their active members today, by the conference's rule;
    quotas set by hand are counted again."""
    refuse_unless(rules.may_run(actor, conference.branch))
    conference = _locked(conference)
    _refuse_unless_convened(conference)
    quotas = []
    for branch in sending_branches(conference):
        members = Membership.objects.filter(
            status=Membership.Status.ACTIVE, branch__path__startswith=branch.path
        ).count()
        seats = quota_for(members, conference.members_per_delegate, conference.minimum_quota)
        quota, _created = Quota.objects.update_or_create(
            conference=conference, branch=branch, defaults={"members": members, "seats": seats}
        )
        quotas.append(quota)
    record_event(
        actor=actor,
        action="conference.quotas_counted",
        obj=conference,
        changes={q.branch.code: q.seats for q in quotas},
    )
    return quotas


@transaction.atomic
def set_quota(*, actor: User, quota: Quota, seats: int) -> Quota:
    refuse_unless(rules.may_run(actor, quota.conference.branch))
    _refuse_unless_convened(_locked(quota.conference))
    if seats < 0 or seats > 10000:
        raise invalid("seats", _("Give a number from 0 to 10,000."), "invalid")
    taken = Delegate.objects.filter(conference=quota.conference, branch=quota.branch).count()
    if seats < taken:
        raise invalid(
            "seats",
            _("%(count)s delegates of this branch are already on the roll.") % {"count": taken},
            "below_roll",
        )
    quota.seats = seats
    quota.save(update_fields=["seats"])
    record_event(
        actor=actor, action="quota.set", obj=quota.conference, changes={quota.branch.code: seats}
    )
    return quota


@transaction.atomic
def add_item(
    *,
    actor: User,
    conference: Conference,
    kind: str,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    speaker: str = "",
) -> Item:
    refuse_unless(rules.may_run(actor, conference.branch))
    conference = _locked(conference)
    if conference.state == Conference.State.CLOSED:
        raise _refused(_("This conference is closed."), "conference_closed")
    texts = required(name_kk=name_kk, name_ru=name_ru)
    if kind not in Item.Kind.values:
        raise invalid("kind", _("Choose a kind from the list."), "invalid")
    number = (
        conference.items.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    item = Item.objects.create(
        conference=conference,
        number=number,
        kind=kind,
        name_kk=texts["name_kk"],
        name_ru=texts["name_ru"],
        name_en=name_en.strip(),
        speaker=speaker.strip(),
    )
    record_event(actor=actor, action="agenda.item_added", obj=conference, changes={"item": number})
    return item


# ---------------------------------------------------------------- the roll


@transaction.atomic
def add_delegate(
    *,
    actor: User,
    conference: Conference,
    person: Person,
    branch: Branch,
    elected_on: dt.date,
    protocol: str = "",
) -> Delegate:
    """A delegate elected by a sub-branch's meeting: an active member there, within the
    sub-branch's quota, once on the roll."""
    refuse_unless(rules.may_keep_delegates(actor, conference, branch))
    conference = _locked(conference)
    _refuse_unless_convened(conference)
    date_in_range("elected_on", elected_on)
    quota = Quota.objects.filter(conference=conference, branch=branch).first()
    if quota is None:
        raise invalid("branch", _("This branch has no delegate quota here."), "no_quota")
    if Delegate.objects.filter(conference=conference, branch=branch).count() >= quota.seats:
        raise invalid(
            "branch",
            _("The quota of %(seats)s delegates of this branch is filled.")
            % {"seats": quota.seats},
            "quota_filled",
        )
    member = Membership.objects.filter(
        person=person, status=Membership.Status.ACTIVE, branch__path__startswith=branch.path
    ).exists()
    if not member:
        raise invalid(
            "person", _("A delegate must be an active member of the branch."), "not_member"
        )
    with unique("person", _("This person is already a delegate of this conference.")):
        delegate = Delegate.objects.create(
            conference=conference,
            person=person,
            branch=branch,
            elected_on=elected_on,
            protocol=protocol.strip(),
        )
    record_event(
        actor=actor,
        action="delegate.added",
        obj=conference,
        changes={"delegate": delegate.pk, "branch": branch.code},
    )
    return delegate


@transaction.atomic
def remove_delegate(*, actor: User, delegate: Delegate, reason: str) -> None:
    conference = _locked(delegate.conference)
    refuse_unless(rules.may_keep_delegates(actor, conference, delegate.branch))
    _refuse_unless_convened(conference)
    texts = required(reason=reason)
    record_event(
        actor=actor,
        action="delegate.removed",
        obj=conference,
        changes={"delegate": delegate.pk},
        reason=texts["reason"],
    )
    delegate.delete()


def roll_rows(conference: Conference) -> list[list[Any]]:
    """The roll as the digest covers it: each delegate's seat, person and sending branch."""
    return [
        [pk, person_id, code, str(elected_on)]
        for pk, person_id, code, elected_on in Delegate.objects.filter(conference=conference)
        .order_by("pk")
        .values_list("pk", "person_id", "branch__code", "elected_on")
    ]


def roll_digest(conference: Conference) -> str:
    return hashlib.sha256(log.canonical(roll_rows(conference)).encode()).hexdigest()


@transaction.atomic
def freeze_roll(*, actor: User, conference: Conference) -> Conference:
    """No delegate is added or removed after this; the roll's SHA-256 is published and
    logged."""
    refuse_unless(rules.may_run(actor, conference.branch))
    conference = _locked(conference)
    _refuse_unless_convened(conference)
    count = conference.delegates.count()
    if count == 0:
        raise _refused(_("The roll has no delegates yet."), "empty_roll")
    conference.roll_digest = roll_digest(conference)
    conference.roll_frozen_at = timezone.now()
    conference.state = Conference.State.FROZEN
    conference.save(update_fields=["roll_digest", "roll_frozen_at", "state"])
    log.append(
        conference.code,
        "roll_frozen",
        {"delegates": count, "digest": conference.roll_digest},
    )
    record_event(
        actor=actor, action="conference.roll_frozen", obj=conference, changes={"delegates": count}
    )
    return conference


def _move(
    conference: Conference, *, actor: User, to: str, allowed_from: Sequence[str]
) -> Conference:
    refuse_unless(rules.may_run(actor, conference.branch))
    conference = _locked(conference)
    if conference.state not in allowed_from:
        raise _refused(_("This step is not open at this stage of the conference."), "wrong_state")
    conference.state = to
    stamp = {"open": "opened_at", "closed": "closed_at"}[to]
    setattr(conference, stamp, timezone.now())
    conference.save(update_fields=["state", stamp])
    log.append(conference.code, f"conference_{to}", {"state": to})
    record_event(actor=actor, action=f"conference.{to}", obj=conference)
    return conference


@transaction.atomic
def open_conference(*, actor: User, conference: Conference) -> Conference:
    return _move(conference, actor=actor, to="open", allowed_from=[Conference.State.FROZEN])


@transaction.atomic
def close_conference(*, actor: User, conference: Conference) -> Conference:
    if Poll.objects.filter(item__conference=conference, state=Poll.State.OPEN).exists():
        raise _refused(_("Close the open poll first."), "poll_open")
    return _move(conference, actor=actor, to="closed", allowed_from=[Conference.State.OPEN])


def quorum(conference: Conference) -> tuple[int, int, int, bool]:
    """(registered, elected, needed, met) now."""
    counts = conference.delegates.aggregate(
        roll=Count("pk"), registered=Count("pk", filter=~Q(attendance=Delegate.Attendance.ABSENT))
    )
    roll, registered = counts["roll"], counts["registered"]
    need = counting.quorum_needed(conference.quorum, roll)
    return registered, roll, need, counting.quorum_met(conference.quorum, registered, roll)


@transaction.atomic
def register(*, actor: User, delegate: Delegate, attendance: str) -> Delegate:
    """The secretary marks a delegate in the hall; a delegate registers themself online
    (where the conference allows it). A registered delegate may be marked again (moving from
    online to the hall) or back to absent by the secretary."""
    conference = _locked(delegate.conference)
    own = getattr(actor, "person_id", None) == delegate.person_id
    office = rules.may_run(actor, conference.branch)
    if attendance not in Delegate.Attendance.values:
        raise invalid("attendance", _("Choose from the list."), "invalid")
    if not office:
        refuse_unless(own and attendance == Delegate.Attendance.ONLINE)
        if not conference.online:
            raise _refused(_("This conference is held in the hall only."), "hall_only")
    if conference.state not in (Conference.State.FROZEN, Conference.State.OPEN):
        raise _refused(
            _("Registration is open from the frozen roll until the conference closes."),
            "wrong_state",
        )
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    delegate.attendance = attendance
    absent = attendance == Delegate.Attendance.ABSENT
    delegate.registered_at = None if absent else timezone.now()
    delegate.registered_by = None if absent else actor
    delegate.save(update_fields=["attendance", "registered_at", "registered_by"])
    log.append(conference.code, "registration", {"delegate": delegate.pk, "attendance": attendance})
    record_event(
        actor=actor,
        action="delegate.registered",
        obj=conference,
        changes={"delegate": delegate.pk, "attendance": attendance},
    )
    return delegate


# ---------------------------------------------------------------- polls


def chain_of(poll: Poll) -> str:
    return conference_of(poll).code if poll.item_id else campaign_of(poll).code


def _lock_owner(poll: Poll) -> Poll:
    """Locks the chain's owner row (so log entries are written one after another) and the
    poll; returns the poll as stored."""
    if poll.item_id:
        Conference.objects.select_for_update().filter(pk=conference_of(poll).pk).get()
    else:
        Campaign.objects.select_for_update().filter(pk=campaign_of(poll).pk).get()
    return (
        Poll.objects.select_for_update(of=("self",))
        .select_related("item__conference", "campaign")
        .get(pk=poll.pk)
    )


@transaction.atomic
def create_poll(
    *,
    actor: User,
    item: Item,
    kind: str,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    seats: int = 1,
    majority: str = "more_than_half",
    base: str = "voting",
    body_kind: str = "",
) -> Poll:
    """A poll on an agenda item. A motion (open or secret) gets its yes, no and abstain; an
    election gets its candidates by `nominate`."""
    conference = _locked(item.conference)
    refuse_unless(rules.may_run(actor, conference.branch))
    if conference.state == Conference.State.CLOSED:
        raise _refused(_("This conference is closed."), "conference_closed")
    texts = required(name_kk=name_kk, name_ru=name_ru)
    if kind not in Poll.Kind.values:
        raise invalid("kind", _("Choose a kind from the list."), "invalid")
    if majority not in ("more_than_half", "two_thirds"):
        raise invalid("majority", _("Choose a majority from the list."), "invalid")
    if base not in ("voting", "present", "elected"):
        raise invalid("base", _("Choose from the list."), "invalid")
    election = kind == Poll.Kind.ELECTION
    if election and not 1 <= seats <= 500:
        raise invalid("seats", _("Give a number from 1 to 500."), "invalid")
    if body_kind and (not election or body_kind not in Body.Kind.values):
        raise invalid("body_kind", _("Only an election fills a body's seats."), "invalid")
    poll = Poll.objects.create(
        item=item,
        kind=kind,
        name_kk=texts["name_kk"],
        name_ru=texts["name_ru"],
        name_en=name_en.strip(),
        seats=seats if election else 1,
        majority=majority,
        base=base,
        body_kind=body_kind if election else "",
    )
    if not election:
        Option.objects.bulk_create(
            Option(poll=poll, number=n, kind=k)
            for n, k in enumerate((Option.Kind.YES, Option.Kind.NO, Option.Kind.ABSTAIN), start=1)
        )
    log.append(conference.code, "poll_created", _poll_terms(poll))
    record_event(actor=actor, action="poll.created", obj=poll)
    return poll


def _poll_terms(poll: Poll) -> dict[str, Any]:
    return {
        "poll": poll.pk,
        "kind": poll.kind,
        "seats": poll.seats,
        "majority": poll.majority,
        "base": poll.base,
        "body": poll.body_kind,
    }


@transaction.atomic
def nominate(
    *,
    actor: User,
    poll: Poll,
    person: Person,
    consent_on: dt.date | None,
    nominated_by: str = "",
) -> Option:
    """A candidate in an election, on the ballot only with their consent."""
    poll = _lock_owner(poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if not poll.is_election:
        raise _refused(_("Only an election has candidates."), "not_election")
    if poll.state != Poll.State.CREATED:
        raise _refused(_("Candidates are nominated before the vote opens."), "wrong_state")
    if consent_on is None:
        raise invalid("consent_on", _("A candidate's consent is needed."), "no_consent")
    date_in_range("consent_on", consent_on)
    number = (poll.options.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    with unique("person", _("This person is already a candidate here.")):
        option = Option.objects.create(
            poll=poll,
            number=number,
            kind=Option.Kind.CANDIDATE,
            person=person,
            consent_on=consent_on,
            nominated_by=nominated_by.strip(),
        )
    record_event(actor=actor, action="poll.nominated", obj=poll, changes={"option": number})
    return option


@transaction.atomic
def withdraw(*, actor: User, option: Option) -> None:
    poll = _lock_owner(option.poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if poll.state != Poll.State.CREATED or option.kind != Option.Kind.CANDIDATE:
        raise _refused(_("A candidate withdraws before the vote opens."), "wrong_state")
    record_event(actor=actor, action="poll.withdrawn", obj=poll, changes={"option": option.number})
    option.delete()


def _ballot_lines(poll: Poll) -> list[tuple[int, str]]:
    return [(o.number, str(o)) for o in poll.options.select_related("person")]


@transaction.atomic
def open_poll(*, actor: User, poll: Poll) -> Poll:
    """The vote opens: at a conference in session with its quorum; an election with its
    candidates."""
    poll = _lock_owner(poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if poll.state != Poll.State.CREATED:
        raise _refused(_("This poll has already been opened."), "wrong_state")
    if poll.item_id:
        conference = conference_of(poll)
        if conference.state != Conference.State.OPEN:
            raise _refused(_("The conference is not in session."), "not_in_session")
        if not quorum(conference)[3]:
            raise _refused(_("There is no quorum."), "no_quorum")
        if Poll.objects.filter(item__conference=conference, state=Poll.State.OPEN).exists():
            raise _refused(_("Another poll is open; close it first."), "poll_open")
    if not poll.options.exists():
        raise _refused(_("An election needs its candidates."), "no_candidates")
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["state", "opened_at"])
    log.append(
        chain_of(poll),
        "poll_opened",
        {"poll": poll.pk, "options": [[n, label] for n, label in _ballot_lines(poll)]},
    )
    record_event(actor=actor, action="poll.opened", obj=poll)
    return poll


def receipt_of(poll_id: int, ballot_id: uuid.UUID, numbers: Iterable[int]) -> str:
    """The ballot's receipt: SHA-256 over the poll, the ballot's random id and its choices.
    Recomputing it from the stored ballot shows its choices were not changed."""
    text = f"{poll_id}:{ballot_id}:{','.join(str(n) for n in sorted(numbers))}"
    return hashlib.sha256(text.encode()).hexdigest()


def _voting_terms(poll_id: int) -> tuple[str, str, int, int | None, int | None]:
    """The poll's state, kind, seats, primaries and conference, read in one query — and on
    PostgreSQL held in share mode for the ballot's transaction: ballots of many voters go
    in side by side, while closing the poll (which locks it for update) waits for them and a
    ballot that comes after finds it closed. SQLite writes one transaction at a time."""
    lock = " FOR SHARE OF p" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.state, p.kind, p.seats, p.campaign_id, i.conference_id "
            f"FROM {Poll._meta.db_table} p LEFT JOIN {Item._meta.db_table} i "
            f"ON i.id = p.item_id WHERE p.id = %s{lock}",
            [poll_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Poll.DoesNotExist
    return row[0], row[1], row[2], row[3], row[4]


def _took_part(poll_id: int, person_id: int, channel: str) -> bool:
    """Writes that the person voted; False if they already had. The unique constraint on
    (poll, person) decides, also between two ballots of one voter sent at once."""
    table = Participation._meta.db_table
    pk = Participation._meta.pk.get_db_prep_value(uuid.uuid4(), connection)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (id, poll_id, person_id, channel) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (poll_id, person_id) DO NOTHING",
            [pk, poll_id, person_id, channel],
        )
        return cursor.rowcount == 1


@transaction.atomic
def cast(*, actor: User, poll: Poll, choices: Sequence[Option]) -> Ballot:
    """The voter's own ballot: who voted is written (once — the database refuses a second
    time), then the ballot with its choices and receipt, in five statements. A named vote is
    logged as it is cast, its conference locked first so its log entries go one at a time."""
    if not poll.secret:
        Conference.objects.select_for_update().filter(pk=conference_of(poll).pk).get()
    state, kind, seats, campaign_id, conference_id = _voting_terms(poll.pk)
    refused, attendance = rules.standing(
        actor, state=state, campaign_id=campaign_id, conference_id=conference_id
    )
    if refused == "closed":
        raise _refused(_("This poll is not open for voting."), "poll_not_open")
    if refused == "not_registered":
        raise _refused(_("Register for the conference first."), "not_registered")
    if refused:
        raise _refused(_("You are not entitled to vote in this poll."), "not_entitled")
    chosen = {o.number: o.pk for o in choices}
    if any(o.poll_id != poll.pk or o.pk is None for o in choices):
        raise invalid("choices", _("Choose from this poll's ballot."), "invalid")
    if kind == Poll.Kind.ELECTION:
        if len(chosen) > seats:
            raise invalid(
                "choices",
                _("Choose at most %(seats)s candidates.") % {"seats": seats},
                "too_many",
            )
    elif len(chosen) != 1:
        raise invalid("choices", _("Choose one answer."), "one_answer")
    person_id = actor.person_id
    assert person_id is not None, "standing lets only a person vote"
    hall = attendance == Delegate.Attendance.IN_PERSON
    channel = Participation.Channel.HALL if hall else Participation.Channel.ONLINE
    if not _took_part(poll.pk, person_id, channel):
        raise _refused(_("You have already voted in this poll."), "already_voted")
    numbers = sorted(chosen)
    ballot_id = uuid.uuid4()
    receipt = receipt_of(poll.pk, ballot_id, numbers)
    secret = kind != Poll.Kind.OPEN
    ballot = Ballot.objects.create(
        id=ballot_id, poll_id=poll.pk, voter_id=None if secret else person_id, receipt=receipt
    )
    through = Ballot.choices.through
    through.objects.bulk_create(
        through(ballot_id=ballot_id, option_id=pk) for pk in chosen.values()
    )
    if not secret:
        log.append(
            chain_of(poll),
            "ballot",
            {"poll": poll.pk, "receipt": receipt, "choices": numbers, "voter": person_id},
        )
    # No audit event names the voter of a secret ballot: the participation is the record.
    return ballot


def _entitled_people(poll: Poll) -> Any:
    if poll.item_id:
        return (
            Delegate.objects.filter(conference_id=conference_of(poll).pk)
            .exclude(attendance=Delegate.Attendance.ABSENT)
            .values_list("person_id", flat=True)
        )
    return Elector.objects.filter(campaign_id=campaign_of(poll).pk).values_list(
        "person_id", flat=True
    )


def _save_entitled(poll: Poll) -> tuple[int, str]:
    """Who may vote in the poll now, saved in the database by one INSERT … SELECT; their
    number and the SHA-256 of their sorted ids."""
    people = _entitled_people(poll)
    sql, params = people.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Entitled._meta.db_table} (poll_id, person_id) "
            f"SELECT %s, person_id FROM ({sql}) AS entitled",
            [poll.pk, *params],
        )
    saved = Entitled.objects.filter(poll=poll).order_by("person_id")
    return log.list_digest(saved.values_list("person_id", flat=True).iterator(chunk_size=20000))


def _roll_size(poll: Poll) -> int:
    if poll.item_id:
        return Delegate.objects.filter(conference_id=conference_of(poll).pk).count()
    return Elector.objects.filter(campaign_id=campaign_of(poll).pk).count()


def ballot_rows(poll: Poll) -> list[tuple[str, list[int]]]:
    """The poll's online ballots as (receipt, choices), in the order of their receipts: the
    published list a voter finds their receipt in."""
    rows: list[tuple[str, list[int]]] = []
    read = (
        Ballot.objects.filter(poll=poll)
        .order_by("receipt")
        .values_list("receipt", "choices__number")
        .iterator(chunk_size=20000)
    )
    for receipt, number in read:
        if not rows or rows[-1][0] != receipt:
            rows.append((receipt, []))
        if number is not None:
            rows[-1][1].append(number)
    for _receipt, numbers in rows:
        numbers.sort()
    # The database's collation may order the hexadecimal receipts its own way.
    rows.sort()
    return rows


@transaction.atomic
def close_poll(*, actor: User, poll: Poll) -> Poll:
    """The vote closes: who was entitled is saved, the secret ballots go into the log in the
    order of their receipts, and the result is computed."""
    poll = _lock_owner(poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if poll.state != Poll.State.OPEN:
        raise _refused(_("This poll is not open."), "wrong_state")
    poll.state = Poll.State.CLOSED
    poll.closed_at = timezone.now()
    poll.save(update_fields=["state", "closed_at"])
    entitled, entitled_digest = _save_entitled(poll)
    chain = chain_of(poll)
    if poll.secret:
        log.append_many(
            chain,
            "ballot",
            ({"poll": poll.pk, "receipt": r, "choices": c} for r, c in ballot_rows(poll)),
        )
    log.append(
        chain,
        "poll_closed",
        {"poll": poll.pk, "entitled": entitled, "entitled_digest": entitled_digest},
    )
    _compute(poll)
    record_event(actor=actor, action="poll.closed", obj=poll, changes={"entitled": entitled})
    return poll


def tally(poll: Poll) -> dict[int, int]:
    """Votes per option number: the online ballots plus the paper count."""
    online = dict(
        Ballot.choices.through.objects.filter(ballot__poll=poll)
        .values("option__number")
        .annotate(votes=Count("pk"))
        .values_list("option__number", "votes")  # type: ignore[misc]
    )
    return {
        number: online.get(number, 0) + paper
        for number, paper in poll.options.values_list("number", "paper_votes")
    }


def _compute(poll: Poll) -> Result:
    votes = tally(poll)
    kinds = dict(poll.options.values_list("number", "kind"))
    online = poll.ballots.count()
    valid = online + poll.paper_valid
    entitled = poll.entitled.count()
    roll = _roll_size(poll)
    decision = counting.decide(
        kind=poll.kind,
        seats=poll.seats,
        majority=poll.majority,
        base=poll.base,
        votes=votes,
        kinds=kinds,
        valid=valid,
        present=entitled,
        roll=roll,
    )
    for option in poll.options.all():
        option.votes = votes.get(option.number, 0)
        option.passed = decision.passed.get(option.number)
        option.save(update_fields=["votes", "passed"])
    result, _created = Result.objects.update_or_create(
        poll=poll,
        defaults={
            "entitled": entitled,
            "roll": roll,
            "voted": valid + poll.paper_invalid,
            "valid": valid,
            "invalid": poll.paper_invalid,
            "base": decision.base,
            "needed": decision.needed,
            "outcome": decision.outcome,
            "tied": decision.tied,
        },
    )
    log.append(chain_of(poll), "poll_result", result_payload(poll, result, votes))
    return result


def result_payload(poll: Poll, result: Result, votes: Mapping[int, int]) -> dict[str, Any]:
    return {
        "poll": poll.pk,
        "source": poll.source,
        "entitled": result.entitled,
        "voted": result.voted,
        "valid": result.valid,
        "invalid": result.invalid,
        "base": result.base,
        "needed": result.needed,
        "outcome": result.outcome,
        "votes": [[n, votes[n]] for n in sorted(votes)],
    }


@transaction.atomic
def enter_paper_count(
    *,
    actor: User,
    poll: Poll,
    votes: Mapping[int, int],
    valid: int,
    invalid_ballots: int,
    protocol: UploadedFile,
) -> Result:
    """The counting commission's count of the paper ballots, with its signed protocol: the
    votes per option, the valid and invalid ballots. Added to the online ballots (if any);
    the result is computed again and marked as counted on paper."""
    poll = _lock_owner(poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if poll.state != Poll.State.CLOSED:
        raise _refused(_("A paper count is entered once the vote has closed."), "wrong_state")
    if poll.entered_by_id is not None:
        raise _refused(_("This poll's paper count has already been entered."), "already_entered")
    if protocol is None:
        raise invalid("protocol", _("Attach the counting commission's protocol."), "required")
    numbers = set(poll.options.values_list("number", flat=True))
    if (
        set(votes) - numbers
        or any(v < 0 for v in votes.values())
        or valid < 0
        or invalid_ballots < 0
    ):
        raise invalid(
            "votes", _("Give a number of 0 or more for each line of the ballot."), "invalid"
        )
    most = valid * (poll.seats if poll.is_election else 1)
    cast_votes = sum(votes.values())
    if (poll.is_election and cast_votes > most) or (not poll.is_election and cast_votes != valid):
        raise invalid(
            "votes",
            _("The votes do not add up to the valid ballots."),
            "does_not_add_up",
        )
    online = poll.ballots.count()
    entitled = poll.entitled.count()
    if online + valid + invalid_ballots > entitled:
        raise invalid(
            "valid",
            _("More ballots than the %(entitled)s voters entitled to vote.")
            % {"entitled": entitled},
            "more_than_entitled",
        )
    name, digest = named_digest(protocol)
    poll.protocol.save(name, protocol, save=False)
    poll.protocol_digest = digest
    poll.paper_valid = valid
    poll.paper_invalid = invalid_ballots
    poll.source = Poll.Source.MIXED if online else Poll.Source.PAPER
    poll.entered_by = actor
    poll.save(
        update_fields=[
            "protocol",
            "protocol_digest",
            "paper_valid",
            "paper_invalid",
            "source",
            "entered_by",
        ]
    )
    for option in poll.options.all():
        option.paper_votes = votes.get(option.number, 0)
        option.save(update_fields=["paper_votes"])
    log.append(
        chain_of(poll),
        "paper_count",
        {
            "poll": poll.pk,
            "protocol_digest": digest,
            "valid": valid,
            "invalid": invalid_ballots,
            "votes": [[n, votes.get(n, 0)] for n in sorted(numbers)],
        },
    )
    result = _compute(poll)
    record_event(actor=actor, action="poll.paper_count", obj=poll, changes={"valid": valid})
    return result


@transaction.atomic
def certify(*, actor: User, poll: Poll) -> Poll:
    """The result stands. An election of a body gives the body its new composition from the
    conference's day: its seats are the poll's, its current posts end the day before, and the
    elected take their seats."""
    poll = _lock_owner(poll)
    refuse_unless(rules.may_run(actor, rules.owner_branch(poll)))
    if poll.state != Poll.State.CLOSED:
        raise _refused(_("Only a closed poll is certified."), "wrong_state")
    if not rules.may_certify(actor, poll):
        raise _refused(
            _("The count is certified by someone other than who entered it."), "four_eyes"
        )
    poll.state = Poll.State.CERTIFIED
    poll.certified_at = timezone.now()
    poll.certified_by = actor
    poll.save(update_fields=["state", "certified_at", "certified_by"])
    log.append(chain_of(poll), "poll_certified", {"poll": poll.pk})
    if poll.body_kind and poll.item_id:
        _seat_the_elected(actor, poll)
    record_event(actor=actor, action="poll.certified", obj=poll)
    return poll


def _seat_the_elected(actor: User, poll: Poll) -> None:
    conference = conference_of(poll)
    on = conference.held_on
    body, _created = Body.objects.get_or_create(
        branch=conference.branch, kind=poll.body_kind, defaults={"seats": poll.seats}
    )
    if body.seats != poll.seats:
        body.seats = poll.seats
        body.save(update_fields=["seats"])
    for post in Post.objects.filter(body=body).current(on):
        org_actions.end_post(
            actor=actor,
            post=post,
            on=max(post.started_on, on - dt.timedelta(days=1)),
            reason=_("A new composition was elected."),
        )
    for option in poll.options.filter(passed=True).select_related("person"):
        assert option.person is not None
        org_actions.appoint_to_body(
            actor=actor,
            body=body,
            person=option.person,
            position=Post.Position.MEMBER,
            started_on=on,
        )


# ---------------------------------------------------------------- minutes


@transaction.atomic
def draft_minutes(*, actor: User, conference: Conference) -> Minutes:
    """The minutes drafted (again) from the agenda, the attendance, the votes and the
    decisions, in Kazakh and Russian; refused once signed."""
    from esep.assemblies.minutes import draft

    refuse_unless(rules.may_run(actor, conference.branch))
    conference = _locked(conference)
    if conference.state == Conference.State.CONVENED:
        raise _refused(_("Minutes are kept once the conference has met."), "wrong_state")
    current = Minutes.objects.filter(conference=conference).first()
    if current is not None and current.signed_at is not None:
        raise _refused(_("The minutes are signed."), "signed")
    minutes, _created = Minutes.objects.update_or_create(
        conference=conference,
        defaults={
            "text_kk": draft(conference, "kk"),
            "text_ru": draft(conference, "ru"),
            "edited_by": actor,
        },
    )
    record_event(actor=actor, action="minutes.drafted", obj=conference)
    return minutes


@transaction.atomic
def edit_minutes(*, actor: User, minutes: Minutes, text_kk: str, text_ru: str) -> Minutes:
    refuse_unless(rules.may_run(actor, minutes.conference.branch))
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.signed_at is not None:
        raise _refused(_("The minutes are signed."), "signed")
    texts = required(text_kk=text_kk, text_ru=text_ru)
    minutes.text_kk, minutes.text_ru, minutes.edited_by = texts["text_kk"], texts["text_ru"], actor
    minutes.save(update_fields=["text_kk", "text_ru", "edited_by"])
    record_event(actor=actor, action="minutes.edited", obj=minutes.conference)
    return minutes


def minutes_digest(minutes: Minutes) -> str:
    return hashlib.sha256(log.canonical([minutes.text_kk, minutes.text_ru]).encode()).hexdigest()


@transaction.atomic
def sign_minutes(*, actor: User, minutes: Minutes) -> Minutes:
    refuse_unless(rules.may_run(actor, minutes.conference.branch))
    conference = _locked(minutes.conference)
    minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
    if minutes.signed_at is not None:
        raise _refused(_("The minutes are signed."), "signed")
    if conference.state != Conference.State.CLOSED:
        raise _refused(_("The minutes are signed once the conference has closed."), "not_closed")
    minutes.digest = minutes_digest(minutes)
    minutes.signed_at = timezone.now()
    minutes.signed_by = actor
    minutes.save(update_fields=["digest", "signed_at", "signed_by"])
    log.append(conference.code, "minutes_signed", {"digest": minutes.digest})
    record_event(actor=actor, action="minutes.signed", obj=conference)
    return minutes


# ---------------------------------------------------------------- primaries


@transaction.atomic
def open_campaign(
    *,
    actor: User,
    branch: Branch,
    code: str,
    body: RepresentativeBody,
    nominations_close_on: dt.date,
    vote_on: dt.date,
    places: int,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    previous: Convocation | None = None,
    young_share: Decimal = Decimal(20),
    women_share: Decimal | None = None,
) -> Campaign:
    refuse_unless(rules.may_run(actor, branch))
    texts = required(code=code, name_kk=name_kk, name_ru=name_ru)
    date_in_range("nominations_close_on", nominations_close_on)
    date_in_range("vote_on", vote_on)
    if vote_on < nominations_close_on:
        raise invalid("vote_on", _("The vote comes after the nominations close."), "invalid")
    if not 1 <= places <= 1000:
        raise invalid("places", _("Give a number from 1 to 1,000."), "invalid")
    for field, share in (("young_share", young_share), ("women_share", women_share)):
        if share is not None and not Decimal(0) <= Decimal(share) <= Decimal(100):
            raise invalid(field, _("Give a share from 0 to 100."), "invalid")
    if previous is not None and previous.body_id != body.pk:
        raise invalid("previous", _("Choose a convocation of the same body."), "invalid")
    with unique("code", _("Primaries with this code already exist.")):
        campaign = Campaign.objects.create(
            code=texts["code"],
            branch=branch,
            body=body,
            previous=previous,
            nominations_close_on=nominations_close_on,
            vote_on=vote_on,
            places=places,
            young_share=young_share,
            women_share=women_share,
            name_kk=texts["name_kk"],
            name_ru=texts["name_ru"],
            name_en=name_en.strip(),
        )
    log.append(campaign.code, "primaries_opened", {"places": places, "vote_on": str(vote_on)})
    record_event(actor=actor, action="primaries.opened", obj=campaign)
    return campaign


@transaction.atomic
def nominate_candidate(
    *,
    actor: User,
    campaign: Campaign,
    person: Person,
    nominated_on: dt.date,
    nominated_by: Branch | None = None,
    consent_on: dt.date | None = None,
    documents: UploadedFile | None = None,
) -> Candidate:
    refuse_unless(rules.may_run_campaign(actor, campaign))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != Campaign.State.NOMINATION:
        raise _refused(_("Nominations are closed."), "nominations_closed")
    date_in_range("nominated_on", nominated_on)
    if nominated_on > campaign.nominations_close_on:
        raise invalid("nominated_on", _("Nominations had closed by that day."), "too_late")
    with unique("person", _("This person is already a candidate in these primaries.")):
        candidate = Candidate.objects.create(
            campaign=campaign,
            person=person,
            nominated_on=nominated_on,
            nominated_by=nominated_by,
            consent_on=consent_on,
        )
    if documents is not None:
        name, digest = named_digest(documents)
        candidate.documents.save(name, documents, save=False)
        candidate.documents_digest = digest
        candidate.save(update_fields=["documents", "documents_digest"])
    record_event(
        actor=actor, action="primaries.nominated", obj=campaign, changes={"candidate": candidate.pk}
    )
    return candidate


@transaction.atomic
def complete_candidate(
    *,
    actor: User,
    candidate: Candidate,
    consent_on: dt.date | None = None,
    documents: UploadedFile | None = None,
) -> Candidate:
    """What a nomination lacked, brought later: the candidate's consent, their documents
    (a new file replaces the one kept, with its SHA-256)."""
    refuse_unless(rules.may_run_campaign(actor, candidate.campaign))
    candidate = (
        Candidate.objects.select_for_update().select_related("campaign").get(pk=candidate.pk)
    )
    if (
        candidate.campaign.state != Campaign.State.NOMINATION
        or candidate.state != Candidate.State.NOMINATED
    ):
        raise _refused(_("This candidate cannot be changed now."), "wrong_state")
    if consent_on is None and documents is None:
        raise invalid("consent_on", _("Give the consent's date or the documents."), "required")
    changed = []
    if consent_on is not None:
        date_in_range("consent_on", consent_on)
        candidate.consent_on = consent_on
        changed.append("consent_on")
    if documents is not None:
        name, digest = named_digest(documents)
        candidate.documents.save(name, documents, save=False)
        candidate.documents_digest = digest
        changed += ["documents", "documents_digest"]
    candidate.save(update_fields=changed)
    record_event(
        actor=actor,
        action="primaries.completed",
        obj=candidate.campaign,
        changes={"candidate": candidate.pk, "fields": changed},
    )
    return candidate


# A candidate for a maslikhat is 20 or older on the vote's day, for the Mazhilis 25.
MINIMUM_AGE = {"mazhilis": 25}
DEFAULT_MINIMUM_AGE = 20


# What registration checks, as the office reads it.
CHECKS = {
    "consent": gettext_lazy("consent given"),
    "documents": gettext_lazy("documents submitted"),
    "age": gettext_lazy("old enough on the vote's day"),
    "member": gettext_lazy("an active party member"),
}


def candidate_checks(candidate: Candidate) -> dict[str, bool]:
    """What registration checks: consent, documents, age on the vote's day, and active
    membership of the party (the party's primaries are open to its members)."""
    campaign = candidate.campaign
    birth = candidate.person.birth_date
    minimum = MINIMUM_AGE.get(campaign.body.level, DEFAULT_MINIMUM_AGE)
    old_enough = birth is not None and age_on(birth, campaign.vote_on) >= minimum
    member = Membership.objects.filter(
        person_id=candidate.person_id, status=Membership.Status.ACTIVE
    ).exists()
    return {
        "consent": candidate.consent_on is not None,
        "documents": bool(candidate.documents_digest),
        "age": old_enough,
        "member": member,
    }


def age_on(birth: dt.date, day: dt.date) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


@transaction.atomic
def register_candidate(*, actor: User, candidate: Candidate) -> Candidate:
    refuse_unless(rules.may_run_campaign(actor, candidate.campaign))
    candidate = (
        Candidate.objects.select_for_update()
        .select_related("campaign__body", "person")
        .get(pk=candidate.pk)
    )
    if (
        candidate.campaign.state != Campaign.State.NOMINATION
        or candidate.state != Candidate.State.NOMINATED
    ):
        raise _refused(_("This candidate cannot be registered now."), "wrong_state")
    checks = candidate_checks(candidate)
    candidate.checks = checks
    failed = [name for name, ok in checks.items() if not ok]
    if failed:
        raise ValidationError(
            _("Registration needs every check to pass: %(failed)s.")
            % {"failed": ", ".join(str(CHECKS[name]) for name in failed)},
            code="checks_failed",
        )
    candidate.state = Candidate.State.REGISTERED
    candidate.decided_by = actor
    candidate.save(update_fields=["checks", "state", "decided_by"])
    record_event(
        actor=actor,
        action="primaries.registered",
        obj=candidate.campaign,
        changes={"candidate": candidate.pk},
    )
    return candidate


@transaction.atomic
def refuse_candidate(*, actor: User, candidate: Candidate, reason: str) -> Candidate:
    refuse_unless(rules.may_run_campaign(actor, candidate.campaign))
    texts = required(reason=reason)
    if (
        candidate.campaign.state != Campaign.State.NOMINATION
        or candidate.state != Candidate.State.NOMINATED
    ):
        raise _refused(_("This candidate cannot be refused now."), "wrong_state")
    candidate.state = Candidate.State.REFUSED
    candidate.reason = texts["reason"]
    candidate.decided_by = actor
    candidate.save(update_fields=["state", "reason", "decided_by"])
    record_event(
        actor=actor,
        action="primaries.refused",
        obj=candidate.campaign,
        changes={"candidate": candidate.pk},
        reason=texts["reason"],
    )
    return candidate


@transaction.atomic
def add_debate(
    *,
    actor: User,
    campaign: Campaign,
    held_on: dt.date,
    place: str,
    candidates: Sequence[Candidate],
    name_kk: str,
    name_ru: str,
    name_en: str = "",
) -> Debate:
    refuse_unless(rules.may_run_campaign(actor, campaign))
    texts = required(place=place, name_kk=name_kk, name_ru=name_ru)
    date_in_range("held_on", held_on)
    ids = {c.pk for c in candidates}
    registered = campaign.candidates.filter(pk__in=ids, state=Candidate.State.REGISTERED)
    if registered.count() != len(ids):
        raise invalid(
            "candidates", _("Choose registered candidates of these primaries."), "invalid"
        )
    debate = Debate.objects.create(
        campaign=campaign,
        held_on=held_on,
        place=texts["place"],
        name_kk=texts["name_kk"],
        name_ru=texts["name_ru"],
        name_en=name_en.strip(),
    )
    debate.candidates.set(registered)
    record_event(actor=actor, action="primaries.debate", obj=campaign)
    return debate


def electors_of(campaign: Campaign) -> Any:
    """Who votes: the active members of the branch's subtree."""
    return Membership.objects.filter(
        status=Membership.Status.ACTIVE, branch__path__startswith=campaign.branch.path
    ).values_list("person_id", flat=True)


def _freeze_electors(campaign: Campaign) -> tuple[int, str]:
    """The electors' roll written by one INSERT … SELECT in the database; their number and
    the SHA-256 of their sorted ids."""
    sql, params = electors_of(campaign).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {Elector._meta.db_table} (campaign_id, person_id) "
            f"SELECT %s, person_id FROM ({sql}) AS electors",
            [campaign.pk, *params],
        )
    frozen = Elector.objects.filter(campaign=campaign).order_by("person_id")
    return log.list_digest(frozen.values_list("person_id", flat=True).iterator(chunk_size=20000))


@transaction.atomic
def start_vote(*, actor: User, campaign: Campaign, choices: int = 1) -> Poll:
    """Nominations close: the roll of electors is frozen (with its SHA-256 logged), the
    registered candidates make the ballot in alphabetical order, and the vote opens."""
    refuse_unless(rules.may_run_campaign(actor, campaign))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.state != Campaign.State.NOMINATION:
        raise _refused(_("The vote has already started."), "wrong_state")
    registered = list(
        campaign.candidates.filter(state=Candidate.State.REGISTERED).select_related("person")
    )
    if not registered:
        raise _refused(_("No candidate is registered."), "no_candidates")
    if not 1 <= choices <= len(registered):
        raise invalid("choices", _("Give a number from 1 to the number of candidates."), "invalid")
    electors, campaign.roll_digest = _freeze_electors(campaign)
    campaign.state = Campaign.State.VOTING
    campaign.save(update_fields=["roll_digest", "state"])
    log.append(campaign.code, "roll_frozen", {"electors": electors, "digest": campaign.roll_digest})
    poll = Poll.objects.create(
        campaign=campaign,
        kind=Poll.Kind.ELECTION,
        name_kk=campaign.name_kk,
        name_ru=campaign.name_ru,
        name_en=campaign.name_en,
        seats=choices,
        majority="plurality",
        base="voting",
    )
    Option.objects.bulk_create(
        Option(
            poll=poll,
            number=n,
            kind=Option.Kind.CANDIDATE,
            person=c.person,
            consent_on=c.consent_on,
            nominated_by=c.nominated_by.name if c.nominated_by is not None else "",
        )
        for n, c in enumerate(
            sorted(registered, key=lambda c: (c.person.surname, c.person.given_name, c.pk)), start=1
        )
    )
    log.append(campaign.code, "poll_created", _poll_terms(poll))
    poll.state = Poll.State.OPEN
    poll.opened_at = timezone.now()
    poll.save(update_fields=["state", "opened_at"])
    log.append(
        campaign.code,
        "poll_opened",
        {"poll": poll.pk, "options": [[n, label] for n, label in _ballot_lines(poll)]},
    )
    record_event(
        actor=actor,
        action="primaries.vote_started",
        obj=campaign,
        changes={"electors": electors},
    )
    return poll


@transaction.atomic
def close_vote(*, actor: User, campaign: Campaign) -> Poll:
    poll = close_poll(actor=actor, poll=campaign.poll)
    Campaign.objects.filter(pk=campaign.pk).update(state=Campaign.State.COUNTED)
    return poll


def list_entries(campaign: Campaign, people: Sequence[int]) -> list[counting.Entry]:
    """Each candidate (person id) for the list rules: young (under ESEP_YOUNG_AGE on the
    vote's day), a woman, new (no mandate of the party in the previous convocation)."""
    from django.conf import settings

    holders = set()
    if campaign.previous_id is not None:
        holders = set(
            Mandate.objects.filter(
                convocation_id=campaign.previous_id, party__is_own=True
            ).values_list("person_id", flat=True)
        )
    found = {p.pk: p for p in Person.objects.filter(pk__in=people)}
    return [
        counting.Entry(
            young=found[p].birth_date is not None
            and age_on(found[p].birth_date, campaign.vote_on) < settings.ESEP_YOUNG_AGE,
            woman=found[p].sex == Person.Sex.FEMALE,
            new=p not in holders,
        )
        for p in people
    ]


def check_campaign_list(campaign: Campaign, people: Sequence[int]) -> counting.ListCheck:
    return counting.check_list(
        list_entries(campaign, people), campaign.young_share, campaign.women_share
    )


@transaction.atomic
def form_list(*, actor: User, campaign: Campaign) -> counting.ListCheck:
    """The list: the registered candidates by their votes, most first, up to the places. The
    list rules are checked and shown; a list that breaks them is formed all the same, and
    says so — the party's council decides what to do with it."""
    refuse_unless(rules.may_run_campaign(actor, campaign))
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    poll = campaign.poll
    if campaign.state != Campaign.State.COUNTED or poll.state != Poll.State.CERTIFIED:
        raise _refused(_("The list is formed from a certified vote."), "wrong_state")
    person_of = {o.number: o.person_id for o in poll.options.all() if o.person_id is not None}
    votes = {o.number: o.votes or 0 for o in poll.options.all()}
    order = counting.ranking(votes, list(person_of))[: campaign.places]
    candidates = dict(campaign.candidates.values_list("person_id", "pk"))
    Place.objects.bulk_create(
        Place(campaign=campaign, number=i, candidate_id=candidates[person_of[n]], votes=votes[n])
        for i, n in enumerate(order, start=1)
    )
    check = check_campaign_list(campaign, [person_of[n] for n in order])
    campaign.state = Campaign.State.LISTED
    campaign.save(update_fields=["state"])
    log.append(
        campaign.code,
        "list_formed",
        {
            "places": [[i, votes[n]] for i, n in enumerate(order, start=1)],
            "young": check.young,
            "women": check.women,
            "new": check.new,
            "rules_kept": check.ok,
        },
    )
    record_event(
        actor=actor, action="primaries.list_formed", obj=campaign, changes={"places": len(order)}
    )
    return check
