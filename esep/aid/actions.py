"""Use cases of aid campaigns: creating a campaign, its partners and their contributions,
registering a beneficiary household (one at a time, or a batch of an import) and recording
its deliveries (the same). Each is atomic, checks the user's right (`rules`), refuses with
a coded error in the user's language and writes an event.

The same family is not helped twice in a campaign unless a reason is recorded: the head
(by IIN: one `Person`) and the address (by the digest of its normalised form) are checked
here first, to name the earlier household's number (never an IIN), and by the database's
partial unique constraints, which hold whatever writes.

A delivery (its value in tenge, money or goods) may not take the campaign's balance —
contributions received less deliveries' value — below zero. The campaign's row is locked
while the balance is read and the delivery written, so two offices recording at once cannot
both spend the last tenge."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.aid import rules
from esep.aid.addresses import normalise_address
from esep.aid.models import Campaign, Category, Contribution, Delivery, Household, Kind, Partner
from esep.audit.log import record_event
from esep.lib.checks import FIRST_DAY, LAST_DAY, invalid, refuse_unless, required, unique
from esep.lib.crypto import digest
from esep.org.actions import given_person, identify
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User

MAX_MEMBERS = 30


# ---------------------------------------------------------------- campaigns


@transaction.atomic
def create_campaign(
    *,
    actor: User,
    code: str,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
    branch: Branch,
    starts_on: dt.date,
    ends_on: dt.date,
    kinds: Iterable[str],
    branches: Iterable[Branch] = (),
) -> Campaign:
    """A branch's campaign. `branches` taking part lie in its subtree; none named, the whole
    subtree takes part."""
    refuse_unless(rules.may_manage(actor, branch))
    names = required(code=code, name_kk=name_kk, name_ru=name_ru)
    branches = list(branches)
    errors: dict[str, ValidationError] = {}
    if not FIRST_DAY <= starts_on <= ends_on <= LAST_DAY:
        errors["ends_on"] = ValidationError(
            _("The campaign ends on or after the day it starts."), code="period"
        )
    if any(not b.path.startswith(branch.path) for b in branches):
        errors["branches"] = ValidationError(
            _("The branches taking part are the running branch's own sub-branches."),
            code="branches",
        )
    campaign = Campaign(
        code=names["code"],
        name_kk=names["name_kk"],
        name_ru=names["name_ru"],
        name_en=name_en.strip(),
        branch=branch,
        starts_on=starts_on,
        ends_on=ends_on,
        kinds=[k for k in Kind.values if k in set(kinds)],
        created_by=actor,
    )
    try:
        campaign.clean()
    except ValidationError as error:
        errors["kinds"] = ValidationError(error.messages[0], code="kinds")
    if errors:
        raise ValidationError(errors)
    with unique("code", _("A campaign with this code exists already.")):
        campaign.save()
    campaign.branches.set(branches)
    record_event(
        actor=actor,
        action="aid.campaign_created",
        obj=campaign,
        changes={
            "code": campaign.code,
            "starts_on": starts_on.isoformat(),
            "ends_on": ends_on.isoformat(),
            "kinds": campaign.kinds,
            "branches": [b.code for b in branches],
        },
    )
    return campaign


def locked(campaign: Campaign) -> Campaign:
    """The campaign's row, locked until the transaction ends (PostgreSQL; SQLite's writers
    take the whole database anyway)."""
    return Campaign.objects.select_for_update().select_related("branch").get(pk=campaign.pk)


# ---------------------------------------------------------------- partners and money


@transaction.atomic
def add_partner(*, actor: User, name: str, kind: str) -> Partner:
    """A donor, or the one of this name recorded already (any case and spacing)."""
    refuse_unless(rules.may_manage_somewhere(actor))
    name = " ".join(required(name=name)["name"].split())
    if kind not in Partner.Kind.values:
        raise invalid("kind", _("Choose the partner's kind."), "kind")
    found = Partner.objects.filter(name__iexact=name).first()
    if found is not None:
        return found
    with unique("name", _("A partner with this name exists already.")):
        partner = Partner.objects.create(name=name, kind=kind)
    record_event(actor=actor, action="aid.partner_added", obj=partner, changes={"kind": kind})
    return partner


@transaction.atomic
def record_contribution(
    *,
    actor: User,
    campaign: Campaign,
    partner: Partner,
    received_on: dt.date,
    amount: int,
    note: str = "",
) -> Contribution:
    refuse_unless(rules.may_run(actor, campaign))
    campaign = locked(campaign)
    if amount is None or amount <= 0:
        raise invalid("amount", _("The amount is a whole number of tenge above zero."), "amount")
    if not FIRST_DAY <= received_on <= LAST_DAY:
        raise invalid("received_on", _("Give a real date."), "out_of_range")
    contribution = Contribution.objects.create(
        campaign=campaign,
        partner=partner,
        received_on=received_on,
        amount=amount,
        note=note.strip(),
        recorded_by=actor,
    )
    record_event(
        actor=actor,
        action="aid.contribution_recorded",
        obj=contribution,
        changes={"campaign": campaign.code, "partner": partner.name, "amount": amount},
    )
    return contribution


def balance_refusal(campaign: Campaign, adding: int) -> ValidationError | None:
    """The refusal of deliveries worth `adding` tenge that would take the campaign's balance
    below zero, or None."""
    received, delivered = campaign.received(), campaign.delivered()
    if delivered + adding <= received:
        return None
    return invalid(
        "amount",
        _(
            "The campaign's money does not cover this: received %(received)s, delivered "
            "%(delivered)s, left %(left)s, and this is %(amount)s. Record the partners' "
            "contributions first."
        )
        % {
            "received": rules.tenge(received),
            "delivered": rules.tenge(delivered),
            "left": rules.tenge(received - delivered),
            "amount": rules.tenge(adding),
        },
        "balance",
    )


# ---------------------------------------------------------------- households


@dataclass
class NewHousehold:
    """A household as given (typed on the page, or a row of an import): its head as
    `org.actions.given_person` checked them (not saved), and the rest."""

    given: Person
    address: str
    territory: Territory
    members: int
    category: str
    repeat_reason: str = ""


def address_digest(address: str) -> str | None:
    """The digest the household keeps of this address (see `addresses`)."""
    normalised = normalise_address(address)
    return digest("normalised_address", normalised) if normalised else None


def duplicate_head(number: int) -> ValidationError:
    return invalid(
        "iin",
        _(
            "This family is already helped in this campaign: household № %(number)d has the "
            "same head. To help it again, record the reason."
        )
        % {"number": number},
        "duplicate_head",
    )


def duplicate_address(number: int) -> ValidationError:
    return invalid(
        "address",
        _(
            "This family is already helped in this campaign: household № %(number)d has the "
            "same address. To help it again, record the reason."
        )
        % {"number": number},
        "duplicate_address",
    )


def check_household(new: NewHousehold) -> None:
    """What a household's own fields must be, whatever registers it."""
    errors: dict[str, ValidationError] = {}
    if not new.given.iin:
        errors["iin"] = ValidationError(
            _("The head of the family is registered by their IIN."), code="required"
        )
    if not normalise_address(new.address):
        errors["address"] = ValidationError(
            _("Write the family's address: street, house and flat."), code="required"
        )
    elif len(new.address) > 255:
        errors["address"] = ValidationError(
            _("Too long: at most %(max)d characters.") % {"max": 255}, code="max_length"
        )
    if not 1 <= new.members <= MAX_MEMBERS:
        errors["members"] = ValidationError(
            _("A family has from 1 to %(max)d members.") % {"max": MAX_MEMBERS}, code="members"
        )
    if new.category not in Category.values:
        errors["category"] = ValidationError(_("Choose the family's category."), code="category")
    if len(new.repeat_reason) > 500:
        errors["repeat_reason"] = ValidationError(
            _("Too long: at most %(max)d characters.") % {"max": 500}, code="max_length"
        )
    if errors:
        raise ValidationError(errors)


