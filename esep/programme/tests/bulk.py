"""Many measures at once, for the tests that a road map's and a promise's pages list them a
page at a time and read as many queries for many as for few."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from esep.programme.models import Indicator, Measure, Observation


def many_measures(
    world: SimpleNamespace,
    count: int,
    *,
    prefix: str = "Z",
    deadline: dt.date = dt.date(2023, 12, 31),
    serving: bool = False,
) -> list[Measure]:
    """`count` measures of the world's road map (coded after its own), each with an
    indicator from 0 to 10 measured at 5 in 2022 — half way, below target — written in
    bulk; serving the world's promise when asked."""
    road_map = world.road_map
    made = Measure.objects.bulk_create(
        Measure(
            road_map=road_map,
            code=f"{prefix}{n:04d}",
            title_kk=f"Шара {n}",
            title_ru=f"Мера {n}",
            deadline=deadline,
            territory=road_map.territory,
        )
        for n in range(count)
    )
    indicators = Indicator.objects.bulk_create(
        Indicator(
            measure=measure,
            code=measure.code,
            title_kk="Көрсеткіш",
            title_ru="Показатель",
            unit="шт.",
            direction="increase",
            baseline=Decimal(0),
            baseline_on=dt.date(2021, 1, 1),
            target=Decimal(10),
            target_on=dt.date(2024, 12, 31),
        )
        for measure in made
    )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            territory=road_map.territory,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2022, 12, 31),
            value=Decimal(5),
            source="test",
            recorded_by=world.head,
        )
        for indicator in indicators
    )
    if serving:
        Measure.promises.through.objects.bulk_create(
            Measure.promises.through(measure_id=measure.pk, promise_id=world.promise.pk)
            for measure in made
        )
    return made
