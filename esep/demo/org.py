"""The demo organisation: a realistic branch tree for Almaty, Atyrau and Kostanay, bodies
with their members, people with plausible names and valid IINs, party members.

Everything is derived from a fixed seed and natural keys (branch codes, IINs, card
numbers), so running it again changes nothing; `scale` grows the population."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from dataclasses import dataclass

from django.utils.text import slugify

from esep.demo.context import DETAILED_REGIONS, Demo
from esep.lib.iin import Sex, make_iin
from esep.org.models import (
    Body,
    Branch,
    Membership,
    MembershipChange,
    Person,
    Post,
    Territory,
)
from esep.org.territories import load_territories

TODAY = dt.date(2026, 11, 1)

KK_MALE = [
    "Асқар",
    "Ерлан",
    "Нұрлан",
    "Дәурен",
    "Серік",
    "Бауыржан",
    "Ержан",
    "Қайрат",
    "Марат",
    "Айдос",
    "Ілияс",
    "Мұрат",
    "Бекзат",
    "Талғат",
    "Арман",
    "Жандос",
    "Санжар",
    "Ғалым",
    "Әділет",
    "Нұрбол",
]
KK_FEMALE = [
    "Айгүл",
    "Гүлнар",
    "Әсем",
    "Мадина",
    "Жанар",
    "Динара",
    "Айжан",
    "Сәуле",
    "Ақмарал",
    "Гүлмира",
    "Назерке",
    "Салтанат",
    "Ботагөз",
    "Дана",
    "Аружан",
    "Ләззат",
    "Жұлдыз",
    "Меруерт",
    "Әйгерім",
    "Ғалия",
]
KK_SURNAMES = [
    "Әбдірахманов",
    "Жұмабаев",
    "Сәрсенбаев",
    "Қасымов",
    "Омаров",
    "Исаев",
    "Тоқтаров",
    "Нұрғалиев",
    "Бекмұхамбетов",
    "Сейітқалиев",
    "Ахметов",
    "Құдайбергенов",
    "Жақсылықов",
    "Есенов",
    "Мұхамедов",
    "Байжанов",
    "Оспанов",
    "Төлегенов",
    "Қуанышев",
    "Смағұлов",
    "Іргебаев",
    "Ғабдуллин",
]
RU_MALE = [
    ("Иван", "Иванович", "Ивановна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Андрей", "Андреевич", "Андреевна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Александр", "Александрович", "Александровна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Николай", "Николаевич", "Николаевна"),
    ("Олег", "Олегович", "Олеговна"),
    ("Юрий", "Юрьевич", "Юрьевна"),
    ("Владимир", "Владимирович", "Владимировна"),
]
RU_FEMALE = [
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Анна",
    "Людмила",
    "Марина",
    "Галина",
]
RU_SURNAMES = [
    "Иванов",
    "Петров",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Соколов",
    "Лебедев",
    "Новиков",
    "Морозов",
    "Волков",
    "Павлов",
    "Семенов",
    "Захаров",
    "Федоров",
]
RU_INVARIANT = ["Ким", "Шевченко", "Бондаренко", "Пак"]
STREETS_KK = [
    "Абай даңғылы",
    "Сәтбаев көшесі",
    "Махамбет көшесі",
    "Құрманғазы көшесі",
    "Әуезов көшесі",
    "Достық даңғылы",
    "Байтұрсынов көшесі",
    "Төле би көшесі",
]
MOBILE_PREFIXES = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]

# Seats of a regional branch's bodies (Atyrau's report-election conference of 2021 elected
# a political council of 31, a bureau of 9 and an audit commission of 5).
REGIONAL_BODIES = {
    Body.Kind.POLITICAL_COUNCIL: 31,
    Body.Kind.BUREAU: 9,
    Body.Kind.AUDIT_COMMISSION: 5,
    Body.Kind.MASLIKHAT_FACTION: 25,
    Body.Kind.PUBLIC_COUNCIL: 11,
    Body.Kind.CIVIC_COMMITTEE: 7,
}
DISTRICT_BODIES = {
    Body.Kind.POLITICAL_COUNCIL: 15,
    Body.Kind.BUREAU: 5,
    Body.Kind.AUDIT_COMMISSION: 3,
    Body.Kind.MASLIKHAT_FACTION: 9,
}


def branch_code(territory: Territory, region_code: str) -> str:
    if territory.level in (Territory.Level.OBLAST, Territory.Level.CITY):
        return region_code
    slug = slugify(territory.name_en.replace(" District", ""))
    if slug == region_code:  # Kostanay town and Kostanay District share the region's name
        slug = "city" if territory.level == Territory.Level.TOWN else "district"
    return f"{region_code}-{slug}"


def ensure_branch(
    parent: Branch | None,
    *,
    code: str,
    kind: str,
    territory: Territory,
    names: tuple[str, str, str],
    address: str = "",
) -> Branch:
    branch = Branch.objects.filter(code=code).first()
    if branch is not None:
        return branch
    fields = dict(
        code=code,
        kind=kind,
        territory=territory,
        name_kk=names[0],
        name_ru=names[1],
        name_en=names[2],
        address=address,
    )
    if parent is None:
        return Branch.objects.add_root(fields)
    return Branch.objects.add_child(Branch.objects.get(pk=parent.pk), fields)


def office_address(territory: Territory, code: str) -> str:
    """A branch office's street address (the receipt prints it), the same on every run: the
    street and the house; the place is the branch's territory, which pages name in the
    reader's language beside it."""
    number = zlib.crc32(code.encode())
    return f"{STREETS_KK[number % len(STREETS_KK)]}, {number % 97 + 1}"


