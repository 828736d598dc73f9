"""Importing an aid campaign's beneficiaries at scale (issue 17): a CSV of 100,000 families
(valid IINs, names, phones, addresses, KATO codes, members, categories as volunteers write
them) uploaded into a campaign and imported through the real import job — `aid.tasks.
start_import` keeps the file, the job runs `run_import` (here at once, on commit, as the
worker would) and every row is read, checked, compared with the others and with the campaign
for duplicates by head and by address, and written in chunks through
`aid.actions.register_households`, all or none — timed from the upload to the job done.

Beside it, in the same run on the same database, a baseline: the same rows as plain text
bulk-inserted into a table of the same columns with no checks, no encryption, no digests (the
least any import must write). Prints both rates, the ratio and the job's own counts.

    .venv/bin/python scripts/bench_aid.py                     # SQLite in a temporary folder
    scripts/with-postgres .venv/bin/python scripts/bench_aid.py
    BENCH_ROWS=100000 (default)
    BENCH_PROFILE=1: where the import's time goes (profiled: slower than unprofiled)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import random
import time
from collections.abc import Iterator, Sequence
from typing import Any

import benchkit

ROWS = int(os.environ.get("BENCH_ROWS", "100000"))
BATCH = 5000
CATEGORIES = ["көп балалы", "зейнеткер", "табыссыз қалған", "мүгедек", "малообеспеченная"]
SURNAMES = ["Омарова", "Сәрсенов", "Исатаев", "Жұмабаева", "Кенжеғалиев", "Иванова", "Ким"]
NAMES = ["Гүлнар", "Ерлан", "Сәуле", "Бауыржан", "Жанар", "Марат", "Елена", "Сергей"]
STREETS = ["Абай көшесі", "ул. Сатпаева", "Махамбет көшесі", "Азаттық даңғылы", "мкр. Нурсая"]
COLUMNS = [
    "iin",
    "surname",
    "given_name",
    "patronymic",
    "phone",
    "address",
    "territory",
    "members",
    "category",
]


def main() -> None:
    # The job runs when its upload commits, in this process, as the worker would run it.
    os.environ["TASKS_BACKEND"] = "django_tasks.backends.immediate.ImmediateBackend"
    # One file of all the rows: the upload limits raised to hold it.
    os.environ.setdefault("IMPORT_MAX_ROWS", str(ROWS + 10))
    os.environ.setdefault("IMPORT_MAX_MB", str(ROWS // 5000 + 10))
    benchkit.setup("esep-bench-aid-")
    from django.core.management import call_command
    from django.db import connection, transaction

    from esep.aid import tasks
    from esep.aid.models import Household, ImportJob
    from esep.org.models import Person

    call_command("migrate", verbosity=0)
    office, campaign, region = fill()
    rows = list(generate(ROWS, region.territory.kato))
    content = as_csv(rows)
    print(
        f"database: {connection.vendor}; {ROWS:,} families in a CSV of "
        f"{len(content) / 1024 / 1024:.1f} MB, imported into one campaign"
    )

    make_baseline_table(connection)
    started = time.perf_counter()
    with transaction.atomic():
        benchkit.put("bench_household", COLUMNS, rows, batch=BATCH)
    baseline = time.perf_counter() - started

    def upload() -> ImportJob:
        with transaction.atomic():
            return tasks.start_import(
                actor=office,
                campaign=campaign,
                what=ImportJob.What.HOUSEHOLDS,
                file_name="beneficiaries.csv",
                content=content,
                language="kk",
                branch=region,
            )

    # Its queries counted without keeping their text (a bulk job's would fill the memory).
    counted = [0]

    def count(execute, sql, params, many, context):
        counted[0] += 1
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        took, job = benchkit.timed(upload, "the import")
    job.refresh_from_db()
    written = Household.objects.filter(campaign=campaign).count()
    assert job.state == ImportJob.State.DONE, (job.state, job.errors[:3])
    assert written == ROWS, written

    print(f"  {'measurement':<64} {'rows/s':>9} {'s':>7}")
    for label, seconds in (
        ("baseline: the same rows as plain text, bulk INSERTs, no checks", baseline),
        ("esep: the import job (read, check, duplicates, people, households)", took),
    ):
        print(f"  {label:<64} {ROWS / seconds:9,.0f} {seconds:7.1f}")
    print(
        f"  ratio: esep imports at {baseline / took:.3f} of the baseline's rate "
        f"({took / baseline:.0f}× slower); {counted[0]:,} queries"
    )
    print(
        f"  the job: {job.state}, {job.counts}; {written:,} households, "
        f"{Person.objects.count():,} people in the database"
    )


def fill() -> tuple[Any, Any, Any]:
    """A country, the central office, one regional branch with its head, and a campaign."""
    from django.db import transaction

    from esep.access.actions import grant_role
    from esep.aid import actions
    from esep.org.models import Branch, Territory

    def names(text: str) -> dict[str, str]:
        return {"name_kk": text, "name_ru": text, "name_en": text}

    with transaction.atomic():
        country = Territory.objects.add_root(
            {"kato": "000000000", "level": "country", **names("Қазақстан")}
        )
        oblast = Territory.objects.add_child(
            country, {"kato": "990000000", "level": "oblast", **names("Облыс")}
        )
        central = Branch.objects.add_root(
            {"code": "central", "kind": "central", "territory": country, **names("Орталық")}
        )
        region = Branch.objects.add_child(
            central,
            {"code": "bench-region", "kind": "regional", "territory": oblast, **names("Облыс")},
        )
        office, _created = grant_role(username="bench-office", role="branch_head", branch=region)
        campaign = actions.create_campaign(
            actor=office,
            code="bench-aid",
            name_kk="Біз біргеміз",
            name_ru="Біз біргеміз",
            branch=region,
            starts_on=dt.date(2020, 4, 1),
            ends_on=dt.date(2020, 6, 30),
            kinds=["food", "money"],
        )
    region = Branch.objects.select_related("territory").get(pk=region.pk)
    return office, campaign, region


def generate(n: int, kato: str) -> Iterator[list[str]]:
    """n families, each head with an IIN of their own and each address once."""
    from esep.lib.iin import make_iin

    rng = random.Random("bench:aid")
    seen: set[str] = set()
    i = 0
    while len(seen) < n:
        female = rng.random() < 0.5
        birth = dt.date(1940, 1, 1) + dt.timedelta(days=rng.randrange(365 * 60))
        iin = make_iin(birth, "female" if female else "male", serial=rng.randrange(10_000))
        if iin in seen:
            continue
        seen.add(iin)
        street = STREETS[i % len(STREETS)]
        house, flat = divmod(i // len(STREETS), 60)
        yield [
            iin,
            rng.choice(SURNAMES),
            rng.choice(NAMES),
            "",
            f"+7 701 {rng.randrange(1_000_000, 9_999_999)}",
            f"{street}, {house + 1} үй, {flat + 1} пәтер",
            kato,
            str(rng.randint(1, 9)),
            rng.choice(CATEGORIES),
        ]
        i += 1


def as_csv(rows: Sequence[Sequence[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue().encode()


def make_baseline_table(connection: Any) -> None:
    columns = ", ".join(f"{c} varchar(255) NOT NULL" for c in COLUMNS)
    key = (
        "id bigserial PRIMARY KEY"
        if connection.vendor == "postgresql"
        else ("id integer PRIMARY KEY AUTOINCREMENT")
    )
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE TABLE bench_household ({key}, {columns})")


if __name__ == "__main__":
    main()
