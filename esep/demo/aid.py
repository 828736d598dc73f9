"""The demo's aid campaigns: "Biz birgemiz" of the Atyrau branch in the spring of 2020 (seed
001: 15,108 families helped with 265 million tenge) and "Бақытты отбасы" of the Almaty
branch (seed 002: about 3,000 mothers helped).

- "Biz birgemiz" (`biz-birgemiz-2020`, 1 April – 30 June 2020, food parcels, money and
  medicines), run by the Atyrau branch, its district and city branches helping the families
  of their territories (the city most): 15,108 families — large families, pensioners,
  families that lost their income, low-income families, disabled people, single parents —
  every one helped, a fifth of them twice (food first, then money or medicines), and a few
  helped again in a second household with the reason recorded (the family's second
  registration is a household of its own: the same family is counted once). The deliveries
  run over April–June, food parcels most, their value adding up to exactly 265,000,000
  tenge; the partners' contributions — companies, foundations, the deputies, and the
  branch's own funds — cover exactly that, so the campaign's balance is zero.
- "Бақытты отбасы" (`bakytty-otbasy-2019`, September–December 2019, food and money), run
  by the Almaty branch: 2,947 mothers, single or of large families, each helped once, and
  the foundation's and the branch's money with something left.

Everything goes through `esep.aid.actions` in the batches an import writes
(`register_households`, `record_deliveries`: a thousand rows at a time), so the records,
events and checks are those real use makes, and the load stays quick. Seeded generators; a
campaign recorded already is left alone."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from esep.access.models import User
from esep.aid import actions
from esep.aid.actions import NewDelivery, NewHousehold
from esep.aid.imports import CHUNK
from esep.aid.models import Campaign, Category, Delivery, Household, Kind
from esep.demo.context import Demo
from esep.demo.org import KK_FEMALE, KK_MALE, KK_SURNAMES, RU_FEMALE, RU_MALE, RU_SURNAMES
from esep.lib.iin import Sex, make_iin
from esep.lib.listing import batched
from esep.org.actions import given_person
from esep.org.models import Branch

D = dt.date

# Seed 001.
ATYRAU_CODE = "biz-birgemiz-2020"
FAMILIES = 15_108
AMOUNT = 265_000_000
REPEATED = 6  # families helped again, in a second household, with the reason recorded
ATYRAU_START, ATYRAU_END = D(2020, 4, 1), D(2020, 6, 30)
# The city's branch helps most; the districts share the rest by these weights.
CITY_WEIGHT, DISTRICT_WEIGHT = 5, 1
ATYRAU_CATEGORIES = [
    (Category.LARGE_FAMILY, 30),
    (Category.LOST_INCOME, 22),
    (Category.LOW_INCOME, 18),
    (Category.PENSIONER, 14),
    (Category.DISABLED, 9),
    (Category.SINGLE_PARENT, 6),
    (Category.OTHER, 1),
]
# Partners and what each gave (tenge), adding up to AMOUNT.
ATYRAU_PARTNERS = [
    ("ТОО «Жайық Мұнай Сервис»", "company", 70_000_000, D(2020, 3, 30)),
    ("«Біз біргеміз» қоғамдық қоры", "foundation", 50_000_000, D(2020, 4, 3)),
    ("АО «Атырау Құрылыс»", "company", 45_000_000, D(2020, 4, 10)),
    ("«Ақ ниет» қайырымдылық қоры", "foundation", 40_000_000, D(2020, 4, 20)),
    ("ТОО «Каспий Балық»", "company", 25_000_000, D(2020, 5, 4)),
    (
        "«Nur Otan» партиясы Атырау облыстық филиалының өз қаражаты",
        "public_body",
        20_000_000,
        D(2020, 3, 31),
    ),
    ("Атырау облыстық мәслихатының депутаттары", "individual", 15_000_000, D(2020, 5, 15)),
]
REPEAT_REASONS = [
    "Отбасы екінші рет жұмыссыз қалды: мамырда қосымша көмек берілді.",
    "Көп балалы отбасыға шешімі бойынша қайта азық-түлік себеті берілді.",
    "Семья повторно обратилась после затопления дома: помощь по решению штаба.",
]

# Seed 002.
ALMATY_CODE = "bakytty-otbasy-2019"
MOTHERS = 2_947
ALMATY_START, ALMATY_END = D(2019, 9, 1), D(2019, 12, 31)
ALMATY_PARTNERS = [
    ("«Бақытты отбасы – Алматы» қоры", "foundation", 80_000_000, D(2019, 8, 28)),
    (
        "«Nur Otan» партиясы Алматы қалалық филиалының өз қаражаты",
        "public_body",
        15_000_000,
        D(2019, 9, 2),
    ),
]

VOLUNTEERS = [
    "«Жас Отан» еріктілері",
    "Аудандық штабтың еріктілері",
    "Волонтёры «Біз біргеміз»",
    "Партия филиалының қызметкерлері",
]
MOBILE_PREFIXES = ["701", "702", "705", "707", "747", "771", "775", "777"]
STREETS = [
    "Абай көшесі",
    "Сәтбаев көшесі",
    "Махамбет көшесі",
    "Құрманғазы көшесі",
    "Азаттық даңғылы",
    "Исатай көшесі",
    "ул. Досмухамедова",
    "ул. Баймуханова",
    "Студенческий пр.",
    "Қаныш Сәтбаев көшесі",
    "Бейбарыс көшесі",
    "мкр. Авангард-3",
]


def _weighted(rng: random.Random, choices: Sequence[tuple[str, int]]) -> str:
    return rng.choices([c for c, _w in choices], weights=[w for _c, w in choices])[0]


class Heads:
    """The heads of the families: names as the region's people are named, each with an IIN
    no other head has (a head esep knows already is found by it, as an import would)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.iins: set[str] = set()

    def iin(self, birth: D, sex: Sex) -> str:
        while True:
            iin = make_iin(birth, sex, serial=self.rng.randrange(10_000))
            if iin not in self.iins:
                self.iins.add(iin)
                return iin

    def head(self, *, female: bool, russian_share: float = 0.15, young: bool = False):
        rng = self.rng
        first = D(1975, 1, 1) if young else D(1940, 1, 1)
        birth = first + dt.timedelta(days=rng.randrange(0, 365 * (25 if young else 45)))
        if rng.random() < russian_share:
            surname = rng.choice(RU_SURNAMES)
            given, patronymic, daughter = rng.choice(RU_MALE)
            if female:
                surname, given, patronymic = surname + "а", rng.choice(RU_FEMALE), daughter
            else:
                given = rng.choice(RU_MALE)[0]
        else:
            surname, father = rng.choice(KK_SURNAMES), rng.choice(KK_MALE)
            if female:
                surname, given, patronymic = surname + "а", rng.choice(KK_FEMALE), f"{father}қызы"
            else:
                given, patronymic = rng.choice(KK_MALE), f"{father}ұлы"
        sex: Sex = "female" if female else "male"
        phone = f"+7{rng.choice(MOBILE_PREFIXES)}{rng.randrange(1_000_000, 9_999_999)}"
        return given_person(
            iin=self.iin(birth, sex),
            phone=phone if rng.random() < 0.8 else "",
            surname=surname,
            given_name=given,
            patronymic=patronymic,
        )


