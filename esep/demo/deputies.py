"""The demo deputies of 2021 and their rating: the party esep serves (AMANAT) and the other two
parties of the Mazhilis elected on 10 January 2021; the Mazhilis of the 8th convocation (98
seats by party list: 76 the party's, 12 Ak Zhol's, 10 the People's Party's) and the
maslikhats of the 7th convocation elected the same day — of every oblast and city of
republican significance, of every district and town of Atyrau and Kostanay oblasts (Almaty's
city districts have no maslikhats by law), and, because the demo's territory list holds
districts only for the three detailed regions, each other oblast's district and town
maslikhats as numbered bodies of its regional branch; about 2,700 of the party's deputies
(the rated corps) and the other parties' deputies beside them; each body's chair, secretary
and committee chairs; a year of monthly sittings with attendance; inquiries, initiatives and
reports to voters; two versions of the methodology; the rating of February–December 2021,
published by the branches up to November, one month republished after a correction,
December awaiting the corrections still pending.

The receptions, control posts and road-map measures made earlier were given to office
holders of the branches (the people seated in the branches' bodies): the people who received
citizens, head or sit on control posts or answer for measures in the three detailed regions
are given mandates in the maslikhat of the branch they hold their seats in, so their work
counts for them. Those regions' maslikhat factions had been seated by the org demo before
mandates existed; a faction's membership now follows the mandates, so its old seats are
replaced by the mandates' (their chair, deputy chair and secretary keep their posts, and the
members who fit the corps keep a seat). In 2021 every maslikhat and Mazhilis seat was won on
a party list (single-member districts came back with the 2023 elections), so every mandate
is a party-list one. Abai, Zhetisu and Ulytau oblasts were formed in 2022: their maslikhats
are recorded with no 2021 convocation.

Records go through the deputies' actions where their volume allows; the numbered district
maslikhats of the other oblasts (about 1,800 mandates with their faction seats, their
sittings and attendance, initiatives and reports) are written in bulk, as the actions would
write them, because through the actions they alone would take most of a minute. The rating
is computed by `rating.compute` and published by `actions.publish_rating`. The demo runs
years after 2021, so every correction window is closed: the branch's office records the
deputies' corrections on their behalf, which the action allows at any time, and another
officer decides them. Seeded generators and fixed data: a database that has the Mazhilis
already is left alone."""

from __future__ import annotations

import datetime as dt
import random
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Q

from esep.access.models import User
from esep.appeals.models import StateBody
from esep.control.models import ControlPost
from esep.demo.context import DETAILED_REGIONS, Demo
from esep.deputies import actions, rating
from esep.deputies.models import (
    Attendance,
    Component,
    Convocation,
    Initiative,
    Inquiry,
    Level,
    Mandate,
    MandatePost,
    Party,
    Position,
    RepresentativeBody,
    Sitting,
    Snapshot,
    VoterReport,
)
from esep.lib.iin import Sex, make_iin
from esep.org.models import Body, Branch, Person, Post, Territory
from esep.programme.models import Measure
from esep.receptions.models import Reception

D = dt.date
ELECTED_ON = D(2021, 1, 10)
MASLIKHATS_START = D(2021, 1, 15)  # the first sessions after the election
DISTRICTS_START = D(2021, 1, 18)
MAZHILIS_CODE = "mazhilis"
# Young: under 35 on the day counted (the rating's setting); the demo counts on the last day
# of the year rated, when its last month's snapshots are taken.
COUNTED_ON = D(2021, 12, 31)
YOUNG_BORN_AFTER = D(1986, 12, 31)  # under 35 on COUNTED_ON
KOSTANAY_YOUNG = 44  # seed 003: "600+ young deputies, 44 of them from our oblast"

# code, the party esep serves?, kk, ru, en — the same names as the deputies' own tests.
PARTIES = [
    ("amanat", True, "«AMANAT» партиясы", "Партия «AMANAT»", "AMANAT party"),
    (
        "ak-zhol",
        False,
        "«Ақ жол» Қазақстан демократиялық партиясы",
        "Демократическая партия Казахстана «Ак жол»",
        "Ak Zhol Democratic Party of Kazakhstan",
    ),
    (
        "peoples-party",
        False,
        "Қазақстан Халық партиясы",
        "Народная партия Казахстана",
        "People's Party of Kazakhstan",
    ),
    (
        "auyl",
        False,
        "«Ауыл» халықтық-демократиялық патриоттық партиясы",
        "Народно-демократическая патриотическая партия «Ауыл»",
        "Auyl People's Democratic Patriotic Party",
    ),
]
MAZHILIS_SEATS = {"amanat": 76, "ak-zhol": 12, "peoples-party": 10}

# The maslikhats of the oblasts and cities of republican significance in 2021: seats, and
# the party's (Almaty's 29 of seed 000). The rest go to Ak Zhol and the People's Party, but
# in Almaty's city maslikhat as its commission published them (OTHER_SEATS).
REGIONAL_SEATS = {
    "akmola": (32, 25),
    "aktobe": (32, 25),
    "almaty-region": (44, 35),
    "atyrau": (30, 25),
    "west-kazakhstan": (30, 23),
    "zhambyl": (32, 25),
    "karaganda": (42, 32),
    "kostanay": (32, 25),
    "kyzylorda": (30, 24),
    "mangystau": (30, 23),
    "pavlodar": (32, 25),
    "north-kazakhstan": (30, 24),
    "turkistan": (50, 40),
    "east-kazakhstan": (42, 33),
    "astana": (39, 30),
    "almaty": (39, 29),
    "shymkent": (35, 27),
}
OTHER_SEATS = {"almaty-maslikhat": {"ak-zhol": 4, "auyl": 3, "peoples-party": 3}}
FORMED_2022 = ("abai", "zhetisu", "ulytau")
# How many district and town maslikhats each other oblast had in 2021 (roughly).
OTHER_DISTRICTS = {
    "akmola": 19,
    "aktobe": 13,
    "almaty-region": 19,
    "west-kazakhstan": 13,
    "zhambyl": 11,
    "karaganda": 18,
    "kyzylorda": 8,
    "mangystau": 7,
    "pavlodar": 13,
    "north-kazakhstan": 14,
    "turkistan": 17,
    "east-kazakhstan": 20,
}
TOWN_SEATS = {"Kostanay": 25, "Rudny": 23, "Atyrau": 25, "Lisakovsk": 15, "Arkalyk": 15}

