"""National scale (issue #19): fill a scratch PostgreSQL with millions of appeals
(scripts/benchfill.py: about 3,000 branches, three years at the country's pace, written by
COPY) and time every staff page, API list and dashboard through Django's test client, as
the central administrator, a region's officer and a district's officer; beside them one
hand-written SQL query on the same table, timed in the same run.

    scripts/with-postgres .venv/bin/python scripts/bench_scale.py
    BENCH_SIZES=1000000,10000000 (default)  BENCH_RUNS=20  BENCH_DEPTH=20

Each size grows the same database from the one before. With BENCH_KEEP=1 and DATABASE_URL
naming a server of your own (and FIELD_ENCRYPTION_KEYS and LOOKUP_HASH_KEY set, so the kept
records stay readable), each size has a database of its own there, `esep_scale_<size>`,
made and filled when missing or short and kept afterwards: a later run times today's code on
yesterday's fill. BENCH_FILL_ONLY=1 fills and times nothing; BENCH_ONLY=<regular expression>
times only the pages whose label it finds. Deep pages are reached by clicking:
the page's `rel="next"` link (or, failing that, its pager's link to the next page) and the
API's `next`, followed BENCH_DEPTH - 1 times from the first page, so the bench follows
whatever pagination the pages offer. For each page it prints the median and p95 of
BENCH_RUNS runs at each size, the growth from the first size to the last, the issue's goal
and whether the last size meets it (p95 under the goal, and no more than 1.5× the first
size where the issue asks it), the ratio to the hand-written query, the number of SQL
queries the page makes and whether PostgreSQL's plan of any of them scans appeals_appeal
as the plan guard of the inbox judges it (`esep.lib.plans`: a sequential scan its LIMIT
is not expected to stop within 1% of the table, or another read no LIMIT stops of more than
1%; with BENCH_PLANS=1, that statement, why and its plan are printed after the table).
"""

from __future__ import annotations

import datetime as dt
import gc
import html
import os
import re
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import benchkit

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "1000000,10000000").split(",")]
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
DEPTH = int(os.environ.get("BENCH_DEPTH", "20"))
KEEP = bool(os.environ.get("BENCH_KEEP"))
FILL_ONLY = bool(os.environ.get("BENCH_FILL_ONLY"))
ONLY = re.compile(os.environ.get("BENCH_ONLY", ""))
INBOX, SEARCH, API, FIGURES = 100, 300, 100, 150  # the goals, p95 in ms
BASELINE = (
    "SELECT * FROM appeals_appeal WHERE status IN ('registered', 'assigned', 'in_progress') "
    "ORDER BY due_on, id LIMIT 50"
)


@dataclass
class Page:
    label: str
    who: str  # national, region, district or anonymous
    url: str
    goal: int | None = None  # p95 in ms
    flat: bool = True  # the issue asks ≤ 1.5× from the first size to the last
    depth: int = 1  # the page reached by following "next" from `url` this many times less one
    times: dict[int, list[float]] = field(default_factory=dict)
    queries: int = 0
    scan: bool = False  # a statement's plan scans the appeals (esep.lib.plans)
    plan: str = ""  # the first statement whose plan scans the appeals, why, and its plan
    error: str = ""


