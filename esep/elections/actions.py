"""Use cases of elections: recording a campaign and its elections, their constituencies, the
parties' lists and the candidates, the commission's protocol rows (typed in or imported),
withdrawing a candidate, and certifying the result — which shares the list seats by the law,
names the winners and records their mandates (deputies' in the body's new convocation,
through `esep.deputies.actions`; an akim's term here). Each is keyword-only, atomic,
validated, refused while the election's state does not allow it, and writes an event."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.audit.log import record_event
from esep.deputies import actions as deputies
from esep.deputies.models import Convocation, Mandate, Party, RepresentativeBody
from esep.elections import queries, rules
from esep.elections.lifecycle import LIFECYCLE, State, Transition
from esep.elections.models import (
    Base,
    Campaign,
    Candidate,
    Constituency,
    Election,
    Kind,
    Office,
    PartyList,
    System,
    Tally,
    Tenure,
    Tie,
    Votes,
)
from esep.lib.checks import date_in_range, invalid, refuse_unless, required, unique
from esep.org.models import Branch, Person, Territory

if TYPE_CHECKING:
    from esep.access.models import User


def _open(election: Election) -> Election:
    """The election locked, refused once it is certified."""
    locked = Election.objects.select_for_update().get(pk=election.pk)
    if locked.state != State.OPEN:
        raise ValidationError(
            _("The results of this election are certified; it can no longer change."),
            code="certified",
        )
    return locked


def age_on(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


# ---------------------------------------------------------------- campaigns and elections


@transaction.atomic
def add_campaign(
    *,
    actor: User,
    code: str,
    held_on: dt.date,
    name_kk: str,
    name_ru: str,
    name_en: str = "",
) -> Campaign:
    refuse_unless(rules.may_manage_nationally(actor))
    texts = required(code=code, name_kk=name_kk, name_ru=name_ru)
    date_in_range("held_on", held_on)
    with unique("code", _("An election campaign with this code already exists.")):
        campaign = Campaign.objects.create(
            code=texts["code"],
            held_on=held_on,
            name_kk=texts["name_kk"],
            name_ru=texts["name_ru"],
            name_en=(name_en or "").strip(),
        )
    record_event(
        actor=actor,
        action="elections.campaign_added",
        obj=campaign,
        changes={"code": campaign.code},
    )
    return campaign


def _threshold(value: object) -> Decimal:
    try:
        threshold = Decimal(str(value).replace(",", ".").strip() or "0")
    except InvalidOperation:
        raise invalid(
            "threshold", _("Give the threshold as a percentage, e.g. 7 or 5.5."), "invalid"
        ) from None
    if not 0 <= threshold <= 100 or threshold != threshold.quantize(Decimal("0.01")):
        raise invalid(
            "threshold", _("The threshold is a percentage from 0 to 100, to two places."), "invalid"
        )
    return threshold


@transaction.atomic
def add_election(
    *,
    actor: User,
    campaign: Campaign,
    code: str,
    kind: str,
    territory: Territory,
    branch: Branch,
    system: str,
    seats: int,
    law_version: str,
    term_starts_on: dt.date,
    held_on: dt.date | None = None,
    office: str = "",
    body: RepresentativeBody | None = None,
    list_seats: int | None = None,
    threshold: object = 0,
    base: str = Base.LIST_VOTES,
    tie: str = Tie.EARLIER_REGISTRATION,
    runner_up: bool = False,
    has_against_all: bool = False,
) -> Election:
    """Record an election of a campaign (held on its day unless another is given). A
    party-list election shares all its seats among the lists unless `list_seats` says how
    many of a mixed election's do; an akim's election has one seat and no body."""
    refuse_unless(rules.may_manage(actor, branch))
    texts = required(code=code, law_version=law_version)
    held_on = date_in_range("held_on", held_on or campaign.held_on)
    date_in_range("term_starts_on", term_starts_on)
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what is elected.")
    if system not in System.values:
        errors["system"] = _("Choose the electoral system.")
    if base not in Base.values:
        errors["base"] = _("Choose what the threshold is a share of.")
    if tie not in Tie.values:
        errors["tie"] = _("Choose how equal remainders are decided.")
    if kind == Kind.AKIM:
        if office not in Office.values:
            errors["office"] = _("Choose whose akim is elected.")
        if body is not None:
            errors["body"] = _("An akim's election has no representative body.")
        seats, system, list_seats = 1, System.SINGLE_MEMBER, 0
    else:
        office = ""
        if body is None:
            errors["body"] = _("Choose the body whose deputies are elected.")
        elif (body.level == "mazhilis") != (kind == Kind.MAZHILIS):
            errors["body"] = _("This body is not the one this election fills.")
    if not seats or seats < 1:
        errors["seats"] = _("An election fills at least one seat.")
    if list_seats is None:
        list_seats = seats if system == System.PARTY_LIST else 0
    if system == System.SINGLE_MEMBER:
        list_seats = 0
    elif not 1 <= list_seats <= (seats or 0):
        errors["list_seats"] = _("The list seats are from 1 to all the election's seats.")
    if term_starts_on < held_on:
        errors["term_starts_on"] = _("The winners take office on or after election day.")
    if errors:
        raise ValidationError(errors, code="invalid")
    with unique("code", _("An election with this code already exists.")):
        election = Election.objects.create(
            code=texts["code"],
            campaign=campaign,
            kind=kind,
            office=office,
            territory=territory,
            branch=branch,
            body=body,
            held_on=held_on,
            term_starts_on=term_starts_on,
            seats=seats,
            system=system,
            list_seats=list_seats,
            threshold=_threshold(threshold) if list_seats else Decimal(0),
            base=base,
            tie=tie,
            runner_up=runner_up,
            law_version=texts["law_version"],
            has_against_all=has_against_all,
        )
    record_event(
        actor=actor,
        action="elections.election_added",
        obj=election,
        changes={"kind": kind, "seats": seats, "threshold": str(election.threshold)},
    )
    return election


@transaction.atomic
def add_constituency(
    *, actor: User, election: Election, number: int, territory: Territory, seats: int = 1
) -> Constituency:
    refuse_unless(rules.may_manage(actor, election.branch))
    election = _open(election)
    if election.system == System.PARTY_LIST:
        raise invalid(
            "number",
            _("A party-list election's whole territory is its one constituency."),
            "invalid",
        )
    if number < 1:
        raise invalid("number", _("Give the constituency's number."), "invalid")
    if seats < 1:
        raise invalid("seats", _("A constituency fills at least one seat."), "invalid")
    with unique("number", _("This election already has a constituency with this number.")):
        constituency = Constituency.objects.create(
            election=election, number=number, territory=territory, seats=seats
        )
    record_event(
        actor=actor,
        action="elections.constituency_added",
        obj=election,
        changes={"constituency": number},
    )
    return constituency


# ---------------------------------------------------------------- lists and candidates


@transaction.atomic
def register_list(
    *, actor: User, election: Election, party: Party, registered: int | None = None
) -> PartyList:
    """A party's list, registered after those already recorded unless its place in the
    commission's order is given."""
    refuse_unless(rules.may_manage(actor, election.branch))
    election = _open(election)
    if not election.list_seats:
        raise invalid("party", _("This election has no party lists."), "invalid")
    if registered is None:
        registered = (election.lists.aggregate(n=Max("registered"))["n"] or 0) + 1
    elif registered < 1:
        raise invalid(
            "registered", _("Give the list's place in the order of registration."), "invalid"
        )
    if election.lists.filter(registered=registered).exists():
        raise invalid(
            "registered", _("Another list was registered at this place in the order."), "duplicate"
        )
    with unique("party", _("This party's list is already registered for this election.")):
        party_list = PartyList.objects.create(election=election, party=party, registered=registered)
    record_event(
        actor=actor,
        action="elections.list_registered",
        obj=election,
        changes={"party": party.code, "registered": registered},
    )
    return party_list


