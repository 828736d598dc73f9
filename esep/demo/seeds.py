"""The seeds at their own scale (`esep demo --seeds`): on top of the demo, the records behind
every appeals-side figure the five news reports give, so that each comes out of the figure
registry — and its drill-down — at the seed's own number:

- seed 001: the Atyrau branch's public reception received 13 007 appeals in 2019–2020, of
  which 7 479 were resolved positively (`appeals.received`, `appeals.resolved_positively`,
  scope `atyrau`, 2019-01-01..2020-12-31);
- seed 004: "since the start of the year" 2021, more than 103 thousand appeals to the party's
  public receptions (`appeals.received`, the country, 2021: 103 218), 20 000 receptions held
  (`receptions.held`) and more than 4.5 thousand acute social issues that came from the
  public councils taken under party control (`issues.taken_under_control`, by source:
  `public_council` 4 518);
- seed 002: Almaty's "Мобильді халыққа көмек" — in its first month, 14.10–13.11.2019,
  deputies and heads of state bodies received 1 300 people at markets and stations
  (`receptions.mobile_people_received`), 67% of their appeals resolved positively
  (`receptions.mobile_resolved_positively_share`); and 60 party control posts headed by
  deputies of the city maslikhat (`deputies.control_posts_headed` on 13.11.2019).

Each part tops up to its seed's total what the records already give (the demo's own appeals
of 2020–2021, its receptions and issues of 2021), so nothing is counted twice and a second
run adds nothing. The rows are written in bulk — people, appeals with their numbers,
tracking codes, deadlines and timelines (registered, answered, closed), receptions with
their receivers, issues with theirs — in batches, never one action per record: the appeals'
figure counters follow by their database triggers, the numbering counters are moved once
per branch and year. Receptions and issues written this way leave no audit-log entry of
their planning (the demo's own bulk paths say the same). Every appeal here is answered and
closed: the seeds report years gone by."""

from __future__ import annotations

import datetime as dt
import math
import random
import zoneinfo
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max, OuterRef, Q, Subquery

from esep.access.models import User
from esep.appeals.actions import CONSIDERATION_WORKING_DAYS, official_calendar
from esep.appeals.categories import load_categories
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal, AppealCounter, AppealEvent, Category, Outcome
from esep.control.issues.lifecycle import Status as IssueStatus
from esep.control.models import ControlPost, Issue, IssueEvent
from esep.control.posts import actions as post_actions
from esep.demo.appeals import OUTCOMES, TEXTS
from esep.demo.context import Demo
from esep.demo.load import refresh_statistics
from esep.demo.org import make_person
from esep.deputies.models import Mandate
from esep.lib.workdays import Calendar
from esep.org.models import Branch, Person
from esep.receptions.models import Kind as ReceptionKind
from esep.receptions.models import Place, Reception
from esep.receptions.models import Status as ReceptionStatus


@dataclass(frozen=True)
class Targets:
    """The seeds' figures. Tests load them at a smaller scale through their own targets."""

    atyrau_appeals: int = 13_007  # seed 001, 2019–2020
    atyrau_resolved_positively: int = 7_479
    national_appeals: int = 103_218  # seed 004, 2021: «более 103 тысяч»
    national_receptions: int = 20_000  # «проведено 20 тысяч приёмов граждан»
    public_council_issues: int = 4_518  # «более 4,5 тысячи … по линии общественных советов»
    almaty_mobile_people: int = 1_300  # seed 002: «1300 адамды қабылдады»
    almaty_mobile_positive_percent: int = 67  # «Мәселенің 67 пайызы оң шешімін тапты»
    almaty_posts: int = 60  # «60 партиялық бақылау бекеттері»


SEEDS = Targets()

ATYRAU_FIRST, ATYRAU_LAST = dt.date(2019, 1, 1), dt.date(2020, 12, 31)
YEAR_FIRST, YEAR_LAST = dt.date(2021, 1, 4), dt.date(2021, 12, 20)  # the demo's 2021
# "Бір ай бұрын … «Мобильді халыққа көмек» жобасын іске қостық": the project's first month,
# and the meeting the day after it, where the posts were counted.
MOBILE_FIRST, MOBILE_LAST = dt.date(2019, 10, 14), dt.date(2019, 11, 13)
POSTS_CLOSED = dt.date(2020, 12, 31)  # the objects handed over before the 6th convocation ended

