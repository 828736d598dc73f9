"""Figures at national scale: fill a scratch database with synthetic appeals (the demo's
territories, branches, categories and people, then appeals spread over two years and every
branch), and time the national dashboard and one district's dashboard beside the one
hand-written SQL query that computes the same headline appeal numbers.

    .venv/bin/python scripts/bench_figures.py                  # SQLite in a temporary folder
    scripts/with-postgres .venv/bin/python scripts/bench_figures.py
    BENCH_SIZES=100000,1000000 (default) BENCH_RUNS=5
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time

import benchkit

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
BATCH = 10_000
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"


def main() -> None:
    benchkit.setup("esep-bench-figures-")
    from django.core.management import call_command
    from django.db import connection

    from esep.appeals.models import Appeal
    from esep.figures import views
    from esep.figures.compute import compute, parse_scope
    from esep.figures.periods import Period
    from esep.figures.registry import HEADLINE
    from esep.figures.table import rows

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: {connection.vendor}; runs per measurement: {RUNS} (median, max)")
    year = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    district = parse_scope("atyrau-kyzylkoga")
    national = parse_scope("central")

    def dashboard(scope):
        """What the dashboard page computes: headline figures and the previous period, the
        monthly trend, a breakdown by channel and the table of sub-units."""
        rows(HEADLINE, scope, year, with_previous=True)
        compute(views.TREND, scope, year, breakdown="month")
        rows(views.BREAKDOWN_FIGURES, scope, year, breakdown="channel")
        key = "branch" if scope.is_branch else "territory"
        rows(views.SUB_BRANCH_FIGURES, scope, year, breakdown=key)

    def hand_written() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [dt.date(2022, 2, 1), year.start, year.end])
            return cursor.fetchone()

    def median_max(fn) -> str:
        times, _out = benchkit.repeat(fn, RUNS)
        return f"{statistics.median(times):8.1f} {max(times):8.1f}"

    from esep.figures.rollup import bulk_load

    made = Appeal.objects.count()
    for size in SIZES:
        started = time.perf_counter()
        with bulk_load():
            made += fill(size - made)
        benchkit.analyze("appeals_appeal")
        print(f"\n{made:,} appeals (filled in {time.perf_counter() - started:.0f} s)")
        check = compute(["appeals.received"], national, year)["appeals.received"]
        print(f"  appeals received nationally in 2021: {check:,}; by hand: {hand_written()[0]:,}")
        print(f"  {'measurement':<48} {'median ms':>8} {'max ms':>8}")
        print(f"  {'hand-written SQL, national headline':<48} {median_max(hand_written)}")
        print(
            f"  {'national headline figures (registry)':<48} "
            f"{median_max(lambda: compute(HEADLINE, national, year))}"
        )
        print(f"  {'national dashboard':<48} {median_max(lambda: dashboard(national))}")
        print(f"  {'district dashboard (Qyzylqoga)':<48} {median_max(lambda: dashboard(district))}")


SQL = """
SELECT count(*),
       count(*) FILTER (WHERE outcome = 'resolved_positively'),
       count(*) FILTER (WHERE answered_on IS NOT NULL),
       count(*) FILTER (WHERE answered_on <= due_on),
       count(*) FILTER (WHERE status IN ('registered', 'assigned', 'in_progress')
                        AND due_on < %s),
       avg(answer_working_days),
       count(*) FILTER (WHERE disputed)
  FROM appeals_appeal
 WHERE registered_on BETWEEN %s AND %s
"""


def fill(count: int) -> int:
    """Add `count` synthetic appeals: registered over 2020–2021, most answered."""
    from esep.appeals.models import Appeal, Category
    from esep.org.models import Branch, Person

    if count <= 0:
        return 0
    rng = random.Random(count)
    branches = list(Branch.objects.exclude(kind="primary").values_list("pk", "territory_id"))
    categories = list(Category.objects.values_list("pk", flat=True))
    people = list(Person.objects.values_list("pk", flat=True)[:5000])
    channels = ["reception_office", "mobile_reception", "online_portal", "hotline", "letter"]
    kinds = ["statement", "complaint", "proposal"]
    outcomes = ["resolved_positively"] * 5 + ["explained", "refused", "resolved_partially"]
    start = dt.date(2020, 1, 1)
    offset = Appeal.objects.count()
    made = 0
    while made < count:
        batch = []
        for i in range(min(BATCH, count - made)):
            n = offset + made + i
            branch, territory = rng.choice(branches)
            registered = start + dt.timedelta(days=rng.randrange(731))
            due = registered + dt.timedelta(days=21)
            answered = rng.random() < 0.9
            days = rng.randrange(2, 30)
            batch.append(
                Appeal(
                    number=f"BENCH-{n:08d}",
                    tracking_code="".join(rng.choice(ALPHABET) for _ in range(10)),
                    kind=rng.choice(kinds),
                    channel=rng.choice(channels),
                    category_id=rng.choice(categories),
                    territory_id=territory,
                    branch_id=branch,
                    submitter_id=rng.choice(people),
                    text="synthetic",
                    language="kk",
                    status="closed" if answered else "in_progress",
                    outcome=rng.choice(outcomes) if answered else "",
                    received_at=dt.datetime.combine(registered, dt.time(5), dt.UTC),
                    registered_on=registered,
                    due_on=due,
                    answered_on=registered + dt.timedelta(days=days) if answered else None,
                    answer_working_days=days * 5 // 7 if answered else None,
                    disputed=rng.random() < 0.02,
                )
            )
        Appeal.objects.bulk_create(batch, batch_size=BATCH)
        made += len(batch)
    return made


if __name__ == "__main__":
    main()