@transaction.atomic
def register_candidate(
    *,
    actor: User,
    election: Election,
    person: Person,
    registered_on: dt.date,
    party: Party | None = None,
    party_list: PartyList | None = None,
    position: int | None = None,
    constituency: Constituency | None = None,
    nominated_by: Branch | None = None,
    age: int | None = None,
) -> Candidate:
    """A candidate: on a list at a place (the list's party is theirs), in a constituency for
    a party or self-nominated, or for akim. Their age on election day comes from the birth
    date esep holds, or as the commission published it."""
    refuse_unless(rules.may_manage(actor, election.branch))
    election = _open(election)
    date_in_range("registered_on", registered_on)
    errors: dict[str, str] = {}
    if registered_on > election.held_on:
        errors["registered_on"] = _("A candidate is registered before election day.")
    if party_list is not None:
        if party_list.election_id != election.pk:
            errors["party_list"] = _("This list is not of this election.")
        if not position or position < 1:
            errors["position"] = _("Give the candidate's place on the list.")
        if constituency is not None:
            errors["constituency"] = _(
                "A list candidate stands on the list, not in a constituency."
            )
        party = party_list.party
    else:
        position = None
        if election.kind == Kind.AKIM:
            constituency = None
        elif election.system == System.PARTY_LIST:
            errors["party_list"] = _("In a party-list election a candidate stands on a list.")
        elif constituency is None or constituency.election_id != election.pk:
            errors["constituency"] = _("Choose the candidate's constituency.")
    if age is None:
        age = age_on(person.birth_date, election.held_on)
    if age is not None and not 18 <= age <= 120:
        errors["age"] = _("A candidate's age on election day is from 18 to 120.")
    if errors:
        raise ValidationError(errors, code="invalid")
    if party_list is not None and party_list.candidates.filter(position=position).exists():
        raise invalid("position", _("Another candidate has this place on the list."), "duplicate")
    with unique("person", _("This person is already a candidate in this election.")):
        candidate = Candidate.objects.create(
            election=election,
            person=person,
            party=party,
            party_list=party_list,
            position=position,
            constituency=constituency,
            nominated_by=nominated_by,
            age=age,
            registered_on=registered_on,
        )
    record_event(
        actor=actor,
        action="elections.candidate_registered",
        obj=election,
        changes={"candidate": candidate.pk, "party": party.code if party else ""},
    )
    return candidate


