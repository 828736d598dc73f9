"""esep's page benchmark: load the demo at a scale into a scratch database, then time the
staff pages as the demo users see them. Prints the median and the slowest of N renders
and the queries each page makes.

    make bench                     # scale 10 on SQLite in a temporary folder
    BENCH_SCALE=50 make bench
    DATABASE_URL=postgres://… make bench   (a database you can afford to fill)
"""

from __future__ import annotations

import os
import statistics
import sys
import time

import benchkit

SCALE = int(os.environ.get("BENCH_SCALE", "10"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))


def main() -> None:
    benchkit.setup("esep-bench-", test_client=True)
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from esep.access.models import User
    from esep.appeals.models import Appeal
    from esep.org.models import Membership, Person

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    call_command("demo", scale=SCALE, stdout=open(os.devnull, "w"))  # noqa: SIM115
    print(
        f"demo --scale {SCALE}: {Person.objects.count():,} people, "
        f"{Membership.objects.count():,} members, loaded in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})"
    )

    someone = Person.objects.filter(membership__branch__code__startswith="atyrau").first()
    appeal = Appeal.objects.filter(branch__code__startswith="atyrau").first()
    pages = [
        ("admin", "/kk/org/branches/"),
        ("admin", "/kk/org/branches/atyrau/"),
        ("atyrau.head", "/kk/org/people/"),
        ("atyrau.head", "/kk/org/people/?q=Омар&status=active"),
        ("atyrau.officer", f"/kk/org/people/{someone.pk}/"),
        ("kostanay.analyst", "/kk/org/people/?page=5"),
        ("admin", "/kk/org/territories/"),
        ("atyrau.officer", "/kk/appeals/"),
        ("atyrau.head", "/kk/appeals/?deadline=overdue&sort=due_on"),
        ("admin", "/kk/appeals/?q=су"),
        ("admin", "/kk/receptions/"),
        ("atyrau.officer", "/kk/receptions/?kind=mobile&status=held"),
        (None, "/kk/receptions/schedule/"),
        ("admin", "/kk/control/issues/?control=overdue"),
        ("atyrau.head", "/kk/control/instructions/?status=overdue"),
        ("admin", "/kk/control/posts/"),
        # Machines: the REST API (signed in by session here) and Open311 (no key to read).
        ("atyrau.officer", "/api/v1/appeals/"),
        ("atyrau.head", "/api/v1/appeals/?deadline=overdue&ordering=due_on"),
        ("atyrau.officer", f"/api/v1/appeals/{appeal.pk}/"),
        ("kostanay.analyst", "/api/v1/figures/?scope=kostanay&year=2021"),
        (None, "/open311/v2/services.json"),
        (None, "/open311/v2/requests.json?start_date=2021-01-01&end_date=2021-03-31"),
        (None, "/open311/v2/requests.xml?start_date=2021-01-01&end_date=2021-03-31&status=closed"),
        (None, "/open311/v2/servicerequestupdates.json?start_date=2021-01-01&end_date=2021-03-31"),
    ]
    print(f"{'page':<48} {'user':<17} {'median ms':>9} {'max ms':>8} {'queries':>8}")
    for username, url in pages:
        client = Client()
        if username is not None:  # None: a visitor who is not signed in
            client.force_login(User.objects.get(username=username))
        timings = []
        for _ in range(RUNS):
            with CaptureQueriesContext(connection) as queries:
                t0 = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - t0) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
        print(
            f"{url:<48} {username or 'public':<17} {statistics.median(timings):9.1f} "
            f"{max(timings):8.1f} {len(queries):8d}"
        )


if __name__ == "__main__":
    main()
