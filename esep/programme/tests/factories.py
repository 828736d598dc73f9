"""A small programme world the programme's tests build on: the 2021 programme of the
central office with one section and two promises, Kostanay's regional road map serving the
first, one measure with an indicator of each direction, and a monitor (a Kostanay member
with a user account). Records are made directly: the actions under test make the rest."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.org.tests.factories import user_with_role
from esep.programme.models import (
    Direction,
    Indicator,
    Measure,
    Monitor,
    Programme,
    Promise,
    RoadMap,
    Section,
)


def build_programme(tree: SimpleNamespace) -> SimpleNamespace:
    topic = CategoryFactory.create()
    programme = Programme.objects.create(
        code="2021",
        branch=tree.central,
        election="Mazhilis 2021",
        adopted_on=dt.date(2020, 12, 1),
        title_kk="Өзгерістер жолы: әрбір азаматқа лайықты өмір!",
        title_ru="Путь перемен: достойную жизнь каждому!",
        title_en="The path of change: a decent life for everyone!",
    )
    section = Section.objects.create(
        programme=programme,
        number=1,
        title_kk="Ауыл",
        title_ru="Село",
        title_en="Villages",
    )
    promise = Promise.objects.create(
        section=section,
        code="1.1",
        text_kk="Әр ауылға таза ауыз су",
        text_ru="Чистая питьевая вода в каждое село",
        text_en="Clean drinking water in every village",
        territory=tree.central.territory,
        due_on=dt.date(2025, 12, 31),
    )
    promise.topics.add(topic)
    other = Promise.objects.create(
        section=section,
        code="1.2",
        text_kk="Ауылдық жолдар",
        text_ru="Сельские дороги",
        text_en="Rural roads",
        territory=tree.central.territory,
        due_on=dt.date(2025, 12, 31),
    )
    road_map = RoadMap.objects.create(
        code="kostanay-2021",
        programme=programme,
        branch=tree.kostanay,
        territory=tree.kostanay.territory,
        approved_on=dt.date(2021, 3, 1),
        title_kk="Қостанай облысының жол картасы",
        title_ru="Дорожная карта Костанайской области",
        title_en="Kostanay oblast road map",
    )
    road_map.promises.add(promise)
    measure = Measure.objects.create(
        road_map=road_map,
        code="M1",
        title_kk="Ауылдарға су құбырын тарту",
        title_ru="Провести водопровод в сёла",
        title_en="Bring water mains to villages",
        state_body=StateBodyFactory.create(territory=tree.kostanay.territory),
        deadline=dt.date(2023, 12, 31),
        weight=Decimal("2"),
        territory=tree.kostanay.territory,
    )
    measure.promises.add(promise)
    indicator = Indicator.objects.create(
        measure=measure,
        code="WATER",
        title_kk="Таза суы бар ауылдар үлесі",
        title_ru="Доля сёл с чистой водой",
        title_en="Share of villages with clean water",
        unit="%",
        direction=Direction.INCREASE,
        baseline=Decimal("60"),
        baseline_on=dt.date(2021, 1, 1),
        target=Decimal("100"),
        target_on=dt.date(2023, 12, 31),
    )
    person = tree.members["kostanay"]
    monitor_user = user_with_role("monitor", tree.kostanay, "kostanay-monitor")
    monitor_user.person = person
    monitor_user.save()
    Monitor.objects.create(road_map=road_map, person=person, since=dt.date(2021, 3, 1))
    return SimpleNamespace(
        topic=topic,
        programme=programme,
        section=section,
        promise=promise,
        other_promise=other,
        road_map=road_map,
        measure=measure,
        indicator=indicator,
        monitor=monitor_user,
        head=user_with_role("branch_head", tree.kostanay, "kostanay-head"),
        atyrau_head=user_with_role("branch_head", tree.atyrau, "atyrau-head"),
    )