@transaction.atomic
def withdraw_candidate(*, actor: User, candidate: Candidate, withdrawn_on: dt.date) -> Candidate:
    """The candidate withdrew or their registration was cancelled: they take no seat (a
    list's later candidates move up)."""
    refuse_unless(rules.may_manage(actor, candidate.election.branch))
    _open(candidate.election)
    date_in_range("withdrawn_on", withdrawn_on)
    if withdrawn_on < candidate.registered_on:
        raise invalid("withdrawn_on", _("A candidate withdraws after being registered."), "invalid")
    if candidate.withdrawn_on is not None:
        raise ValidationError(_("This candidate has already withdrawn."), code="withdrawn")
    candidate.withdrawn_on = withdrawn_on
    candidate.save(update_fields=["withdrawn_on"])
    record_event(
        actor=actor,
        action="elections.candidate_withdrawn",
        obj=candidate.election,
        changes={"candidate": candidate.pk, "withdrawn_on": withdrawn_on.isoformat()},
    )
    return candidate


# ---------------------------------------------------------------- the protocol


def _count(field: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise invalid(field, _("Give a whole number, zero or more."), "invalid")
    return value


@transaction.atomic
def record_tally(
    *,
    actor: User,
    election: Election,
    territory: Territory | None = None,
    constituency: Constituency | None = None,
    station: str = "",
    registered_voters: int,
    took_part: int,
    invalid_ballots: int = 0,
    against_all: int = 0,
    lists: Mapping[PartyList, int] | None = None,
    candidates: Mapping[Candidate, int] | None = None,
) -> Tally:
    """One row of the protocol — a polling station's, or a constituency's or territory's
    where the stations are not known — with the votes of each list and candidate. A row
    for the same place replaces the one recorded before (a corrected protocol). The
    ballots must add up: the votes, invalid ballots and "against all" are not more than
    the voters who took part, who are not more than the roll."""
    refuse_unless(rules.may_manage(actor, election.branch))
    election = _open(election)
    station = (station or "").strip()
    lists = dict(lists or {})
    candidates = dict(candidates or {})
    registered_voters = _count("registered_voters", registered_voters)
    took_part = _count("took_part", took_part)
    invalid_ballots = _count("invalid", invalid_ballots)
    against_all = _count("against_all", against_all)
    for party_list, votes in lists.items():
        _count("lists", votes)
        if party_list.election_id != election.pk:
            raise invalid("lists", _("A list of another election was given."), "invalid")
    for candidate, votes in candidates.items():
        _count("candidates", votes)
        if candidate.election_id != election.pk:
            raise invalid("candidates", _("A candidate of another election was given."), "invalid")
    if constituency is not None and constituency.election_id != election.pk:
        raise invalid("constituency", _("This constituency is not of this election."), "invalid")
    for candidate in candidates:
        if candidate.constituency_id is not None and candidate.constituency_id != (
            constituency.pk if constituency is not None else None
        ):
            raise invalid(
                "candidates",
                _("A candidate of another constituency was given: %(name)s.")
                % {"name": candidate.person.full_name},
                "invalid",
            )
    if against_all and not election.has_against_all:
        raise invalid("against_all", _("This election's ballot has no “against all”."), "invalid")
    if took_part > registered_voters:
        raise invalid(
            "took_part", _("More voters took part than there are on the lists."), "invalid"
        )
    cast = sum(lists.values()) + sum(candidates.values()) + invalid_ballots + against_all
    if cast > took_part * (2 if election.system == System.MIXED else 1):
        raise invalid(
            "took_part",
            _("The votes and invalid ballots (%(cast)s) are more than the voters who took part.")
            % {"cast": cast},
            "invalid",
        )
    place = territory or (constituency.territory if constituency else election.territory)
    _one_level(election, constituency, place, station)
    Tally.objects.filter(
        election=election, constituency=constituency, territory=place, station=station
    ).delete()
    tally = Tally.objects.create(
        election=election,
        constituency=constituency,
        territory=place,
        station=station,
        registered_voters=registered_voters,
        took_part=took_part,
        invalid=invalid_ballots,
        against_all=against_all,
        recorded_by=actor,
    )
    Votes.objects.bulk_create(
        [Votes(tally=tally, party_list=pl, votes=n) for pl, n in lists.items()]
        + [Votes(tally=tally, candidate=c, votes=n) for c, n in candidates.items()]
    )
    record_event(
        actor=actor,
        action="elections.tally_recorded",
        obj=election,
        changes={"station": station, "took_part": took_part},
    )
    return tally


def _one_level(
    election: Election, constituency: Constituency | None, place: Territory, station: str
) -> None:
    """A place is counted at one level only — its polling stations, or its total — or the
    totals would count its voters twice. Within a constituency (or none), a row is refused
    beside a total recorded for its place or a territory around it, and a total beside any
    row recorded within its territory. A row for the same place and station replaces the one
    before instead."""
    around = [place.path[:i] for i in range(len(place.path), 0, -Territory.steplen)]
    covering = Q(territory__path__in=around, station="")
    if not station:
        covering |= Q(territory__path__startswith=place.path)
    other = (
        Tally.objects.filter(covering, election=election, constituency=constituency)
        .exclude(territory=place, station=station)
        .select_related("territory")
        .first()
    )
    if other is not None:
        raise invalid(
            "station",
            _(
                "A row counting %(place)s overlaps this one: record a place's count at one "
                "level only, its polling stations' rows or its total."
            )
            % {"place": f"{other.territory} {other.station}".strip()},
            "overlap",
        )


@transaction.atomic
def remove_tally(*, actor: User, tally: Tally) -> None:
    """Remove a protocol row recorded in error — at the wrong level or for the wrong place —
    while the election is open; its votes go with it. A row for the right place is
    corrected by recording it again."""
    election = tally.election
    refuse_unless(rules.may_manage(actor, election.branch))
    _open(election)
    place = {"station": tally.station, "territory": tally.territory.kato}
    tally.delete()
    record_event(actor=actor, action="elections.tally_removed", obj=election, changes=place)


# ---------------------------------------------------------------- certification


@transaction.atomic
def certify(*, actor: User, election: Election) -> Election:
    """The protocol is final: share the list seats by the law, name the winners — each
    list's standing candidates in list order, each constituency's (or the akim's) by most
    votes — and record their mandates. Refused without a protocol, when a list has fewer
    standing candidates than its seats, or when a district's vote is tied."""
    refuse_unless(rules.may_manage(actor, election.branch))
    election = _open(election)
    if LIFECYCLE.target_of(Transition.CERTIFY, election.state) is None:  # pragma: no cover
        raise ValidationError(_("This step is not open to you on this record now."), code="denied")
    counted = queries.totals(election)
    if not counted.rows:
        raise ValidationError(
            _("Record the commission's protocol before certifying the results."), code="no_protocol"
        )
    winners: list[tuple[Candidate, str]] = []
    result = queries.allocation(election, counted)
    if result is not None:
        for party_list in election.lists.select_related("party"):
            won = result.seats.get(str(party_list.pk), 0)
            party_list.seats = won
            party_list.save(update_fields=["seats"])
            standing = list(party_list.candidates.standing().order_by("position")[:won])
            if len(standing) < won:
                raise ValidationError(
                    _(
                        "The list of %(party)s is too short for its seats (seats: %(seats)d, "
                        "candidates standing: %(n)d)."
                    )
                    % {"party": party_list.party, "n": len(standing), "seats": won},
                    code="list_too_short",
                )
            winners += [(c, Mandate.Kind.PARTY_LIST) for c in standing]
    if election.kind == Kind.AKIM or election.system != System.PARTY_LIST:
        for top in queries.district_winners(election, counted).values():
            if len(top) > 1:
                raise ValidationError(
                    _("The vote is tied between candidates; record the repeat vote's protocol."),
                    code="tied",
                )
            winners.append((Candidate.objects.get(pk=top[0]), Mandate.Kind.DISTRICT))
    if not winners:
        raise ValidationError(_("No candidate won a seat on this protocol."), code="no_winner")
    Candidate.objects.filter(pk__in=[c.pk for c, _kind in winners]).update(elected=True)
    if election.body_id:
        election.convocation = _convocation(actor, election)
        # Mandates recorded before the election was (the deputies' register came first)
        # are the winners' already: they are kept, not made twice.
        held = set(election.convocation.mandates.values_list("person_id", flat=True))
        for candidate, kind in winners:
            if candidate.person_id in held:
                continue
            deputies.add_mandate(
                actor=actor,
                convocation=election.convocation,
                person=candidate.person,
                kind=kind,
                party=candidate.party,
                started_on=election.term_starts_on,
                district=str(candidate.constituency) if kind == Mandate.Kind.DISTRICT else "",
            )
    else:
        _take_office(election, winners[0][0])
    election.state = State.CERTIFIED
    election.certified_at = timezone.now()
    election.certified_by = actor
    election.save(update_fields=["state", "convocation", "certified_at", "certified_by"])
    record_event(
        actor=actor,
        action="elections.certified",
        obj=election,
        changes={"winners": len(winners), "took_part": counted.took_part},
    )
    return election


def _convocation(actor: User, election: Election) -> Convocation:
    """The body's convocation elected on the election's day: recorded already (with the
    winners' mandates, perhaps), or the next one, which ends the term of the one before the
    day before it starts."""
    body = election.body
    assert body is not None
    existing = body.convocations.filter(elected_on=election.held_on).first()
    if existing is not None:
        return existing
    previous = body.convocations.order_by("-number").first()
    if previous is not None and previous.ended_on is None:
        previous.ended_on = election.term_starts_on - dt.timedelta(days=1)
        previous.save(update_fields=["ended_on"])
    return deputies.add_convocation(
        actor=actor,
        body=body,
        number=(previous.number + 1) if previous else 1,
        elected_on=election.held_on,
        started_on=election.term_starts_on,
        seats=election.seats,
    )


def _take_office(election: Election, winner: Candidate) -> Tenure:
    """The elected akim's term starts; the term of whoever held the office ends the day
    before."""
    day = election.term_starts_on
    Tenure.objects.filter(office=election.office, territory=election.territory).held_on(day).update(
        ended_on=day - dt.timedelta(days=1)
    )
    return Tenure.objects.create(
        person=winner.person,
        office=election.office,
        territory=election.territory,
        started_on=day,
        election=election,
    )


@transaction.atomic
def record_tenure(
    *,
    actor: User,
    branch: Branch,
    person: Person,
    office: str,
    territory: Territory,
    started_on: dt.date,
    ended_on: dt.date | None = None,
) -> Tenure:
    """An akim's term esep did not see elected — appointed, or before esep was used —
    recorded by the branch of the territory. The figures compare winners with the corps
    these terms make."""
    refuse_unless(rules.may_manage(actor, branch))
    if office not in Office.values:
        raise invalid("office", _("Choose whose akim it is."), "invalid")
    date_in_range("started_on", started_on)
    if ended_on is not None and date_in_range("ended_on", ended_on) < started_on:
        raise invalid("ended_on", _("A term cannot end before it began."), "invalid")
    tenure = Tenure.objects.create(
        person=person, office=office, territory=territory, started_on=started_on, ended_on=ended_on
    )
    record_event(
        actor=actor,
        action="elections.tenure_recorded",
        obj=tenure,
        changes={"office": office, "started_on": started_on.isoformat()},
    )
    return tenure