# Each region's share of the country's appeals, roughly its population in 2021 (thousands),
# by the first two digits of its KATO code.
POPULATION = {
    "10": 607, "11": 788, "15": 916, "19": 1_495, "23": 681, "27": 686, "31": 1_216,
    "33": 697, "35": 1_134, "39": 831, "43": 826, "47": 771, "55": 752, "59": 537,
    "61": 2_110, "62": 221, "63": 727, "71": 1_354, "75": 2_229, "79": 1_222,
}  # fmt: skip
# Within a region: the regional office's reception takes most, a city more than a district.
BRANCH_WEIGHT: dict[str, int] = {
    Branch.Kind.REGIONAL: 6,
    Branch.Kind.CITY: 2,
    Branch.Kind.DISTRICT: 1,
}
# How appeals reach the public reception (none by a reception session: those are linked
# to one, and only the mobile receptions of seed 002 have theirs here).
CHANNELS = (
    ["reception_office"] * 9
    + ["online_portal"] * 4
    + ["letter"] * 2
    + ["hotline"] * 2
    + ["email", "social_media", "public_council"]
)
KINDS = ["statement"] * 5 + ["complaint"] * 3 + ["proposal", "information_request"]
OTHER_OUTCOMES = [o for o in OUTCOMES if o != Outcome.RESOLVED_POSITIVELY]
ANSWERS = {"kk": "Өтініш қаралды, жауап берілді.", "ru": "Обращение рассмотрено, дан ответ."}
MOBILE_PLACES = [
    (Place.MARKET, ["«Алтын Орда»", "«Барахолка»", "«Салем»", "«Өнім»", "«Шапағат»"]),
    (Place.STATION, ["«Алматы-1»", "«Алматы-2»", "«Сайран»", "«Саяхат»"]),
]
ISSUES = [
    ("utilities-water", "{place}: ауыз сумен жабдықтау үзіліп тұр", "Тұрғындар су тасиды."),
    ("roads", "{place}: ішкі жолдар жөнделмеген", "Көктемде өту қиын."),
    ("utilities-heating", "{place}: жылу беру кестесі бұзылды", "Көп пәтерде суық."),
    ("healthcare", "{place}: емханада дәрігер жетіспейді", "Қабылдауға кезек ұзақ."),
    ("education", "{place}: мектепте орын жетпейді", "Үш ауысыммен оқиды."),
    ("improvement", "{place}: аулаларда жарық жоқ", "Кешке қауіпті."),
    ("housing", "{place}: апатты үйлерден көшіру кешігуде", "Кезек қозғалмай тұр."),
]
POST_OBJECTS = [
    ("school", "№ {n} мектеп құрылысы"),
    ("kindergarten", "№ {n} балабақша құрылысы"),
    ("clinic", "№ {n} емхана"),
    ("hospital", "№ {n} қалалық аурухана"),
    ("utility_network", "{street} көшесіндегі су құбыры желісі"),
    ("road", "{street} көшесін қайта жаңарту"),
    ("housing", "{street} көшесіндегі тұрғын үй кешені"),
]
STREETS = ["Абай", "Төле би", "Райымбек", "Рысқұлов", "Момышұлы", "Саина", "Жандосов"]
BATCH = 2_000


def load(demo: Demo, targets: Targets = SEEDS) -> dict[str, int]:
    """Top the demo up to the seeds' figures; what each part added."""
    added: dict[str, int] = {}
    with transaction.atomic():
        load_categories()
        writer = AppealWriter(official_calendar())
        added["atyrau appeals"] = atyrau(writer, targets)
        added["appeals of 2021"] = national_appeals(writer, targets)
        added["receptions of 2021"] = national_receptions(targets)
        added["public councils' issues"] = public_council_issues(targets)
        added["Almaty mobile-reception appeals"] = almaty_mobile(writer, targets)
        added["Almaty control posts"] = almaty_posts(targets)
        writer.close()
    refresh_statistics()
    demo.appeals += added["atyrau appeals"] + added["appeals of 2021"]
    demo.appeals += added["Almaty mobile-reception appeals"]
    demo.receptions += added["receptions of 2021"]
    demo.issues += added["public councils' issues"]
    demo.control_posts += added["Almaty control posts"]
    return added


