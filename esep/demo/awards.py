"""The demo's awards: the catalogue of the regional branches' awards, and the Kostanay
branch's ceremony of December 2021 (seed 003) — at the meeting on the 30th anniversary of
Independence, 18 people got the badge «Белсенді қызметі үшін», 19 the certificate of honour,
Бек Жүсіпов the medal «Халық алғысы», and Елена Зимовец, Балғабай Ысқақов, Алла Луценко and
Қайрат Төлебаев the letter of gratitude. The named people are recorded (a valid IIN never
taken, through `org.actions.create_person`) unless someone of their names already is; the
badges and certificates go to the region's members, in the order they were recorded. Some
consented to have their names published, some did not. The bureau decided them all on
10 December 2021. For the next year, one nomination refused and one still pending.

Everything goes through `esep.awards.actions`, so `awards.granted` for Kostanay in December
2021 is 42 from the records: 18, 19, 1 and 4 by kind. A database that has the ceremony
already is left alone."""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from esep.access.models import User
from esep.awards import actions
from esep.awards.models import Award, Ceremony
from esep.demo.context import Demo
from esep.lib.iin import Sex, make_iin
from esep.org import actions as org
from esep.org.models import Body, Branch, Person

D = dt.date
REGION = "kostanay"
CEREMONY_TITLE = "Қазақстан Тәуелсіздігінің 30 жылдығына арналған марапаттау рәсімі"
HELD_ON = D(2021, 12, 14)
DECIDED_ON = D(2021, 12, 10)
DECISION = "12"
BADGES, CERTIFICATES = 18, 19  # seed 003
CONSENTING = 0.7  # the share of the members awarded who consented to publication

# code, kind, (kk, ru, en)
CATALOGUE = [
    (
        "belsendi-qyzmeti-ushin",
        Award.Kind.BADGE,
        ("Белсенді қызметі үшін", "За активную деятельность", "For Active Work"),
    ),
    (
        "qurmet-gramotasy",
        Award.Kind.CERTIFICATE_OF_HONOUR,
        ("Құрмет грамотасы", "Почётная грамота", "Certificate of Honour"),
    ),
    (
        "halyq-alghysy",
        Award.Kind.MEDAL,
        ("Халық алғысы", "Народная благодарность", "People's Gratitude"),
    ),
    (
        "alghys-hat",
        Award.Kind.LETTER_OF_GRATITUDE,
        ("Алғыс хат", "Благодарственное письмо", "Letter of Gratitude"),
    ),
]
GROUNDS = {
    Award.Kind.BADGE: (
        "«Nur Otan» партиясының бағдарламалық мақсаттары мен саяси тұғырнамасын іске асыруға "
        "зор еңбек сіңіргені үшін",
        "за большой вклад в реализацию программных целей и политической платформы партии "
        "«Nur Otan»",
    ),
    Award.Kind.CERTIFICATE_OF_HONOUR: (
        "Елбасының стратегиялық бағытына белсенді қолдау көрсеткені және партияның "
        "бағдарламалық міндеттерін іске асыруға қатысқаны үшін",
        "за активную поддержку стратегического курса Елбасы и участие в реализации "
        "программных задач партии",
    ),
    Award.Kind.MEDAL: (
        "Қостанай облысының әлеуметтік дамуына қосқан үлесі үшін",
        "за вклад в социальное развитие Костанайской области",
    ),
    Award.Kind.LETTER_OF_GRATITUDE: (
        "Электоралды кезеңге белсенді қатысқаны үшін",
        "за активное участие в электоральном периоде",
    ),
}
# Surname, given name, sex, birth date, consents: the medal's and the letters' (seed 003).
Spec = tuple[str, str, Sex, dt.date, bool]
MEDAL: Spec = ("Жүсіпов", "Бек", "male", D(1949, 5, 12), True)
LETTERS: list[Spec] = [
    ("Зимовец", "Елена", "female", D(1984, 3, 2), True),
    ("Ысқақов", "Балғабай", "male", D(1968, 9, 21), True),
    ("Луценко", "Алла", "female", D(1951, 1, 17), True),
    ("Төлебаев", "Қайрат", "male", D(1979, 11, 8), False),
]


def catalogue() -> dict[str, Award]:  # by kind
    """The awards, by kind: made once, left as the central office keeps them since."""
    made: dict[str, Award] = {}
    for code, kind, (kk, ru, en) in CATALOGUE:
        award, _ = Award.objects.get_or_create(
            code=code,
            defaults={
                "kind": kind,
                "level": Branch.Kind.REGIONAL,
                "name_kk": kk,
                "name_ru": ru,
                "name_en": en,
            },
        )
        made[kind] = award
    return made


