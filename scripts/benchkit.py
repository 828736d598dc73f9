"""What esep's benchmarks share: a scratch environment, timing, profiling and bulk writes.

Each `scripts/bench_*.py` is run as `python scripts/bench_x.py`, so this folder is on the
import path and `import benchkit` finds this module. Call `setup()` first: it makes the
scratch environment and starts Django; everything else here needs Django started.

    import benchkit

    def main() -> None:
        benchkit.setup("esep-bench-x-")  # before any import of esep's models
        from esep.org.models import Person
        ...

- `setup(prefix, test_client=False)` — a temporary data folder, a secret key and
  encryption keys made for this run, mail kept in memory, then `django.setup()`;
- `analyze(*tables)` — fresh planner statistics after a bulk fill;
- `timed(work, label)` — the wall time of one run and its result (profiled under
  BENCH_PROFILE=1 when labelled);
- `repeat(work, runs, prepare=...)` — the time of each of several runs, in ms;
- `count_queries(work)` — the queries one run of `work` makes;
- `percentile(values, p)` — the p-th percentile of latencies;
- `profile(label, work)` — where a run's time goes: the database's share, the statements
  that took longest, the functions that took longest;
- `put(table, columns, rows)` — rows written in bulk: COPY on PostgreSQL, batched
  INSERTs elsewhere.
"""

from __future__ import annotations

import cProfile
import io
import itertools
import os
import pstats
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from typing import Any, TypeVar

from cryptography.fernet import Fernet

T = TypeVar("T")


def setup(prefix: str, *, test_client: bool = False) -> None:
    """Make the scratch environment and start Django: a temporary folder for the data (the
    SQLite database unless DATABASE_URL names another), a secret key, encryption and
    lookup keys made for this run — a scratch database's personal data is encrypted with
    keys nobody keeps — and mail kept in memory. Whatever the environment already sets
    wins.

    test_client: the benchmark requests pages through Django's test client, which speaks
    plain HTTP to `testserver` and signs staff in with force_login (no second factor)."""
    os.environ.setdefault("ESEP_DATA_DIR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("SECRET_KEY", "bench-only")
    os.environ.setdefault("FIELD_ENCRYPTION_KEYS", Fernet.generate_key().decode())
    os.environ.setdefault("LOOKUP_HASH_KEY", secrets.token_urlsafe(32))
    # Mail is kept in memory: the demo's actions notify people (ethics cases, for one), and
    # a scratch run must neither mail anyone nor fail for want of a mail server.
    os.environ.setdefault("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
    if test_client:
        os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
        os.environ.setdefault("ESEP_REQUIRE_2FA", "0")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "esep.settings")
    import django

    django.setup()


def analyze(*tables: str) -> None:
    """Fresh planner statistics after a bulk fill: VACUUM ANALYZE of the tables named (all
    when none is) on PostgreSQL; ANALYZE of the whole database elsewhere."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(" ".join(["VACUUM ANALYZE", ", ".join(tables)]).strip())
        else:
            cursor.execute("ANALYZE")


def timed(work: Callable[[], T], label: str = "") -> tuple[float, T]:
    """The wall time of one run of `work` in seconds, and its result; with BENCH_PROFILE
    set and a label, profiled (which slows it) and where its time went printed."""
    started = time.perf_counter()
    out = profile(label, work) if label and os.environ.get("BENCH_PROFILE") else work()
    return time.perf_counter() - started, out


def repeat(
    work: Callable[[], T], runs: int, *, prepare: Callable[[], object] | None = None
) -> tuple[list[float], T | None]:
    """The time of each of `runs` runs of `work` in ms, and the last run's result;
    `prepare`, when given, runs untimed before each."""
    times: list[float] = []
    out: T | None = None
    for _ in range(runs):
        if prepare is not None:
            prepare()
        started = time.perf_counter()
        out = work()
        times.append((time.perf_counter() - started) * 1000)
    return times, out


def count_queries(work: Callable[[], object]) -> int:
    """The number of queries one run of `work` makes."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        work()
    return len(queries)


def percentile(values: Sequence[float], p: int) -> float:
    """The p-th percentile of `values` (the nearest rank at or above it); 0 when empty."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, len(ordered) * p // 100)]


def profile(label: str, work: Callable[[], T], *, statements: int = 10, functions: int = 20) -> T:
    """One run of `work` and its result, with where its time went printed: the whole
    against the time in the database (each query timed), the `statements` SQL statements
    that took longest in all (how often each ran) and the `functions` of esep and of
    Django's database layer that took longest, cProfile's cumulative time."""
    from django.db import connection

    spent: dict[str, list[float]] = {}

    def wrapper(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent.setdefault(" ".join(sql.split())[:110], []).append(time.perf_counter() - started)

    profiler = cProfile.Profile()
    started = time.perf_counter()
    with connection.execute_wrapper(wrapper):
        out = profiler.runcall(work)
    whole = time.perf_counter() - started
    in_db = sum(sum(t) for t in spent.values())
    queries = sum(len(t) for t in spent.values())
    print(
        f"  profile, {label}: {duration(whole)}, {duration(in_db)} of it in {queries:,} "
        "queries; the statements that took longest:"
    )
    for sql, times in sorted(spent.items(), key=lambda item: -sum(item[1]))[:statements]:
        print(f"    {sum(times) * 1000:9.1f} ms {len(times):6}×  {sql}")
    text = io.StringIO()
    stats = pstats.Stats(profiler, stream=text).sort_stats("cumulative")
    stats.print_stats("esep|django/db", functions)
    lines = text.getvalue().splitlines()
    header = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
    print("\n".join("    " + line for line in lines[header:] if line.strip()))
    return out


def duration(seconds: float) -> str:
    """A length of time as people read it: in ms under 10 s, in seconds from there."""
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def put(
    table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]], *, batch: int = 5000
) -> None:
    """Rows written in bulk into `table`: COPY on PostgreSQL, INSERTs in batches of
    `batch` rows (one executemany each) elsewhere. Inside the caller's transaction, if any."""
    from django.db import connection

    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        rows = iter(rows)
        while chunk := list(itertools.islice(rows, batch)):
            cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", chunk)