def summary(added: dict[str, int]) -> list[str]:
    return ["seeds: " + ", ".join(f"{what} added: {n}" for what, n in added.items())]


# ---------------------------------------------------------------- places and shares


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """`total` split in proportion to `weights`, whole numbers adding up to it exactly (the
    largest remainders take the rest)."""
    if total <= 0 or not weights:
        return [0] * len(weights)
    whole = sum(weights)
    exact = [total * w / whole for w in weights]
    parts = [math.floor(x) for x in exact]
    by_remainder = sorted(range(len(weights)), key=lambda i: parts[i] - exact[i])
    for i in by_remainder[: total - sum(parts)]:
        parts[i] += 1
    return parts


def offices(region: Branch) -> list[Branch]:
    """The branches of a region whose offices receive citizens: the region's own, its
    cities' and districts' (not the primary organisations)."""
    return list(
        Branch.objects.filter(path__startswith=region.path)
        .exclude(kind=Branch.Kind.PRIMARY)
        .select_related("territory")
        .order_by("path")
    )


def regions() -> list[Branch]:
    return list(
        Branch.objects.filter(kind=Branch.Kind.REGIONAL)
        .select_related("territory")
        .order_by("territory__kato")
    )


def spread(total: int, tops: list[Branch]) -> list[tuple[Branch, Branch, int]]:
    """`total` over regions by population, and within each over its offices: (region,
    office, how many)."""
    shares: list[tuple[Branch, Branch, int]] = []
    weights = [POPULATION.get(r.territory.kato[:2], 500) for r in tops]
    for region, n in zip(tops, apportion(total, weights), strict=True):
        branches = offices(region)
        parts = apportion(n, [BRANCH_WEIGHT.get(b.kind, 1) for b in branches])
        shares += [(region, b, k) for b, k in zip(branches, parts, strict=True) if k]
    return shares


def staff(region_code: str) -> User | None:
    return (
        User.objects.filter(grants__branch__code=region_code, grants__role="reception_officer")
        .order_by("pk")
        .first()
    )


def central_user() -> User:
    user = (
        User.objects.filter(is_superuser=True).order_by("pk").first()
        or User.objects.order_by("pk").first()
    )
    assert user is not None, "the demo is loaded first"
    return user


def working_days(calendar: Calendar, first: dt.date, last: dt.date) -> list[dt.date]:
    days, day = [], first
    while day <= last:
        if calendar.is_working_day(day):
            days.append(day)
        day += dt.timedelta(days=1)
    return days


# ---------------------------------------------------------------- people


def citizens(region: str, count: int) -> list[Person]:
    """`count` synthetic citizens of a region who bring appeals (valid IINs, names from the
    demo's lists), the same ones on every run: those already recorded are found, not made
    again."""
    if count <= 0:
        return []
    rng = random.Random(f"seeds:people:{region}")
    russian = 0.45 if region == "kostanay" else 0.2
    made: dict[str, Person] = {}
    while len(made) < count:
        person = make_person(rng, russian)
        made.setdefault(str(person.iin), person)
    iins = list(made)
    found: dict[str, Person] = {}
    for start in range(0, len(iins), 1_000):
        for person in Person.objects.with_iins(iins[start : start + 1_000]):
            found[str(person.iin)] = person
    Person.objects.bulk_create([p for iin, p in made.items() if iin not in found], batch_size=BATCH)
    return [found.get(iin) or made[iin] for iin in iins]


# ---------------------------------------------------------------- appeals


@dataclass
class Plan:
    """One appeal to write: where, when, from whom, how it ended."""

    region: Branch
    branch: Branch
    registered_on: dt.date
    outcome: str
    submitter: Person
    channel: str
    reception: Reception | None = None
    at: dt.time = dt.time(10, 0)