def named(actor: User, surname: str, given_name: str, sex: Sex, born: dt.date) -> Person:
    """The person of these names, or recorded now with a valid IIN never taken."""
    found = Person.objects.filter(surname=surname, given_name=given_name).order_by("pk").first()
    if found is not None:
        return found
    serial = sum(map(ord, surname + given_name)) % 10_000
    iin = make_iin(born, sex, serial=serial)
    while Person.objects.with_iin(iin).exists():
        serial = (serial + 7) % 10_000
        iin = make_iin(born, sex, serial=serial)
    return org.create_person(
        actor=actor, surname=surname, given_name=given_name, iin=iin, birth_date=born, sex=sex
    )


def members(region: Branch, count: int, exclude: set[int]) -> list[Person]:
    """The region's active members, in the order they were recorded (not by IIN, whose
    ciphertexts sort at random)."""
    found = (
        Person.objects.filter(
            membership__branch__path__startswith=region.path, membership__status="active"
        )
        .exclude(pk__in=exclude)
        .order_by("pk")
    )
    return list(found[:count])


@transaction.atomic
def build(demo: Demo) -> None:
    head = User.objects.filter(username=f"{REGION}.head").first()
    region = Branch.objects.filter(code=REGION).first()
    if head is None or region is None:
        return
    awards = catalogue()
    if Ceremony.objects.filter(branch=region, title=CEREMONY_TITLE).exists():
        return
    bureau = Body.objects.filter(branch=region, kind=Body.Kind.BUREAU).first()
    if bureau is None:
        return
    rng = random.Random("awards:kostanay-2021")
    ceremony = actions.hold_ceremony(
        actor=head,
        branch=region,
        held_on=HELD_ON,
        place="Қостанай қаласы, «Nur Otan» партиясы облыстық филиалының мәжіліс залы",
        title=CEREMONY_TITLE,
    )
    demo.award_ceremonies += 1
    medal = named(head, MEDAL[0], MEDAL[1], MEDAL[2], MEDAL[3])
    letters = [named(head, s[0], s[1], s[2], s[3]) for s in LETTERS]
    chosen = members(region, BADGES + CERTIFICATES, {medal.pk, *(p.pk for p in letters)})
    given: list[tuple[Person, Award, bool]] = [
        *((p, awards[Award.Kind.BADGE], rng.random() < CONSENTING) for p in chosen[:BADGES]),
        *(
            (p, awards[Award.Kind.CERTIFICATE_OF_HONOUR], rng.random() < CONSENTING)
            for p in chosen[BADGES:]
        ),
        (medal, awards[Award.Kind.MEDAL], MEDAL[4]),
        *(
            (p, awards[Award.Kind.LETTER_OF_GRATITUDE], s[4])
            for p, s in zip(letters, LETTERS, strict=True)
        ),
    ]
    for person, award, consents in given:
        grounds, grounds_ru = GROUNDS[Award.Kind(award.kind)]
        nomination = actions.nominate(
            actor=head,
            branch=region,
            award=award,
            person=person,
            grounds=grounds,
            grounds_ru=grounds_ru,
            ceremony=ceremony,
            consent_to_publish=consents,
            consent_on=DECIDED_ON - dt.timedelta(days=3) if consents else None,
        )
        actions.grant(
            actor=head,
            nomination=nomination,
            body=bureau,
            decision_number=DECISION,
            decided_on=DECIDED_ON,
        )
        demo.award_nominations += 1
    next_year(head, region, bureau, awards, exclude={p.pk for p, _a, _c in given})


def next_year(
    head: User, region: Branch, bureau: Body, awards: dict[str, Award], exclude: set[int]
) -> None:
    """For 2022: one member's certificate refused (the papers came late), another's badge
    still pending."""
    refused, pending = members(region, 2, exclude)
    kind = Award.Kind.CERTIFICATE_OF_HONOUR
    nomination = actions.nominate(
        actor=head, branch=region, award=awards[kind], person=refused, grounds=GROUNDS[kind][0]
    )
    actions.refuse(
        actor=head,
        nomination=nomination,
        body=bureau,
        decided_on=D(2022, 11, 30),
        decision_number="31",
        reason="Ұсыну құжаттары мерзімінен кеш тапсырылды.",
    )
    actions.nominate(
        actor=head,
        branch=region,
        award=awards[Award.Kind.BADGE],
        person=pending,
        grounds=GROUNDS[Award.Kind.BADGE][0],
        grounds_ru=GROUNDS[Award.Kind.BADGE][1],
    )