def region_names(t: Territory) -> tuple[str, str, str]:
    """A territorial branch's names: «Қостанай облысы филиалы», «Филиал по Костанайской
    области», «Kostanay Region branch»."""
    return (f"{t.name_kk} филиалы", f"Филиал по {russian_dative(t.name_ru)}", f"{t.name_en} branch")


# Russian territory names as the territories list writes them («Костанайская область»,
# «город Астана», «Область Абай», «Сарыкольский район», «Район Беимбета Майлина»), put
# after «по», which takes the dative: the noun and the adjective before it change.
RUSSIAN_DATIVE = {"область": "области", "город": "городу", "район": "району"}
RUSSIAN_ADJECTIVE_DATIVE = {"ая": "ой", "ий": "ому", "ый": "ому", "ой": "ому"}


def russian_dative(name: str) -> str:
    words = name.split()
    nouns = [i for i, word in enumerate(words) if word.lower() in RUSSIAN_DATIVE]
    for i in nouns:
        words[i] = RUSSIAN_DATIVE[words[i].lower()]
        if i > 0 and (ending := words[i - 1][-2:]) in RUSSIAN_ADJECTIVE_DATIVE:
            words[i - 1] = words[i - 1][:-2] + RUSSIAN_ADJECTIVE_DATIVE[ending]
    return " ".join(words)


def build_branches() -> list[Branch]:
    country = Territory.objects.get(kato="000000000")
    central = ensure_branch(
        None,
        code="central",
        kind=Branch.Kind.CENTRAL,
        territory=country,
        names=("Орталық аппарат", "Центральный аппарат", "Central office"),
        address="Астана, Бейбітшілік көшесі, 4",
    )
    regions = Territory.objects.filter(
        level__in=[Territory.Level.OBLAST, Territory.Level.CITY]
    ).order_by("kato")
    for region in regions:
        code = DETAILED_REGIONS.get(region.kato) or slugify(region.name_en.replace(" Region", ""))
        if region.kato not in DETAILED_REGIONS and code in DETAILED_REGIONS.values():
            code = f"{code}-region"  # Almaty Region beside the city of Almaty
        regional = ensure_branch(
            central,
            code=code,
            kind=Branch.Kind.REGIONAL,
            territory=region,
            names=region_names(region),
            address=office_address(region, code),
        )
        if region.kato not in DETAILED_REGIONS:
            continue
        for index, district in enumerate(Territory.objects.get_children(region).order_by("kato")):
            kind = (
                Branch.Kind.CITY if district.level == Territory.Level.TOWN else Branch.Kind.DISTRICT
            )
            branch = ensure_branch(
                regional,
                code=branch_code(district, code),
                kind=kind,
                territory=district,
                names=region_names(district),
                address=office_address(district, branch_code(district, code)),
            )
            # Two or three primary organisations (at enterprises, schools, villages).
            for number in range(1, 2 + index % 2 + 1):
                ensure_branch(
                    branch,
                    code=f"{branch.code}-p{number:02d}",
                    kind=Branch.Kind.PRIMARY,
                    territory=district,
                    names=(
                        f"{district.name_kk}: №{number} бастауыш партия ұйымы",
                        f"{district.name_ru}: первичная партийная организация №{number}",
                        f"{district.name_en}: primary organisation No. {number}",
                    ),
                )
    return list(Branch.objects.order_by("path"))


def make_person(rng: random.Random, russian_share: float) -> Person:
    female = rng.random() < 0.45
    birth = dt.date(1958, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 45))
    if rng.random() < russian_share:
        surname = rng.choice(RU_SURNAMES + RU_INVARIANT)
        _father, male_patr, female_patr = rng.choice(RU_MALE)
        if female:
            given = rng.choice(RU_FEMALE)
            surname = surname if surname in RU_INVARIANT else surname + "а"
            patronymic = female_patr
        else:
            given, patronymic = rng.choice(RU_MALE)[0], male_patr
    else:
        surname = rng.choice(KK_SURNAMES)
        father = rng.choice(KK_MALE)
        if female:
            given, surname, patronymic = rng.choice(KK_FEMALE), surname + "а", f"{father}қызы"
        else:
            given, patronymic = rng.choice(KK_MALE), f"{father}ұлы"
    sex: Sex = "female" if female else "male"
    return Person(
        surname=surname,
        given_name=given,
        patronymic=patronymic,
        iin=make_iin(birth, sex, serial=rng.randrange(10_000)),
        birth_date=birth,
        sex=sex,
        phone=f"+7{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1_000_000, 9_999_999)}",
        email=f"member{rng.randrange(10**8)}@example.kz" if rng.random() < 0.6 else "",
        address=f"{rng.choice(STREETS_KK)}, {rng.randrange(1, 120)}",
    )