class AppealWriter:
    """Writes planned appeals as registration and its answer would have: numbered in their
    branch and year (the counters moved once), due in 15 working days, answered within or
    a little after it, closed two days later, each with its timeline."""

    def __init__(self, calendar: Calendar) -> None:
        self.calendar = calendar
        self.days = working_days(calendar, dt.date(2018, 12, 1), dt.date(2022, 3, 31))
        self.index = {day: i for i, day in enumerate(self.days)}
        self.categories = {c.code: c for c in Category.objects.filter(code__in=TEXTS)}
        self.officers: dict[str, User | None] = {}
        self.first_event = (AppealEvent.objects.aggregate(last=Max("pk"))["last"] or 0) + 1

    def officer(self, region: Branch) -> User | None:
        if region.code not in self.officers:
            self.officers[region.code] = staff(region.code)
        return self.officers[region.code]

    def numbers(self, plans: list[Plan]) -> list[str]:
        """The next numbers of each plan's branch and year, the counters moved once each."""
        wanted = Counter((p.branch.pk, p.registered_on.year) for p in plans)
        counters = {
            (c.branch_id, c.year): c
            for c in AppealCounter.objects.filter(
                branch__in={p.branch.pk for p in plans}, year__in={y for _b, y in wanted}
            )
        }
        new = [
            AppealCounter(branch_id=b, year=y, last=0) for b, y in wanted if (b, y) not in counters
        ]
        AppealCounter.objects.bulk_create(new)
        counters |= {(c.branch_id, c.year): c for c in new}
        given: dict[tuple[int, int], int] = {key: counters[key].last for key in wanted}
        numbers = []
        for plan in plans:
            key = (plan.branch.pk, plan.registered_on.year)
            given[key] += 1
            numbers.append(f"{plan.branch.code.upper()}-{key[1]}-{given[key]:05d}")
        for key, last in given.items():
            counters[key].last = last
        AppealCounter.objects.bulk_update([counters[key] for key in given], ["last"])
        return numbers

    def write(self, plans: list[Plan], rng: random.Random) -> int:
        for start in range(0, len(plans), BATCH):
            self._write(plans[start : start + BATCH], rng)
        return len(plans)

    def _write(self, plans: list[Plan], rng: random.Random) -> None:
        codes = sorted(self.categories)
        appeals = []
        for plan, number in zip(plans, self.numbers(plans), strict=True):
            territory = plan.branch.territory
            zone = zoneinfo.ZoneInfo(territory.time_zone)
            code = rng.choice(codes)
            russian = 0.45 if plan.region.code == "kostanay" else 0.25
            language = "ru" if rng.random() < russian else "kk"
            i = self.index[plan.registered_on]
            # Mostly within the 15 working days, some a little late.
            took = rng.randrange(2, 16) if rng.random() < 0.93 else rng.randrange(16, 22)
            answered_on = self.days[i + took]
            answered_at = dt.datetime.combine(answered_on, dt.time(11, 0), zone)
            person = plan.submitter
            appeals.append(
                Appeal(
                    number=number,
                    kind=rng.choice(KINDS),
                    channel=plan.channel,
                    category=self.categories[code],
                    territory=territory,
                    branch=plan.branch,
                    submitter=person,
                    applicant_surname=person.surname,
                    applicant_given_name=person.given_name,
                    applicant_patronymic=person.patronymic,
                    contact_iin=person.iin or "",
                    contact_phone=person.phone,
                    is_anonymous=False,
                    text=TEXTS[code][1 if language == "ru" else 0],
                    language=language,
                    status=Status.CLOSED,
                    outcome=plan.outcome,
                    assignee=self.officer(plan.region),
                    received_at=dt.datetime.combine(plan.registered_on, plan.at, zone),
                    registered_on=plan.registered_on,
                    due_on=self.days[i + CONSIDERATION_WORKING_DAYS],
                    answered_at=answered_at,
                    answered_on=answered_on,
                    answer_working_days=took,
                    closed_at=answered_at + dt.timedelta(days=2),
                    answer=ANSWERS[language],
                    reception=plan.reception,
                    version=3,
                )
            )
        Appeal.objects.bulk_create(appeals)
        events = []
        for appeal in appeals:
            actor = appeal.assignee
            events += [
                AppealEvent(
                    appeal=appeal, actor=actor, action="registered", to_status=Status.REGISTERED
                ),
                AppealEvent(
                    appeal=appeal,
                    actor=actor,
                    action="answer",
                    from_status=Status.IN_PROGRESS,
                    to_status=Status.ANSWERED,
                    data={"outcome": appeal.outcome},
                ),
                AppealEvent(
                    appeal=appeal,
                    actor=actor,
                    action="close",
                    from_status=Status.ANSWERED,
                    to_status=Status.CLOSED,
                ),
            ]
        AppealEvent.objects.bulk_create(events, batch_size=BATCH)

    def close(self) -> None:
        """Date the timelines written (the events' time is stamped when written): each step
        when it happened, set in the database for all of them at once."""
        written = AppealEvent.objects.filter(pk__gte=self.first_event)
        for action, field in (
            ("registered", "received_at"),
            ("answer", "answered_at"),
            ("close", "closed_at"),
        ):
            when = Appeal.objects.filter(pk=OuterRef("appeal_id")).values(field)[:1]
            written.filter(action=action).update(at=Subquery(when))


