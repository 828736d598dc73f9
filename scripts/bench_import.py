"""The appeal import at scale: fill a scratch PostgreSQL with BENCH_SIZE appeals (the
national registry of `benchfill`, written by COPY), then import BENCH_IMPORT_ROWS rows of a
CSV file through the import's own entry point (`appeals.imports.import_appeals`, as the
worker and `esep import-appeals` run it: every row checked, applicants found or recorded,
deadlines, statuses, events, the counters kept by their triggers), and COPY the very same
file into a plain table of text columns in the same run: rows per second of each, and
their ratio. Then the counters are checked against the appeals, and the import's peak
memory (the process's resident size) is printed beside the file's size. Last, the imported
rows are written once more by COPY straight into the appeals table (its indexes and
triggers in force, then rolled back): the most PostgreSQL itself writes of them there.

    scripts/with-postgres .venv/bin/python scripts/bench_import.py
    BENCH_SIZE=1000000 (default) BENCH_IMPORT_ROWS=100000 (default)
    BENCH_IMPORT_ONLY=1: no fill, the import into an empty registry (a quick look)

The rows are shaped like a branch's export from another system: the district and regional
branches' appeals of the past year, 70% with an applicant's IIN (a third of them people
already in the registry, so both finding and recording are timed), 15% with a phone and
names only, the rest anonymous; 60% answered or closed with an outcome and answer date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import resource
import sys
import time

import benchkit

SIZE = int(os.environ.get("BENCH_SIZE", "1000000"))
ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
IMPORT_ONLY = os.environ.get("BENCH_IMPORT_ONLY") == "1"
SURNAMES = ["Омаров", "Ахметова", "Сейітқалиев", "Иванов", "Нұрланова", "Ким", "Жұмабаев"]
NAMES = ["Ерлан", "Айгүл", "Асқар", "Ольга", "Дана", "Нұрлан", "Сергей"]
MOBILE = ["701", "702", "705", "707", "747", "771", "775", "776", "777", "778"]
WORDS = [
    "жол",
    "жарық",
    "су",
    "мектеп",
    "аурухана",
    "дорога",
    "освещение",
    "вода",
    "школа",
    "жөндеу",
    "ремонт",
    "аула",
    "двор",
]


def rss_mb() -> float:
    """The process's peak resident size so far, in MB (Linux gives kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def columns() -> list[str]:
    """The columns esep's importer reads (after `benchkit.setup`)."""
    from esep.appeals.imports import COLUMNS

    return COLUMNS


def main() -> None:
    # The limits an administrator raises for a file of this size.
    os.environ.setdefault("IMPORT_MAX_ROWS", str(ROWS + 10))
    os.environ.setdefault("IMPORT_MAX_MB", "2048")
    os.environ.setdefault("IMPORT_MAX_ERRORS", "200")
    benchkit.setup("esep-bench-import-")
    import benchfill
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    if connection.vendor != "postgresql":
        sys.exit("bench_import: run it under scripts/with-postgres (COPY is the baseline)")
    made = benchfill.org()
    if not IMPORT_ONLY:
        filled = benchfill.fill(SIZE)
        print(f"fill: {filled['added']:,} appeals added in {filled['seconds']:.0f} s")
    content = rows_file(ROWS)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM appeals_appeal")
        before = cursor.fetchone()[0]
    print(
        f"database: PostgreSQL; appeals before the import: {before:,}; "
        f"file: {ROWS:,} rows, {len(content) / 1e6:.1f} MB of CSV"
    )

    copy_seconds = copy_plain(content)
    admin = made["users"]["national"]
    rss_before = rss_mb()
    import_seconds, result = benchkit.timed(lambda: run_import(content, admin), "import")
    rss_after = rss_mb()
    created, skipped = result
    assert created == ROWS and skipped == 0, result

    copy_rate, import_rate = ROWS / copy_seconds, ROWS / import_seconds
    print(f"COPY into a plain table: {copy_seconds:8.2f} s  {copy_rate:12,.0f} rows/s")
    print(f"import_appeals:          {import_seconds:8.2f} s  {import_rate:12,.0f} rows/s")
    print(f"import / COPY: {import_rate / copy_rate:.2%} of COPY's rate (goal: 25%)")
    print(
        f"peak resident memory: {rss_before:.0f} MB before the import, {rss_after:.0f} MB "
        f"after (the file itself: {len(content) / 1e6:.0f} MB)"
    )
    check_counters()
    into_seconds = copy_into_appeals()
    into_rate = ROWS / into_seconds
    print(
        f"COPY into esep's appeals table: {into_seconds:8.2f} s  {into_rate:12,.0f} rows/s "
        f"({into_rate / copy_rate:.2%} of a plain table's; import / this: "
        f"{import_rate / into_rate:.1%})"
    )


