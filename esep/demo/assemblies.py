"""The demo's party democracy: the primaries of autumn 2020 for the 2021 maslikhat elections
in the three detailed regions, Atyrau's XXXIII report-election conference of January 2022,
complete, and a conference of the Kostanay branch in session today.

- The previous (6th, 2016–2021) convocations the primaries' lists renew: of the three
  regions' oblast and city maslikhats, and — so that the Kostanay factions' renewal is the
  seed's 65% — of two of its district maslikhats, Karabalyk and Karasu. Each ends the day
  before its 7th convocation starts, so no month of the deputies' rating (February to
  December 2021) sees one of its mandates. Some of the 7th convocation's deputies of the party
  held a mandate in the 6th; the others were the 6th's deputies, people recorded here.
- The primaries: the 7th convocation's deputies of the party (the party's members, as their
  candidacy needs; those who were not are admitted) and other members are nominated with
  their consent and documents, registered (one refused), debate, and the members of the
  region vote — a share of them, a ballot each through `cast`, choosing up to five. The votes
  rank the deputies first, so the lists are what the 2021 elections seated. Kostanay's list
  is 80% new against the 6th convocation and keeps the rule of 20% young candidates; Atyrau's
  falls short of it (and says so); Almaty's keeps it.
- Atyrau's conference: quotas of the eight sub-branches from their active members (one
  delegate for every six, the oblast centre's quota set by hand to make 80), 80 delegates
  elected by the sub-branches' conferences in December 2021, the roll frozen; on the day the
  secretary registers Atyrau city's delegates in the hall and the districts' delegates
  register online with their own logins (two do not come); the political council's report
  adopted by open vote, the political council (31 of 34 candidates), its bureau (9) and the
  audit commission (5) elected by secret ballot, every poll closed and certified, so the
  bodies have their new composition from the conference's day; the resolution adopted; the
  conference closed, its minutes drafted and signed. The new council's first plenum elects
  its chair, who takes the post the next day.
- Kostanay's conference, today: the roll frozen, the conference open, most delegates
  registered, the report's secret ballot open with some ballots in; `kostanay.delegate`, on
  the roll and not yet registered, can sign in, register online and vote.

Everything goes through `esep.assemblies.actions` (and the org's and deputies' actions), so
the hash-chained logs, results and bodies are those real use makes; seeded generators and
fixed data: a database that has Atyrau's XXXIII conference already is left alone."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.access.models import User
from esep.assemblies import actions
from esep.assemblies.models import Ballot, Campaign, Candidate, Conference, Delegate, Item, Poll
from esep.demo.context import Demo
from esep.deputies import actions as deputies
from esep.deputies.models import Convocation, Mandate, MandatePost, Party, Position
from esep.deputies.models import RepresentativeBody as Maslikhat
from esep.lib.iin import Sex, make_iin
from esep.org import actions as org
from esep.org.models import Body, Branch, Membership, Person, Post

D = dt.date
ATYRAU_CODE = "atyrau-33"
HELD_ON = D(2022, 1, 14)
DELEGATES = 80  # seed 001
DELEGATES_ELECTED = D(2021, 12, 6)  # the sub-branches' conferences, over two weeks
COUNCIL_SEATS, BUREAU_SEATS, AUDIT_SEATS = 31, 9, 5
COUNCIL_CANDIDATES = 34
ABSENT = 2  # Atyrau's delegates who did not come
KOSTANAY_NUMBER = 34
ALMATY_NUMBER = 35
KOSTANAY_PER_DELEGATE = 20
DELEGATE_LOGIN = "kostanay.delegate"
VOTER_LOGIN = "kostanay.voter"

# The 6th convocations (elected 20 March 2016), and how many of the 7th convocation's
# deputies of the party held a mandate of the party in the 6th. Kostanay's three make 14 of
# 40: 65% of the factions new (seed 003).
SIXTH_ELECTED, SIXTH_STARTED = D(2016, 3, 20), D(2016, 3, 25)
SIXTH = {
    "kostanay-maslikhat": 7,
    "kostanay-karabalyk-maslikhat": 4,
    "kostanay-karasu-maslikhat": 3,
    "atyrau-maslikhat": 11,
    "almaty-maslikhat": 10,
}

# The primaries: the list's places and the other members the region nominated beside the
# deputies — young (under 35 on the vote's day) and older on the list, and some who end
# below it; how many members vote.
NOMINATED_FROM, NOMINATIONS_CLOSE = D(2020, 8, 17), D(2020, 9, 15)
DEBATE_ON, VOTE_ON = D(2020, 9, 24), D(2020, 10, 5)
CHOICES = 5


@dataclass(frozen=True)
class Primaries:
    places: int
    # members nominated beside the deputies who are young and make the list (at least, and
    # as many as the youth rule needs); none where the list falls short of it
    young: int
    below: int  # members who end below the list
    voters: int


PRIMARIES = {
    "kostanay": Primaries(places=35, young=5, below=4, voters=420),
    "atyrau": Primaries(places=45, young=0, below=4, voters=240),
    "almaty": Primaries(places=35, young=3, below=4, voters=240),
}

KK_MALE = "Ерлан Нұрлан Серік Бауыржан Қайрат Марат Мұрат Талғат Болат Жеңіс Ғабит Қанат"
KK_FEMALE = "Гүлнар Жанар Сәуле Гүлмира Салтанат Ботагөз Ләззат Күлпаш Роза Бибігүл"
KK_SURNAMES = "Тәжібаев Есмағамбетов Қожахметов Сүлейменов Жанәбілов Бисенов Өтепов Ыдырысов"
RU_MALE = [
    ("Владимир", "Владимирович", "Владимировна"),
    ("Анатолий", "Анатольевич", "Анатольевна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Василий", "Васильевич", "Васильевна"),
]
RU_FEMALE = "Галина Надежда Вера Любовь Лариса"
RU_SURNAMES = "Гончаров Ершов Полянский Рябов Данилов Шмидт"
MOBILE_PREFIXES = ["701", "705", "707", "747", "777"]

REPORT = (
    "Облыстық филиал саяси кеңесінің 2019–2020 жылдардағы жұмысы туралы есебі",
    "Отчёт политического совета областного филиала о работе за 2019–2020 годы",
    "Report of the branch's political council on its work in 2019–2020",
)
ELECTIONS = [
    (
        Body.Kind.POLITICAL_COUNCIL,
        COUNCIL_SEATS,
        (
            "Облыстық филиалдың саяси кеңесін сайлау",
            "Выборы политического совета филиала",
            "Election of the branch's political council",
        ),
        ("Саяси кеңес", "Политический совет", "Political council"),
    ),
    (
        Body.Kind.BUREAU,
        BUREAU_SEATS,
        (
            "Саяси кеңестің бюросын сайлау",
            "Выборы бюро политического совета",
            "Election of the political council's bureau",
        ),
        ("Саяси кеңестің бюросы", "Бюро политического совета", "Bureau"),
    ),
    (
        Body.Kind.AUDIT_COMMISSION,
        AUDIT_SEATS,
        (
            "Бақылау-тексеру комиссиясын сайлау",
            "Выборы контрольно-ревизионной комиссии",
            "Election of the audit commission",
        ),
        ("Бақылау-тексеру комиссиясы", "Контрольно-ревизионная комиссия", "Audit commission"),
    ),
]
RESOLUTION = (
    "Конференцияның қаулысы туралы",
    "О постановлении конференции",
    "The conference's resolution",
)


def _login(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


def _initial(person: Person) -> str:
    """«Тәжібаев Е. Қ.»: how a speaker is named on an agenda."""
    letters = " ".join(f"{name[0]}." for name in (person.given_name, person.patronymic) if name)
    return f"{person.surname} {letters}"


def _age(person: Person, on: dt.date) -> int:
    assert person.birth_date is not None
    return actions.age_on(person.birth_date, on)


def _document(name: str) -> SimpleUploadedFile:
    """A candidate's nomination papers: a small PDF of its own."""
    body = f"%PDF-1.4\n% {name}\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    return SimpleUploadedFile(f"{name}.pdf", body.encode(), content_type="application/pdf")