def address(place: str, i: int) -> str:
    """The i-th family's address in a place: no two alike."""
    street = STREETS[i % len(STREETS)]
    house, flat = divmod(i // len(STREETS), 48)
    return f"{place}, {street}, {house + 1} үй, {flat + 1} пәтер"


def _login(username: str) -> User:
    return User.objects.get(username=username)


def _sub_branches(region: Branch) -> list[Branch]:
    """The region's district and city branches, in their order."""
    return list(
        Branch.objects.filter(
            path__startswith=region.path,
            depth=region.depth + 1,
            kind__in=[Branch.Kind.CITY, Branch.Kind.DISTRICT],
        )
        .select_related("territory")
        .order_by("path")
    )


def _share(total: int, weights: Sequence[int]) -> list[int]:
    """`total` split by `weights`, adding up exactly."""
    whole = sum(weights)
    parts = [total * w // whole for w in weights]
    parts[0] += total - sum(parts)
    return parts


def _contributions(actor: User, campaign: Campaign, partners: Sequence[tuple]) -> None:
    for name, kind, amount, day in partners:
        partner = actions.add_partner(actor=actor, name=name, kind=kind)
        actions.record_contribution(
            actor=actor, campaign=campaign, partner=partner, received_on=day, amount=amount
        )


def _register(
    actor: User,
    campaign: Campaign,
    branch: Branch,
    households: Sequence[NewHousehold],
    registered_on: D,
) -> list[Household]:
    rows: list[Household] = []
    for batch in batched(households, CHUNK):
        rows += actions.register_households(
            actor=actor,
            campaign=campaign,
            branch=branch,
            households=batch,
            registered_on=registered_on,
        )
    return rows


def _deliver(actor: User, campaign: Campaign, deliveries: Sequence[NewDelivery]) -> None:
    for batch in batched(deliveries, CHUNK):
        actions.record_deliveries(actor=actor, campaign=campaign, deliveries=batch)


def _confirmed(rng: random.Random, number: int) -> tuple[str, str]:
    how = rng.choices(
        [
            Delivery.Confirmation.SIGNATURE,
            Delivery.Confirmation.PHOTO,
            Delivery.Confirmation.SMS,
        ],
        weights=[70, 20, 10],
    )[0]
    return how, f"{how[:3].upper()}-{number:06d}"


def _day(rng: random.Random, first: D, last: D) -> D:
    return first + dt.timedelta(days=rng.randrange((last - first).days + 1))


# ---------------------------------------------------------------- Atyrau: "Biz birgemiz"


def _atyrau_amounts(rng: random.Random, kinds: list[str]) -> list[int]:
    """Each delivery's value: a food parcel 10–16 thousand, money 20 or 42.5 thousand,
    medicines 5–15 thousand; then evened out so that all of them add up to AMOUNT."""
    values = []
    for kind in kinds:
        if kind == Kind.FOOD:
            values.append(rng.randrange(20, 33) * 500)
        elif kind == Kind.MONEY:
            values.append(rng.choice([20_000, 30_000, 42_500]))
        else:
            values.append(rng.randrange(10, 31) * 500)
    scale = AMOUNT / sum(values)
    values = [round(v * scale / 100) * 100 for v in values]
    values[-1] += AMOUNT - sum(values)
    return values


def build_atyrau(demo: Demo) -> None:
    region = Branch.objects.select_related("territory").filter(code="atyrau").first()
    if region is None or Campaign.objects.filter(code=ATYRAU_CODE).exists():
        return
    rng = random.Random("aid:atyrau")
    office = _login("atyrau.officer")
    campaign = actions.create_campaign(
        actor=office,
        code=ATYRAU_CODE,
        name_kk="«Biz birgemiz» акциясы, Атырау облысы",
        name_ru="Акция «Biz birgemiz», Атырауская область",
        name_en="“Biz birgemiz” campaign, Atyrau Region",
        branch=region,
        starts_on=ATYRAU_START,
        ends_on=ATYRAU_END,
        kinds=[Kind.FOOD, Kind.MONEY, Kind.MEDICINES],
    )
    _contributions(office, campaign, ATYRAU_PARTNERS)
    branches = _sub_branches(region)
    weights = [CITY_WEIGHT if b.kind == Branch.Kind.CITY else DISTRICT_WEIGHT for b in branches]
    heads = Heads(rng)
    helped: list[Household] = []
    for branch, count in zip(branches, _share(FAMILIES - REPEATED, weights), strict=True):
        place = branch.territory.name_kk
        new: list[NewHousehold] = []
        for i in range(count):
            category = _weighted(rng, ATYRAU_CATEGORIES)
            large = category == Category.LARGE_FAMILY
            female = category == Category.SINGLE_PARENT or rng.random() < 0.35
            new.append(
                NewHousehold(
                    given=heads.head(female=female),
                    address=address(place, i),
                    territory=branch.territory,
                    members=rng.randint(5, 11) if large else rng.randint(1, 6),
                    category=category,
                )
            )
        # Registered in the campaign's first days, as the lists came in.
        helped += _register(office, campaign, branch, new, _day(rng, D(2020, 4, 1), D(2020, 4, 6)))
    # A few families helped again, with the reason recorded: a household of their own.
    again: list[NewHousehold] = []
    for earlier in rng.sample(helped, REPEATED):
        again.append(
            NewHousehold(
                given=earlier.head,
                address=earlier.address,
                territory=earlier.territory,
                members=earlier.members,
                category=earlier.category,
                repeat_reason=rng.choice(REPEAT_REASONS),
            )
        )
    branch_of = {earlier.head_id: earlier.branch for earlier in helped}
    for repeat in again:
        helped += _register(office, campaign, branch_of[repeat.given.pk], [repeat], D(2020, 5, 18))
    # Each household once, a fifth of them twice; food parcels most.
    kinds: list[str] = []
    targets: list[Household] = []
    for household in helped:
        first = Kind.FOOD if household.repeat_reason or rng.random() < 0.82 else Kind.MONEY
        kinds.append(first)
        targets.append(household)
        if not household.repeat_reason and rng.random() < 0.2:
            kinds.append(Kind.MONEY if rng.random() < 0.6 else Kind.MEDICINES)
            targets.append(household)
    amounts = _atyrau_amounts(rng, kinds)
    deliveries = []
    for number, (household, kind, amount) in enumerate(
        zip(targets, kinds, amounts, strict=True), start=1
    ):
        day = (
            _day(rng, D(2020, 5, 18), ATYRAU_END)
            if household.repeat_reason
            else _day(rng, D(2020, 4, 3), ATYRAU_END)
        )
        confirmation, reference = _confirmed(rng, number)
        deliveries.append(
            NewDelivery(
                household=household,
                delivered_on=day,
                kind=kind,
                amount=amount,
                delivered_by=rng.choice(VOLUNTEERS),
                confirmation=confirmation,
                reference=reference,
            )
        )
    deliveries.sort(key=lambda d: (d.delivered_on, d.household.number))
    _deliver(office, campaign, deliveries)
    demo.aid_households += len(helped)
    demo.aid_deliveries += len(deliveries)


# ---------------------------------------------------------------- Almaty: "Бақытты отбасы"


def build_almaty(demo: Demo) -> None:
    region = Branch.objects.select_related("territory").filter(code="almaty").first()
    if region is None or Campaign.objects.filter(code=ALMATY_CODE).exists():
        return
    rng = random.Random("aid:almaty")
    office = _login("almaty.officer")
    campaign = actions.create_campaign(
        actor=office,
        code=ALMATY_CODE,
        name_kk="«Бақытты отбасы»: аналарға көмек, Алматы",
        name_ru="«Бақытты отбасы»: помощь матерям, Алматы",
        name_en="“Bakytty otbasy”: help for mothers, Almaty",
        branch=region,
        starts_on=ALMATY_START,
        ends_on=ALMATY_END,
        kinds=[Kind.FOOD, Kind.MONEY],
    )
    _contributions(office, campaign, ALMATY_PARTNERS)
    branches = _sub_branches(region)
    heads = Heads(rng)
    helped: list[Household] = []
    for branch, count in zip(branches, _share(MOTHERS, [1] * len(branches)), strict=True):
        place = branch.territory.name_kk
        new: list[NewHousehold] = []
        for i in range(count):
            single = rng.random() < 0.6
            new.append(
                NewHousehold(
                    given=heads.head(female=True, russian_share=0.3, young=True),
                    address=address(place, i),
                    territory=branch.territory,
                    members=rng.randint(2, 4) if single else rng.randint(6, 10),
                    category=Category.SINGLE_PARENT if single else Category.LARGE_FAMILY,
                )
            )
        helped += _register(office, campaign, branch, new, _day(rng, D(2019, 9, 2), D(2019, 9, 20)))
    deliveries = []
    for number, household in enumerate(helped, start=1):
        money = rng.random() < 0.5
        confirmation, reference = _confirmed(rng, number)
        deliveries.append(
            NewDelivery(
                household=household,
                delivered_on=_day(rng, D(2019, 9, 10), D(2019, 12, 25)),
                kind=Kind.MONEY if money else Kind.FOOD,
                amount=rng.choice([25_000, 30_000, 40_000])
                if money
                else rng.randrange(30, 41) * 500,
                delivered_by=rng.choice(VOLUNTEERS[:2] + VOLUNTEERS[3:]),
                confirmation=confirmation,
                reference=reference,
            )
        )
    deliveries.sort(key=lambda d: (d.delivered_on, d.household.number))
    _deliver(office, campaign, deliveries)
    demo.aid_households += len(helped)
    demo.aid_deliveries += len(deliveries)


def build(demo: Demo) -> None:
    build_atyrau(demo)
    build_almaty(demo)
