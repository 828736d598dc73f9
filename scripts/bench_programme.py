"""The promise tracker at scale: load the demo into a scratch database, add one road map of
3,000 measures with an indicator each and 30,000 observations over ten quarters, all its
measures serving one promise, then time the public tracker, the public and the staff page
of that road map and of that promise, and the progress of all its measures — beside one
hand-written SQL query that reads the same latest observations, the least any page of that
road map must do. Prints medians, the slowest run, the ratio to the baseline and the
queries each page makes.

    .venv/bin/python scripts/bench_programme.py              # SQLite in a temporary folder
    scripts/with-postgres .venv/bin/python scripts/bench_programme.py
    BENCH_MEASURES=3000 (default) BENCH_QUARTERS=10 BENCH_RUNS=5
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from decimal import Decimal

import benchkit

MEASURES = int(os.environ.get("BENCH_MEASURES", "3000"))
QUARTERS = int(os.environ.get("BENCH_QUARTERS", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "5"))


def main() -> None:
    benchkit.setup("esep-bench-programme-", test_client=True)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from esep.access.models import User
    from esep.programme import progress
    from esep.programme.models import Measure, Observation

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    started = time.perf_counter()
    road_map = fill(MEASURES, QUARTERS)
    benchkit.analyze()
    observations = Observation.objects.filter(indicator__measure__road_map=road_map).count()
    print(
        f"database: {connection.vendor}; road map {road_map.code}: "
        f"{road_map.measures.count():,} measures, {observations:,} observations, all its "
        "measures serving one promise "
        f"(filled in {time.perf_counter() - started:.0f} s); runs: {RUNS} (median, max)"
    )

    anonymous = Client()
    staff = Client()
    staff.force_login(User.objects.get(username="almaty.head"))

    def get(client, url):
        def fetch():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return fetch

    def baseline() -> list:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [road_map.pk])
            return cursor.fetchall()

    measures = list(Measure.objects.filter(road_map=road_map))
    promise = road_map.promises.order_by("pk").first()
    assert promise is not None and promise.measures.count() >= len(measures)
    today = timezone.localdate()
    pages = [
        ("hand-written SQL: latest value of each indicator", baseline, None),
        (
            "progress of the road map's measures",
            lambda: progress.measures_progress(measures, on=today),
            None,
        ),
        ("public tracker (anonymous)", get(anonymous, "/kk/promises/"), "/kk/promises/"),
        (
            "public page of the road map (anonymous)",
            get(anonymous, f"/kk/promises/road-maps/{road_map.pk}/"),
            f"/kk/promises/road-maps/{road_map.pk}/",
        ),
        (
            "staff page of the road map (its branch head)",
            get(staff, reverse("programme:road-map", args=[road_map.pk])),
            reverse("programme:road-map", args=[road_map.pk]),
        ),
        (
            "public page of its promise (anonymous)",
            get(anonymous, f"/kk/promises/{promise.pk}/"),
            f"/kk/promises/{promise.pk}/",
        ),
        (
            "staff page of its promise (the branch head)",
            get(staff, reverse("programme:promise", args=[promise.pk])),
            reverse("programme:promise", args=[promise.pk]),
        ),
    ]
    base = None
    print(f"  {'measurement':<50} {'median ms':>9} {'max ms':>8} {'× SQL':>6} {'queries':>7}")
    for label, work, url in pages:
        work()  # warm the caches once
        times, _out = benchkit.repeat(work, RUNS)
        median = statistics.median(times)
        base = base or median
        queries = "" if url is None else str(benchkit.count_queries(work))
        print(f"  {label:<50} {median:9.1f} {max(times):8.1f} {median / base:6.1f} {queries:>7}")


SQL = """
SELECT o.indicator_id, o.territory_id, o.value
  FROM programme_observation o
  JOIN programme_indicator i ON i.id = o.indicator_id
  JOIN programme_measure m ON m.id = i.measure_id
 WHERE m.road_map_id = %s
   AND NOT EXISTS (SELECT 1 FROM programme_observation r WHERE r.replaces_id = o.id)
   AND o.period_end = (SELECT max(l.period_end) FROM programme_observation l
                        WHERE l.indicator_id = o.indicator_id)