def votes_for(
    voters: int, targets: Sequence[int], per_ballot: int, rng: random.Random
) -> list[list[int]]:
    """Each voter's choices (indexes into `targets`) so that choice i gets exactly
    `targets[i]` votes and nobody chooses more than `per_ballot`: each choice goes to the
    voters who have chosen least so far, in a seeded order."""
    chosen: list[list[int]] = [[] for _ in range(voters)]
    for i in sorted(range(len(targets)), key=lambda i: -targets[i]):
        order = sorted(range(voters), key=lambda v: (len(chosen[v]), rng.random()))
        for v in order[: targets[i]]:
            assert len(chosen[v]) < per_ballot, "more votes than the ballots hold"
            chosen[v].append(i)
    return chosen


def cast_all(poll: Poll, voters: Sequence[User], choices: Sequence[Sequence[int]]) -> int:
    """Each voter's ballot through `cast`; `choices` are option numbers less one."""
    options = {o.number: o for o in poll.options.all()}
    cast = 0
    for voter, picks in zip(voters, choices, strict=True):
        if picks:
            actions.cast(actor=voter, poll=poll, choices=[options[i + 1] for i in picks])
            cast += 1
    return cast


def elector(person_id: int) -> User:
    """A member voting in the primaries as the site's own page lets them: the action asks
    only who they are, so an unsaved account naming the person is enough here."""
    return User(username=f"elector-{person_id}", person_id=person_id)