def check_branch(actor: User, campaign: Campaign, branch: Branch) -> None:
    refuse_unless(rules.may_help(actor, campaign, branch))
    if not campaign.takes_part(branch.path):
        raise invalid(
            "branch", _("This branch does not take part in the campaign."), "not_taking_part"
        )


def next_number(campaign: Campaign) -> int:
    """The next household number of the (locked) campaign."""
    return (campaign.households.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def register_household(
    *,
    actor: User,
    campaign: Campaign,
    branch: Branch,
    territory: Territory,
    iin: str,
    surname: str,
    given_name: str,
    patronymic: str = "",
    phone: str = "",
    address: str,
    members: int,
    category: str,
    repeat_reason: str = "",
    registered_on: dt.date | None = None,
) -> Household:
    """A beneficiary family: its head found by IIN or recorded now
    (`org.actions.identify`), refused if the campaign helps the same head or the same
    address already and no reason to help again is given."""
    campaign = locked(campaign)
    check_branch(actor, campaign, branch)
    given = given_person(
        iin=iin, phone=phone, surname=surname, given_name=given_name, patronymic=patronymic
    )
    new = NewHousehold(
        given=given,
        address=" ".join(address.split()),
        territory=territory,
        members=members,
        category=category,
        repeat_reason=repeat_reason.strip(),
    )
    check_household(new)
    head = identify(actor=actor, given=given)
    if not new.repeat_reason:
        same_head = campaign.households.filter(head=head, repeat_reason="").first()
        if same_head is not None:
            raise duplicate_head(same_head.number)
        same_address = campaign.households.filter(
            address_digest=address_digest(new.address), repeat_reason=""
        ).first()
        if same_address is not None:
            raise duplicate_address(same_address.number)
    with unique("iin", _("This family is already helped in this campaign.")):
        household = Household.objects.create(
            campaign=campaign,
            number=next_number(campaign),
            head=head,
            members=new.members,
            category=new.category,
            address=new.address,
            territory=territory,
            branch=branch,
            repeat_reason=new.repeat_reason,
            registered_on=registered_on or timezone.localdate(),
            registered_by=actor,
        )
    record_event(
        actor=actor,
        action="aid.household_registered",
        obj=household,
        changes={
            "campaign": campaign.code,
            "number": household.number,
            "address": True,
            "repeat_reason": new.repeat_reason,
        },
    )
    return household


@transaction.atomic
def register_households(
    *,
    actor: User,
    campaign: Campaign,
    branch: Branch,
    households: Sequence[NewHousehold],
    registered_on: dt.date | None = None,
) -> list[Household]:
    """A batch of households (an import's chunk, each already checked as
    `check_household` checks one, and against the campaign and each other for duplicates),
    written in bulk: the heads esep does not know yet created at once, then the households,
    numbered on. The database's constraints still refuse a duplicate another writer made
    meanwhile (the whole batch, then). One event for the batch."""
    campaign = locked(campaign)
    check_branch(actor, campaign, branch)
    for new in households:
        check_household(new)
    known = {p.iin_digest: p for p in Person.objects.with_iins([h.given.iin for h in households])}
    created: list[Person] = []
    for new in households:
        key = digest("iin", new.given.iin or "")
        if key not in known:
            known[key] = new.given
            created.append(new.given)
    Person.objects.bulk_create(created)
    first = next_number(campaign)
    day = registered_on or timezone.localdate()
    rows = [
        Household(
            campaign=campaign,
            number=first + i,
            head=known[digest("iin", new.given.iin or "")],
            members=new.members,
            category=new.category,
            address=new.address,
            territory=new.territory,
            branch=branch,
            repeat_reason=new.repeat_reason,
            registered_on=day,
            registered_by=actor,
        )
        for i, new in enumerate(households)
    ]
    with unique("iin", _("This family is already helped in this campaign.")):
        Household.objects.bulk_create(rows)
    if rows:
        record_event(
            actor=actor,
            action="aid.households_imported",
            obj=campaign,
            changes={
                "households": len(rows),
                "numbers": [first, first + len(rows) - 1],
                "people_created": len(created),
                "branch": branch.code,
            },
        )
    return rows


# ---------------------------------------------------------------- deliveries


@dataclass
class NewDelivery:
    household: Household
    delivered_on: dt.date
    kind: str
    amount: int
    volunteer: Person | None = None
    delivered_by: str = ""
    confirmation: str = Delivery.Confirmation.NONE
    reference: str = ""


def check_delivery(campaign: Campaign, new: NewDelivery) -> None:
    errors: dict[str, ValidationError] = {}
    if new.household.campaign_id != campaign.pk:
        errors["household"] = ValidationError(
            _("The household is not in this campaign."), code="household"
        )
    if not campaign.starts_on <= new.delivered_on <= campaign.ends_on:
        errors["delivered_on"] = ValidationError(
            _("The campaign runs from %(first)s to %(last)s.")
            % {
                "first": campaign.starts_on.strftime("%d.%m.%Y"),
                "last": campaign.ends_on.strftime("%d.%m.%Y"),
            },
            code="out_of_period",
        )
    if new.kind not in campaign.kinds:
        errors["kind"] = ValidationError(_("The campaign gives no aid of this kind."), code="kind")
    if new.amount is None or new.amount < 0:
        errors["amount"] = ValidationError(
            _("The value is a whole number of tenge, zero or more."), code="amount"
        )
    elif new.kind == Kind.MONEY and new.amount == 0:
        errors["amount"] = ValidationError(_("Money given is more than zero tenge."), code="amount")
    if new.confirmation not in Delivery.Confirmation.values:
        errors["confirmation"] = ValidationError(
            _("Choose how the family confirmed it."), code="confirmation"
        )
    elif new.confirmation != Delivery.Confirmation.NONE and not new.reference.strip():
        errors["reference"] = ValidationError(
            _("Give the confirmation's reference: the signed sheet's, photo's or SMS's number."),
            code="required",
        )
    if len(new.delivered_by) > 255 or len(new.reference) > 100:
        errors["delivered_by" if len(new.delivered_by) > 255 else "reference"] = ValidationError(
            _("Too long."), code="max_length"
        )
    if errors:
        raise ValidationError(errors)


def _delivery(actor: User, campaign: Campaign, new: NewDelivery) -> Delivery:
    return Delivery(
        campaign=campaign,
        household=new.household,
        delivered_on=new.delivered_on,
        kind=new.kind,
        amount=new.amount,
        volunteer=new.volunteer,
        delivered_by="" if new.volunteer else " ".join(new.delivered_by.split()),
        confirmation=new.confirmation,
        reference=new.reference.strip(),
        recorded_by=actor,
    )


@transaction.atomic
def record_delivery(
    *,
    actor: User,
    household: Household,
    delivered_on: dt.date,
    kind: str,
    amount: int,
    volunteer: Person | None = None,
    delivered_by: str = "",
    confirmation: str = Delivery.Confirmation.NONE,
    reference: str = "",
) -> Delivery:
    """Aid the household received, refused if the campaign's money does not cover it."""
    campaign = locked(household.campaign)
    refuse_unless(rules.may_record_delivery(actor, household))
    new = NewDelivery(
        household, delivered_on, kind, amount, volunteer, delivered_by, confirmation, reference
    )
    check_delivery(campaign, new)
    if refusal := balance_refusal(campaign, amount):
        raise refusal
    delivery = _delivery(actor, campaign, new)
    delivery.save()
    record_event(
        actor=actor,
        action="aid.delivery_recorded",
        obj=delivery,
        changes={
            "household": household.number,
            "delivered_on": delivered_on.isoformat(),
            "kind": kind,
            "amount": amount,
            "confirmation": confirmation,
        },
    )
    return delivery


@transaction.atomic
def record_deliveries(
    *, actor: User, campaign: Campaign, deliveries: Sequence[NewDelivery]
) -> list[Delivery]:
    """A batch of deliveries (an import's chunk), each checked as `record_delivery` checks
    one and the batch's value against the balance, written in bulk; one event for it."""
    campaign = locked(campaign)
    if not rules.may_run(actor, campaign):
        branch_ids = {new.household.branch_id for new in deliveries}
        for branch in Branch.objects.filter(pk__in=branch_ids):
            refuse_unless(rules.may_manage(actor, branch))
    for new in deliveries:
        check_delivery(campaign, new)
    total = sum(new.amount for new in deliveries)
    if refusal := balance_refusal(campaign, total):
        raise refusal
    rows = Delivery.objects.bulk_create([_delivery(actor, campaign, n) for n in deliveries])
    if rows:
        record_event(
            actor=actor,
            action="aid.deliveries_imported",
            obj=campaign,
            changes={"deliveries": len(rows), "amount": total},
        )
    return rows