"""


def fill(measures: int, quarters: int):
    """A road map of Almaty city with `measures` measures, an indicator each (every
    direction in turn) and a value a quarter from 2021 on, written in bulk."""
    from django.db import transaction

    from esep.access.models import User
    from esep.appeals.models import StateBody
    from esep.org.models import Branch
    from esep.programme.models import (
        Direction,
        Indicator,
        Measure,
        Observation,
        Programme,
        RoadMap,
    )

    rng = random.Random(measures)
    branch = Branch.objects.get(code="almaty")
    programme = Programme.objects.order_by("pk").first()
    assert programme is not None, "the demo makes the 2021 programme"
    bodies = list(StateBody.objects.values_list("pk", flat=True)[:50]) or [None]
    user = User.objects.get(username="almaty.head")
    with transaction.atomic():
        road_map = RoadMap.objects.create(
            code="bench-almaty",
            programme=programme,
            branch=branch,
            territory=branch.territory,
            approved_on=dt.date(2021, 3, 1),
            title_kk="Өлшеуге арналған жол картасы",
            title_ru="Дорожная карта для замеров",
            title_en="Road map for the benchmark",
        )
        road_map.promises.set(programme.sections.first().promises.all()[:3])
        made = Measure.objects.bulk_create(
            Measure(
                road_map=road_map,
                code=f"B{n:05d}",
                title_kk=f"Шара {n}",
                title_ru=f"Мера {n}",
                title_en=f"Measure {n}",
                state_body_id=rng.choice(bodies),
                deadline=dt.date(2023, 12, 31) - dt.timedelta(days=rng.randrange(900)),
                weight=Decimal(rng.randrange(1, 5)),
                territory=branch.territory,
            )
            for n in range(measures)
        )
        directions = [Direction.INCREASE, Direction.DECREASE, Direction.BAND, Direction.YES_NO]
        indicators = []
        for n, measure in enumerate(made):
            direction = directions[n % 4]
            baseline, target = {
                Direction.INCREASE: (Decimal(40), Decimal(100)),
                Direction.DECREASE: (Decimal(100), Decimal(40)),
                Direction.BAND: (Decimal(30), Decimal(50)),
                Direction.YES_NO: (Decimal(0), Decimal(1)),
            }[direction]
            indicators.append(
                Indicator(
                    measure=measure,
                    code=f"B{n:05d}",
                    title_kk=f"Көрсеткіш {n}",
                    title_ru=f"Индикатор {n}",
                    title_en=f"Indicator {n}",
                    unit="%",
                    direction=direction,
                    band_low=Decimal(45) if direction == Direction.BAND else None,
                    band_high=Decimal(55) if direction == Direction.BAND else None,
                    baseline=baseline,
                    baseline_on=dt.date(2021, 1, 1),
                    target=target,
                    target_on=dt.date(2024, 12, 31),
                )
            )
        indicators = Indicator.objects.bulk_create(indicators)
        rows = []
        for indicator in indicators:
            value = indicator.baseline
            for q in range(quarters):
                start = dt.date(2021 + q // 4, 3 * (q % 4) + 1, 1)
                end = dt.date(
                    start.year + (start.month == 10), (start.month + 3 - 1) % 12 + 1, 1
                ) - dt.timedelta(days=1)
                if indicator.direction == Direction.YES_NO:
                    value = Decimal(int(q > quarters // 2))
                else:
                    step = (indicator.target - indicator.baseline) / 16
                    value = value + step * Decimal(rng.uniform(-0.5, 2))
                rows.append(
                    Observation(
                        indicator=indicator,
                        territory_id=branch.territory_id,
                        period_start=start,
                        period_end=end,
                        value=value.quantize(Decimal("0.0001")),
                        source="bench",
                        recorded_by=user,
                    )
                )
        Observation.objects.bulk_create(rows, batch_size=5000)
        # Every measure serves the road map's first promise: its pages roll them all up.
        promise = road_map.promises.order_by("pk").first()
        assert promise is not None, "the demo's programme has promises"
        Measure.promises.through.objects.bulk_create(
            Measure.promises.through(measure_id=measure.pk, promise_id=promise.pk)
            for measure in made
        )
    return road_map


if __name__ == "__main__":
    main()
