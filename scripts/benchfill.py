"""A national-scale registry written in bulk into a scratch PostgreSQL database, for the
benches: the organisation of a country (about 3,000 branches over as many territories, an
officer in each branch that registers appeals) and then appeals by the million, written by
COPY, never through the ORM.

    import benchkit, benchfill
    benchkit.setup("esep-bench-x-", test_client=True)
    benchfill.org()                  # once: territories, branches, users (idempotent)
    benchfill.fill(1_000_000)        # add appeals until the table holds this many

The shape follows the country rather than a uniform draw:

- three years of appeals ending today, spread over the regions by population (Almaty,
  Astana, Shymkent and Turkistan region large, Ulytau small) and over each region's districts
  by a Zipf law; most are registered by the district branches, some by the regional ones and
  the central office. At 10 million appeals the pace is the country's (about 3.3 million a
  year; the state's own system takes about 3.5 million);
- only recent appeals are open: the deadline is registration plus 21 calendar days (about
  15 working days), an appeal still open past it is overdue (a small share of those of the
  last four weeks), and every older one is answered (most closed) with an outcome;
- submitters are people who mostly appeal once or twice (about 1.6 appeals a person, some
  people many times), 6% of appeals anonymous; their IIN, phone and birth date are encrypted
  as esep stores them — a few ciphertexts reused, each person's digests their own;
- texts in Kazakh and Russian composed from word lists with Zipf weights, with a place name
  in most, so full-text search finds common words often and rare ones rarely;
- party control on about 1% of appeals (released for answered ones), forwardings to state
  bodies on about 4%, and a "registered" event for every appeal of the last 90 days (Open311
  and an appeal's page read the last step; older appeals' timelines are not read by any page
  the bench times, and a row per event would double the fill).

Appeals' secondary indexes are dropped for the COPY and built again after it (a bulk build
is many times faster than as many random inserts), and the figures' counter triggers step
aside (`figures.rollup.bulk_load`) and are counted afresh, set-based, at the end; then
VACUUM ANALYZE. Unique constraints, foreign keys and any other triggers stay in force.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import hmac
import itertools
import random
import time
from collections.abc import Iterator, Sequence
from typing import Any

import benchkit

YEARS = 3
OPEN_WINDOW = 28  # calendar days: about 20 working days
DUE_DAYS = 21  # calendar days for 15 working days
EVENT_DAYS = 90
CIPHERTEXTS = 200  # distinct ciphertexts per encrypted field
# People per region, in millions (2023), matched on the region's English name.
POPULATION = {
    "Almaty": 2.2,
    "Astana": 1.4,
    "Shymkent": 1.2,
    "Turkistan": 2.1,
    "Almaty Region": 1.5,
    "Zhetisu": 0.7,
    "Karaganda": 1.1,
    "East Kazakhstan": 0.7,
    "Abai": 0.6,
    "Zhambyl": 1.2,
    "Aktobe": 0.9,
    "Atyrau": 0.7,
    "Mangystau": 0.75,
    "West Kazakhstan": 0.7,
    "Kostanay": 0.83,
    "Pavlodar": 0.75,
    "North Kazakhstan": 0.54,
    "Akmola": 0.79,
    "Kyzylorda": 0.83,
    "Ulytau": 0.22,
}
DISTRICTS_PER_REGION = 10
PRIMARIES_PER_DISTRICT = 13  # with the regions and districts: about 3,000 branches
# The central administrator; a region's and a district's officer are the officers of the
# busiest region and of its busiest district (`busiest`), who hold appeals assigned to them.
BENCH_ADMIN = "bench.admin"

KK_WORDS = [
    "су",
    "жарық",
    "жол",
    "үй",
    "пәтер",
    "жылу",
    "газ",
    "мектеп",
    "аурухана",
    "жұмыс",
    "жалақы",
    "зейнетақы",
    "жәрдемақы",
    "балабақша",
    "көше",
    "аула",
    "қоқыс",
    "көлік",
    "автобус",
    "дәрігер",
    "емхана",
    "жер",
    "учаске",
    "құжат",
    "анықтама",
    "несие",
    "баспана",
    "кезек",
    "әкімдік",
    "тұрғындар",
    "шағым",
    "өтініш",
    "көмек",
    "жөндеу",
    "құбыр",
    "шатыр",
    "лифт",
    "жарықтандыру",
    "бағдаршам",
    "тротуар",
    "көпір",
    "арық",
    "канализация",
    "электр",
    "қуат",
    "тариф",
    "төлем",
    "қарыз",
    "субсидия",
    "жеңілдік",
    "мүгедектік",
    "асыраушы",
    "көпбалалы",
    "отбасы",
    "жастар",
    "спорт",
    "алаң",
    "саябақ",
    "ағаш",
    "егін",
    "мал",
    "жайылым",
    "суару",
    "құдық",
    "интернет",
    "байланыс",
    "телефон",
    "пошта",
    "банк",
    "сот",
    "полиция",
    "прокуратура",
    "тексеру",
    "рұқсат",
    "тіркеу",
    "жалдау",
    "сатып",
    "алу",
    "кепілдік",
    "оқу",
    "стипендия",
    "жатақхана",
    "университет",
    "колледж",
    "мұғалім",
    "сабақ",
]
RU_WORDS = [
    "вода",
    "свет",
    "дорога",
    "дом",
    "квартира",
    "отопление",
    "газ",
    "школа",
    "больница",
    "работа",
    "зарплата",
    "пенсия",
    "пособие",
    "детсад",
    "улица",
    "двор",
    "мусор",
    "транспорт",
    "автобус",
    "врач",
    "поликлиника",
    "земля",
    "участок",
    "документ",
    "справка",
    "кредит",
    "жильё",
    "очередь",
    "акимат",
    "жители",
    "жалоба",
    "заявление",
    "помощь",
    "ремонт",
    "труба",
    "крыша",
    "лифт",
    "освещение",
    "светофор",
    "тротуар",
    "мост",
    "арык",
    "канализация",
    "электричество",
    "тариф",
    "оплата",
    "долг",
    "субсидия",
    "льгота",
    "инвалидность",
    "многодетная",
    "семья",
    "молодёжь",
    "спорт",
    "площадка",
    "парк",
    "деревья",
    "посевы",
    "скот",
    "пастбище",
    "полив",
    "колодец",
    "интернет",
    "связь",
    "телефон",
    "почта",
    "банк",
    "суд",
    "полиция",
    "прокуратура",
    "проверка",
    "разрешение",
    "регистрация",
    "аренда",
    "покупка",
    "гарантия",
    "учёба",
    "стипендия",
    "общежитие",
    "университет",
    "колледж",
    "учитель",
    "уроки",
]
KK_GLUE = [
    "және",
    "бірақ",
    "себебі",
    "сондықтан",
    "өтінемін",
    "көмектесіңіз",
    "бізде",
    "жоқ",
    "бар",
    "ұзақ",
    "уақыт",
    "бойы",
]
RU_GLUE = [
    "и",
    "но",
    "потому",
    "поэтому",
    "прошу",
    "помогите",
    "у",
    "нас",
    "нет",
    "есть",
    "долго",
    "уже",
    "давно",
    "месяц",
    "год",
]
SURNAMES = [
    "Ахметов",
    "Байжанов",
    "Сейтқали",
    "Жұмабаев",
    "Нұрланов",
    "Қасымов",
    "Тоқтаров",
    "Омаров",
    "Сәрсенбаев",
    "Ермеков",
    "Әбенов",
    "Мұхамедиев",
    "Исаев",
    "Жақыпов",
    "Серікбаев",
    "Дәулетов",
    "Бекенов",
    "Оспанов",
    "Құрманов",
    "Смағұлов",
    "Иванов",
    "Петров",
    "Ким",
    "Пак",
    "Шевченко",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Новиков",
    "Мельник",
]
GIVEN = [
    "Айгүл",
    "Асқар",
    "Бауыржан",
    "Гүлнар",
    "Дәурен",
    "Ерлан",
    "Жанар",
    "Зарина",
    "Қайрат",
    "Ләззат",
    "Мадина",
    "Нұрлан",
    "Олжас",
    "Сәуле",
    "Тимур",
    "Ұлжан",
    "Шолпан",
    "Әсел",
    "Арман",
    "Дана",
    "Ирина",
    "Сергей",
    "Ольга",
    "Андрей",
    "Наталья",
    "Виктор",
]
PATRONYMIC = [
    "Асқарұлы",
    "Серікқызы",
    "Ерланұлы",
    "Болатқызы",
    "Маратович",
    "Сергеевна",
    "Нұрланұлы",
    "Ивановна",
]
CHANNELS = [
    ("reception_office", 30),
    ("online_portal", 25),
    ("hotline", 15),
    ("mobile_reception", 10),
    ("letter", 7),
    ("email", 5),
    ("social_media", 4),
    ("control_post", 2),
    ("public_council", 1),
    ("open311", 1),
]
KINDS = [("statement", 55), ("complaint", 35), ("proposal", 10)]
OUTCOMES = [
    ("resolved_positively", 57),
    ("explained", 24),
    ("resolved_partially", 8),
    ("refused", 5),
    ("forwarded", 4),
    ("left_without_consideration", 2),
]
OPEN_STATUSES = [("registered", 20), ("assigned", 30), ("in_progress", 50)]
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"  # esep.appeals.models.TRACKING_ALPHABET
CODES = 25**10
SCRAMBLE = 6_364_136_223_846_793_005 % CODES | 1  # odd, not a multiple of 5: a bijection


PAIRS = [a + b for a in ALPHABET for b in ALPHABET]


def tracking_code(n: int) -> str:
    """The n-th tracking code: a bijection of 0..25**10-1 onto itself written in esep's
    alphabet, so every code is unique and none is guessable from the previous one."""
    value = (n * SCRAMBLE + 7_777_777) % CODES
    chars = []
    for _ in range(5):
        value, pair = divmod(value, 625)
        chars.append(PAIRS[pair])
    return "".join(chars)


def chooser(rng: random.Random, pairs: Sequence[tuple[Any, float]]) -> Any:
    """A function drawing one of the pairs' values by their weights (bisect over the
    cumulative weights: a draw costs one random number)."""
    values = [v for v, _ in pairs]
    cumulative = list(itertools.accumulate(w for _, w in pairs))
    total = cumulative[-1]
    rand, pick = rng.random, bisect.bisect_right
    last = len(values) - 1
    return lambda: values[min(pick(cumulative, rand() * total), last)]


def table(rng: random.Random, pairs: Sequence[tuple[Any, float]], size: int = 1 << 16) -> Any:
    """The same draw from a table of `size` slots shared out by weight (a value whose share
    is under one slot may get none): one random number and one index, for the draws made
    for every row."""
    total = sum(w for _, w in pairs)
    slots: list[Any] = []
    cumulative = 0.0
    for value, weight in pairs:
        cumulative += weight
        slots += [value] * (round(cumulative / total * size) - len(slots))
    slots += [pairs[-1][0]] * (size - len(slots))
    rand = rng.random
    return lambda: slots[int(rand() * size)]


def zipf(words: Sequence[Any], s: float = 1.0) -> list[tuple[Any, float]]:
    return [(w, 1 / (rank + 1) ** s) for rank, w in enumerate(words)]


# --- The organisation ----------------------------------------------------------------------


def org() -> dict[str, Any]:
    """Territories, categories, the branch tree, a few state bodies and users, made once in
    bulk (treebeard's materialised paths computed here, not one add_child a node). Returns
    what the benches need to know of it (the users, the big region and district)."""
    from django.db import transaction

    from esep.access.models import RoleGrant, User
    from esep.appeals.categories import load_categories
    from esep.appeals.models import StateBody
    from esep.org.models import Branch, Territory
    from esep.org.roles import Role
    from esep.org.territories import load_territories

    if not Branch.objects.filter(code="central").exists():
        with transaction.atomic():
            load_territories()
            load_categories()
            build_tree(Territory, Branch)
            bodies = [
                StateBody(
                    code=f"akimat-{t.kato}",
                    name_kk=f"{t.name_kk} әкімдігі",
                    name_ru=f"Акимат: {t.name_ru}",
                    name_en=f"Akimat of {t.name_en}",
                    territory=t,
                )
                for t in Territory.objects.filter(depth__lte=2)
            ]
            StateBody.objects.bulk_create(bodies)
            branches = list(Branch.objects.exclude(kind="primary"))
            users = [User(username=f"officer.{b.code}", password="!") for b in branches]
            User.objects.bulk_create(users)
            made = {u.username: u for u in User.objects.filter(username__startswith="officer.")}
            RoleGrant.objects.bulk_create(
                RoleGrant(user=made[f"officer.{b.code}"], role=Role.RECEPTION_OFFICER, branch=b)
                for b in branches
            )
            central = Branch.objects.get(code="central")
            user = User.objects.create(
                username=BENCH_ADMIN, password="!", is_staff=True, is_superuser=True
            )
            RoleGrant.objects.create(user=user, role=Role.CENTRAL_ADMIN, branch=central)
    region, district = busiest()
    return {
        "users": {
            "national": User.objects.get(username=BENCH_ADMIN),
            "region": User.objects.get(username=f"officer.{region.code}"),
            "district": User.objects.get(username=f"officer.{district.code}"),
        },
        "region": region,
        "district": district,
    }


def busiest() -> tuple[Any, Any]:
    """The busiest region (Almaty city) and its busiest district (the first: districts
    are weighted by a Zipf law in the order of the tree)."""
    from esep.org.models import Branch

    region = Branch.objects.get(code="almaty")
    district = Branch.objects.filter(depth=3, path__startswith=region.path).order_by("path")[0]
    return region, district


def slug(name_en: str) -> str:
    return "-".join(name_en.lower().split())


def build_tree(Territory: Any, Branch: Any) -> None:
    """Districts (the shipped ones and made-up ones up to ten a region) and their rural
    districts; the central office, a branch a region, a branch a district and primary
    organisations in its rural districts."""
    country = Territory.objects.get(depth=1)
    regions = list(Territory.objects.filter(depth=2).order_by("path"))
    katos = set(Territory.objects.values_list("kato", flat=True))
    districts: list[tuple[str, dict[str, Any]]] = []
    for region in regions:
        have = Territory.objects.filter(path__startswith=region.path, depth=3).count()
        number = 50
        for i in range(DISTRICTS_PER_REGION - have):
            while (kato := f"{region.kato[:2]}{number:02d}00000") in katos:
                number += 1
            katos.add(kato)
            districts.append(
                (
                    region.path,
                    {
                        "kato": kato,
                        "level": "district",
                        "name_kk": f"{region.name_kk}, {i + 1}-аудан",
                        "name_ru": f"{region.name_ru}, район №{i + 1}",
                        "name_en": f"{region.name_en}, district {i + 1}",
                        "time_zone": region.time_zone,
                    },
                )
            )
    grow(Territory, districts)
    rural = []
    for district in Territory.objects.filter(depth=3).order_by("path"):
        number = 50
        for i in range(PRIMARIES_PER_DISTRICT):
            while (kato := f"{district.kato[:4]}{number:02d}000") in katos:
                number += 1
            katos.add(kato)
            rural.append(
                (
                    district.path,
                    {
                        "kato": kato,
                        "level": "rural_district",
                        "name_kk": f"{district.name_kk}, {i + 1}-ауылдық округ",
                        "name_ru": f"{district.name_ru}, сельский округ №{i + 1}",
                        "name_en": f"{district.name_en}, rural district {i + 1}",
                        "time_zone": district.time_zone,
                    },
                )
            )
    grow(Territory, rural)

    def names(t: Any, kind: str) -> dict[str, Any]:
        return {
            "kind": kind,
            "territory_id": t.pk,
            "name_kk": f"{t.name_kk} филиалы",
            "name_ru": f"Филиал: {t.name_ru}",
            "name_en": f"Branch of {t.name_en}",
        }

    central = Branch.add_root(code="central", **names(country, "central"))
    grow(
        Branch,
        [
            (
                central.path,
                {"code": slug(r.name_en), **names(r, "city" if r.level == "city" else "regional")},
            )
            for r in regions
        ],
    )
    by_territory = {b.territory_id: b for b in Branch.objects.filter(depth=2)}
    level3 = []
    for region in regions:
        parent = by_territory[region.pk]
        for n, t in enumerate(
            Territory.objects.filter(path__startswith=region.path, depth=3).order_by("path")
        ):
            level3.append(
                (parent.path, {"code": f"{parent.code}-d{n + 1}", **names(t, "district")})
            )
    grow(Branch, level3)
    by_territory = {b.territory_id: b for b in Branch.objects.filter(depth=3)}
    level4 = []
    pk_of = dict(Territory.objects.values_list("path", "pk"))
    for t in Territory.objects.filter(depth=4).order_by("path"):
        parent = by_territory[pk_of[t.path[:-4]]]
        level4.append(
            (parent.path, {"code": f"{parent.code}-p{t.kato[4:6]}", **names(t, "primary")})
        )
    grow(Branch, level4)


def grow(model: Any, items: list[tuple[str, dict[str, Any]]]) -> None:
    """Add children to a treebeard MP tree in bulk: each (parent path, fields) gets the next
    free step under its parent, and the parents' child counts are brought up to date."""
    if not items:
        return
    last: dict[str, int] = {}
    for path in model.objects.values_list("path", flat=True):
        parent = path[: -model.steplen]
        last[parent] = max(last.get(parent, 0), model._str2int(path[-model.steplen :]))
    nodes = []
    for parent, fields in items:
        last[parent] = last.get(parent, 0) + 1
        depth = len(parent) // model.steplen + 1
        path = model._get_path(parent, depth, last[parent])
        nodes.append(model(path=path, depth=depth, numchild=0, **fields))
    model.objects.bulk_create(nodes, batch_size=1000)
    counts: dict[str, int] = {}
    for path in model.objects.values_list("path", flat=True):
        counts[path[: -model.steplen]] = counts.get(path[: -model.steplen], 0) + 1
    parents = list(model.objects.filter(path__in=list({p for p, _ in items})))
    for node in parents:
        node.numchild = counts.get(node.path, 0)
    model.objects.bulk_update(parents, ["numchild"], batch_size=1000)


# --- The appeals ---------------------------------------------------------------------------


def fill(total: int, *, today: dt.date | None = None, seed: int = 19) -> dict[str, Any]:
    """Add appeals until the table holds `total` (nothing when it already does), with their
    submitters, controls, forwardings and recent events; indexes built again, counters
    rebuilt, statistics fresh. Returns how many were added and the seconds it took."""
    from django.db import connection, transaction

    from esep.appeals.models import Appeal
    from esep.figures.rollup import bulk_load

    today = today or dt.date.today()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM appeals_appeal")
        have = cursor.fetchone()[0]
    count = total - have
    if count <= 0:
        return {"added": 0, "seconds": 0.0}
    rng = random.Random(seed + have)
    phases: dict[str, float] = {}
    mark = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal mark
        now = time.perf_counter()
        phases[name] = now - mark
        mark = now

    with transaction.atomic(), bulk_load():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '1GB'")
            # Django's foreign keys are deferred: checked at each COPY's end instead, so
            # no trigger event is pending when the indexes are built again.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            dropped = drop_indexes(cursor, Appeal._meta.db_table)
        plan = Plan(rng, count, today)
        lap("prepare")
        plan.write_people()
        lap("people")
        plan.write_appeals()
        lap("appeals")
        with connection.cursor() as cursor:
            for statement in dropped:
                cursor.execute(statement)
            lap("indexes")
            values = ",".join(f"({b},{y},{n})" for (b, y), n in plan.numbers.items())
            cursor.execute(
                "INSERT INTO appeals_appealcounter (branch_id, year, last) "
                f"SELECT branch_id, y, n FROM (VALUES {values}) AS v(branch_id, y, n) "
                "ON CONFLICT (branch_id, year) DO UPDATE SET last = GREATEST("
                "appeals_appealcounter.last, excluded.last)"
            )
            for table in ("org_person", "appeals_appeal", "appeals_appealevent"):
                cursor.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT max(id) FROM {table}))"
                )
        mark = time.perf_counter()
    lap("counters")
    benchkit.analyze()
    lap("analyze")
    return {"added": count, "seconds": time.perf_counter() - started, "phases": phases}


