"""The demo's outreach: the Almaty city branch's campaign for the maslikhat and Mazhilis
elections of 10 January 2021 (seed 000: "candidates reached about 300,000 voters of Almaty,
more than 400 meetings were held"; door to door — «Есіктен-есікке» — canvassing, impromptu
meetings).

- The campaign runs from 1 November 2020 to election day; its meetings and rounds end on
  8 January 2021 (no campaigning the day before the vote).
- A plan for each of the city's eight districts: meetings, households and people, shared
  out by the districts' size; Alatau, Nauryzbay and Zhetysu fall behind it, the others meet
  or pass it.
- 412 meetings with voters — in school halls, courtyards, enterprises and markets — each with
  one to three speakers from the party's candidates and deputies in Almaty (the 7th
  convocation's deputies of the city maslikhat and the candidates registered in the city's
  primaries, those the branch counts as its members or post holders), and door-to-door rounds
  in every district every other day or so. The people reached — the rounds' plus the
  meetings' attendance — add up to 298,640, so the registry reads "about 300,000".

Everything goes through `esep.outreach.actions`; seeded generator, so the same run gives
the same records; a database that has the campaign already is left alone."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from esep.access.models import User
from esep.assemblies.models import Candidate
from esep.demo.context import Demo
from esep.deputies.models import Mandate
from esep.org.models import Branch, Person, Territory
from esep.outreach import actions
from esep.outreach.models import Campaign

D = dt.date
CODE = "almaty-2021-elections"
STARTS, ENDS, LAST_DAY = D(2020, 11, 1), D(2021, 1, 10), D(2021, 1, 8)
MEETINGS = 412
PEOPLE = 298_640  # the rounds' people reached and the meetings' attendance, added up
# The districts of Almaty by KATO: their share of the work, and how much of the plan each
# did (below 1: behind it).
DISTRICTS = {
    "751210000": (0.13, 0.84),  # Alatau
    "751110000": (0.11, 1.02),  # Almaly
    "751310000": (0.17, 1.05),  # Auezov
    "751410000": (0.16, 1.01),  # Bostandyk
    "751510000": (0.09, 0.87),  # Zhetysu
    "751710000": (0.10, 0.98),  # Medeu
    "751810000": (0.09, 0.81),  # Nauryzbay
    "751910000": (0.15, 1.03),  # Turksib
}
PLACES = [
    "№ {n} мектеп-гимназияның акт залы",
    "{street} көшесі, {n} үйдің ауласы",
    "«{name}» сауда орталығы",
    "№ {n} емхананың мәжіліс залы",
    "«{name}» ЖШС ұжымы",
    "{street} көшесіндегі аула клубы",
    "«{name}» базары",
    "Аудандық мәдениет үйі",
]
STREETS = ["Абай", "Төле би", "Жібек жолы", "Райымбек", "Сейфуллин", "Момышұлы", "Рысқұлов"]
NAMES = ["Арай", "Береке", "Достық", "Тұлпар", "Самал", "Алатау", "Жетісу"]
TOPICS = [
    "Партияның сайлауалды бағдарламасы",
    "Аула мен жолдарды абаттандыру",
    "Жұмыспен қамту және шағын бизнес",
    "Денсаулық сақтау және білім беру",
    "Қоғамдық көлік пен экология",
    "Жастар саясаты",
]


def shares(total: int, weights: list[float]) -> list[int]:
    """`total` shared out by `weights` in whole numbers (largest remainders): they add up."""
    raw = [total * w / sum(weights) for w in weights]
    whole = [int(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - whole[i], reverse=True)
    for i in order[: total - sum(whole)]:
        whole[i] += 1
    return whole


def speakers_of(almaty: Branch) -> list[Person]:
    """The party's candidates and deputies in Almaty whom the branch counts as its own
    (members or post holders): the 7th convocation's deputies of the city maslikhat and the
    candidates registered in the city's primaries, in the order they were recorded."""
    deputies = (
        Mandate.objects.of_own_party()
        .filter(convocation__body__code="almaty-maslikhat")
        .values("person")
    )
    candidates = Candidate.objects.filter(
        campaign__branch=almaty, state=Candidate.State.REGISTERED
    ).values("person")
    own = Person.objects.in_branches([almaty.path])
    chosen = own.filter(pk__in=deputies) | own.filter(pk__in=candidates)
    return list(chosen.distinct().order_by("pk"))


def _days(rng: random.Random, count: int) -> list[dt.date]:
    """Days of the campaign, more of them as the vote nears."""
    span = (LAST_DAY - STARTS).days
    return sorted(
        STARTS + dt.timedelta(days=min(span, int(span * rng.random() ** 0.7))) for _ in range(count)
    )


def _place(rng: random.Random) -> str:
    return rng.choice(PLACES).format(
        n=rng.randint(3, 180), street=rng.choice(STREETS), name=rng.choice(NAMES)
    )


@transaction.atomic
def build(demo: Demo) -> None:
    if Campaign.objects.filter(code=CODE).exists():
        return
    head = User.objects.filter(username="almaty.head").first()
    almaty = Branch.objects.filter(code="almaty").first()
    districts = {t.kato: t for t in Territory.objects.filter(kato__in=DISTRICTS)}
    if head is None or almaty is None or len(districts) != len(DISTRICTS):
        return
    rng = random.Random("outreach:almaty-2021")
    speakers = speakers_of(almaty)
    campaign = actions.open_campaign(
        actor=head,
        branch=almaty,
        code=CODE,
        kind=Campaign.Kind.ELECTION,
        starts_on=STARTS,
        ends_on=ENDS,
        name_kk="2021 жылғы сайлау науқаны: «Есіктен-есікке» және сайлаушылармен кездесулер",
        name_ru="Избирательная кампания 2021 года: «От двери к двери» и встречи с избирателями",
        name_en="The 2021 election campaign: door to door and meetings with voters",
    )
    katos = list(DISTRICTS)
    weights = [DISTRICTS[k][0] for k in katos]
    meetings = shares(MEETINGS, weights)
    people = shares(PEOPLE, weights)
    for kato, held, reached in zip(katos, meetings, people, strict=True):
        territory, done = districts[kato], DISTRICTS[kato][1]
        attended = 0
        for day in _days(rng, held):
            count = rng.randint(25, 95)
            attended += count
            actions.record_meeting(
                actor=head,
                campaign=campaign,
                territory=territory,
                held_on=day,
                place=_place(rng),
                people=count,
                speakers=rng.sample(speakers, min(len(speakers), rng.randint(1, 3))),
                topic=rng.choice(TOPICS),
            )
            demo.outreach_meetings += 1
        # The rounds: every other day or so, their people making the district's total.
        days = [d for d in _days(rng, 40) if rng.random() < 0.9]
        reached_at_doors = shares(reached - attended, [rng.uniform(0.6, 1.4) for _ in days])
        households = 0
        for day, count in zip(days, reached_at_doors, strict=True):
            visited = round(count / rng.uniform(1.9, 2.6))
            households += visited
            actions.record_round(
                actor=head,
                campaign=campaign,
                territory=territory,
                held_on=day,
                households=visited,
                people=count,
                volunteers=rng.randint(6, 24),
            )
            demo.outreach_rounds += 1
        actions.set_plan(
            actor=head,
            campaign=campaign,
            territory=territory,
            meetings=round(held / done),
            households=int(round(households / done, -2)),
            people=int(round(reached / done, -3)),
        )