# ---------------------------------------------------------------- the 6th convocations


class Former:
    """The 6th convocations' deputies who did not sit in the 7th: older people, their names
    agreeing in sex and language, a valid IIN never taken, a phone; recorded through
    `org.create_person`."""

    def __init__(self, rng: random.Random, actor: User) -> None:
        self.rng, self.actor = rng, actor

    def make(self, russian_share: float) -> Person:
        rng = self.rng
        female = rng.random() < 0.25
        birth = D(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 22))
        if rng.random() < russian_share:
            surname = rng.choice(RU_SURNAMES.split())
            given, male_patronymic, female_patronymic = rng.choice(RU_MALE)
            if female:
                given = rng.choice(RU_FEMALE.split())
                surname = surname if surname == "Шмидт" else surname + "а"
                patronymic = female_patronymic
            else:
                patronymic = male_patronymic
        else:
            surname = rng.choice(KK_SURNAMES.split())
            father = rng.choice(KK_MALE.split())
            if female:
                given, surname = rng.choice(KK_FEMALE.split()), surname + "а"
                patronymic = f"{father}қызы"
            else:
                given, patronymic = rng.choice(KK_MALE.split()), f"{father}ұлы"
        sex: Sex = "female" if female else "male"
        serial = rng.randrange(10_000)
        iin = make_iin(birth, sex, serial=serial)
        while Person.objects.with_iin(iin).exists():
            serial = (serial + 7) % 10_000
            iin = make_iin(birth, sex, serial=serial)
        return org.create_person(
            actor=self.actor,
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            iin=iin,
            birth_date=birth,
            sex=sex,
            phone=f"+7{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1_000_000, 9_999_999)}",
        )


def may_stand(person: Person) -> bool:
    """Whether a deputy may stand in the primaries: old enough on the vote's day, and a
    member — or no member yet, whom the party admits — rather than a suspended or former
    one."""
    status = Membership.objects.filter(person=person).values_list("status", flat=True).first()
    old_enough = _age(person, VOTE_ON) >= actions.DEFAULT_MINIMUM_AGE
    return old_enough and status in (None, Membership.Status.ACTIVE)


def own_mandates(convocation: Convocation) -> list[Mandate]:
    """The party's mandates of a convocation, in the order they began."""
    return list(
        Mandate.objects.of_own_party()
        .filter(convocation=convocation)
        .select_related("person")
        .order_by("started_on", "pk")
    )


def record_sixth(heads: dict[str, User], rng: random.Random) -> dict[str, Convocation]:
    """The 6th convocations and their mandates, through the deputies' actions, each mandate
    ended with its convocation's term. Of the 7th convocation's first deputies of the party,
    the oldest held a mandate in the 6th too."""
    parties = {p.code: p for p in Party.objects.all()}
    own = next(p for p in parties.values() if p.is_own)
    others = [parties[code] for code in ("ak-zhol", "peoples-party") if code in parties]
    made: dict[str, Convocation] = {}
    for code, returning in SIXTH.items():
        body = Maslikhat.objects.filter(code=code).select_related("branch").first()
        if body is None:
            continue
        seventh = body.convocations.filter(number=7).first()
        if seventh is None or body.convocations.filter(number=6).exists():
            continue
        actor = heads[code.split("-")[0]]
        ended_on = seventh.started_on - dt.timedelta(days=1)
        sixth = deputies.add_convocation(
            actor=actor,
            body=body,
            number=6,
            elected_on=SIXTH_ELECTED,
            started_on=SIXTH_STARTED,
            ended_on=ended_on,
            seats=seventh.seats,
        )
        first = [m for m in own_mandates(seventh) if m.started_on == seventh.started_on]
        back = sorted(
            (m for m in first if may_stand(m.person)),
            key=lambda m: (-_age(m.person, SIXTH_STARTED), m.pk),
        )[:returning]
        former = Former(rng, actor)
        russian = 0.4 if code.startswith("kostanay") else 0.15
        people = [m.person for m in back]
        people += [former.make(russian) for _ in range(len(first) - len(back))]
        seats = [(person, own) for person in people]
        rest = seventh.seats - len(seats)
        seats += [(former.make(russian), others[i % len(others)]) for i in range(rest) if others]
        for person, party in seats:
            mandate = deputies.add_mandate(
                actor=actor,
                convocation=sixth,
                person=person,
                kind=Mandate.Kind.PARTY_LIST,
                party=party,
                started_on=SIXTH_STARTED,
            )
            deputies.end_mandate(
                actor=actor, mandate=mandate, ended_on=ended_on, reason=Mandate.EndReason.TERM_ENDED
            )
        made[code] = sixth
    return made