def outcomes(rng: random.Random, total: int, positive: int) -> list[str]:
    """`total` outcomes of which exactly `positive` resolved positively, shuffled."""
    rest = [rng.choice(OTHER_OUTCOMES) for _ in range(total - positive)]
    mixed = [Outcome.RESOLVED_POSITIVELY.value] * positive + rest
    rng.shuffle(mixed)
    return mixed


def appeals_in(branch: Branch, first: dt.date, last: dt.date) -> Q:
    return Q(
        branch__path__startswith=branch.path, registered_on__gte=first, registered_on__lte=last
    )


def plans_over(
    writer: AppealWriter,
    shares: list[tuple[Branch, Branch, int]],
    first: dt.date,
    last: dt.date,
    results: list[str],
    rng: random.Random,
) -> list[Plan]:
    """Appeals of each branch on working days between `first` and `last`, from the
    region's citizens (about one in four bringing a second appeal)."""
    days = working_days(writer.calendar, first, last)
    by_region: dict[str, int] = defaultdict(int)
    for region, _branch, n in shares:
        by_region[region.code] += n
    people = {code: citizens(code, math.ceil(n / 1.25)) for code, n in by_region.items()}
    plans, k = [], 0
    for region, branch, n in shares:
        pool = people[region.code]
        for _ in range(n):
            plans.append(
                Plan(
                    region=region,
                    branch=branch,
                    registered_on=rng.choice(days),
                    outcome=results[k],
                    submitter=rng.choice(pool),
                    channel=rng.choice(CHANNELS),
                    at=dt.time(rng.randrange(9, 18), rng.randrange(0, 60)),
                )
            )
            k += 1
    plans.sort(key=lambda p: (p.branch.pk, p.registered_on, p.at))
    return plans


def atyrau(writer: AppealWriter, targets: Targets) -> int:
    """Seed 001: the Atyrau branch's 13 007 appeals of 2019–2020, 7 479 resolved positively."""
    region = Branch.objects.select_related("territory").get(code="atyrau")
    there = Appeal.objects.filter(appeals_in(region, ATYRAU_FIRST, ATYRAU_LAST))
    total = targets.atyrau_appeals - there.count()
    positive = (
        targets.atyrau_resolved_positively
        - there.filter(outcome=Outcome.RESOLVED_POSITIVELY).count()
    )
    if total <= 0:
        return 0
    assert 0 <= positive <= total, "the demo already holds more than the seed's figures"
    rng = random.Random("seeds:atyrau")
    shares = spread(total, [region])
    results = outcomes(rng, total, positive)
    return writer.write(plans_over(writer, shares, ATYRAU_FIRST, ATYRAU_LAST, results, rng), rng)