def pages(world: dict[str, Any], year: int) -> list[Page]:
    from esep.api.urls import RESOURCES

    region, district = world["region"], world["district"]
    inbox = "/kk/appeals/"
    today = dt.date.today()
    month_ago = (today - dt.timedelta(days=30)).isoformat()
    listed = [
        Page("inbox, national (admin)", "national", inbox, INBOX),
        Page("inbox, a region's officer", "region", inbox, INBOX),
        Page("inbox, a district's officer", "district", inbox, INBOX),
        Page(f"inbox, national, page {DEPTH}", "national", inbox, INBOX, depth=DEPTH),
        Page(f"inbox, region, page {DEPTH}", "region", inbox, INBOX, depth=DEPTH),
        Page(f"inbox, district, page {DEPTH}", "district", inbox, INBOX, depth=DEPTH),
    ]
    filters = [
        "status=open",
        "status=closed",
        "deadline=overdue",
        "deadline=3",
        "kind=complaint",
        "channel=hotline",
        f"category={world['category']}",
        f"territory={world['territory']}",
        f"branch={district.code}",
        "controlled=on",
        "attention=on",
        f"registered_from={month_ago}&registered_to={today.isoformat()}",
        "sort=-registered_on",
        "sort=registered_on",
    ]
    for query in filters:
        listed.append(Page(f"inbox, national, {query}", "national", f"{inbox}?{query}", INBOX))
    for query in ("mine=on", "status=open", "deadline=overdue", "sort=-registered_on"):
        listed.append(Page(f"inbox, district, {query}", "district", f"{inbox}?{query}", INBOX))
    listed.append(
        Page(f"inbox, national, overdue, page {DEPTH}", "national",
             f"{inbox}?deadline=overdue", INBOX, depth=DEPTH)
    )  # fmt: skip
    listed += [
        Page("search, exact appeal number", "national", f"{inbox}?q={world['number']}", INBOX),
        Page("search, tracking code", "national", f"{inbox}?q={world['tracking_code']}", INBOX),
        Page(f"search, common word ({world['common']})", "national",
             f"{inbox}?q={world['common']}", SEARCH),
        Page("search, common word, district", "district", f"{inbox}?q={world['common']}",
             SEARCH),
        Page(f"search, rare word ({world['rare']})", "national", f"{inbox}?q={world['rare']}",
             SEARCH),
        Page("appeal's page", "national", f"/kk/appeals/{world['appeal']}/", INBOX, flat=False),
    ]  # fmt: skip
    api = "/api/v1/appeals/"
    listed += [
        Page("/api/v1/appeals/", "national", api, API),
        Page("/api/v1/appeals/, a district's officer", "district", api, API),
        Page(f"/api/v1/appeals/, page {DEPTH}", "national", api, API, depth=DEPTH),
        Page("/api/v1/appeals/?status=open", "national", f"{api}?status=open", API),
        Page("/api/v1/appeals/?deadline=overdue", "national", f"{api}?deadline=overdue", API),
        Page("/api/v1/appeals/?q=<number>", "national", f"{api}?q={world['number']}", API),
        Page("/api/v1/appeals/<id>/", "national", f"{api}{world['appeal']}/", API),
    ]
    for prefix, _name in RESOURCES:
        if prefix not in ("appeals", "figures"):
            listed.append(Page(f"/api/v1/{prefix}/", "national", f"/api/v1/{prefix}/", API))
    listed += [
        Page("Open311 requests.json", "anonymous", "/open311/v2/requests.json", API),
        Page("Open311 services.json", "anonymous", "/open311/v2/services.json", API),
        Page(f"figures page, country, {year}", "national",
             f"/kk/figures/?scope=central&year={year}", FIGURES),
        Page(f"figures page, country, {year}, by category", "national",
             f"/kk/figures/?scope=central&year={year}&breakdown=category", FIGURES),
        Page(f"figures page, region, {year}", "region",
             f"/kk/figures/?scope={region.code}&year={year}", FIGURES),
        Page(f"figures page, district, {year}", "national",
             f"/kk/figures/?scope={district.code}&year={year}", FIGURES),
        Page(f"/api/v1/figures/?scope=central&year={year}", "national",
             f"/api/v1/figures/?scope=central&year={year}", FIGURES),
    ]  # fmt: skip
    return listed


def main() -> None:
    benchkit.setup("esep-bench-scale-", test_client=True)
    import benchfill
    from django.db import connection

    if connection.vendor != "postgresql":
        sys.exit("bench_scale: PostgreSQL only (COPY): scripts/with-postgres .venv/bin/python …")
    if KEEP and not all(os.environ.get(k) for k in ("FIELD_ENCRYPTION_KEYS", "LOOKUP_HASH_KEY")):
        sys.exit("bench_scale: BENCH_KEEP needs FIELD_ENCRYPTION_KEYS and LOOKUP_HASH_KEY set")
    maintenance = connection.settings_dict["NAME"]
    year = dt.date.today().year - 1  # the last whole year the fill covers
    listed: list[Page] = []
    baseline: dict[int, list[float]] = {}
    fills: list[tuple[int, dict[str, Any]]] = []
    world: dict[str, Any] = {}
    clients: dict[str, Any] = {}
    for size in SIZES:
        if KEEP or not world:
            if KEEP:
                use_database(maintenance, f"esep_scale_{size}")
            world, clients = prepare()
        made = benchfill.fill(size)
        fills.append((size, made))
        phases = ", ".join(f"{k} {v:.0f} s" for k, v in made.get("phases", {}).items())
        rate = made["added"] / made["seconds"] if made["seconds"] else 0
        print(
            f"\n{size:,} appeals: {made['added']:,} added in {made['seconds']:.0f} s "
            f"({rate:,.0f} rows/s; {phases})",
            flush=True,
        )
        if FILL_ONLY:
            continue
        world.update(samples())
        if not listed:
            listed = [p for p in pages(world, year) if ONLY.search(p.label)]
        else:  # the same pages; the search values refreshed for the bigger table
            fresh = {p.label: p.url for p in pages(world, year)}
            for p in listed:
                p.url = fresh.get(p.label, p.url)
        baseline[size] = benchkit.repeat(lambda: sql(BASELINE), RUNS)[0]
        for page in listed:
            measure(page, size, clients[page.who])
            print(f"  {page.label:<58} {line(page.times.get(size))}", flush=True)
    if not FILL_ONLY:
        report(listed, baseline, fills)