# ---------------------------------------------------------------- the primaries


def _members(region: Branch, *, exclude: set[int]) -> list[Person]:
    """The region's active members without an esep login, by record."""
    return [
        p
        for p in Person.objects.filter(
            membership__status=Membership.Status.ACTIVE,
            membership__branch__path__startswith=region.path,
            user__isnull=True,
        ).order_by("pk")
        if p.pk not in exclude
    ]


def _admit(actor: User, person: Person, branch: Branch, rng: random.Random) -> bool:
    """A deputy who was not a member joins: a candidacy needs active membership. A former
    member (suspended, left) is not nominated."""
    membership = Membership.objects.filter(person=person).first()
    if membership is not None:
        return membership.status == Membership.Status.ACTIVE
    org.admit_member(
        actor=actor,
        person=person,
        branch=branch,
        on=D(2008, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 11)),
        card_number=f"{str(person.iin)[-9:]}{branch.pk:04d}",
    )
    return True


def _targets(count: int, voters: int, per_ballot: int, places: int) -> list[int]:
    """Falling votes for `count` candidates in their intended order, filling about nine
    tenths of the ballots' choices; the last place on the list has more votes than the
    first below it."""
    fill = 0.9 * voters * per_ballot / count
    step = 1.6 * (fill - 1) / max(1, count - 1)
    top = fill + step * (count - 1) / 2
    targets = [min(voters, round(top - step * i)) for i in range(count)]
    for i in range(places, count):
        targets[i] = min(targets[i], targets[places - 1] - 1 - (i - places))
    assert targets[-1] >= 1, (count, voters)
    return targets