def national_appeals(writer: AppealWriter, targets: Targets) -> int:
    """Seed 004: more than 103 thousand appeals to the party's public receptions in 2021."""
    year = Q(registered_on__gte=dt.date(2021, 1, 1), registered_on__lte=dt.date(2021, 12, 31))
    total = targets.national_appeals - Appeal.objects.filter(year).count()
    if total <= 0:
        return 0
    rng = random.Random("seeds:2021")
    # About two in three resolved positively, as the regions report.
    results = outcomes(rng, total, round(total * 0.64))
    shares = spread(total, regions())
    return writer.write(plans_over(writer, shares, YEAR_FIRST, YEAR_LAST, results, rng), rng)


# ---------------------------------------------------------------- receptions


def receivers_of(region: Branch, on: dt.date) -> list[Person]:
    """Who receives citizens in a region: its deputies of the party in office that day,
    else the holders of its bodies' posts."""
    deputies = (
        Mandate.objects.of_own_party()
        .in_office(on)
        .filter(convocation__body__branch__path__startswith=region.path)
        .order_by("pk")
        .values_list("person", flat=True)[:24]
    )
    people = list(Person.objects.filter(pk__in=list(deputies)).order_by("pk"))
    return people or list(Person.objects.office_holders([region.path]).order_by("pk")[:24])


def write_receptions(
    plans: Sequence[tuple[Branch, str, str, str, dt.datetime, int]],
    receivers: dict[int, list[Person]],
    actor: User,
    rng: random.Random,
) -> list[Reception]:
    """Held receptions in bulk: (branch, kind, place, address, start, people received), two
    or three receivers each from those of its region."""
    made = []
    for branch, kind, place, address, starts_at, people in plans:
        zone = zoneinfo.ZoneInfo(branch.territory.time_zone)
        made.append(
            Reception(
                branch=branch,
                territory=branch.territory,
                kind=kind,
                place_type=place,
                address=address,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=3),
                day=starts_at.astimezone(zone).date(),
                status=ReceptionStatus.HELD,
                people_received=people,
                created_by=actor,
            )
        )
    for start in range(0, len(made), BATCH):
        Reception.objects.bulk_create(made[start : start + BATCH])
    through = Reception.receivers.through
    links = []
    for reception in made:
        pool = receivers.get(reception.branch_id) or []
        for person in rng.sample(pool, min(len(pool), rng.choice((2, 2, 3)))):
            links.append(through(reception_id=reception.pk, person_id=person.pk))
    through.objects.bulk_create(links, batch_size=BATCH)
    return made


def national_receptions(targets: Targets) -> int:
    """Seed 004: 20 000 receptions of citizens held in 2021."""
    held = Reception.objects.filter(
        status=ReceptionStatus.HELD, day__gte=dt.date(2021, 1, 1), day__lte=dt.date(2021, 12, 31)
    )
    total = targets.national_receptions - held.count()
    if total <= 0:
        return 0
    rng = random.Random("seeds:receptions")
    calendar = official_calendar()
    days = working_days(calendar, YEAR_FIRST, YEAR_LAST)
    actor = central_user()
    receivers: dict[int, list[Person]] = {}
    plans = []
    for region, branch, n in spread(total, regions()):
        if branch.pk not in receivers:
            receivers[branch.pk] = receivers_of(region, dt.date(2021, 6, 30))
        zone = zoneinfo.ZoneInfo(branch.territory.time_zone)
        for _ in range(n):
            day = rng.choice(days)
            if rng.random() < 0.7:
                kind, place, address = ReceptionKind.OFFICE, Place.OFFICE, branch.address
                people = rng.randrange(3, 20)
            else:
                kind, place = (
                    ReceptionKind.MOBILE,
                    rng.choice([Place.MARKET, Place.STATION, Place.ENTERPRISE, Place.SETTLEMENT]),
                )
                address = f"{branch.territory.name_kk}, {rng.choice(STREETS)} көшесі"
                people = rng.randrange(5, 40)
            starts_at = dt.datetime.combine(day, dt.time(rng.choice((10, 11, 15))), zone)
            plans.append((branch, kind, place, address or branch.name_kk, starts_at, people))
    return len(write_receptions(plans, receivers, actor, rng))


# ---------------------------------------------------------------- issues