MAZHILIS_COMMITTEES = [
    (
        "Заңнама және сот-құқықтық реформа комитеті",
        "Комитет по законодательству и судебно-правовой реформе",
        "Committee on Legislation and Judicial Reform",
    ),
    (
        "Халықаралық істер, қорғаныс және қауіпсіздік комитеті",
        "Комитет по международным делам, обороне и безопасности",
        "Committee on International Affairs, Defence and Security",
    ),
    (
        "Қаржы және бюджет комитеті",
        "Комитет по финансам и бюджету",
        "Committee on Finance and Budget",
    ),
    (
        "Экономикалық реформа және өңірлік даму комитеті",
        "Комитет по экономической реформе и региональному развитию",
        "Committee on Economic Reform and Regional Development",
    ),
    (
        "Аграрлық мәселелер комитеті",
        "Комитет по аграрным вопросам",
        "Committee on Agrarian Issues",
    ),
    (
        "Экология мәселелері және табиғатты пайдалану комитеті",
        "Комитет по вопросам экологии и природопользованию",
        "Committee on Ecology and Environmental Management",
    ),
    (
        "Әлеуметтік-мәдени даму комитеті",
        "Комитет по социально-культурному развитию",
        "Committee on Social and Cultural Development",
    ),
]
MASLIKHAT_COMMITTEES = [
    (
        "Бюджет және экономикалық даму мәселелері жөніндегі тұрақты комиссия",
        "Постоянная комиссия по вопросам бюджета и экономического развития",
        "Standing commission on the budget and economic development",
    ),
    (
        "Әлеуметтік-мәдени даму мәселелері жөніндегі тұрақты комиссия",
        "Постоянная комиссия по вопросам социально-культурного развития",
        "Standing commission on social and cultural development",
    ),
    (
        "Заңдылық және құқық тәртібі мәселелері жөніндегі тұрақты комиссия",
        "Постоянная комиссия по вопросам законности и правопорядка",
        "Standing commission on legality and law and order",
    ),
    (
        "Өнеркәсіп, құрылыс және тұрғын үй-коммуналдық шаруашылық мәселелері жөніндегі "
        "тұрақты комиссия",
        "Постоянная комиссия по вопросам промышленности, строительства и жилищно-"
        "коммунального хозяйства",
        "Standing commission on industry, construction, housing and utilities",
    ),
]

EXCUSES = [
    "Іссапарда болды",
    "Ауырып қалды, еңбекке жарамсыздық парағы бар",
    "Жыл сайынғы еңбек демалысында",
    "Отбасылық жағдайға байланысты (өтініші бар)",
]
INQUIRY_SUBJECTS = [
    "{place}: көп пәтерлі үйлердің жылу жүйесін жөндеу мерзімі туралы",
    "{place}: мектепке баратын жолды жарықтандыру туралы",
    "{place}: ауыз су құбырын салу жұмыстарының кешігуі туралы",
    "{place}: емханадағы дәрігер тапшылығы туралы",
    "{place}: балабақшадағы орын кезегі туралы",
    "{place}: апатты үйлердің тұрғындарын көшіру туралы",
    "{place}: қоғамдық көлік бағыттарының өзгеруі туралы",
]
INQUIRY_ANSWERS = [
    "Жұмыстар келесі жылдың бюджетіне енгізілді, мердігер конкурс арқылы анықталады.",
    "Мәселе қаралды, жұмыс тоқсан соңына дейін аяқталады.",
    "Қосымша қаражат бөлінді, орындалуы бақылауға алынды.",
]
INITIATIVES = [
    (Initiative.Kind.DRAFT_DECISION, "{place}: абаттандыру қағидаларына өзгерістер жобасы"),
    (Initiative.Kind.AMENDMENT, "Жергілікті бюджетке түзету: {place} ауылдық жолдарын жөндеу"),
    (Initiative.Kind.QUESTION, "{place}: жылу беру маусымына дайындық туралы сессияға мәселе"),
    (Initiative.Kind.PROPOSAL, "{place}: жастар орталығын ашу туралы ұсыныс"),
    (Initiative.Kind.PROPOSAL, "{place}: көп балалы отбасыларға әлеуметтік көмекті кеңейту"),
]
REPORT_PLACES = [
    "{place}: мәдениет үйі",
    "{place}: № {n} мектептің мәжіліс залы",
    "{place}: ауылдық клуб",
    "{place}: әкімдіктің мәжіліс залы",
]

# The methodology: v1 from February 2021 (the rating public from then, seed 003); v2 from
# July, after the first half-year.
METHOD_V1 = {
    Component.RECEPTIONS: (20, 2),
    Component.APPEALS: (10, 4),
    Component.APPEALS_ON_TIME: (15, 1),
    Component.CONTROL_VISITS: (15, 1),
    Component.INQUIRIES: (10, "0.5"),
    Component.ATTENDANCE: (15, "0.9"),
    Component.INITIATIVES: (5, "0.25"),
    Component.VOTER_REPORTS: (5, "0.2"),
    Component.MEASURES: (5, 1),
}
METHOD_V2 = {
    Component.RECEPTIONS: (20, 1),
    Component.APPEALS: (10, 4),
    Component.APPEALS_ON_TIME: (10, 1),
    Component.APPEALS_RESOLVED: (5, "0.6"),
    Component.CONTROL_VISITS: (10, 1),
    Component.INQUIRIES: (10, "0.34"),
    Component.ATTENDANCE: (20, "0.95"),
    Component.INITIATIVES: (10, "0.25"),
    Component.VOTER_REPORTS: (5, "0.17"),
    Component.MEASURES: (5, 1),
}
V1_NOTES = (
    "Әдістеменің алғашқы нұсқасы: тоғыз құрамдас бөлік, әрқайсысының салмағы мен нормасы.",
    "Первая версия методики: девять составляющих, у каждой свой вес и норматив.",
    "The methodology's first version: nine components, each with its weight and standard.",
)
V2_NOTES = (
    "Жарты жылдың қорытындысы бойынша: сессияға қатысудың салмағы 15-тен 20-ға өсті, "
    "нормасы 90%-дан 95%-ға көтерілді; қабылдау нормасы айына екіден бірге түсті (аудандарда "
    "айына екі қабылдау өткізуге мүмкіндік жоқ); депутаттық сауал нормасы тоқсанына бір "
    "(0,34), бастамалардың салмағы 5-тен 10-ға өсті; бақылау бекеттері мен мерзімінде берілген "
    "жауаптардың салмағы 15-тен 10-ға азайды; жаңа құрамдас бөлік — оң шешілген өтініштердің "
    "үлесі (салмағы 5, нормасы 60%); сайлаушылар алдындағы есеп нормасы жарты жылда бір (0,17).",
    "По итогам полугодия: вес посещаемости сессий вырос с 15 до 20, норматив поднят с 90% до "
    "95%; норматив приёмов снижен с двух до одного в месяц (в районах два приёма в месяц "
    "провести невозможно); норматив депутатских запросов — один в квартал (0,34), вес "
    "инициатив вырос с 5 до 10; веса постов контроля и ответов в срок снижены с 15 до 10; "
    "новая составляющая — доля обращений, решённых положительно (вес 5, норматив 60%); "
    "норматив отчётов перед избирателями — один в полгода (0,17).",
    "After the first half-year: session attendance weighs 20 instead of 15, its standard "
    "raised from 90% to 95%; the receptions standard lowered from two a month to one (two a "
    "month cannot be held in the districts); the inquiries standard is one a quarter (0.34) "
    "and initiatives weigh 10 instead of 5; control-post visits and answers on time weigh 10 "
    "instead of 15; a new component, the share of appeals resolved positively (weight 5, "
    "standard 60%); the reports-to-voters standard is one a half-year (0.17).",
)
RATED_MONTHS = [D(2021, month, 1) for month in range(2, 13)]
PUBLISHED_MONTHS = RATED_MONTHS[:-1]  # December awaits its pending corrections