def drop_indexes(cursor: Any, table: str) -> list[str]:
    """Drop the table's indexes that back no constraint; the statements that build them
    again."""
    cursor.execute(
        """
        SELECT i.relname, pg_get_indexdef(i.oid)
          FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = %s::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
        """,
        [table],
    )
    found = cursor.fetchall()
    for name, _definition in found:
        cursor.execute(f'DROP INDEX "{name}"')
    return [definition for _name, definition in found]


class Plan:
    """What the next `count` appeals are: drawn as they are written, so a fill of 10 million
    holds no more than a few lookup tables in memory."""

    def __init__(self, rng: random.Random, count: int, today: dt.date) -> None:
        from django.contrib.auth import get_user_model
        from django.db import connection

        from esep.appeals.models import Category, StateBody
        from esep.org.models import Branch, Territory

        self.rng, self.count, self.today = rng, count, today
        self.first_day = today - dt.timedelta(days=365 * YEARS)
        self.days = (today - self.first_day).days + 1
        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(max(id), 0) FROM appeals_appeal")
            self.next_appeal = cursor.fetchone()[0] + 1
            cursor.execute("SELECT coalesce(max(id), 0) FROM org_person")
            self.next_person = cursor.fetchone()[0] + 1
            cursor.execute("SELECT count(*) FROM appeals_appeal")
            self.serial = cursor.fetchone()[0]
            cursor.execute("SELECT branch_id, year, last FROM appeals_appealcounter")
            self.numbers: dict[tuple[int, int], int] = {(b, y): n for b, y, n in cursor.fetchall()}
        self.first_person = self.next_person
        territories = {t.pk: t for t in Territory.objects.all()}
        branches = list(Branch.objects.exclude(kind="primary").order_by("path"))
        officers = dict(
            get_user_model()
            .objects.filter(username__startswith="officer.")
            .values_list("username", "pk")
        )
        self.officer = {b.pk: officers[f"officer.{b.code}"] for b in branches}
        self.code = {b.pk: b.code.upper() for b in branches}
        rural: dict[str, list[int]] = {}
        for t in territories.values():
            if t.depth == 4:
                rural.setdefault(t.path[:-4], []).append(t.pk)
        # Where an appeal is registered: (branch, the territories it may concern), weighted.
        places: list[tuple[tuple[int, list[int]], float]] = []
        central = next(b for b in branches if b.depth == 1)
        regions = [b for b in branches if b.depth == 2]
        everywhere = [t.pk for t in territories.values() if t.depth == 3]
        places.append(((central.pk, everywhere), 3.0))
        for region in regions:
            t = territories[region.territory_id]
            people = next(
                (
                    v
                    for k, v in sorted(POPULATION.items(), key=lambda kv: -len(kv[0]))
                    if k in t.name_en
                ),
                0.8,
            )
            weight = 97.0 * people / sum(POPULATION.values())
            districts = [b for b in branches if b.depth == 3 and b.path.startswith(region.path)]
            mine = [territories[b.territory_id] for b in districts]
            places.append(((region.pk, [d.pk for d in mine]), weight * 0.12))
            shares = zipf(districts, 1.1)
            norm = sum(s for _, s in shares)
            for branch, share in shares:
                d = territories[branch.territory_id]
                places.append(
                    ((branch.pk, [d.pk, *rural.get(d.path, [])]), weight * 0.88 * share / norm)
                )
        self.place = table(rng, places)
        self.categories = list(Category.objects.values_list("pk", flat=True))
        self.category = table(rng, zipf(self.categories, 0.8))
        self.channel = table(rng, CHANNELS)
        self.kind = table(rng, KINDS)
        self.outcome = table(rng, OUTCOMES)
        self.open_status = table(rng, OPEN_STATUSES)
        self.bodies = list(StateBody.objects.values_list("pk", flat=True))
        self.admin = get_user_model().objects.get(username=BENCH_ADMIN).pk
        # Recent days weigh a little more: the registry's flow grows year on year.
        self.day = table(rng, [(d, 1.0 + 0.3 * d / self.days) for d in range(self.days)])
        self.kk = Texts(rng, KK_WORDS, KK_GLUE)
        self.ru = Texts(rng, RU_WORDS, RU_GLUE)
        self.persons = int(count * 0.94 * 0.6)
        self.controls: list[list[Any]] = []
        self.forwardings: list[list[Any]] = []
        self.events: list[list[Any]] = []

    # People -------------------------------------------------------------------------------

    def write_people(self) -> int:
        """COPY the people who will appeal for the first time; returns how many."""
        from django.utils import timezone

        from esep.lib.crypto import encrypt

        rng = self.rng
        iins = [encrypt(f"{rng.randrange(10**11, 10**12)}") for _ in range(CIPHERTEXTS)]
        phones = [encrypt(f"+7701{rng.randrange(10**7):07d}") for _ in range(CIPHERTEXTS)]
        births = [
            encrypt(dt.date(1950 + i % 55, 1 + i % 12, 1 + i % 28).isoformat())
            for i in range(CIPHERTEXTS)
        ]
        now = timezone.now()
        columns = [
            "id", "surname", "given_name", "patronymic", "iin", "iin_digest", "birth_date",
            "sex", "phone", "phone_digest", "email", "address", "created_at",
        ]  # fmt: skip

        def rows() -> Iterator[list[Any]]:
            for k in range(self.persons):
                pid = self.first_person + k
                yield [
                    pid,
                    SURNAMES[pid % len(SURNAMES)],
                    GIVEN[(pid // 7) % len(GIVEN)],
                    PATRONYMIC[(pid // 3) % len(PATRONYMIC)],
                    iins[pid % CIPHERTEXTS],
                    digest("iin", synthetic_iin(pid)),
                    births[pid % CIPHERTEXTS],
                    "male" if pid % 2 else "female",
                    phones[pid % CIPHERTEXTS],
                    digest("phone", synthetic_phone(pid)),
                    "",
                    "",
                    now,
                ]

        benchkit.put("org_person", columns, rows())
        self.iin_texts, self.phone_texts = iins, phones
        return self.persons

    def submitter(self) -> int | None:
        """None (anonymous), a person appealing for the first time, or one who appealed
        before (a few of them many times)."""
        r = self.rng.random()
        if r < 0.06:
            return None
        if r < 0.06 + 0.94 * 0.6 and self.next_person - self.first_person < self.persons:
            self.next_person += 1
            return self.next_person - 1
        if self.next_person == 1:
            return None
        if r > 0.995:  # the frequent appellants: the first thousand people
            return 1 + self.rng.randrange(min(1000, self.next_person - 1))
        return 1 + self.rng.randrange(self.next_person - 1)

    # Appeals ------------------------------------------------------------------------------

    def write_appeals(self) -> None:
        from django.db import connection
        from django.utils import timezone

        from esep.appeals.models import Appeal

        fields = [
            f
            for f in Appeal._meta.concrete_fields
            if not f.primary_key and not getattr(f, "generated", False)
        ]
        template = Appeal(created_at=timezone.now())
        defaults = {
            f.column: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
        }
        columns = ["id", *defaults]
        at = {c: i for i, c in enumerate(columns)}
        base = [None, *defaults.values()]
        benchkit.put("appeals_appeal", columns, self.appeals(base, at))
        benchkit.put(
            "appeals_partycontrol",
            ["appeal_id", "branch_id", "controller_id", "deadline", "reason", "taken_at",
             "released_at", "result"],
            self.controls,
        )  # fmt: skip
        benchkit.put(
            "appeals_forwarding",
            ["appeal_id", "state_body_id", "outgoing_reference", "sent_on",
             "outside_competence", "applicant_told_on", "answer", "answered_on"],
            self.forwardings,
        )  # fmt: skip
        benchkit.put(
            "appeals_appealevent",
            ["appeal_id", "at", "actor_id", "action", "from_status", "to_status", "note", "data"],
            self.events,
        )  # fmt: skip

    def appeals(self, base: list[Any], at: dict[str, int]) -> Iterator[list[Any]]:
        rand, today, first = self.rng.random, self.today, self.first_day
        one_day = dt.timedelta(days=1)
        days = [first + one_day * d for d in range(self.days)]
        received = [dt.datetime.combine(d, dt.time(4), dt.UTC) for d in days]
        i = {name: at[name] for name in at}
        for _ in range(self.count):
            row = base.copy()
            pk = self.next_appeal
            self.next_appeal += 1
            branch, places = self.place()
            territory = places[int(rand() * len(places))]
            d = self.day()
            registered = days[d]
            age = self.days - 1 - d
            year = registered.year
            key = (branch, year)
            serial = self.numbers.get(key, 0) + 1
            self.numbers[key] = serial
            who = self.submitter()
            kazakh = rand() < 0.6
            text = (self.kk if kazakh else self.ru).text()
            if age <= DUE_DAYS:
                still_open = rand() < 1 - 0.65 * age / DUE_DAYS
            elif age <= OPEN_WINDOW:
                still_open = rand() < 0.04
            else:
                still_open = False
            due = registered + one_day * DUE_DAYS
            row[i["id"]] = pk
            row[i["number"]] = f"{self.code[branch]}-{year}-{serial:05d}"
            row[i["tracking_code"]] = tracking_code(self.serial)
            self.serial += 1
            row[i["kind"]] = self.kind()
            row[i["channel"]] = self.channel()
            row[i["category_id"]] = self.category()
            row[i["territory_id"]] = territory
            row[i["branch_id"]] = branch
            row[i["text"]] = text
            row[i["language"]] = "kk" if kazakh else "ru"
            row[i["received_at"]] = received[d] + dt.timedelta(seconds=int(rand() * 36000))
            row[i["registered_on"]] = registered
            row[i["due_on"]] = due
            if who is None:
                row[i["is_anonymous"]] = True
            else:
                row[i["submitter_id"]] = who
                row[i["applicant_surname"]] = SURNAMES[who % len(SURNAMES)]
                row[i["applicant_given_name"]] = GIVEN[(who // 7) % len(GIVEN)]
                row[i["applicant_patronymic"]] = PATRONYMIC[(who // 3) % len(PATRONYMIC)]
                if rand() < 0.5:
                    row[i["contact_iin"]] = self.iin_texts[who % CIPHERTEXTS]
                    row[i["contact_iin_digest"]] = digest("iin", synthetic_iin(who))
                row[i["contact_phone"]] = self.phone_texts[who % CIPHERTEXTS]
                row[i["contact_phone_digest"]] = digest("phone", synthetic_phone(who))
            if still_open:
                status = self.open_status()
                row[i["status"]] = status
                if status != "registered":
                    row[i["assignee_id"]] = self.officer[branch]
            else:
                took = 1 + int(rand() * min(age, 20)) if rand() < 0.95 else 22 + int(rand() * 20)
                took = min(took, age)
                answered = registered + one_day * took
                outcome = self.outcome()
                row[i["status"]] = "answered" if (today - answered).days < 7 else "closed"
                row[i["outcome"]] = outcome
                row[i["assignee_id"]] = self.officer[branch]
                row[i["answered_at"]] = received[d] + one_day * took
                row[i["answered_on"]] = answered
                row[i["answer_working_days"]] = took * 5 // 7
                row[i["answer"]] = "Жауап берілді." if kazakh else "Дан ответ."
                if row[i["status"]] == "closed":
                    row[i["closed_at"]] = received[d] + one_day * (took + 5)
                row[i["disputed"]] = rand() < 0.02
                if who is not None and rand() < 0.3:
                    row[i["rating"]] = 1 + int(rand() * 5)
                if rand() < 0.04:
                    self.forwardings.append(
                        [pk, self.bodies[int(rand() * len(self.bodies))], f"F-{pk}",
                         registered, False, None, "", None if outcome != "forwarded" else answered]
                    )  # fmt: skip
            if rand() < 0.01:
                row[i["controlled"]] = True
                self.controls.append(
                    [pk, branch, self.admin, due, "Бақылауға алынды", received[d],
                     None if still_open else row[i["answered_at"]], ""]
                )  # fmt: skip
            if age < EVENT_DAYS:
                self.events.append(
                    [pk, row[i["received_at"]], None, "registered", "", "registered", "", "{}"]
                )
            yield row


class Texts:
    """An appeal's text: two to five sentences from a pool of 20,000, each of words drawn
    by Zipf weights (a few words in most appeals, most words in a few) with glue words
    between, and a place name in most — hundreds of made-up street names, each rare."""

    def __init__(self, rng: random.Random, words: Sequence[str], glue: Sequence[str]) -> None:
        self.rng = rng
        word = chooser(rng, zipf(words, 1.05))
        link = chooser(rng, zipf(glue, 0.7))
        streets = [f"{a}{b}" for a in ("Ала", "Бай", "Жаң", "Қар", "Сар", "Тал", "Кен", "Ақ")
                   for b in ("тау", "құм", "көл", "су", "дала", "бақ", "жол", "терек", "ағаш",
                         "өзен", "шоқы", "бұлақ")]  # fmt: skip
        street = chooser(rng, zipf([f"{s}{n}" for s in streets for n in range(1, 9)], 0.9))
        self.sentences = [
            " ".join([word(), word(), link(), word(), *([word()] * (n % 2))]) for n in range(20000)
        ]
        self.places = [street() for _ in range(20000)]

    def text(self) -> str:
        rand, pool, size = self.rng.random, self.sentences, len(self.sentences)
        words = [pool[int(rand() * size)] for _ in range(2 + int(rand() * 4))]
        if rand() < 0.7:
            words.append(self.places[int(rand() * size)])
        return ", ".join(words).capitalize() + "."


def digest(purpose: str, value: str) -> str:
    """esep.lib.crypto.digest, its keyed hash started once (checked against it)."""
    keyed = _keyed()
    h = keyed.copy()
    h.update(f"{purpose}:{value}".encode())
    return h.hexdigest()


@functools.cache
def _keyed() -> Any:
    from esep.lib import crypto

    keyed = hmac.new(crypto._lookup_key(), digestmod=hashlib.sha256)
    h = keyed.copy()
    h.update(b"iin:1")
    assert h.hexdigest() == crypto.digest("iin", "1")
    return keyed


def synthetic_iin(pid: int) -> str:
    return f"9{pid:011d}"


def synthetic_phone(pid: int) -> str:
    return f"+77{pid:09d}"