def public_council_issues(targets: Targets) -> int:
    """Seed 004: more than 4.5 thousand acute social issues brought by the public councils
    taken under party control in the regions in 2021; resolved within months, a few not
    (with the reason)."""
    taken = Issue.objects.filter(
        source=Issue.Source.PUBLIC_COUNCIL,
        taken_under_control_on__gte=dt.date(2021, 1, 1),
        taken_under_control_on__lte=dt.date(2021, 12, 31),
    )
    total = targets.public_council_issues - taken.count()
    if total <= 0:
        return 0
    rng = random.Random("seeds:issues")
    categories = {c.code: c for c in Category.objects.filter(code__in=[c for c, *_ in ISSUES])}
    central = central_user()
    heads: dict[str, User] = {}
    issues: list[Issue] = []
    tops = regions()
    weights = [POPULATION.get(r.territory.kato[:2], 500) for r in tops]
    for region, n in zip(tops, apportion(total, weights), strict=True):
        head = (
            User.objects.filter(grants__branch=region, grants__role="branch_head")
            .order_by("pk")
            .first()
        )
        heads[region.code] = head or central
        for _ in range(n):
            code, title, text = rng.choice(ISSUES)
            taken_on = YEAR_FIRST + dt.timedelta(days=rng.randrange(0, 340))
            resolved = rng.random() < 0.88
            issues.append(
                Issue(
                    title=title.format(place=region.territory.name_kk),
                    description=text,
                    category=categories[code],
                    territory=region.territory,
                    branch=region,
                    source=Issue.Source.PUBLIC_COUNCIL,
                    status=IssueStatus.RESOLVED if resolved else IssueStatus.NOT_RESOLVED,
                    status_reason="" if resolved else "Қаржыландыру келесі жылға ауыстырылды.",
                    controller=heads[region.code],
                    control_deadline=taken_on + dt.timedelta(days=90),
                    taken_under_control_on=taken_on,
                    resolved_on=taken_on + dt.timedelta(days=rng.randrange(20, 90)),
                    created_by=heads[region.code],
                )
            )
    Issue.objects.bulk_create(issues, batch_size=BATCH)
    events, created = [], []
    for issue in issues:
        assert issue.taken_under_control_on is not None and issue.resolved_on is not None
        registered = dt.datetime.combine(issue.taken_under_control_on, dt.time(5, 0), dt.UTC)
        created.append(registered)
        for action, at, note, data in (
            ("registered", registered, "", {"source": issue.source}),
            (
                "taken_under_control",
                registered,
                "Қоғамдық кеңестің ұсынысы",
                {
                    "controller": issue.controller.username if issue.controller else "",
                    "deadline": str(issue.control_deadline),
                },
            ),
            (
                "status",
                dt.datetime.combine(issue.resolved_on, dt.time(5, 0), dt.UTC),
                issue.status_reason,
                {"status": issue.status},
            ),
        ):
            events.append((IssueEvent(issue=issue, actor=issue.controller, action=action,
                                      note=note, data=data), at))  # fmt: skip
    IssueEvent.objects.bulk_create([e for e, _at in events], batch_size=BATCH)
    # Stamped when written: dated when each step was taken.
    for issue, at in zip(issues, created, strict=True):
        issue.created_at = at
    Issue.objects.bulk_update(issues, ["created_at"], batch_size=500)
    for event, at in events:
        event.at = at
    IssueEvent.objects.bulk_update([e for e, _at in events], ["at"], batch_size=500)
    return len(issues)


# ---------------------------------------------------------------- Almaty, seed 002


def almaty_deputies(on: dt.date) -> list[Person]:
    """The party's deputies of the Almaty city maslikhat in office that day."""
    ids = (
        Mandate.objects.of_own_party()
        .in_office(on)
        .filter(convocation__body__branch__code="almaty")
        .order_by("pk")
        .values_list("person", flat=True)
    )
    return list(Person.objects.filter(pk__in=list(ids)).order_by("pk"))