def use_database(maintenance: str, name: str) -> None:
    """Switch to the database `name` on the same server, made when missing."""
    from django.core.cache import caches
    from django.db import connection

    connection.close()
    connection.settings_dict["NAME"] = maintenance
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if cursor.fetchone() is None:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connection.close()
    connection.settings_dict["NAME"] = name
    for cache in caches.all():  # what was read of the other database
        cache.clear()


def prepare() -> tuple[dict[str, Any], dict[str, Any]]:
    """The schema migrated, the organisation made (once per database) and a signed-in client
    for each kind of user."""
    import benchfill
    from django.core.management import call_command
    from django.test import Client

    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    world = benchfill.org()
    print(f"organisation ready in {benchkit.duration(time.perf_counter() - started)}")
    clients: dict[str, Any] = {"anonymous": Client()}
    for key, user in world["users"].items():
        clients[key] = Client()
        clients[key].force_login(user)
    return world, clients


def samples() -> dict[str, Any]:
    """What the searches and record pages look for, read from the data: a recent open
    appeal's number, tracking code and id; a category, a district's territory; the commonest
    and a rare word of the texts."""
    from esep.appeals.models import Appeal, Category
    from esep.org.models import Territory

    recent = Appeal.objects.filter(status="in_progress").order_by("-id").first()
    assert recent is not None
    return {
        "number": recent.number,
        "tracking_code": recent.tracking_code,
        "appeal": recent.pk,
        "category": Category.objects.order_by("path").values_list("code", flat=True)[1],
        "territory": Territory.objects.filter(depth=3).order_by("path")[0].kato,
        "common": "жарық",
        "rare": "Ақбұлақ7",
    }


def sql(statement: str) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(statement)
        cursor.fetchall()


NEXT_LINK = re.compile(r"<a\b[^>]*\brel=\"next\"[^>]*>", re.I)
HREF = re.compile(r"\bhref=\"([^\"]*)\"")


def next_url(url: str, response: Any) -> str | None:
    """The next page's address as the page gives it: the API's `next`, the HTML page's
    `rel="next"` link, or its pager's link to the page after this one."""
    if response["Content-Type"].startswith("application/json"):
        following = response.json().get("next")
        if not following:
            return None
        parts = urlsplit(following)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    text = response.content.decode()
    found = NEXT_LINK.search(text)
    if found and (href := HREF.search(found.group(0))):
        target = html.unescape(href.group(1))
    else:
        current = re.search(r"[?&]page=(\d+)", url)
        wanted = (int(current.group(1)) if current else 1) + 1
        links = [html.unescape(h) for h in HREF.findall(text)]
        target = next((h for h in links if re.search(rf"[?&]page={wanted}(&|$)", h)), "")
        if not target:
            return None
    if target.startswith("?"):
        return url.split("?")[0] + target
    return target


