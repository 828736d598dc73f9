"""Citizens' proposals to the programme: sent online or brought to staff (at a reception, a
meeting with voters, by letter), and the branch's decision on each — included into a promise
or a section of the programme, merged with another proposal, or not included with a reason.

Each use case is keyword-only and atomic, validates what it is given (messages in the
user's language) and writes an audit event. A decision is taken, and may be taken again, by
those who manage the programme in the proposal's branch; the event keeps what it was before.

A merged proposal has no decision of its own: it follows the one it was merged with
(`final`), so when that one is included or not, so is it — on the staff's page and on the
citizen's tracking page alike."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.actions import serving_branch
from esep.appeals.models import Category
from esep.audit.log import record_event
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory
from esep.programme.models import (
    Programme,
    Promise,
    Proposal,
    ProposalCounter,
    Section,
)
from esep.programme.plans.rules import may_manage
from esep.receptions.models import Reception
from esep.receptions.models import Status as ReceptionStatus

if TYPE_CHECKING:
    from esep.access.models import User

Channel = Proposal.Channel
Decision = Proposal.Decision

MAX_TEXT = 5000
# Proposals merged one into another form chains; none is longer than this in practice, and
# a longer one (a corrupted row) stops being followed rather than looping.
MAX_CHAIN = 50


def next_number(year: int) -> str:
    """PR-2021-000123: readable, unique, per year. Must run in a transaction: the counter
    row is locked until it commits, so two registrations never share a number."""
    ProposalCounter.objects.get_or_create(year=year)
    counter = ProposalCounter.objects.select_for_update().get(year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"PR-{year}-{counter.last:06d}"


def local_today(territory: Territory) -> dt.date:
    return timezone.localdate(timezone=zoneinfo.ZoneInfo(territory.time_zone))


def final(proposal: Proposal) -> Proposal:
    """The proposal whose decision this one follows: itself unless merged, else the end of
    the chain it was merged along."""
    seen = {proposal.pk}
    current = proposal
    while current.merged_into_id is not None and len(seen) <= MAX_CHAIN:
        current = Proposal.objects.select_related("promise__section", "section", "merged_into").get(
            pk=current.merged_into_id
        )
        if current.pk in seen:
            break
        seen.add(current.pk)
    return current


# ---------------------------------------------------------------- who sent it


def _author(
    *,
    actor: User | None,
    surname: str,
    given_name: str,
    phone: str,
    email: str,
    consent: bool,
) -> dict[str, object]:
    """The proposal's own copy of who sent it. Nothing is required; a name or a contact is
    recorded only with the consent to process personal data. With a phone or an e-mail the
    person is found in the register (by phone and names) or recorded, so that showing their
    contacts unmasked is logged against them; a name alone stays on the proposal."""
    surname, given_name = " ".join(surname.split()), " ".join(given_name.split())
    phone, email = phone.strip(), email.strip()
    if not (surname or given_name or phone or email):
        return {}
    if not consent:
        raise ValidationError(
            {"consent": _("Without your consent we cannot record your name or contacts.")},
            code="no_consent",
        )
    name = " ".join(part for part in (surname, given_name) if part)
    if not (phone or email):
        return {"author_name": name}
    if not (surname and given_name):
        raise ValidationError(
            {
                "surname" if not surname else "given_name": _(
                    "Give your surname and name with your contacts, so we know whose they are."
                )
            },
            code="contacts_without_name",
        )
    # Validated and normalised as any record of a person is (the phone's form, the e-mail).
    given: Person = given_person(phone=phone, surname=surname, given_name=given_name, email=email)
    submitter = identify(actor=actor, given=given)
    return {
        "submitter": submitter,
        "author_name": name,
        "contact_phone": given.phone,
        "contact_email": given.email,
    }


def _check_text(text: str) -> str:
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("The proposal has no text.")}, code="empty_text")
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("A proposal is up to 5,000 characters.")}, code="text_too_long"
        )
    return text


def _check_programme(programme: Programme, branch: Branch) -> None:
    """A proposal goes to a programme of its branch or of a branch above it."""
    if not branch.path.startswith(programme.branch.path):
        raise ValidationError(
            {"programme": _("This programme does not take proposals from this branch.")},
            code="programme_elsewhere",
        )


def _create(
    *,
    actor: User | None,
    action: str,
    programme: Programme,
    channel: str,
    text: str,
    language: str,
    territory: Territory,
    branch: Branch,
    category: Category | None,
    received_on: dt.date,
    reception: Reception | None,
    author: dict[str, object],
) -> Proposal:
    proposal = Proposal.objects.create(
        number=next_number(received_on.year),
        programme=programme,
        text=text,
        language=language,
        channel=channel,
        category=category,
        territory=territory,
        branch=branch,
        reception=reception,
        received_on=received_on,
        created_by=actor if getattr(actor, "pk", None) else None,
        **author,
    )
    record_event(
        actor=actor,
        action=action,
        obj=proposal,
        changes={
            "channel": channel,
            "branch": branch.code,
            "territory": territory.kato,
            "programme": programme.code,
            "reception": reception.pk if reception else None,
        },
    )
    return proposal


# ---------------------------------------------------------------- intake


@transaction.atomic
def submit_proposal(
    *,
    programme: Programme,
    text: str,
    language: str,
    territory: Territory,
    category: Category | None = None,
    surname: str = "",
    given_name: str = "",
    phone: str = "",
    email: str = "",
    consent: bool = False,
    received_on: dt.date | None = None,
) -> Proposal:
    """A proposal a citizen sends on the public site: the branch serving the place takes
    it; a name and contacts are optional, and kept only with the citizen's consent. It is
    dated today where the citizen is, unless it is the record of one sent earlier (a
    collection moved from another system), which keeps the day it came."""
    text = _check_text(text)
    branch = serving_branch(territory)
    _check_programme(programme, branch)
    author = _author(
        actor=None,
        surname=surname,
        given_name=given_name,
        phone=phone,
        email=email,
        consent=consent,
    )
    return _create(
        actor=None,
        action="proposal.submitted",
        programme=programme,
        channel=Channel.ONLINE,
        text=text,
        language=language,
        territory=territory,
        branch=branch,
        category=category,
        received_on=_received_on(received_on, territory),
        reception=None,
        author=author,
    )


def _received_on(day: dt.date | None, territory: Territory) -> dt.date:
    """The day a proposal came: today where it was sent unless given; never in the future
    and not before the first programme could be (1991)."""
    today = local_today(territory)
    if day is None:
        return today
    if day > today:
        message = _("The date it was received cannot be in the future.")
        raise ValidationError({"received_on": ValidationError(message, code="future")})
    if day < dt.date(1991, 1, 1):
        message = _("Give a date between %(first)s and %(last)s.") % {
            "first": "1991-01-01",
            "last": today.isoformat(),
        }
        raise ValidationError({"received_on": ValidationError(message, code="out_of_range")})
    return day


@transaction.atomic
def register_proposal(
    *,
    actor: User,
    programme: Programme,
    channel: str,
    text: str,
    language: str,
    territory: Territory,
    branch: Branch | None = None,
    reception: Reception | None = None,
    category: Category | None = None,
    received_on: dt.date | None = None,
    surname: str = "",
    given_name: str = "",
    phone: str = "",
    email: str = "",
    consent: bool = False,
) -> Proposal:
    """A proposal brought to staff: at a reception (held; the proposal belongs to its branch
    and is dated by its day unless another is given), at a meeting with voters or by letter
    (for the branch given)."""
    text = _check_text(text)
    if channel not in Channel.values or channel == Channel.ONLINE:
        raise ValidationError(
            {
                "channel": _(
                    "Proposals brought to staff come at a reception, a meeting or by letter."
                )
            },
            code="bad_channel",
        )
    if channel == Channel.RECEPTION:
        if reception is None:
            raise ValidationError(
                {"reception": _("Choose the reception the proposal was taken at.")},
                code="no_reception",
            )
        # Read afresh: a reception not (or no longer) held takes no proposals.
        reception = Reception.objects.select_related("branch").get(pk=reception.pk)
        if reception.status != ReceptionStatus.HELD:
            raise ValidationError(
                {"reception": _("Proposals are registered only at a reception that was held.")},
                code="reception_not_held",
            )
        branch = reception.branch
        received_on = received_on or reception.day
    else:
        reception = None
    if branch is None:
        raise ValidationError({"branch": _("Choose the branch.")}, code="no_branch")
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date it was received.")}, code="no_date")
    if received_on > local_today(branch.territory):
        raise ValidationError(
            {"received_on": _("The date it was received cannot be in the future.")},
            code="future",
        )
    _check_programme(programme, branch)
    author = _author(
        actor=actor,
        surname=surname,
        given_name=given_name,
        phone=phone,
        email=email,
        consent=consent,
    )
    return _create(
        actor=actor,
        action="proposal.registered",
        programme=programme,
        channel=channel,
        text=text,
        language=language,
        territory=territory,
        branch=branch,
        category=category,
        received_on=received_on,
        reception=reception,
        author=author,
    )


# ---------------------------------------------------------------- decisions


def _locked(actor: User, proposal: Proposal) -> Proposal:
    current = (
        Proposal.objects.select_for_update(of=("self",)).select_related("branch__territory")
    ).get(pk=proposal.pk)
    if not may_manage(actor, current.branch):
        raise PermissionDenied(_("Only the branch's programme office decides on proposals."))
    return current


def _decide(
    actor: User,
    proposal: Proposal,
    *,
    decision: str,
    reason: str,
    promise: Promise | None = None,
    section: Section | None = None,
    merged_into: Proposal | None = None,
) -> Proposal:
    before = {
        "decision": proposal.decision,
        "promise": proposal.promise_id,
        "section": proposal.section_id,
        "merged_into": proposal.merged_into_id,
    }
    proposal.decision = decision
    proposal.decision_reason = reason
    proposal.promise = promise
    proposal.section = section
    proposal.merged_into = merged_into
    proposal.decided_by = actor
    proposal.decided_on = local_today(proposal.branch.territory)
    proposal.save(
        update_fields=[
            "decision",
            "decision_reason",
            "promise",
            "section",
            "merged_into",
            "decided_by",
            "decided_on",
        ]
    )
    after = {
        "decision": decision,
        "promise": promise.pk if promise else None,
        "section": section.pk if section else None,
        "merged_into": merged_into.number if merged_into else None,
    }
    record_event(
        actor=actor,
        action=f"proposal.{decision}",
        obj=proposal,
        changes={"before": before, "after": after},
        reason=reason,
    )
    return proposal


@transaction.atomic
def include_proposal(
    *,
    actor: User,
    proposal: Proposal,
    promise: Promise | None = None,
    section: Section | None = None,
    reason: str = "",
) -> Proposal:
    """Included into the programme: into one of its promises, or into a section (where it
    shapes a promise not yet written)."""
    proposal = _locked(actor, proposal)
    if (promise is None) == (section is None):
        raise ValidationError(
            _("Choose the promise or the section the proposal is included into — one of them."),
            code="include_where",
        )
    where = promise.section if promise is not None else section
    assert where is not None
    if where.programme_id != proposal.programme_id:
        raise ValidationError(
            {
                "promise" if promise is not None else "section": _(
                    "A proposal is included only into its own programme."
                )
            },
            code="other_programme",
        )
    return _decide(
        actor,
        proposal,
        decision=Decision.INCLUDED,
        reason=reason.strip(),
        promise=promise,
        section=section,
    )


@transaction.atomic
def merge_proposal(
    *, actor: User, proposal: Proposal, into: Proposal, reason: str = ""
) -> Proposal:
    """Merged with another proposal of the same programme (the same idea, sent again or by
    others): it then follows that one's decision. Merged with one that was itself merged, it
    joins the end of that chain, so no chain turns back on itself."""
    proposal = _locked(actor, proposal)
    if into.pk == proposal.pk:
        raise ValidationError(
            {"into": _("A proposal cannot be merged with itself.")}, code="merge_self"
        )
    if into.programme_id != proposal.programme_id:
        raise ValidationError(
            {"into": _("A proposal is merged only with another proposal of the same programme.")},
            code="merge_other_programme",
        )
    # Read afresh: the copy given may predate a merge of its own.
    target = final(Proposal.objects.get(pk=into.pk))
    if target.pk == proposal.pk:
        raise ValidationError(
            {"into": _("That proposal is already merged with this one.")}, code="merge_cycle"
        )
    return _decide(
        actor, proposal, decision=Decision.MERGED, reason=reason.strip(), merged_into=target
    )


@transaction.atomic
def refuse_proposal(*, actor: User, proposal: Proposal, reason: str) -> Proposal:
    """Not included in the programme, with the reason the citizen reads."""
    proposal = _locked(actor, proposal)
    reason = reason.strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Say why the proposal is not included.")}, code="no_reason"
        )
    return _decide(actor, proposal, decision=Decision.NOT_INCLUDED, reason=reason)