def almaty_mobile(writer: AppealWriter, targets: Targets) -> int:
    """Seed 002: the first month of "Мобильді халыққа көмек" — mobile receptions at the
    markets and stations of the city's outskirts, 1 300 people received, each leaving an
    appeal, 67% of them resolved positively."""
    region = Branch.objects.select_related("territory").get(code="almaty")
    held = Reception.objects.filter(
        branch__path__startswith=region.path,
        kind=ReceptionKind.MOBILE,
        status=ReceptionStatus.HELD,
        day__gte=MOBILE_FIRST,
        day__lte=MOBILE_LAST,
    )
    people = targets.almaty_mobile_people - sum(r.people_received or 0 for r in held)
    if people <= 0:
        return 0
    rng = random.Random("seeds:almaty-mobile")
    districts = [b for b in offices(region) if b.kind != Branch.Kind.REGIONAL] or [region]
    days = working_days(writer.calendar, MOBILE_FIRST, MOBILE_LAST)
    sessions = min(len(days) * 2, max(1, people // 25))
    counts = apportion(people, [rng.uniform(0.6, 1.4) for _ in range(sessions)])
    receivers = almaty_deputies(MOBILE_LAST)
    plans = []
    for i, count in enumerate(counts):
        branch = districts[i % len(districts)]
        place, names = MOBILE_PLACES[i % len(MOBILE_PLACES)]
        day = days[i * len(days) // sessions]
        starts_at = dt.datetime.combine(
            day, dt.time(10), zoneinfo.ZoneInfo(branch.territory.time_zone)
        )
        plans.append((branch, ReceptionKind.MOBILE, place, rng.choice(names), starts_at, count))
    made = write_receptions(plans, {b.pk: receivers for b in districts}, central_user(), rng)
    # Everyone received left an appeal there; 67% of them resolved positively.
    positive = round(people * targets.almaty_mobile_positive_percent / 100)
    results = outcomes(rng, people, positive)
    pool = citizens("almaty-mobile", people)
    appeals: list[Plan] = []
    for reception in made:
        for minute in range(reception.people_received or 0):
            appeals.append(
                Plan(
                    region=region,
                    branch=reception.branch,
                    registered_on=reception.day,
                    outcome=results[len(appeals)],
                    submitter=pool[len(appeals)],
                    channel="mobile_reception",
                    reception=reception,
                    at=dt.time(10 + minute * 3 // 60 % 8, minute * 3 % 60),
                )
            )
    return writer.write(appeals, rng)


def almaty_posts(targets: Targets) -> int:
    """Seed 002: 60 party control posts at the city's social and engineering objects, each
    headed by a party deputy of the city maslikhat, open on the day they were counted (the
    6th convocation's; closed when it ended)."""
    region = Branch.objects.select_related("territory").get(code="almaty")
    open_then = ControlPost.objects.filter(
        branch__path__startswith=region.path, opened_on__lte=MOBILE_LAST
    ).filter(Q(closed_on__isnull=True) | Q(closed_on__gte=MOBILE_LAST))
    deputies = almaty_deputies(MOBILE_LAST)
    headed = open_then.filter(head__in=deputies).count()
    missing = targets.almaty_posts - headed
    if missing <= 0 or not deputies:
        return 0
    rng = random.Random("seeds:almaty-posts")
    districts = [b for b in offices(region) if b.kind != Branch.Kind.REGIONAL] or [region]
    actor = staff("almaty") or central_user()
    for i in range(missing):
        branch = districts[i % len(districts)]
        kind, name = POST_OBJECTS[i % len(POST_OBJECTS)]
        head = deputies[i % len(deputies)]
        others = [d for d in deputies if d.pk != head.pk]
        post = post_actions.open_post(
            actor=actor,
            branch=branch,
            territory=branch.territory,
            object_kind=kind,
            object_name=name.format(n=rng.randrange(10, 200), street=rng.choice(STREETS)),
            address=f"{branch.territory.name_kk}, {rng.choice(STREETS)} көшесі, {i + 1}",
            head=head,
            members=rng.sample(others, min(2, len(others))),
            opened_on=MOBILE_FIRST + dt.timedelta(days=i % 28),
        )
        post_actions.close_post(actor=actor, post=post, closed_on=POSTS_CLOSED)
    return missing