def measure(page: Page, size: int, client: Any) -> None:
    """Reach the page (following "next" for a deep one), then time it BENCH_RUNS times;
    count its queries and look at their plans."""
    page.error = ""
    url = page.url
    for step in range(page.depth - 1):
        response = client.get(url)
        following = next_url(url, response) if response.status_code == 200 else None
        if following is None:
            page.error = f"no page after {step + 1} (status {response.status_code})"
            page.times[size] = []
            return
        url = following

    def get() -> None:
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"{response.status_code}")

    try:
        get()  # warm: the first request of a page fills caches (templates, the calendar)
        # What this process holds from before is kept out of the full garbage collections,
        # as scripts/serve-prod's workers keep their loaded application (gunicorn.conf.py):
        # otherwise one run in twenty waits 200-260 ms for a collection of the bench itself.
        gc.freeze()
        page.times[size] = benchkit.repeat(get, RUNS)[0]
    except RuntimeError as error:
        page.error = f"status {error}"
        page.times[size] = []
        return
    reads = captured(get)
    page.queries = len(reads)
    plans = [(q, scanned(q, size)) for q in reads if "appeals_appeal" in q]
    scanning = [(q, plan) for q, plan in plans if plan]
    page.scan = bool(scanning)
    page.plan = f"{scanning[0][0]}\n{scanning[0][1]}" if scanning else ""


def captured(work: Callable[[], object]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        work()
    return [q["sql"] for q in queries]


def scanned(statement: str, size: int) -> str:
    """Why PostgreSQL's plan of the statement scans appeals_appeal, as the plan guard asks it
    (`esep.lib.plans.scans`, the table taken at its size), with the plan; empty when it
    does not."""
    from django.db import DatabaseError, connection, transaction

    from esep.lib.plans import scans

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            why = scans(cursor, statement, "appeals_appeal", rows=size)
            if not why:
                return ""
            cursor.execute("EXPLAIN " + statement)
            return ", ".join(why) + "\n" + "\n".join(row[0] for row in cursor.fetchall())
    except DatabaseError:
        return ""


def line(times: list[float] | None) -> str:
    if not times:
        return f"{'—':>9} {'—':>9}"
    return f"{statistics.median(times):9.1f} {benchkit.percentile(times, 95):9.1f}"


def report(
    listed: list[Page], baseline: dict[int, list[float]], fills: list[tuple[int, dict[str, Any]]]
) -> None:
    first, last = SIZES[0], SIZES[-1]
    print("\nfill:")
    for size, made in fills:
        rate = made["added"] / made["seconds"] if made["seconds"] else 0
        print(f"  to {size:>12,}: {made['added']:>12,} rows in {made['seconds']:7.0f} s, "
              f"{rate:9,.0f} rows/s")  # fmt: skip
    base = {s: statistics.median(t) for s, t in baseline.items()}
    print(f"\nhand-written SQL baseline: {BASELINE}")
    print("  " + "   ".join(f"{s:,}: {line(t).split()[0]} ms (p95 {line(t).split()[1]})"
                            for s, t in baseline.items()))  # fmt: skip
    heads = "".join(f" {f'{s:,} med':>11} {'p95':>8}" for s in SIZES)
    print(
        f"\n{'page (ms)':<58}{heads} {'growth':>7} {'goal':>6} {'met?':>5} "
        f"{'×SQL':>7} {'queries':>7} {'scan':>8}"
    )
    for page in listed:
        cells = ""
        for size in SIZES:
            times = page.times.get(size)
            if times:
                cells += f" {statistics.median(times):11.1f} {benchkit.percentile(times, 95):8.1f}"
            else:
                cells += f" {'—':>11} {'—':>8}"
        if page.times.get(first) and page.times.get(last):
            growth = statistics.median(page.times[last]) / statistics.median(page.times[first])
            grown = f"{growth:6.2f}×"
        else:
            growth, grown = 0.0, f"{'—':>7}"
        met = "—"
        if page.goal and page.times.get(last):
            ok = benchkit.percentile(page.times[last], 95) < page.goal
            if page.flat and len(SIZES) > 1:
                ok = ok and growth <= 1.5
            met = "yes" if ok else "NO"
        ratio = (
            f"{statistics.median(page.times[last]) / base[last]:6.0f}×"
            if page.times.get(last) and base.get(last)
            else f"{'—':>7}"
        )
        goal = f"<{page.goal}" if page.goal else "—"
        seq = "SCAN" if page.scan else "no"
        print(
            f"{page.label[:58]:<58}{cells} {grown:>7} {goal:>6} {met:>5} {ratio:>7} "
            f"{page.queries:>7} {seq:>8}" + (f"  ({page.error})" if page.error else "")
        )
    if os.environ.get("BENCH_PLANS"):
        print("\nthe statements whose plan scans appeals_appeal (last size), and why:")
        for page in listed:
            if page.plan:
                print(f"\n{page.label}:\n{page.plan}")


if __name__ == "__main__":
    main()
