"""Throughput as it is served: esep under its production server (scripts/serve-prod:
gunicorn's sync workers, the background worker beside them) on loopback against a
PostgreSQL filled with synthetic appeals, loaded by wrk — an appeal's API detail, Open311's
reads, the API's lists and its figures — beside a hello-world WSGI app served by the same
server with the same workers in the same run, the ceiling of the server and the machine.

    scripts/with-postgres .venv/bin/python scripts/bench_serve.py
    BENCH_SIZES=100000,1000000 (default)  BENCH_SECONDS=10  BENCH_CONNECTIONS=8
    WEB_CONCURRENCY (the web workers, as scripts/serve-prod: 2 per core + 1)

Needs wrk (Debian: apt-get install wrk). The API is called with the central
administrator's token, as a script of the central office would; every URL is checked to
answer 200 before it is loaded, and any other answer under load is counted and printed.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

import benchkit

SIZES = [int(n) for n in os.environ.get("BENCH_SIZES", "100000,1000000").split(",")]
SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = int(os.environ.get("WEB_CONCURRENCY", str(2 * (os.cpu_count() or 1) + 1)))
ROOT = Path(__file__).resolve().parent.parent
ESEP_PORT, HELLO_PORT = 8761, 8762
GOAL = 1000  # req/s, an appeal's detail and Open311's reads (issue #19)

HELLO = """def app(environ, start_response):
    body = b"Hello, world!\\n"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


def main() -> None:
    if not shutil.which("wrk"):
        sys.exit("bench_serve: wrk not found (Debian: apt-get install wrk)")
    benchkit.setup("esep-bench-serve-")
    from django.core.management import call_command
    from django.db import connection

    from esep.access.tokens import issue_token
    from esep.appeals.models import Appeal

    if connection.vendor != "postgresql":
        sys.exit("bench_serve: run it under scripts/with-postgres")
    call_command("migrate", verbosity=0)
    admin, _district = world()
    token = issue_token(admin, name="bench", days=30)
    # The server's own environment: the scratch data folder and keys this run made, DEBUG
    # off as in production, plain HTTP on loopback.
    server_env = {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "WEB_CONCURRENCY": str(WORKERS),
    }
    folder = Path(tempfile.mkdtemp(prefix="esep-bench-serve-hello-"))
    (folder / "hello.py").write_text(HELLO)
    print(
        f"gunicorn, {WORKERS} sync workers; wrk, {CONNECTIONS} connections, {SECONDS} s each; "
        f"{os.cpu_count()} cores shared by the server, PostgreSQL and wrk"
    )
    for size in SIZES:
        started = time.perf_counter()
        fill(size)
        made = Appeal.objects.count()
        print(f"\n{made:,} appeals (filled in {time.perf_counter() - started:.0f} s)")
        targets = urls(token)
        hello = serve(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "hello:app",
                "--chdir",
                str(folder),
                "--bind",
                f"127.0.0.1:{HELLO_PORT}",
                "--workers",
                str(WORKERS),
                "--worker-class",
                "sync",
            ],
            server_env,
            f"http://127.0.0.1:{HELLO_PORT}/",
        )
        try:
            baseline = load(f"http://127.0.0.1:{HELLO_PORT}/", {})
        finally:
            stop(hello)
        esep = serve(
            [str(ROOT / "scripts/serve-prod"), f"127.0.0.1:{ESEP_PORT}"],
            server_env,
            f"http://127.0.0.1:{ESEP_PORT}/open311/v2/discovery.json",
        )
        settle()
        # Whatever else runs on the machine takes its share of the cores: said with the figures.
        busy = ", ".join(f"{n:.1f}" for n in os.getloadavg())
        print(f"  load average before the load (1, 5, 15 min): {busy}")
        header = f"  {'endpoint':<44} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'÷ hello':>8}"
        print(header)
        print(f"  {'hello-world WSGI app (same server, workers)':<44} {row(baseline, baseline)}")
        try:
            for label, path, headers in targets:
                url = f"http://127.0.0.1:{ESEP_PORT}{path}"
                check(url, headers)
                result = load(url, headers)
                goal = "  (goal ≥ 1,000)" if label.startswith(("appeal's", "open311")) else ""
                print(f"  {label:<44} {row(result, baseline)}{goal}")
        finally:
            stop(esep)


def settle() -> None:
    """Wait (up to 10 minutes) for the background worker to finish the tasks queued when the
    server started (the day's reminders), so that the load meets the server at rest."""
    from django_tasks_db.models import DBTaskResult

    started = time.perf_counter()
    while time.perf_counter() - started < 600:
        pending = DBTaskResult.objects.ready().count() + DBTaskResult.objects.running().count()
        if not pending:
            break
        time.sleep(2)
    print(f"  (the worker's queued tasks done in {time.perf_counter() - started:.0f} s)")


