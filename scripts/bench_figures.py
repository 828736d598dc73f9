"""Figures at national scale: fill a scratch database with synthetic appeals (the demo's
territories, branches, categories and people, then appeals spread over two years and every
branch, written by COPY on PostgreSQL), and time the figures as the pages serve them — the
dashboard page of the country and of one district, and the figures API, through Django's
test client as the central administrator — beside the registry's own computations and the
one hand-written SQL query that computes the same headline appeal numbers. For each page it
also prints the statements that read the appeals table and, on PostgreSQL, how the planner
reads it (an index-only scan or not).

    .venv/bin/python scripts/bench_figures.py                  # SQLite in a temporary folder
    scripts/with-postgres .venv/bin/python scripts/bench_figures.py
    BENCH_SIZES=100000,1000000 (default) BENCH_RUNS=5

The fill is shaped like a working registry: the appeals of the last month it covers are
mostly still open, older ones answered but for a few stuck (0.2%) — open appeals follow
the flow of new ones, not the size of the history.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import statistics
import time

import benchkit

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "5"))
ALPHABET = "34679ACDEFGHJKMNPQRTUVWXY"
FIRST_DAY, DAYS = dt.date(2020, 1, 1), 731  # 2020–2021
PAGES = [
    ("dashboard page, country", "/kk/figures/?scope=central&year=2021"),
    ("dashboard page, district (Qyzylqoga)", "/kk/figures/?scope=atyrau-kyzylkoga&year=2021"),
    ("/api/v1/figures/?scope=central&year=2021", "/api/v1/figures/?scope=central&year=2021"),
    ("/api/v1/figures/, district", "/api/v1/figures/?scope=atyrau-kyzylkoga&year=2021"),
]


def main() -> None:
    benchkit.setup("esep-bench-figures-", test_client=True)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from esep.access.models import User
    from esep.appeals.models import Appeal
    from esep.figures import pages
    from esep.figures.compute import compute, parse_scope
    from esep.figures.periods import Period
    from esep.figures.registry import HEADLINE
    from esep.figures.rollup import bulk_load
    from esep.figures.table import rows

    call_command("migrate", verbosity=0)
    call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(f"database: {connection.vendor}; runs per measurement: {RUNS} (median, max)")
    year = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    district = parse_scope("atyrau-kyzylkoga")
    national = parse_scope("central")
    admin = Client()
    admin.force_login(User.objects.get(username="admin"))

    def dashboard(scope):
        """What the dashboard page computes of the appeals: headline figures and the
        previous period, the monthly trend, a breakdown by channel and the table of
        sub-units."""
        rows(HEADLINE, scope, year, with_previous=True)
        compute(pages.TREND, scope, year, breakdown="month")
        rows(pages.BREAKDOWN_FIGURES, scope, year, breakdown="channel")
        key = "branch" if scope.is_branch else "territory"
        rows(pages.SUB_BRANCH_FIGURES, scope, year, breakdown=key)

    def hand_written() -> tuple:
        with connection.cursor() as cursor:
            cursor.execute(SQL, [dt.date(2022, 2, 1), year.start, year.end])
            return cursor.fetchone()

    def median_max(fn) -> str:
        times, _out = benchkit.repeat(fn, RUNS)
        return f"{statistics.median(times):9.1f} {max(times):8.1f}"

    def page(url: str):
        def get():
            response = admin.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    made = Appeal.objects.count()
    for size in SIZES:
        started = time.perf_counter()
        with bulk_load():
            made += fill(size - made)
        benchkit.analyze("appeals_appeal", "figures_appealday", "figures_appealmonthfacet")
        print(f"\n{made:,} appeals (filled in {time.perf_counter() - started:.0f} s)")
        check = compute(["appeals.received"], national, year)["appeals.received"]
        print(f"  appeals received nationally in 2021: {check:,}; by hand: {hand_written()[0]:,}")
        print(f"  {'measurement':<48} {'median ms':>9} {'max ms':>8}")
        print(f"  {'hand-written SQL, national headline':<48} {median_max(hand_written)}")
        computed = [
            ("national headline figures (registry)", lambda: compute(HEADLINE, national, year)),
            ("national dashboard's appeal figures", lambda: dashboard(national)),
            ("district dashboard's appeal figures", lambda: dashboard(district)),
        ]
        for label, work in computed:
            print(f"  {label:<48} {median_max(work)}")
        for label, url in PAGES:
            print(f"  {label:<48} {median_max(page(url))}")
        for label, url in PAGES:
            reads = appeal_reads(page(url))
            print(f"  {label}: {len(reads)} statement(s) read appeals_appeal")
            for sql, plan in reads:
                print(f"    {plan:<40} {sql[:150]}")


def appeal_reads(work) -> list[tuple[str, str]]:
    """The statements one run of `work` makes that read the appeals table, each with the
    way PostgreSQL's plan reads it (its scan nodes on appeals_appeal)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        work()
    found = []
    for query in queries:
        sql = query["sql"]
        if '"appeals_appeal"' not in sql and "appeals_appeal " not in sql:
            continue
        plan = ""
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN " + sql)
                lines = [line for (line,) in cursor.fetchall()]
            nodes = [
                re.sub(r"\s+\(.*", "", line.strip(" ->"))
                for line in lines
                if "appeals_appeal" in line and " on " in line
            ]
            plan = "; ".join(nodes)
        found.append((" ".join(sql.split()), plan))
    return found


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
    """Add `count` synthetic appeals registered over 2020–2021 (see the module's note on
    which stay open), written in bulk: every column as the model would save it, the
    encrypted empty contacts included."""
    from django.db import connection
    from django.utils import timezone

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
    offset = Appeal.objects.count()
    # The columns a new appeal gets by default, as the model writes them.
    fields = [f for f in Appeal._meta.concrete_fields if not f.primary_key]
    template = Appeal(created_at=timezone.now())
    defaults = {
        f.column: f.get_db_prep_save(getattr(template, f.attname), connection) for f in fields
    }
    columns = [f.column for f in fields]

    def appeals():
        for i in range(count):
            n = offset + i
            branch, territory = rng.choice(branches)
            day = rng.randrange(DAYS)
            registered = FIRST_DAY + dt.timedelta(days=day)
            recent = day >= DAYS - 30
            answered = rng.random() >= (0.6 if recent else 0.002)
            days = rng.randrange(2, 30)
            row = {
                **defaults,
                "number": f"BENCH-{n:08d}",
                "tracking_code": "".join(rng.choice(ALPHABET) for _ in range(10)),
                "kind": rng.choice(kinds),
                "channel": rng.choice(channels),
                "category_id": rng.choice(categories),
                "territory_id": territory,
                "branch_id": branch,
                "submitter_id": rng.choice(people),
                "text": "synthetic",
                "language": "kk",
                "status": "closed" if answered else "in_progress",
                "outcome": rng.choice(outcomes) if answered else "",
                "received_at": dt.datetime.combine(registered, dt.time(5), dt.UTC),
                "registered_on": registered,
                "due_on": registered + dt.timedelta(days=21),
                "answered_on": registered + dt.timedelta(days=days) if answered else None,
                "answer_working_days": days * 5 // 7 if answered else None,
                "disputed": rng.random() < 0.02,
            }
            yield [row[c] for c in columns]

    benchkit.put("appeals_appeal", columns, appeals())
    return count


if __name__ == "__main__":
    main()