# Names of the new deputies: Kazakh and Russian, agreeing in sex.
KK_MALE = "Асқар Ерлан Нұрлан Дәурен Серік Бауыржан Ержан Қайрат Марат Айдос Мұрат Бекзат "
KK_MALE += "Талғат Арман Жандос Санжар Ғалым Нұрбол Ерболат Дастан Еркін Мақсат Азамат"
KK_FEMALE = "Айгүл Гүлнар Әсем Мадина Жанар Динара Айжан Сәуле Ақмарал Гүлмира Назерке "
KK_FEMALE += "Салтанат Ботагөз Аружан Ләззат Жұлдыз Меруерт Әйгерім Ғалия Күлпаш"
KK_SURNAMES = (
    "Әбдіхалықов Жұмағұлов Сыздықов Қалиев Мұқанов Ысқақов Тоқтасынов Нұрмағамбетов "
    "Бекенов Сейітов Ахметжанов Құлбаев Жақыпов Ермеков Мұсабаев Байтұрсынов Оразов "
    "Төлеуов Қуанышбаев Смаилов Ілиясов Ғазизов Дүйсенов Рахымжанов Шәкенов"
)
RU_MALE = [
    ("Алексей", "Алексеевич", "Алексеевна"),
    ("Сергей", "Сергеевич", "Сергеевна"),
    ("Павел", "Павлович", "Павловна"),
    ("Дмитрий", "Дмитриевич", "Дмитриевна"),
    ("Михаил", "Михайлович", "Михайловна"),
    ("Виктор", "Викторович", "Викторовна"),
    ("Евгений", "Евгеньевич", "Евгеньевна"),
    ("Геннадий", "Геннадьевич", "Геннадьевна"),
]
RU_FEMALE = "Елена Ольга Наталья Татьяна Ирина Светлана Анна Людмила Марина Валентина"
RU_SURNAMES = "Козлов Никитин Орлов Макаров Андреев Тарасов Белов Комаров Егоров Фролов Титов"
MOBILE_PREFIXES = ["701", "702", "705", "707", "747", "771", "775", "777", "778"]


# ---------------------------------------------------------------- the plan


@dataclass(eq=False)
class Seat:
    """One mandate to give: who, for which party, from when."""

    person: Person
    party: Party
    started_on: dt.date


@dataclass(eq=False)
class Plan:
    body: RepresentativeBody
    convocation: Convocation
    actor: User
    own: int
    others: int
    detailed: bool  # through the actions (the detailed regions, oblasts, the Mazhilis)
    committees: list[tuple[str, str, str]]
    seats: list[Seat] = field(default_factory=list)
    mandates: list[Mandate] = field(default_factory=list)
    # the faction's chair, deputy chair and secretary keep their posts (person → position)
    positions: dict[int, str] = field(default_factory=dict)
    worked: set[int] = field(default_factory=set)  # people whose work is recorded
    # a seat whose mandate ends, and the seat of whoever comes next on the list
    churn: tuple[Seat, dt.date, str, Seat] | None = None


@dataclass
class Cast:
    admin: User
    heads: dict[str, User]  # detailed region code → its branch head (the office)
    secretary: User | None  # kostanay.secretary: records the oblast maslikhat's sittings
    deputy: User | None  # kostanay.deputy


def _user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _genitive_ru(name: str) -> str:
    """«Костанайская область» → «Костанайской области», «Район Беимбета Майлина» → «района
    Беимбета Майлина», «город Астана» → «города Астана» (after «Маслихат»)."""
    nouns = {"область": "области", "район": "района", "город": "города"}
    adjectives = {"ая": "ой", "ий": "ого", "ый": "ого", "ой": "ого"}
    words = name.split()
    for i, word in enumerate(words):
        if word.lower() in nouns:
            words[i] = nouns[word.lower()]
            if i > 0 and words[i - 1][-2:] in adjectives:
                words[i - 1] = words[i - 1][:-2] + adjectives[words[i - 1][-2:]]
    return " ".join(words)


def body_names(territory: Territory) -> tuple[str, str, str]:
    """«Қостанай облысының мәслихаты», «Маслихат Костанайской области», "Kostanay Region
    Maslikhat"; a town's "Rudny City Maslikhat"."""
    en = territory.name_en
    if territory.level in (Territory.Level.TOWN, Territory.Level.CITY):
        en = f"{en} City"
    return (
        f"{territory.name_kk}ның мәслихаты",
        f"Маслихат {_genitive_ru(territory.name_ru)}",
        f"{en} Maslikhat",
    )


def numbered_names(territory: Territory, number: int) -> tuple[str, str, str]:
    return (
        f"{territory.name_kk}ның № {number} аудандық мәслихаты",
        f"Районный маслихат № {number} ({territory.name_ru})",
        f"District Maslikhat No. {number}, {territory.name_en}",
    )