def world() -> tuple[Any, Any]:
    """The registry the benches load, and its central administrator and a district branch:
    scripts/benchfill.py's country where that file exists (about 3,000 branches, its
    busiest district), else the demo's (Qyzylqoga district)."""
    from django.core.management import call_command

    from esep.access.models import User
    from esep.org.models import Branch

    try:
        import benchfill  # type: ignore[import-not-found]
    except ImportError:
        call_command("demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        return User.objects.get(username="admin"), Branch.objects.get(code="atyrau-kyzylkoga")
    made = benchfill.org()
    return made["users"]["national"], made["district"]


def fill(total: int) -> None:
    """Synthetic appeals until the table holds `total`: scripts/benchfill.py's (COPY,
    shaped like the country's registry) where it exists, else bench_figures.py's."""
    from esep.appeals.models import Appeal

    try:
        import benchfill
    except ImportError:
        import bench_figures

        from esep.figures.rollup import bulk_load

        count = total - Appeal.objects.count()
        if count > 0:
            with bulk_load():
                bench_figures.fill(count)
            benchkit.analyze()
        return
    benchfill.fill(total)


def urls(token: str) -> list[tuple[str, str, dict[str, str]]]:
    """What is loaded: (label, path, headers). The appeal and the Open311 window are the
    newest of the fill, as a client following recent appeals would ask."""
    from django.db.models import Max

    from esep.appeals.models import Appeal

    auth = {"Authorization": f"Token {token}"}
    appeal = Appeal.objects.order_by("-id").values("id", "number").first()
    assert appeal is not None
    newest = Appeal.objects.aggregate(Max("received_at"))["received_at__max"]
    window = (
        f"start_date={(newest - dt.timedelta(days=30)).strftime('%Y-%m-%dT%H:%M:%SZ')}"
        f"&end_date={newest.strftime('%Y-%m-%dT%H:%M:%SZ')}"
    )
    figures = "scope=central&year=2021"
    return [
        ("appeal's API detail", f"/api/v1/appeals/{appeal['id']}/", auth),
        ("open311 services.json", "/open311/v2/services.json", {}),
        ("open311 requests.json (last 90 days)", "/open311/v2/requests.json", {}),
        ("open311 requests.json (newest 30 days)", f"/open311/v2/requests.json?{window}", {}),
        ("open311 requests/<number>.json", f"/open311/v2/requests/{appeal['number']}.json", {}),
        ("/api/v1/appeals/", "/api/v1/appeals/", auth),
        ("/api/v1/appeals/?status=in_progress", "/api/v1/appeals/?status=in_progress", auth),
        ("/api/v1/people/", "/api/v1/people/", auth),
        ("/api/v1/branches/", "/api/v1/branches/", auth),
        ("/api/v1/receptions/", "/api/v1/receptions/", auth),
        ("/api/v1/issues/", "/api/v1/issues/", auth),
        ("/api/v1/instructions/", "/api/v1/instructions/", auth),
        ("/api/v1/mandates/", "/api/v1/mandates/", auth),
        ("/api/v1/figures/?scope=central&year=2021", f"/api/v1/figures/?{figures}", auth),
        ("a static file (whitenoise)", "/static/esep/esep.css", {}),
    ]


def serve(command: list[str], env: dict[str, str], ready: str) -> subprocess.Popen[bytes]:
    """Start a server in a process group of its own and wait until `ready` answers."""
    log = Path(tempfile.mkstemp(prefix="esep-bench-serve-", suffix=".log")[1])
    with log.open("wb") as out:  # the server keeps its own copy of the file
        process = subprocess.Popen(
            command, env=env, cwd=ROOT, stdout=out, stderr=out, start_new_session=True
        )
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(ready, timeout=60):
                    return process
            except OSError:  # not listening yet (URLError is one)
                if process.poll() is not None:
                    break
                time.sleep(0.2)
    except BaseException:
        stop(process)
        raise
    stop(process)
    sys.exit(f"bench_serve: {command[0]} did not start:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server started by serve(): its own process group, politely, then for good."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def check(url: str, headers: dict[str, str]) -> None:
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as response:
        assert response.status == 200, (url, response.status)


def load(url: str, headers: dict[str, str]) -> dict[str, float]:
    """wrk's figures for `url`: requests per second, p50 and p99 latency in ms, and the
    answers other than 2xx/3xx."""
    command = ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{SECONDS}s", "--latency", "--timeout", "30s"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    rate = re.search(r"Requests/sec:\s+([\d.]+)", out)
    assert rate, out
    other = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rate": float(rate.group(1)),
        "p50": latency(out, "50%"),
        "p99": latency(out, "99%"),
        "errors": float(other.group(1)) if other else 0.0,
    }


def latency(out: str, which: str) -> float:
    """A percentile of wrk's latency distribution, in ms."""
    found = re.search(rf"^\s*{re.escape(which)}\s+([\d.]+)(us|ms|s)\s*$", out, re.MULTILINE)
    if not found:
        return float("nan")
    value, unit = float(found.group(1)), found.group(2)
    return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def row(result: dict[str, float], baseline: dict[str, float]) -> str:
    ratio = result["rate"] / baseline["rate"] if baseline["rate"] else 0.0
    errors = f"  {result['errors']:.0f} not 2xx/3xx!" if result["errors"] else ""
    return f"{result['rate']:8,.0f} {result['p50']:8.1f} {result['p99']:8.1f} {ratio:8.3f}{errors}"


if __name__ == "__main__":
    main()