def members_per_branch(branch: Branch, scale: int) -> int:
    base: dict[str, int] = {
        # Enough active members to fill the branch's bodies with different people.
        Branch.Kind.CENTRAL: 12,
        Branch.Kind.REGIONAL: 100,
        Branch.Kind.CITY: 40,
        Branch.Kind.DISTRICT: 36,
        Branch.Kind.PRIMARY: 10,
    }
    return base[branch.kind] * scale


def in_detailed_region(branch: Branch) -> bool:
    return branch.kind == Branch.Kind.CENTRAL or any(
        branch.territory.kato[:2] == kato[:2] for kato in DETAILED_REGIONS
    )


def build_people(branches: list[Branch], scale: int) -> None:
    """Members of the central office and of every branch of the three detailed regions.
    Each branch draws its people from a generator seeded by its code, so a second run
    generates the same people, finds them present and adds nothing."""
    for branch in filter(in_detailed_region, branches):
        rng = random.Random(f"people:{branch.code}")
        russian_share = 0.45 if branch.territory.kato.startswith("39") else 0.15
        people: dict[str, Admission] = {}
        for _ in range(members_per_branch(branch, scale)):
            person = make_person(rng, russian_share)
            admitted_on = TODAY - dt.timedelta(days=rng.randrange(60, 365 * 20))
            status = rng.choices(["active", "suspended", "left"], weights=[92, 3, 5])[0]
            people.setdefault(str(person.iin), Admission(person, admitted_on, status))
        existing = set(Person.objects.with_iins(people).values_list("iin", flat=True))
        Person.objects.bulk_create(
            [a.person for iin, a in people.items() if iin not in existing], batch_size=1000
        )
        admit_in_bulk(branch, people)


@dataclass
class Admission:
    person: Person
    admitted_on: dt.date
    status: str


def admit_in_bulk(branch: Branch, generated: dict[str, Admission]) -> None:
    newcomers = Person.objects.with_iins(generated).filter(membership__isnull=True)
    memberships = []
    for person in newcomers:
        plan = generated[str(person.iin)]
        memberships.append(
            Membership(
                person=person,
                branch=branch,
                admitted_on=plan.admitted_on,
                status=plan.status,
                card_number=f"{str(person.iin)[-9:]}{branch.pk:04d}",
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=1000)
    changes = []
    for m in Membership.objects.filter(person_id__in=[m.person_id for m in memberships]):
        changes.append(
            MembershipChange(
                membership=m,
                kind=MembershipChange.Kind.ADMITTED,
                on=m.admitted_on,
                to_branch=branch,
                status="active",
            )
        )
        if m.status != Membership.Status.ACTIVE:
            kind, reason = {
                "suspended": (MembershipChange.Kind.SUSPENDED, "Партия жарғысын бұзғаны үшін"),
                "left": (MembershipChange.Kind.LEFT, "Өз өтініші бойынша"),
            }[m.status]
            changes.append(
                MembershipChange(
                    membership=m,
                    kind=kind,
                    on=TODAY - dt.timedelta(days=30),
                    to_branch=branch,
                    status=m.status,
                    reason=reason,
                )
            )
    MembershipChange.objects.bulk_create(changes, batch_size=1000)


def build_bodies(branches: list[Branch]) -> int:
    """Bodies of the regional and district branches of the detailed regions, their seats
    filled by the branch's active members (a chair, a deputy chair, a secretary and
    members); a body that already has posts is left as it is."""
    created = 0
    term_start = dt.date(2021, 2, 20)
    for branch in branches:
        if branch.kind == Branch.Kind.REGIONAL and branch.code in DETAILED_REGIONS.values():
            layout = REGIONAL_BODIES
        elif branch.kind in (Branch.Kind.CITY, Branch.Kind.DISTRICT):
            layout = DISTRICT_BODIES
        else:
            continue
        # In the order they were recorded: the IIN is stored encrypted, and its ciphertexts
        # sort at random.
        members = list(
            Person.objects.filter(membership__branch=branch, membership__status="active")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        taken = 0
        for kind, seats in layout.items():
            body, _ = Body.objects.get_or_create(
                branch=branch, kind=kind, defaults={"seats": seats}
            )
            if body.posts.exists():
                continue
            # The bureau sits inside the political council; other bodies are separate people.
            pool = members if kind == Body.Kind.BUREAU else members[taken:] + members[:taken]
            filled = min(seats, len(pool))
            positions = ["chair", "deputy_chair", "secretary"] + ["member"] * seats
            Post.objects.bulk_create(
                Post(body=body, person_id=pool[i], position=positions[i], started_on=term_start)
                for i in range(filled)
            )
            created += filled
            if kind != Body.Kind.BUREAU:
                taken += filled
    return created


def build(demo: Demo) -> None:
    load_territories()
    demo.branches = build_branches()
    build_people(demo.branches, demo.scale)
    demo.seats_filled = build_bodies(demo.branches)