def run_primaries(
    code: str,
    spec: Primaries,
    head: User,
    previous: Convocation | None,
    rng: random.Random,
    demo: Demo,
) -> None:
    region = Branch.objects.get(code=code)
    body = Maslikhat.objects.select_related("branch").get(code=f"{code}-maslikhat")
    seventh = body.convocations.get(number=7)
    mandates = own_mandates(seventh)
    chairs = set(
        MandatePost.objects.filter(
            mandate__convocation=seventh, position__in=[Position.CHAIR, Position.SECRETARY]
        ).values_list("mandate__person_id", flat=True)
    )
    # The deputies in the order the list seated them: the chair and the secretary first,
    # those who took a seat later after the first ones.
    ordered = sorted(
        enumerate(mandates),
        key=lambda im: (im[1].started_on, im[1].person_id not in chairs, im[0]),
    )
    deputies_on_list = [
        m.person
        for _i, m in ordered
        if may_stand(m.person) and _admit(head, m.person, body.branch, rng)
    ][: spec.places]
    held = {m.person_id for m in Mandate.objects.filter(party__is_own=True)}
    pool = [
        p
        for p in _members(region, exclude=held | {p.pk for p in deputies_on_list})
        if _age(p, VOTE_ON) >= 21
    ]
    # The members beside the deputies: young ones where the list keeps the youth rule, as
    # many as it takes, and older ones to fill it.
    young_age = settings.ESEP_YOUNG_AGE  # as the list rules count the young
    young_deputies = sum(_age(p, VOTE_ON) < young_age for p in deputies_on_list)
    # The list that falls short of the rule is long enough to: under one young in five.
    places = spec.places if spec.young else max(spec.places, 5 * young_deputies + 1)
    extra = places - len(deputies_on_list)
    wanted = -(-places * 20 // 100) - young_deputies
    young_count = min(extra, max(spec.young, wanted)) if spec.young else 0
    young = rng.sample([p for p in pool if _age(p, VOTE_ON) < young_age], young_count)
    older_count = extra - young_count
    older = rng.sample(
        [p for p in pool if _age(p, VOTE_ON) >= young_age], older_count + spec.below + 1
    )
    listed = [*young, *older[:older_count]]
    rng.shuffle(listed)
    refused = older[-1]
    ranked = [*deputies_on_list, *listed, *older[older_count : older_count + spec.below]]

    campaign = actions.open_campaign(
        actor=head,
        branch=region,
        code=f"{code}-primaries-2020",
        body=body,
        previous=previous,
        nominations_close_on=NOMINATIONS_CLOSE,
        vote_on=VOTE_ON,
        places=places,
        name_kk=f"{body.name_kk}на 2021 жылғы сайлау алдындағы праймериз",
        name_ru=f"Праймериз к выборам в {body.name_ru[0].lower()}{body.name_ru[1:]} 2021 года",
        name_en=f"Primaries for the 2021 {body.name_en} election",
    )
    demo.campaigns += 1
    districts = {
        m.person_id: m.branch
        for m in Membership.objects.filter(person__in=[p.pk for p in ranked]).select_related(
            "branch"
        )
    }
    candidates: list[Candidate] = []
    for n, person in enumerate([*ranked, refused]):
        on = NOMINATED_FROM + dt.timedelta(days=_crc(f"{code}:{person.pk}") % 24)
        candidate = actions.nominate_candidate(
            actor=head,
            campaign=campaign,
            person=person,
            nominated_on=on,
            nominated_by=districts.get(person.pk, region),
            consent_on=on,
            documents=None if person is refused else _document(f"{code}-candidate-{n + 1:03d}"),
        )
        candidates.append(candidate)
    for candidate in candidates[:-1]:
        actions.register_candidate(actor=head, candidate=candidate)
    actions.refuse_candidate(
        actor=head,
        candidate=candidates[-1],
        reason="Кандидат өтініш пен құжаттарды белгіленген мерзімде тапсырмады. "
        "Кандидат не представил заявление и документы в установленный срок.",
    )
    city = Branch.objects.filter(path__startswith=region.path, kind=Branch.Kind.CITY).first()
    actions.add_debate(
        actor=head,
        campaign=campaign,
        held_on=DEBATE_ON,
        place=f"{(city or region).territory.name_kk}, облыстық филиалдың мәжіліс залы",
        candidates=rng.sample(list(campaign.candidates.filter(state="registered")), 8),
        name_kk="Праймериз кандидаттарының дебаты",
        name_ru="Дебаты кандидатов праймериз",
        name_en="The primaries' candidates' debate",
    )
    poll = actions.start_vote(actor=head, campaign=campaign, choices=CHOICES)
    # The ballot lists the candidates alphabetically: the intended order's votes go to
    # their options.
    number_of = dict(poll.options.values_list("person_id", "number"))
    targets = _targets(len(ranked), spec.voters, CHOICES, places)
    by_number = [0] * len(ranked)
    for person, votes in zip(ranked, targets, strict=True):
        by_number[number_of[person.pk] - 1] = votes
    electors = sorted(campaign.electors.values_list("person_id", flat=True))
    voters = rng.sample(electors, min(spec.voters, len(electors)))
    cast_all(poll, [elector(p) for p in voters], votes_for(len(voters), by_number, CHOICES, rng))
    actions.close_vote(actor=head, campaign=campaign)
    actions.certify(actor=head, poll=poll)
    actions.form_list(actor=head, campaign=Campaign.objects.get(pk=campaign.pk))


# ---------------------------------------------------------------- conferences


def logins_for(delegates: Sequence[Delegate], prefix: str) -> list[User]:
    """The delegates' own esep logins (no role; they sign in as the party's sign-in lets
    them), made for those who take part online."""
    users = []
    for n, delegate in enumerate(delegates, start=1):
        user = User.objects.filter(person=delegate.person).first()
        if user is None:
            user = User(username=f"{prefix}.{n:02d}", person=delegate.person)
            user.set_unusable_password()
            user.save()
        users.append(user)
    return users


def seat_delegates(
    conference: Conference, office: User, rng: random.Random, *, exclude: set[int]
) -> list[Delegate]:
    """Each sub-branch's delegates, elected by its own conference: active members of it
    (or of its primary organisations) without a staff login, as many as its quota."""
    delegates = []
    for quota in conference.quotas.select_related("branch").order_by("branch__path"):
        branch = quota.branch
        people = _members(branch, exclude=exclude)
        elected_on = DELEGATES_ELECTED + dt.timedelta(days=_crc(branch.code) % 14)
        for person in rng.sample(people, quota.seats):
            delegates.append(
                actions.add_delegate(
                    actor=office,
                    conference=conference,
                    person=person,
                    branch=branch,
                    elected_on=elected_on,
                    protocol=f"№ {_crc(branch.code) % 9 + 2}",
                )
            )
    return delegates


def body_posts(branch: Branch, kind: str, on: dt.date) -> list[Post]:
    return list(
        Post.objects.filter(body__branch=branch, body__kind=kind)
        .current(on)
        .select_related("person")
        .order_by("pk")
    )


def run_election(
    office: User,
    item: Item,
    kind: str,
    seats: int,
    names: tuple[str, str, str],
    candidates: Sequence[Person],
    voters: Sequence[User],
    targets: Sequence[int],
    rng: random.Random,
) -> Poll:
    poll = actions.create_poll(
        actor=office,
        item=item,
        kind=Poll.Kind.ELECTION,
        name_kk=names[0],
        name_ru=names[1],
        name_en=names[2],
        seats=seats,
        body_kind=kind,
    )
    for person in candidates:
        actions.nominate(
            actor=office,
            poll=poll,
            person=person,
            consent_on=HELD_ON - dt.timedelta(days=3),
            nominated_by="Саяси кеңестің бюросы",
        )
    poll = actions.open_poll(actor=office, poll=poll)
    cast_all(poll, voters, votes_for(len(voters), targets, seats, rng))
    actions.close_poll(actor=office, poll=poll)
    return actions.certify(actor=office, poll=poll)


def motion(
    office: User,
    item: Item,
    names: tuple[str, str],
    kind: str,
    voters: Sequence[User],
    answers: Sequence[int],
) -> Poll:
    """A motion: yes, no, abstain; `answers` counts each voter's answer in turn."""
    poll = actions.create_poll(
        actor=office, item=item, kind=kind, name_kk=names[0], name_ru=names[1]
    )
    poll = actions.open_poll(actor=office, poll=poll)
    choices = [[i] for i, count in enumerate(answers) for _ in range(count)]
    cast_all(poll, voters[: len(choices)], choices)
    return poll


def per_delegate(branch: Branch) -> int:
    """One delegate for so many of the sub-branches' active members that they send about
    80 (one for every six in the demo)."""
    members = sum(
        Membership.objects.filter(
            status=Membership.Status.ACTIVE, branch__path__startswith=child.path
        ).count()
        for child in Branch.objects.get_children(branch)
    )
    return max(1, round(members / DELEGATES))


def atyrau_conference(office: User, rng: random.Random, demo: Demo) -> Conference:
    branch = Branch.objects.get(code="atyrau")
    city = Branch.objects.get(code="atyrau-city")
    old_council = body_posts(branch, Body.Kind.POLITICAL_COUNCIL, HELD_ON - dt.timedelta(days=1))
    chair = next(p.person for p in old_council if p.position == Post.Position.CHAIR)
    conference = actions.convene(
        actor=office,
        branch=branch,
        number=33,
        kind=Conference.Kind.REPORT_ELECTION,
        held_on=HELD_ON,
        hall="Атырау қаласы, Сәтбаев даңғылы, 1, облыстық филиалдың мәжіліс залы",
        name_kk=(
            "«AMANAT» партиясы Атырау облыстық филиалының XXXIII есеп беру-сайлау конференциясы"
        ),
        name_ru=(
            "XXXIII отчётно-выборная конференция Атырауского областного филиала партии «AMANAT»"
        ),
        name_en="33rd report-election conference of the AMANAT party's Atyrau Region branch",
        members_per_delegate=per_delegate(branch),
    )
    quotas = actions.count_quotas(actor=office, conference=conference)
    short = DELEGATES - sum(q.seats for q in quotas)
    centre = next(q for q in quotas if q.branch_id == city.pk)
    if short:
        actions.set_quota(actor=office, quota=centre, seats=centre.seats + short)
    speaker = _initial(chair)
    report = actions.add_item(
        actor=office,
        conference=conference,
        kind="report",
        name_kk=REPORT[0],
        name_ru=REPORT[1],
        name_en=REPORT[2],
        speaker=speaker,
    )
    items = [
        actions.add_item(
            actor=office,
            conference=conference,
            kind="election",
            name_kk=kk,
            name_ru=ru,
            name_en=en,
        )
        for _kind, _seats, (kk, ru, en), _names in ELECTIONS
    ]
    resolution = actions.add_item(
        actor=office,
        conference=conference,
        kind="decision",
        name_kk=RESOLUTION[0],
        name_ru=RESOLUTION[1],
        name_en=RESOLUTION[2],
    )
    old = {p.person_id for p in old_council}
    delegates = seat_delegates(conference, office, rng, exclude=old)
    actions.freeze_roll(actor=office, conference=conference)
    actions.open_conference(actor=office, conference=conference)
    hall = [d for d in delegates if d.branch_id == city.pk]
    away = [d for d in delegates if d.branch_id != city.pk]
    absent = {d.pk for d in rng.sample(away, ABSENT)}
    online = [d for d in away if d.pk not in absent]
    for delegate in hall:
        actions.register(actor=office, delegate=delegate, attendance="in_person")
    own_logins = logins_for(online, "atyrau.delegate")
    for user, delegate in zip(own_logins, online, strict=True):
        actions.register(actor=user, delegate=delegate, attendance="online")
    # The delegates vote from their own devices, in the hall or online.
    voters = logins_for(hall, "atyrau.delegate.hall") + own_logins
    rng.shuffle(voters)
    present = len(voters)

    # 1. The report, by open vote.
    poll = motion(
        office, report, ("Есепті бекіту", "Утвердить отчёт"), "open", voters, [present - 4, 1, 3]
    )
    actions.close_poll(actor=office, poll=poll)
    actions.certify(actor=office, poll=poll)

    # 2. The political council: twenty of the old one stand again with eleven delegates and
    # three more; the chair first.
    again = [p.person for p in old_council if p.person_id != chair.pk][:20]
    newcomers = rng.sample([d.person for d in delegates], COUNCIL_CANDIDATES - 21 + AUDIT_SEATS)
    council = [chair, *again, *newcomers[: COUNCIL_CANDIDATES - 21]]
    targets = [present - 2 - i for i in range(COUNCIL_SEATS)]
    targets += [present // 2 - 6 - 4 * i for i in range(COUNCIL_CANDIDATES - COUNCIL_SEATS)]
    kind, seats, _texts, names = ELECTIONS[0]
    run_election(office, items[0], kind, seats, names, council, voters, targets, rng)

    # 3. The bureau, of the council just elected: the chair and eight more.
    elected = council[:COUNCIL_SEATS]
    bureau = [chair, *rng.sample(elected[1:], BUREAU_SEATS - 1)]
    kind, seats, _texts, names = ELECTIONS[1]
    targets = [present - 1 - i for i in range(BUREAU_SEATS)]
    run_election(office, items[1], kind, seats, names, bureau, voters, targets, rng)

    # 4. The audit commission: delegates who sit on no other body.
    audit = newcomers[COUNCIL_CANDIDATES - 21 :]
    kind, seats, _texts, names = ELECTIONS[2]
    targets = [present - 1 - 2 * i for i in range(AUDIT_SEATS)]
    run_election(office, items[2], kind, seats, names, audit, voters, targets, rng)

    # 5. The resolution, by open vote.
    poll = motion(
        office,
        resolution,
        ("Қаулыны қабылдау", "Принять постановление"),
        "open",
        voters,
        [present - 2, 0, 2],
    )
    actions.close_poll(actor=office, poll=poll)
    actions.certify(actor=office, poll=poll)

    actions.close_conference(actor=office, conference=conference)
    minutes = actions.draft_minutes(actor=office, conference=conference)
    actions.sign_minutes(actor=office, minutes=minutes)

    # The new council's first plenum elects its chair, who takes the post the next day.
    council_body = Body.objects.get(branch=branch, kind=Body.Kind.POLITICAL_COUNCIL)
    seat = Post.objects.get(body=council_body, person=chair, started_on=HELD_ON)
    org.end_post(actor=office, post=seat, on=HELD_ON, reason="Пленумда төраға болып сайланды.")
    org.appoint_to_body(
        actor=office,
        body=council_body,
        person=chair,
        position=Post.Position.CHAIR,
        started_on=HELD_ON + dt.timedelta(days=1),
    )
    demo.conferences += 1
    return conference


def kostanay_conference(office: User, rng: random.Random, demo: Demo) -> Conference:
    """Today's conference of the Kostanay branch, in session: the report's secret ballot
    open, most delegates registered and some of them voted; `kostanay.delegate` on the roll,
    not yet registered."""
    branch = Branch.objects.get(code="kostanay")
    city = Branch.objects.get(code="kostanay-city")
    today = timezone.localdate()
    conference = actions.convene(
        actor=office,
        branch=branch,
        number=KOSTANAY_NUMBER,
        kind=Conference.Kind.REGULAR,
        held_on=today,
        hall="Қостанай қаласы, Әл-Фараби даңғылы, 66, облыстық филиалдың мәжіліс залы",
        name_kk="«AMANAT» партиясы Қостанай облыстық филиалының XXXIV конференциясы",
        name_ru="XXXIV конференция Костанайского областного филиала партии «AMANAT»",
        name_en="34th conference of the AMANAT party's Kostanay Region branch",
        members_per_delegate=KOSTANAY_PER_DELEGATE,
    )
    actions.count_quotas(actor=office, conference=conference)
    chair = next(
        (
            p.person
            for p in body_posts(branch, Body.Kind.POLITICAL_COUNCIL, today)
            if p.position == Post.Position.CHAIR
        ),
        None,
    )
    report = actions.add_item(
        actor=office,
        conference=conference,
        kind="report",
        name_kk="Облыстық филиал саяси кеңесінің жылдық жұмысы туралы есебі",
        name_ru="Отчёт политического совета областного филиала о работе за год",
        name_en="Report of the branch's political council on the year's work",
        speaker=_initial(chair) if chair else "",
    )
    actions.add_item(
        actor=office,
        conference=conference,
        kind="decision",
        name_kk="Сайлауалды бағдарламаның облыста орындалуы туралы",
        name_ru="О ходе исполнения предвыборной программы в области",
        name_en="How the election programme is carried out in the region",
    )
    delegates = seat_delegates(conference, office, rng, exclude=set())
    actions.freeze_roll(actor=office, conference=conference)
    actions.open_conference(actor=office, conference=conference)
    hall = [d for d in delegates if d.branch_id == city.pk]
    away = [d for d in delegates if d.branch_id != city.pk]
    # kostanay.delegate, who registers in the demo: a member who holds no mandate (a deputy
    # is shown their mandate's pages, the demo's deputy logins are for those).
    holders = set(Mandate.objects.values_list("person_id", flat=True))
    plain = [d for d in away if d.person_id not in holders]
    visitor = plain[0]
    rest = [d for d in away if d is not visitor]
    late = {d.pk for d in rng.sample(rest, 5)}
    online = [d for d in rest if d.pk not in late]
    for delegate in hall:
        actions.register(actor=office, delegate=delegate, attendance="in_person")
    own_logins = logins_for(online, "kostanay.delegate")
    for user, delegate in zip(own_logins, online, strict=True):
        actions.register(actor=user, delegate=delegate, attendance="online")
    user = User.objects.filter(person=visitor.person).first() or User(
        username=DELEGATE_LOGIN, person=visitor.person
    )
    # The demo logins' password, as the access builder gave the Kostanay head's login.
    head = _login("kostanay.head")
    if head is not None and head.has_usable_password():
        user.password = head.password
    else:
        user.set_unusable_password()
    user.save()
    demo.users.append((user.username, str(_("conference delegate")), branch.code))
    # kostanay.voter: a delegate registered online who has not voted yet.
    waiting = next(u for u in reversed(own_logins) if u.person_id not in holders)
    own_logins.remove(waiting)
    waiting.username = VOTER_LOGIN
    waiting.password = user.password
    waiting.save(update_fields=["username", "password"])
    demo.users.append((waiting.username, str(_("conference delegate")), branch.code))
    voters = logins_for(hall, "kostanay.delegate.hall") + own_logins
    rng.shuffle(voters)
    poll = actions.create_poll(
        actor=office,
        item=report,
        kind=Poll.Kind.SECRET,
        name_kk="Есепті бекіту (жасырын дауыс беру)",
        name_ru="Утвердить отчёт (тайное голосование)",
        name_en="Approve the report (secret ballot)",
    )
    poll = actions.open_poll(actor=office, poll=poll)
    voting = voters[: len(voters) * 2 // 3]
    answers = [0] * (len(voting) - 3) + [1, 2, 2]
    cast_all(poll, voting, [[a] for a in answers])
    demo.conferences += 1
    return conference


def almaty_conference(office: User) -> Conference:
    """Almaty's next conference, convened for a month from today: its quotas counted, its
    agenda set, its roll still open for the districts' delegates (by hand or imported)."""
    conference = actions.convene(
        actor=office,
        branch=Branch.objects.get(code="almaty"),
        number=ALMATY_NUMBER,
        kind=Conference.Kind.REPORT_ELECTION,
        held_on=timezone.localdate() + dt.timedelta(days=30),
        hall="Алматы қаласы, Абай даңғылы, 48, қалалық филиалдың мәжіліс залы",
        name_kk="«AMANAT» партиясы Алматы қалалық филиалының XXXV есеп беру-сайлау конференциясы",
        name_ru="XXXV отчётно-выборная конференция Алматинского городского филиала партии «AMANAT»",
        name_en="35th report-election conference of the AMANAT party's Almaty branch",
        members_per_delegate=20,
    )
    actions.count_quotas(actor=office, conference=conference)
    actions.add_item(
        actor=office,
        conference=conference,
        kind="report",
        name_kk="Қалалық филиал саяси кеңесінің 2025–2026 жылдардағы жұмысы туралы есебі",
        name_ru="Отчёт политического совета городского филиала о работе в 2025–2026 годах",
        name_en="Report of the branch's political council on its work in 2025–2026",
    )
    return conference


# ---------------------------------------------------------------- the whole


@transaction.atomic
def build(demo: Demo) -> None:
    if Conference.objects.filter(code=ATYRAU_CODE).exists():
        return
    heads = {code: _login(f"{code}.head") for code in ("almaty", "atyrau", "kostanay")}
    if any(user is None for user in heads.values()) or not Maslikhat.objects.exists():
        return
    offices = {code: user for code, user in heads.items() if user is not None}
    rng = random.Random("assemblies:2020-2022")
    ballots = Ballot.objects.count()
    sixth = record_sixth(offices, rng)
    for code, spec in PRIMARIES.items():
        run_primaries(code, spec, offices[code], sixth.get(f"{code}-maslikhat"), rng, demo)
    atyrau_conference(offices["atyrau"], rng, demo)
    kostanay_conference(offices["kostanay"], rng, demo)
    almaty_conference(offices["almaty"])
    demo.assembly_ballots += Ballot.objects.count() - ballots