def _split(others: int) -> dict[str, int]:
    return {"ak-zhol": (others + 1) // 2, "peoples-party": others // 2}


def _crc(text: str) -> int:
    return zlib.crc32(text.encode())


def plan_bodies(cast: Cast, parties: dict[str, Party]) -> list[Plan]:
    """The bodies and their convocations, through the actions; the numbered district
    maslikhats of the other oblasts too (a few hundred calls)."""
    central = Branch.objects.get(code="central")
    plans: list[Plan] = []

    def add(
        branch: Branch,
        code: str,
        level: str,
        territory: Territory,
        names: tuple[str, str, str],
        seats: int,
        own: int,
        *,
        detailed: bool,
        actor: User,
        committees: list[tuple[str, str, str]],
        number: int = 7,
        started_on: dt.date = MASLIKHATS_START,
    ) -> None:
        body = actions.add_body(
            actor=actor,
            branch=branch,
            code=code,
            level=level,
            territory=territory,
            name_kk=names[0],
            name_ru=names[1],
            name_en=names[2],
        )
        convocation = actions.add_convocation(
            actor=actor,
            body=body,
            number=number,
            elected_on=ELECTED_ON,
            started_on=started_on,
            seats=seats,
        )
        plans.append(
            Plan(body, convocation, actor, own, seats - own, detailed, committees=committees)
        )

    add(
        central,
        MAZHILIS_CODE,
        Level.MAZHILIS,
        central.territory,
        (
            "Қазақстан Республикасы Парламентінің Мәжілісі",
            "Мажилис Парламента Республики Казахстан",
            "Mazhilis of the Parliament of the Republic of Kazakhstan",
        ),
        sum(MAZHILIS_SEATS.values()),
        MAZHILIS_SEATS["amanat"],
        detailed=True,
        actor=cast.admin,
        committees=MAZHILIS_COMMITTEES,
        number=8,
    )
    regions = Branch.objects.filter(kind=Branch.Kind.REGIONAL).select_related("territory")
    for region in regions.order_by("code"):
        territory = region.territory
        level = Level.CITY if territory.level == Territory.Level.CITY else Level.OBLAST
        actor = cast.heads.get(region.code, cast.admin)
        if region.code in FORMED_2022:
            actions.add_body(
                actor=cast.admin,
                branch=region,
                code=f"{region.code}-maslikhat",
                level=level,
                territory=territory,
                **dict(zip(("name_kk", "name_ru", "name_en"), body_names(territory), strict=True)),
            )
            continue
        seats, own = REGIONAL_SEATS[region.code]
        add(
            region,
            f"{region.code}-maslikhat",
            level,
            territory,
            body_names(territory),
            seats,
            own,
            detailed=region.code in DETAILED_REGIONS.values(),
            actor=actor,
            committees=MASLIKHAT_COMMITTEES,
        )
        if region.code in DETAILED_REGIONS.values():
            if level == Level.CITY:
                continue  # a city's districts have no maslikhats
            districts = Branch.objects.filter(
                path__startswith=region.path, depth=region.depth + 1
            ).select_related("territory")
            for branch in districts.order_by("code"):
                name = branch.territory.name_en
                seats = TOWN_SEATS.get(name) or 11 + _crc(branch.code) % 7
                add(
                    branch,
                    f"{branch.code}-maslikhat",
                    Level.DISTRICT,
                    branch.territory,
                    body_names(branch.territory),
                    seats,
                    seats - 2 - _crc(branch.code) % 3,
                    detailed=True,
                    actor=actor,
                    committees=MASLIKHAT_COMMITTEES[:3],
                    started_on=DISTRICTS_START,
                )
        for number in range(1, OTHER_DISTRICTS.get(region.code, 0) + 1):
            code = f"{region.code}-district-{number:02d}"
            seats = 11 + _crc(code) % 5
            add(
                region,
                code,
                Level.DISTRICT,
                territory,
                numbered_names(territory, number),
                seats,
                seats - 1 - _crc(code) % 3,
                detailed=False,
                actor=cast.admin,
                committees=MASLIKHAT_COMMITTEES[:2],
                started_on=DISTRICTS_START,
            )
    return plans


# ---------------------------------------------------------------- people


def _young(person: Person) -> bool:
    age = rating.age_on(person.birth_date, COUNTED_ON)
    return age is not None and age < rating.young_age()


class People:
    """New deputies: names agreeing in sex and language, a valid IIN each (never one already
    taken), a phone; young or not as asked, about a quarter of them women."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.made: list[Person] = []
        self.iins: set[str] = set()

    def make(self, *, young: bool, russian_share: float = 0.2) -> Person:
        rng = self.rng
        female = rng.random() < 0.22
        if young:
            birth = D(1987, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 11))
        else:
            birth = D(1956, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 30))
        if rng.random() < russian_share:
            surname = rng.choice(RU_SURNAMES.split())
            given, male_patronymic, female_patronymic = rng.choice(RU_MALE)
            patronymic = female_patronymic if female else rng.choice(RU_MALE)[1]
            if female:
                given, surname = rng.choice(RU_FEMALE.split()), surname + "а"
            patronymic = patronymic if female else male_patronymic
        else:
            surname = rng.choice(KK_SURNAMES.split())
            father = rng.choice(KK_MALE.split())
            if female:
                given, surname, patronymic = (
                    rng.choice(KK_FEMALE.split()),
                    surname + "а",
                    f"{father}қызы",
                )
            else:
                given, patronymic = rng.choice(KK_MALE.split()), f"{father}ұлы"
        sex: Sex = "female" if female else "male"
        iin = make_iin(birth, sex, serial=rng.randrange(10_000))
        while iin in self.iins:
            iin = make_iin(birth, sex, serial=(int(iin[7:11]) + 1) % 10_000)
        self.iins.add(iin)
        person = Person(
            surname=surname,
            given_name=given,
            patronymic=patronymic,
            iin=iin,
            birth_date=birth,
            sex=sex,
            phone=f"+7{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1_000_000, 9_999_999)}",
        )
        self.made.append(person)
        return person

    def save(self) -> None:
        """People are not the deputies' records: made in bulk as the org demo makes its
        members. An IIN someone already has is drawn again."""
        taken = set(
            Person.objects.with_iins([str(p.iin) for p in self.made]).values_list("iin", flat=True)
        )
        for person in self.made:
            if str(person.iin) in taken:
                birth = person.birth_date
                assert birth is not None
                serial = int(str(person.iin)[7:11])
                while str(person.iin) in taken | self.iins:
                    serial = (serial + 7) % 10_000
                    person.iin = make_iin(birth, person.sex, serial=serial)  # type: ignore[arg-type]
                self.iins.add(str(person.iin))
        Person.objects.bulk_create(self.made, batch_size=1000)


# ---------------------------------------------------------------- who sits where


def linked_people() -> tuple[dict[int, str], dict[int, str]]:
    """The people of the three detailed regions whose work the earlier builders recorded:
    (receivers and control posts' heads and members, measures' responsible) → the code of the
    branch whose body seats them. Staff with esep logins are left out, but the deputy's."""
    regions = Branch.objects.filter(code__in=DETAILED_REGIONS.values())
    region_q = Q()
    for region in regions:
        region_q |= Q(path__startswith=region.path)
    in_regions = set(Branch.objects.filter(region_q).values_list("pk", flat=True))
    work: set[int] = set()
    work.update(
        Reception.receivers.through.objects.filter(reception__branch__in=in_regions).values_list(
            "person_id", flat=True
        )
    )
    work.update(ControlPost.objects.filter(branch__in=in_regions).values_list("head_id", flat=True))
    work.update(
        ControlPost.members.through.objects.filter(controlpost__branch__in=in_regions).values_list(
            "person_id", flat=True
        )
    )
    measures = set(
        Measure.responsible.through.objects.filter(
            measure__road_map__branch__in=in_regions
        ).values_list("person_id", flat=True)
    )
    staff = set(
        User.objects.filter(person__isnull=False)
        .exclude(grants__role="deputy")
        .values_list("person_id", flat=True)
    )
    seated = dict(
        Post.objects.filter(person__in=(work | measures) - staff, body__branch__in=in_regions)
        .order_by("person_id", "-body__branch__depth")
        .values_list("person_id", "body__branch__code")
    )
    return (
        {pk: code for pk, code in seated.items() if pk in work},
        {pk: code for pk, code in seated.items() if pk not in work},
    )


def seat_branch(code: str) -> str:
    """The branch whose maslikhat seats the people of a branch: Almaty's city districts
    have none, the city's does."""
    return "almaty" if code.startswith("almaty-") and code != "almaty-region" else code


def _in_regions(plan: Plan, paths: list[str]) -> bool:
    return any(plan.body.branch.path.startswith(path) for path in paths)


def choose_people(
    plans: list[Plan], parties: dict[str, Party], people: People, rng: random.Random
) -> None:
    """Who holds each seat. In the detailed regions the party's deputies are first the
    people whose work is recorded and their faction's chair, deputy chair and secretary,
    then the faction's members who fit the corps (in Kostanay oblast, where the young are
    counted to 44, the old faction's young members give way to new people), then new people;
    those whose work is recorded but find no seat in their city's maslikhat sit in the
    Mazhilis (on the national list, from Almaty). The other parties' deputies, and the
    party's elsewhere, are new people. The factions' old seats are removed: the mandates
    give the new ones."""
    regions = list(Branch.objects.filter(code__in=DETAILED_REGIONS.values()))
    paths = [r.path for r in regions]
    kostanay_path = next(r.path for r in regions if r.code == "kostanay")
    mazhilis = next(p for p in plans if p.body.level == Level.MAZHILIS)
    detailed = [p for p in plans if p is not mazhilis and _in_regions(p, paths)]
    work, measures = linked_people()
    recorded: dict[str, list[int]] = defaultdict(list)
    for pk, code in sorted(work.items()):
        recorded[seat_branch(code)].append(pk)
    answering: dict[str, list[int]] = defaultdict(list)
    for pk, code in sorted(measures.items()):
        answering[seat_branch(code)].append(pk)
    factions = {
        b.pk: b.branch.code
        for b in Body.objects.filter(
            kind=Body.Kind.MASLIKHAT_FACTION,
            branch__code__in=[p.body.branch.code for p in detailed],
        ).select_related("branch")
    }
    leaders: dict[str, dict[int, str]] = defaultdict(dict)
    members: dict[str, list[int]] = defaultdict(list)
    for post in Post.objects.filter(body__in=factions).order_by("pk"):
        code = factions[post.body_id]
        if post.position == Post.Position.MEMBER:
            members[code].append(post.person_id)
        else:
            leaders[code][post.person_id] = post.position
    known = Person.objects.in_bulk(
        {*work, *measures, *(pk for c in members.values() for pk in c)}
        | {pk for c in leaders.values() for pk in c}
    )
    taken: set[int] = set()
    overflow: list[int] = []
    free: list[tuple[Plan, bool]] = []  # (plan, in Kostanay) for each seat new people fill
    for plan in detailed:
        code = plan.body.branch.code
        in_kostanay = plan.body.branch.path.startswith(kostanay_path)
        # In Kostanay a young faction leader without recorded work gives way too.
        must = [
            pk
            for pk in dict.fromkeys([*leaders[code], *recorded[code]])
            if pk not in taken
            and not (in_kostanay and pk not in recorded[code] and _young(known[pk]))
        ]
        seated = must[: plan.own]
        overflow += must[plan.own :]
        for pk in [*answering[code], *members[code]]:
            if len(seated) >= plan.own or pk in taken or pk in seated:
                continue
            if in_kostanay and _young(known[pk]):
                continue
            seated.append(pk)
        taken.update(seated)
        plan.seats = [
            Seat(known[pk], parties["amanat"], plan.convocation.started_on) for pk in seated
        ]
        plan.positions = {pk: pos for pk, pos in leaders[code].items() if pk in seated}
        plan.worked = {pk for pk in seated if pk in work or pk in measures}
        free += [(plan, in_kostanay)] * (plan.own - len(seated))
    # Kostanay oblast's young deputies come to 44: the new people give those still wanted.
    reused_young = sum(
        _young(s.person)
        for plan in detailed
        if plan.body.branch.path.startswith(kostanay_path)
        for s in plan.seats
    )
    kostanay_free = [i for i, (_plan, k) in enumerate(free) if k]
    wanted = KOSTANAY_YOUNG - reused_young
    assert 0 <= wanted <= len(kostanay_free), (reused_young, len(kostanay_free))
    young_slots = set(rng.sample(kostanay_free, wanted))
    for i, (plan, in_kostanay) in enumerate(free):
        young = i in young_slots if in_kostanay else rng.random() < 0.2
        person = people.make(young=young, russian_share=0.45 if in_kostanay else 0.2)
        plan.seats.append(Seat(person, parties["amanat"], plan.convocation.started_on))
    mazhilis.seats = [
        Seat(known[pk], parties["amanat"], mazhilis.convocation.started_on) for pk in overflow
    ]
    for plan in plans:
        for _ in range(plan.own - len(plan.seats)):  # the detailed regions' are full
            person = people.make(young=rng.random() < 0.23)
            plan.seats.append(Seat(person, parties["amanat"], plan.convocation.started_on))
        others = (
            {c: n for c, n in MAZHILIS_SEATS.items() if c != "amanat"}
            if plan is mazhilis
            else OTHER_SEATS.get(plan.body.code) or _split(plan.others)
        )
        for code, count in others.items():
            for _ in range(count):
                person = people.make(young=rng.random() < 0.15)
                plan.seats.append(Seat(person, parties[code], plan.convocation.started_on))
    Post.objects.filter(body__in=factions).delete()


def plan_churn(plans: list[Plan], people: People, rng: random.Random) -> None:
    """A few of the party's mandates end during 2021 (a deputy appointed to an office a
    mandate cannot be held with, one who resigned) and the next on the list takes the seat
    a few weeks later. Older plain members only, so the young are as counted."""
    changes = {
        MAZHILIS_CODE: (D(2021, 9, 1), Mandate.EndReason.APPOINTED),
        "shymkent-maslikhat": (D(2021, 10, 5), Mandate.EndReason.RESIGNED),
        "atyrau-maslikhat": (D(2021, 6, 30), Mandate.EndReason.RESIGNED),
        "kostanay-rudny-maslikhat": (D(2021, 4, 15), Mandate.EndReason.APPOINTED),
    }
    for plan in plans:
        if plan.body.code not in changes:
            continue
        ended_on, reason = changes[plan.body.code]
        own = [s for s in plan.seats if s.party.is_own]
        leaving = next(
            (
                s
                for s in reversed(own)
                if not _young(s.person)
                and s.person.pk not in plan.worked
                and s.person.pk not in plan.positions
            ),
            None,
        )
        if leaving is None:
            continue
        newcomer = people.make(young=False)
        plan.churn = (
            leaving,
            ended_on,
            reason,
            Seat(newcomer, leaving.party, ended_on + dt.timedelta(days=rng.randrange(14, 28))),
        )


# ---------------------------------------------------------------- mandates and posts


def give_mandates(plans: list[Plan], admin: User) -> None:
    """Through `add_mandate` (which seats the party's deputies in its faction), but the
    numbered district maslikhats' in bulk: the same rows, without an audit event each."""
    bulk = [p for p in plans if not p.detailed]
    for plan in plans:
        if not plan.detailed:
            continue
        for seat in plan.seats:
            plan.mandates.append(
                actions.add_mandate(
                    actor=plan.actor,
                    convocation=plan.convocation,
                    person=seat.person,
                    kind=Mandate.Kind.PARTY_LIST,
                    party=seat.party,
                    started_on=seat.started_on,
                )
            )
        if plan.positions:
            for mandate in plan.mandates:
                position = plan.positions.get(mandate.person_id)
                if position and mandate.faction_post_id:
                    Post.objects.filter(pk=mandate.faction_post_id).update(position=position)
    factions: dict[int, Body] = {}
    for plan in bulk:
        branch = plan.body.branch
        if branch.pk not in factions:
            factions[branch.pk], _created = Body.objects.get_or_create(
                branch=branch,
                kind=Body.Kind.MASLIKHAT_FACTION,
                defaults={"seats": plan.convocation.seats},
            )
    posts = [
        Post(
            body=factions[plan.body.branch_id],
            person=seat.person,
            position=Post.Position.MEMBER,
            started_on=seat.started_on,
        )
        for plan in bulk
        for seat in plan.seats
        if seat.party.is_own
    ]
    Post.objects.bulk_create(posts, batch_size=1000)
    by_person = {post.person_id: post for post in posts}
    rows = [
        (
            plan,
            Mandate(
                person=seat.person,
                convocation=plan.convocation,
                kind=Mandate.Kind.PARTY_LIST,
                party=seat.party,
                started_on=seat.started_on,
                faction_post=by_person.get(seat.person.pk) if seat.party.is_own else None,
            ),
        )
        for plan in bulk
        for seat in plan.seats
    ]
    Mandate.objects.bulk_create([m for _plan, m in rows], batch_size=1000)
    for plan, mandate in rows:
        plan.mandates.append(mandate)
    # A faction has the seats its party's mandates give it.
    for body in Body.objects.filter(
        kind__in=[Body.Kind.MASLIKHAT_FACTION, Body.Kind.MAZHILIS_FACTION]
    ):
        held = Post.objects.filter(body=body, ended_on__isnull=True).count()
        if held and body.seats != held:
            Body.objects.filter(pk=body.pk).update(seats=held)


def change_mandates(plans: list[Plan]) -> None:
    for plan in plans:
        if plan.churn is None:
            continue
        leaving, ended_on, reason, newcomer = plan.churn
        mandate = next(m for m in plan.mandates if m.person_id == leaving.person.pk)
        actions.end_mandate(actor=plan.actor, mandate=mandate, ended_on=ended_on, reason=reason)
        mandate.refresh_from_db()
        plan.mandates.append(
            actions.add_mandate(
                actor=plan.actor,
                convocation=plan.convocation,
                person=newcomer.person,
                kind=Mandate.Kind.PARTY_LIST,
                party=newcomer.party,
                started_on=newcomer.started_on,
            )
        )


def give_posts(plans: list[Plan], cast: Cast) -> None:
    """A chair and a secretary (the Mazhilis has no secretary) and the committee chairs,
    all of the party, older deputies whose work is not what the demo logins show."""
    bulk: list[MandatePost] = []
    logins = {u.person_id for u in (cast.deputy, cast.secretary) if u and u.person_id}
    for plan in plans:
        own = [
            m
            for m in plan.mandates
            if m.party and m.party.is_own and m.ended_on is None and m.person_id not in logins
        ]
        own = [m for m in own if not _young(m.person)]
        positions = [Position.CHAIR] + (
            [] if plan.body.level == Level.MAZHILIS else [Position.SECRETARY]
        )
        secretary = next(
            (
                m
                for m in plan.mandates
                if cast.secretary and m.person_id == cast.secretary.person_id
            ),
            None,
        )
        if secretary is not None:
            own = [own[0], secretary, *own[1:]]
        rows = [(position, ("", "", "")) for position in positions]
        rows += [(Position.COMMITTEE_CHAIR, names) for names in plan.committees]
        for (position, (kk, ru, en)), mandate in zip(rows, own, strict=False):
            if plan.detailed:
                actions.add_post(
                    actor=plan.actor,
                    mandate=mandate,
                    position=position,
                    started_on=plan.convocation.started_on,
                    committee_kk=kk,
                    committee_ru=ru,
                    committee_en=en,
                )
            else:
                bulk.append(
                    MandatePost(
                        mandate=mandate,
                        position=position,
                        started_on=plan.convocation.started_on,
                        committee_kk=kk,
                        committee_ru=ru,
                        committee_en=en,
                    )
                )
    MandatePost.objects.bulk_create(bulk, batch_size=1000)


def link_logins(plans: list[Plan], cast: Cast) -> None:
    """kostanay.deputy: a young deputy of the oblast maslikhat, one who received citizens if
    any did; kostanay.secretary: another of its deputies, who becomes its secretary."""
    oblast = next(p for p in plans if p.body.code == "kostanay-maslikhat")
    receivers = set(
        Reception.receivers.through.objects.values_list("person_id", flat=True).distinct()
    )
    own = [
        m for m in oblast.mandates if m.party and m.party.is_own and not hasattr(m.person, "user")
    ]
    young = sorted(
        (m for m in own if _young(m.person)),
        key=lambda m: (m.person_id not in receivers, m.person_id),
    )
    for user, mandate in (
        (cast.deputy, young[0] if young else None),
        (cast.secretary, next((m for m in own if not _young(m.person)), None)),
    ):
        if user is None or mandate is None or user.person_id is not None:
            continue
        own.remove(mandate)
        user.person = mandate.person
        user.save(update_fields=["person"])


# ---------------------------------------------------------------- sittings


def sitting_days(plan: Plan) -> list[tuple[dt.date, str]]:
    """The first sitting the day the convocation starts, then one a month on a weekday near
    the month's end (some bodies rest in August), and an extraordinary one in spring."""
    number = _crc(plan.body.code)
    days = [(plan.convocation.started_on, Sitting.Kind.REGULAR)]
    for month in range(2, 13):
        if month == 8 and number % 2:
            continue
        day = D(2021, month, 18 + number % 8)
        while day.weekday() > 4:
            day -= dt.timedelta(days=1)
        days.append((day, Sitting.Kind.REGULAR))
        if month == 3 and number % 3 == 0:
            days.append((D(2021, 3, 3 + number % 5), Sitting.Kind.EXTRAORDINARY))
    return sorted(days)


class Marks:
    """Each deputy attends as they do: most nearly always, some less; an absence is excused
    (with its reason) more often than not."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.habit: dict[int, float] = {}

    def mark(self, mandate: Mandate) -> tuple[str, str]:
        rng = self.rng
        habit = self.habit.setdefault(mandate.pk, rng.choice([0.98, 0.95, 0.92, 0.9, 0.85, 0.7]))
        if rng.random() < habit:
            return Attendance.Mark.PRESENT, ""
        if rng.random() < 0.6:
            return Attendance.Mark.EXCUSED, rng.choice(EXCUSES)
        return Attendance.Mark.ABSENT, ""


def hold_sittings(plans: list[Plan], cast: Cast, marks: Marks, absent: dict[dt.date, int]) -> int:
    """Through `record_sitting` (the Kostanay oblast maslikhat's by its secretary); the
    numbered district maslikhats' in bulk. `absent`: a sitting day of the Kostanay oblast
    maslikhat → the mandate marked absent that day (what a correction later changes)."""
    held = 0
    bulk_sittings: list[Sitting] = []
    bulk_marks: list[tuple[Sitting, Mandate, str, str]] = []
    for plan in plans:
        actor = plan.actor
        if plan.body.code == "kostanay-maslikhat" and cast.secretary is not None:
            actor = cast.secretary
        for number, (day, kind) in enumerate(sitting_days(plan), start=1):
            present = [m for m in plan.mandates if m.days_in_office(day, day)]
            given = {m.pk: marks.mark(m) for m in present}
            if plan.body.code == "kostanay-maslikhat" and absent.get(day) in given:
                given[absent[day]] = (Attendance.Mark.ABSENT, "")
            held += 1
            if plan.detailed:
                actions.record_sitting(
                    actor=actor,
                    convocation=plan.convocation,
                    number=number,
                    held_on=day,
                    marks=given,
                    kind=kind,
                )
                continue
            sitting = Sitting(
                convocation=plan.convocation,
                number=number,
                held_on=day,
                kind=kind,
                recorded_by=cast.admin,
            )
            bulk_sittings.append(sitting)
            bulk_marks += [(sitting, m, *given[m.pk]) for m in present]
    Sitting.objects.bulk_create(bulk_sittings, batch_size=1000)
    Attendance.objects.bulk_create(
        [
            Attendance(sitting=s, mandate=m, mark=mark, reason=reason)
            for s, m, mark, reason in bulk_marks
        ],
        batch_size=2000,
    )
    return held


# ---------------------------------------------------------------- what deputies do


def _days_held(mandate: Mandate) -> list[dt.date]:
    first = max(mandate.started_on, D(2021, 1, 20))
    last = min(mandate.ended_on or D(2021, 12, 28), D(2021, 12, 28))
    return [first + dt.timedelta(days=n) for n in range(0, (last - first).days + 1)]


def record_work(plans: list[Plan], cast: Cast, rng: random.Random) -> None:
    """Inquiries (to the region's akimat, health or housing department: the state bodies
    the demo has, so only in the three detailed regions), initiatives and reports to voters
    of the party's deputies, spread over the year: through the actions in the three regions'
    oblast and city maslikhats; in bulk elsewhere, as the actions write them (thousands of
    records: through the actions they would take longer than the rest of the demo)."""
    regions = {r.code: r for r in Branch.objects.filter(code__in=DETAILED_REGIONS.values())}
    state_bodies: dict[str, list[StateBody]] = defaultdict(list)
    for body in StateBody.objects.filter(code__regex=r"^(almaty|atyrau|kostanay)-").order_by(
        "code"
    ):
        state_bodies[body.code.rsplit("-", 1)[0]].append(body)
    initiatives: list[Initiative] = []
    reports: list[VoterReport] = []
    inquiries: list[Inquiry] = []
    for plan in plans:
        region = next(
            (c for c, r in regions.items() if plan.body.branch.path.startswith(r.path)), ""
        )
        through_actions = bool(region) and plan.body.level in (Level.OBLAST, Level.CITY)
        place = plan.body.territory.name_kk
        for mandate in plan.mandates:
            if not mandate.party or not mandate.party.is_own:
                continue
            days = _days_held(mandate)
            if len(days) < 20:
                continue
            for day in sorted(rng.sample(days, rng.choice([0, 1, 1, 2, 2, 3]))):
                kind, title = rng.choice(INITIATIVES)
                initiative = dict(
                    mandate=mandate, kind=kind, title=title.format(place=place), submitted_on=day
                )
                if through_actions:
                    actions.record_initiative(actor=plan.actor, **initiative)  # type: ignore[arg-type]
                else:
                    initiatives.append(Initiative(recorded_by=cast.admin, **initiative))  # type: ignore[arg-type]
            # Reports to voters: once or twice a year, spring and autumn.
            for season in [5, 11] if rng.random() < 0.55 else [rng.choice([6, 10])]:
                day = D(2021, season, rng.randrange(3, 27))
                if not mandate.days_in_office(day, day):
                    continue
                report = dict(
                    mandate=mandate,
                    held_on=day,
                    place=rng.choice(REPORT_PLACES).format(place=place, n=rng.randrange(1, 40)),
                    people_attending=rng.randrange(25, 180),
                )
                if through_actions:
                    actions.record_voter_report(actor=plan.actor, **report)  # type: ignore[arg-type]
                else:
                    reports.append(VoterReport(recorded_by=cast.admin, **report))  # type: ignore[arg-type]
            if not state_bodies.get(region):
                continue
            for day in sorted(rng.sample(days, rng.choice([0, 0, 1, 1, 2, 3]))):
                subject = rng.choice(INQUIRY_SUBJECTS).format(place=place)
                state_body = rng.choice(state_bodies[region])
                answered_on = day + dt.timedelta(days=rng.randrange(10, 30))
                answered = answered_on <= D(2021, 12, 28) and rng.random() < 0.85
                answer = rng.choice(INQUIRY_ANSWERS) if answered else ""
                if not through_actions:
                    inquiries.append(
                        Inquiry(
                            mandate=mandate,
                            state_body=state_body,
                            subject=subject,
                            sent_on=day,
                            answer=answer,
                            answered_on=answered_on if answered else None,
                            recorded_by=cast.admin,
                        )
                    )
                    continue
                inquiry = actions.record_inquiry(
                    actor=plan.actor,
                    mandate=mandate,
                    state_body=state_body,
                    subject=subject,
                    sent_on=day,
                )
                if answered:
                    actions.record_inquiry_answer(
                        actor=plan.actor, inquiry=inquiry, answer=answer, answered_on=answered_on
                    )
    Initiative.objects.bulk_create(initiatives, batch_size=1000)
    VoterReport.objects.bulk_create(reports, batch_size=1000)
    Inquiry.objects.bulk_create(inquiries, batch_size=1000)


# ---------------------------------------------------------------- the rating


# A scan of the document a correction rests on (an order, a protocol): what esep keeps.
EVIDENCE = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _evidence(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, EVIDENCE, content_type="application/pdf")


def add_methods(admin: User) -> None:
    for valid_from, weights, (kk, ru, en) in (
        (D(2021, 2, 1), METHOD_V1, V1_NOTES),
        (D(2021, 7, 1), METHOD_V2, V2_NOTES),
    ):
        actions.add_method(
            actor=admin,
            valid_from=valid_from,
            weights={c: (Decimal(str(w)), Decimal(str(s))) for c, (w, s) in weights.items()},
            notes_kk=kk,
            notes_ru=ru,
            notes_en=en,
        )


@dataclass
class Asked:
    """A correction the office records for a deputy: of which body's deputy (the n-th of
    the party's there), the month, what, and what comes of it."""

    body: str
    nth: int
    month: dt.date
    component: str
    adjustment: int
    explanation: str
    decision: str  # confirmed, refused, pending
    note: str = ""


CORRECTIONS = [
    Asked(
        "kostanay-maslikhat",
        3,
        D(2021, 3, 1),
        Component.RECEPTIONS,
        1,
        "Арқалық қаласында азаматтарды көшпелі қабылдау өткізілді (хаттама қоса беріледі).",
        "confirmed",
        "Хаттама мен тіркеу журналы расталды.",
    ),
    Asked(
        "atyrau-maslikhat",
        5,
        D(2021, 4, 1),
        Component.INQUIRIES,
        1,
        "Облыс әкімдігіне жіберілген депутаттық сауал есепке алынбаған.",
        "refused",
        "Сауал мамыр айында жіберілген: ол мамыр айының есебіне кіреді.",
    ),
    Asked(
        "almaty-maslikhat",
        4,
        D(2021, 6, 1),
        Component.VOTER_REPORTS,
        1,
        "Әуезов ауданында сайлаушылар алдында есеп берілді, 120 адам қатысты.",
        "confirmed",
        "Кездесу хаттамасы мен фотосуреттері расталды.",
    ),
    Asked(
        "kostanay-maslikhat",
        6,
        D(2021, 12, 1),
        Component.INITIATIVES,
        1,
        "Сессияға жасыл аймақтарды қорғау туралы шешім жобасы енгізілді.",
        "pending",
    ),
    Asked(
        "atyrau-zhylyoi-maslikhat",
        2,
        D(2021, 12, 1),
        Component.RECEPTIONS,
        2,
        "Құлсары қаласында екі көшпелі қабылдау өткізілді, тіркеу журналы қоса беріледі.",
        "pending",
    ),
    Asked(
        "almaty-maslikhat",
        7,
        D(2021, 12, 1),
        Component.INQUIRIES,
        1,
        "Қала әкімдігіне қоғамдық көлік туралы депутаттық сауал жіберілді.",
        "pending",
    ),
]


def _own(plan: Plan) -> list[Mandate]:
    return [m for m in plan.mandates if m.party and m.party.is_own and m.ended_on is None]


def rate(plans: list[Plan], cast: Cast, absent: dict[dt.date, int], demo: Demo) -> None:
    """February–December computed; corrections decided before publication; February to
    November published by the Kostanay branch for its deputies, then by the central office
    for the rest; May's Kostanay rating republished as revision 2 after the deputy's absence
    there is corrected; December left with corrections pending."""
    by_code = {p.body.code: p for p in plans}
    # A month is computed whole when it is published (a band is a place among every peer
    # in the country); the one left unpublished is computed here.
    for month in RATED_MONTHS:
        if month not in PUBLISHED_MONTHS:
            rating.compute(month)
    branches = {b.code: b for b in Branch.objects.filter(code__in=[*cast.heads, "central"])}
    asked_for: dict[dt.date, list[Asked]] = defaultdict(list)
    for asked in CORRECTIONS:
        asked_for[asked.month].append(asked)
    for month in RATED_MONTHS:
        for asked in asked_for[month]:
            plan = by_code[asked.body]
            region = next(c for c in cast.heads if asked.body.startswith(c))
            mandate = _own(plan)[asked.nth]
            # The window closed years ago: the central office records the deputy's
            # correction, the branch head decides it (never the one who recorded it).
            correction = actions.submit_correction(
                actor=cast.admin,
                mandate=mandate,
                month=month,
                component=asked.component,
                adjustment=asked.adjustment,
                explanation=asked.explanation,
                evidence=_evidence(f"{asked.body}-{month:%Y-%m}.pdf"),
            )
            demo.corrections += 1
            if asked.decision == "confirmed":
                actions.confirm_correction(
                    actor=cast.heads[region], correction=correction, note=asked.note
                )
            elif asked.decision == "refused":
                actions.refuse_correction(
                    actor=cast.heads[region], correction=correction, note=asked.note
                )
        if month not in PUBLISHED_MONTHS:
            continue
        # Kostanay's branch publishes its own deputies' month (each publication recomputes
        # its subtree: one regional branch keeps the demo's load short), the central office
        # the rest of the country's.
        if "kostanay" in cast.heads:
            actions.publish_rating(
                actor=cast.heads["kostanay"], branch=branches["kostanay"], month=month
            )
            demo.publications += 1
        actions.publish_rating(actor=cast.admin, branch=branches["central"], month=month)
        demo.publications += 1
    # May: the Kostanay deputy login was marked absent at a sitting while away on the
    # branch's errand; the correction comes after publication and makes revision 2.
    may = next((day for day in absent if day.month == 5), None)
    if may is None:
        return
    oblast = by_code["kostanay-maslikhat"]
    mandate = Mandate.objects.get(pk=absent[may])
    sitting = Sitting.objects.get(convocation=oblast.convocation, held_on=may)
    correction = actions.submit_correction(
        actor=cast.admin,
        mandate=mandate,
        month=D(2021, 5, 1),
        component=Component.ATTENDANCE,
        sitting=sitting,
        mark=Attendance.Mark.EXCUSED,
        explanation="Сессия күні филиалдың тапсырмасымен Арқалықтағы көшпелі қабылдауда болды "
        "(іссапар бұйрығы қоса беріледі).",
        evidence=_evidence("kostanay-2021-05-order.pdf"),
    )
    actions.confirm_correction(
        actor=cast.heads["kostanay"], correction=correction, note="Іссапар бұйрығы расталды."
    )
    actions.publish_rating(actor=cast.heads["kostanay"], branch=branches["kostanay"], month=may)
    demo.corrections += 1
    demo.publications += 1


# ---------------------------------------------------------------- the whole


@transaction.atomic
def build(demo: Demo) -> None:
    if RepresentativeBody.objects.filter(code=MAZHILIS_CODE).exists():
        return
    admin = _user("admin")
    if admin is None:
        return
    cast = Cast(
        admin=admin,
        heads={
            code: user
            for code in DETAILED_REGIONS.values()
            if (user := _user(f"{code}.head")) is not None
        },
        secretary=_user("kostanay.secretary"),
        deputy=_user("kostanay.deputy"),
    )
    rng = random.Random("deputies:2021")
    parties = {}
    for code, is_own, kk, ru, en in PARTIES:
        parties[code] = Party.objects.filter(code=code).first() or actions.add_party(
            actor=admin, code=code, name_kk=kk, name_ru=ru, name_en=en, is_own=is_own
        )
    plans = plan_bodies(cast, parties)
    people = People(rng)
    choose_people(plans, parties, people, rng)
    plan_churn(plans, people, rng)
    people.save()
    give_mandates(plans, admin)
    change_mandates(plans)
    link_logins(plans, cast)
    for user in (cast.deputy, cast.secretary):
        if user is not None:
            user.refresh_from_db()
    give_posts(plans, cast)
    # The deputy login misses one May sitting (a correction later excuses it).
    oblast = next(p for p in plans if p.body.code == "kostanay-maslikhat")
    may = next(day for day, _kind in sitting_days(oblast) if day.month == 5)
    absent = {}
    if cast.deputy is not None and cast.deputy.person_id is not None:
        absent[may] = next(m.pk for m in oblast.mandates if m.person_id == cast.deputy.person_id)
    demo.sittings += hold_sittings(plans, cast, Marks(rng), absent)
    record_work(plans, cast, rng)
    add_methods(admin)
    rate(plans, cast, absent, demo)
    demo.representative_bodies += RepresentativeBody.objects.count()
    demo.deputies += sum(len(p.mandates) for p in plans)
    demo.snapshots += Snapshot.objects.count()