def copy_into_appeals() -> float:
    """The imported appeals written once more by COPY straight into esep's appeals table —
    its indexes, generated search column, checks, deferred foreign keys and counter
    triggers all in force — as new appeals (other ids, numbers and tracking codes), then
    rolled back: what PostgreSQL itself writes of these very rows into this table, the
    most any importer could."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT attname FROM pg_attribute WHERE attrelid = 'appeals_appeal'::regclass "
            "AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum"
        )
        names = [name for (name,) in cursor.fetchall()]
        cursor.execute("SELECT max(id) FROM appeals_appeal")
        last = cursor.fetchone()[0]
        # New keys for the same rows: ids after the last, numbers marked, tracking codes
        # read backwards with their first letter changed.
        made = {
            "id": f"id + {last}",
            "number": "'C-' || number",
            "tracking_code": "translate(reverse(tracking_code), 'ABCDEFGH', 'HGFEDCBA')",
        }
        selected = ", ".join(made.get(name, name) for name in names)
        buffer = io.BytesIO()
        with cursor.copy(
            f"COPY (SELECT {selected} FROM appeals_appeal ORDER BY id DESC LIMIT {ROWS}) "
            "TO STDOUT WITH (FORMAT binary)"
        ) as copy:
            for data in copy:
                buffer.write(data)
    listed = ", ".join(f'"{name}"' for name in names)
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        with cursor.copy(f"COPY appeals_appeal ({listed}) FROM STDIN WITH (FORMAT binary)") as copy:
            copy.write(buffer.getvalue())
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the deferred keys checked
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)  # the COPY undone as the block ends
    return seconds


def run_import(content: bytes, admin: object) -> tuple[int, int]:
    from esep.appeals.imports import ImportFailed, import_appeals, importable_branches

    try:
        return import_appeals(content, actor=admin, branches=importable_branches(admin))  # type: ignore[arg-type]
    except ImportFailed as failure:
        sys.exit(f"the bench's file was refused: {failure.errors[:5]}")


def copy_plain(content: bytes) -> float:
    """The same file by COPY into a plain table of text columns: PostgreSQL's raw rate."""
    from django.db import connection, transaction

    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_copy")
        cursor.execute(
            "CREATE TABLE bench_import_copy ("
            + ", ".join(f"{column} text" for column in columns())
            + ")"
        )
        started = time.perf_counter()
        with cursor.copy(
            "COPY bench_import_copy FROM STDIN WITH (FORMAT csv, HEADER true)"
        ) as copy:
            copy.write(content)
        seconds = time.perf_counter() - started
        cursor.execute("SELECT count(*) FROM bench_import_copy")
        assert cursor.fetchone()[0] == ROWS
        cursor.execute("DROP TABLE bench_import_copy")
    return seconds


def check_counters() -> None:
    """The counters the statement triggers kept against the appeals themselves."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM appeals_appeal")
        appeals = cursor.fetchone()[0]
        cursor.execute("SELECT sum(received) FROM figures_appealday")
        received = cursor.fetchone()[0]
        cursor.execute(
            "SELECT facet, sum(received) FROM figures_appealmonthfacet GROUP BY facet "
            "ORDER BY facet"
        )
        facets = dict(cursor.fetchall())
    ok = received == appeals and set(facets.values()) == {appeals}
    print(
        f"counters: {appeals:,} appeals, {received:,} counted by day, by facet {facets}: "
        + ("agree" if ok else "DISAGREE")
    )
    if not ok:
        sys.exit(1)


def rows_file(count: int) -> bytes:
    """A CSV file of `count` appeals as another system exports them."""
    from esep.appeals.models import Category, Channel, Kind, Outcome
    from esep.lib.iin import make_iin
    from esep.org.models import Branch, Person

    rng = random.Random(19)
    branches = list(
        Branch.objects.filter(kind__in=["district", "region"], territory__isnull=False)
        .select_related("territory")
        .order_by("path")
    )
    categories = list(Category.objects.filter(numchild=0).values_list("code", flat=True))
    # Some applicants are people the registry has: recorded here with valid IINs (the
    # fill's synthetic IINs do not pass the check digit an import verifies).
    known = [
        make_iin(dt.date(1940, 1, 1) + dt.timedelta(days=n), "female", 9000 + n % 900)  # type: ignore[arg-type]
        for n in range(5000)
    ]
    Person.objects.bulk_create(
        [
            Person(surname=SURNAMES[n % 7], given_name=NAMES[n % 7], iin=iin)
            for n, iin in enumerate(known)
        ],
        ignore_conflicts=True,
    )
    outcomes = [o.value for o in Outcome]
    channels = [c.value for c in Channel if c.value != "mobile_reception"]
    kinds = [k.value for k in Kind]
    today = dt.date.today()
    out: list[list[object]] = [list(columns())]
    for n in range(count):
        branch = rng.choice(branches)
        received = dt.datetime.combine(
            today - dt.timedelta(days=rng.randrange(20, 365)),
            dt.time(rng.randrange(8, 20), rng.randrange(60)),
        )
        draw = rng.random()
        iin = name = phone = ""
        if draw < 0.7:
            if known and rng.random() < 1 / 3:
                iin = rng.choice(known)
            else:
                sex = rng.choice(["male", "female"])
                born = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(20000))
                iin = make_iin(born, sex, rng.randrange(1, 9999))  # type: ignore[arg-type]
            name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)}"
        elif draw < 0.85:
            phone = f"8 {rng.choice(MOBILE)} {rng.randrange(1000000, 9999999)}"
            name = f"{rng.choice(SURNAMES)} {rng.choice(NAMES)}"
        status = outcome = answered = ""
        if rng.random() < 0.6:
            status = rng.choice(["answered", "closed", "closed"])
            outcome = rng.choice(outcomes)
            answered = (received + dt.timedelta(days=rng.randrange(1, 20))).strftime(
                "%d.%m.%Y %H:%M"
            )
        out.append(
            [
                f"EXT-{n:07d}",
                received.strftime("%d.%m.%Y %H:%M"),
                rng.choice(channels),
                rng.choice(kinds),
                rng.choice(categories),
                branch.territory.kato,
                branch.code,
                iin,
                name,
                phone,
                " ".join(rng.choice(WORDS) for _ in range(rng.randrange(8, 40))),
                status,
                outcome,
                answered,
            ]
        )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(out)
    return buffer.getvalue().encode("utf-8")


if __name__ == "__main__":
    main()
