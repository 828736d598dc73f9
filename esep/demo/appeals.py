"""Demo appeals for 2020–2021 across the three detailed regions, in Kazakh and Russian,
with realistic channels, categories and outcomes; some overdue, some under party control.
Seeded and keyed by registration number, so running it again adds nothing."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable

from django.db import transaction
from django.db.models import QuerySet

from esep.access.models import User
from esep.appeals import actions
from esep.appeals.categories import load_categories
from esep.appeals.models import Appeal, AppealEvent, Category, StateBody
from esep.demo.context import DETAILED_REGIONS, Demo
from esep.org.models import Branch, Person

TEXTS = {
    "housing": (
        "Апатты үйден көшіру кезегі қозғалмай тұр, көмектесуіңізді сұраймын.",
        "Прошу помочь с очередью на переселение из аварийного дома.",
    ),
    "utilities-water": (
        "Ауылда үш аптадан бері ауыз су жоқ.",
        "В посёлке третью неделю нет питьевой воды.",
    ),
    "utilities-heating": (
        "Пәтерде жылу жоқ, батареялар суық.",
        "В квартире нет отопления, батареи холодные.",
    ),
    "roads": (
        "Мектепке баратын жол ойық-шұқыр, жөндеу қажет.",
        "Дорога к школе в ямах, нужен ремонт.",
    ),
    "healthcare": (
        "Емханада дәрігер қабылдауына жазылу мүмкін емес.",
        "В поликлинике невозможно записаться к врачу.",
    ),
    "education": ("Балабақшаға орын беру кезегі туралы сұрақ.", "Вопрос об очереди в детский сад."),
    "social-support": (
        "Көпбалалы отбасына атаулы әлеуметтік көмек тағайындалмады.",
        "Многодетной семье не назначили адресную социальную помощь.",
    ),
    "employment": (
        "Жұмыссыз ретінде тіркелуге көмек сұраймын.",
        "Прошу помочь встать на учёт как безработный.",
    ),
    "land": (
        "Жеке тұрғын үй салуға жер телімін беру мерзімі өтіп кетті.",
        "Сроки выделения участка под ИЖС давно прошли.",
    ),
    "improvement": ("Аулада балалар алаңы қирап жатыр.", "Во дворе разрушена детская площадка."),
    "public-order": (
        "Көшеде кешкі уақытта жарық жоқ, қауіпті.",
        "На улице нет освещения, вечером опасно.",
    ),
}
CHANNELS = (
    ["reception_office"] * 5
    + ["mobile_reception"] * 2
    + [
        "online_portal",
        "hotline",
        "letter",
        "email",
        "social_media",
        "control_post",
        "public_council",
    ]
)
KINDS = ["statement"] * 4 + ["complaint"] * 3 + ["proposal", "information_request"]
OUTCOMES = ["resolved_positively"] * 6 + [
    "resolved_partially",
    "explained",
    "explained",
    "refused",
    "forwarded",
]
BODIES = [
    ("akimat", "әкімдігі", "акимат", "akimat"),
    ("health", "денсаулық сақтау басқармасы", "управление здравоохранения", "health department"),
    (
        "housing",
        "тұрғын үй-коммуналдық шаруашылық бөлімі",
        "отдел ЖКХ",
        "housing and utilities department",
    ),
]


def build_state_bodies(branches: list[Branch]) -> None:
    for branch in branches:
        if branch.kind != Branch.Kind.REGIONAL:
            continue
        t = branch.territory
        for code, kk, ru, en in BODIES:
            StateBody.objects.get_or_create(
                code=f"{branch.code}-{code}",
                defaults={
                    "territory": t,
                    "name_kk": f"{t.name_kk} {kk}",
                    "name_ru": f"{t.name_ru}: {ru}",
                    "name_en": f"{t.name_en} {en}",
                },
            )


@transaction.atomic
def build(demo: Demo) -> None:
    """Appeals for every city and district branch of the three detailed regions."""
    load_categories()
    per_branch = 12 * demo.scale
    today = dt.date(2021, 12, 20)
    # The regions' own branches and those below them: not a branch merely named like one
    # (Almaty Region's beside Almaty's), which has no receptions for its appeals to come by.
    regions = Branch.objects.filter(code__in=DETAILED_REGIONS.values())
    branches = [
        b
        for b in Branch.objects.select_related("territory").order_by("path")
        if any(b.path.startswith(r.path) for r in regions) and b.kind != Branch.Kind.PRIMARY
    ]
    build_state_bodies(branches)
    categories = {c.code: c for c in Category.objects.filter(code__in=TEXTS)}
    for branch in branches:
        if Appeal.objects.filter(branch=branch).exists():
            continue
        rng = random.Random(f"appeals:{branch.code}")
        region = branch.code.split("-")[0]
        officer = User.objects.filter(
            grants__branch__code=region, grants__role="reception_officer"
        ).first()
        head = User.objects.filter(grants__branch__code=region, grants__role="branch_head").first()
        people: list[Person | None] = [
            *Person.objects.filter(membership__branch=branch).order_by("pk")[:40]
        ] or [None]
        bodies = list(StateBody.objects.filter(code__startswith=f"{region}-"))
        for _ in range(per_branch):
            demo.appeals += 1
            code = rng.choice(sorted(categories))
            russian = rng.random() < (0.5 if region == "kostanay" else 0.25)
            received = dt.datetime(2020, 1, 9, 4, 0, tzinfo=dt.UTC) + dt.timedelta(
                days=rng.randrange(0, (today - dt.date(2020, 1, 9)).days),
                minutes=rng.randrange(0, 600),
            )
            channel, kind = rng.choice(CHANNELS), rng.choice(KINDS)
            # The citizen gives their own name and contacts at intake.
            submitter = rng.choice(people) if rng.random() > 0.05 else None
            appeal = actions.register_appeal(
                actor=officer,
                channel=channel,
                kind=kind,
                category=categories[code],
                territory=branch.territory,
                branch=branch,
                submitter=submitter,
                given=submitter,
                text=TEXTS[code][1 if russian else 0],
                language="ru" if russian else "kk",
                received_at=received,
            )
            age = (today - appeal.registered_on).days
            if officer is None or age < 3:
                continue
            actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
            if age < 8 and rng.random() < 0.5:
                continue
            actions.start_work(actor=officer, appeal=appeal)
            if bodies and rng.random() < 0.4:
                actions.forward_to_state_body(
                    actor=officer,
                    appeal=appeal,
                    state_body=rng.choice(bodies),
                    outgoing_reference=f"{rng.randrange(1, 40):02d}-{rng.randrange(100, 9999)}",
                    sent_on=appeal.registered_on + dt.timedelta(days=rng.randrange(1, 4)),
                )
            if head is not None and rng.random() < 0.08:
                actions.take_under_control(
                    actor=head, appeal=appeal, deadline=appeal.due_on, reason="Өткір мәселе"
                )
            if age < 60 and rng.random() < 0.6:
                continue  # still in progress: most of these are overdue by now
            answered = dt.datetime.combine(
                appeal.registered_on + dt.timedelta(days=rng.randrange(3, 26)),
                dt.time(6, 0),
                dt.UTC,
            )
            actions.record_answer(
                actor=officer,
                appeal=appeal,
                outcome=rng.choice(OUTCOMES),
                answer="Өтініш қаралды, жауап берілді."
                if not russian
                else "Обращение рассмотрено, дан ответ.",
                answered_at=answered,
            )
            if rng.random() < 0.8:
                actions.close_appeal(actor=officer, appeal=appeal)
        backdate(Appeal.objects.filter(branch=branch))


# When each step of a demo appeal happened, from what it records: the actions stamp the
# time they run, which for a demo loaded today would put the whole 2020–2021 history today.
STEP_TIMES: dict[str, Callable[[Appeal, AppealEvent], dt.datetime]] = {
    "registered": lambda a, e: a.received_at,
    "assign": lambda a, e: a.received_at + dt.timedelta(days=1),
    "start": lambda a, e: a.received_at + dt.timedelta(days=2),
    "forwarded": lambda a, e: a.received_at + dt.timedelta(days=3),
    "taken_under_control": lambda a, e: a.received_at + dt.timedelta(days=4),
    "answer": lambda a, e: a.answered_at or a.received_at,
    "close": lambda a, e: (a.answered_at or a.received_at) + dt.timedelta(days=2),
}


def backdate(appeals: QuerySet[Appeal]) -> None:
    """Put the demo appeals' timelines, and their closing, in the years they tell of."""
    events: list[AppealEvent] = []
    closed: list[Appeal] = []
    for appeal in appeals.prefetch_related("events"):
        moment = appeal.received_at
        for event in appeal.events.all():
            if (when := STEP_TIMES.get(event.action)) is not None:
                moment = max(moment, when(appeal, event))
            event.at = moment
            events.append(event)
            if event.action == "close":
                appeal.closed_at = moment
                closed.append(appeal)
    AppealEvent.objects.bulk_update(events, ["at"], batch_size=500)
    Appeal.objects.bulk_update(closed, ["closed_at"], batch_size=500)
