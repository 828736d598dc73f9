"""esep beside django-helpdesk — what a small office would install instead — on the same
PostgreSQL server, each with a million records, doing the same work in one run: create one,
list the newest 50 open, filter by status, filter by queue/branch, count by status.

    scripts/with-postgres .venv/bin/python scripts/bench_peer.py
    BENCH_PEER_SIZE=1000000 (default)  BENCH_RUNS=20

django-helpdesk is installed from PyPI at run time into a throw-away virtual environment in a
temporary folder, with the Django it asks for, and served by a minimal project generated
there, on a database of its own ("helpdesk") on esep's server. esep is filled as
bench_serve.py fills it (scripts/benchfill.py's country where it exists); helpdesk's tickets
are copied from esep's appeals by COPY, so both hold the same records: a queue for each
branch (about 3,000) and each ticket in its appeal's branch's queue, the same dates and
texts, and the statuses mapped (registered and assigned → Open, in progress → Reopened,
answered → Resolved, closed → Closed). The district filtered by is the fill's busiest.

Each side runs its own code paths, through Django's test client as a signed-in
administrator where a page does the work:
- create one: esep's registration action (`appeals.actions.register_appeal`, as the
  registration page and the API's POST call it); helpdesk's staff ticket form
  (`helpdesk.forms.TicketForm.save`, as its "new ticket" page calls it: the ticket, its
  first follow-up, its e-mails, kept in memory);
- the lists: esep's REST API list of appeals (`/api/v1/appeals/`, the inbox's Listing and
  filters); helpdesk's ticket list as its page loads it (`datatables_ticket_list`, the JSON
  its table fetches, built by `helpdesk.query`), 50 rows;
- count by status: neither has a page for it; each one's ORM through its own access filter
  (`Appeal.objects.visible_to`, `HelpdeskUser.accessible_tickets_q`).
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Any

import benchkit

SIZE = int(os.environ.get("BENCH_PEER_SIZE", "1000000"))
RUNS = int(os.environ.get("BENCH_RUNS", "20"))
# esep's status → helpdesk's (1 Open, 2 Reopened, 3 Resolved, 4 Closed).
STATUSES = {"registered": 1, "assigned": 1, "in_progress": 2, "answered": 3, "closed": 4}
OPERATIONS = [
    "create one",
    "list the newest 50 open",
    "filter by status (in progress / Reopened)",
    "filter by queue/branch (a district)",
    "count by status",
]


def main() -> None:
    benchkit.setup("esep-bench-peer-", test_client=True)
    from django.core.management import call_command
    from django.db import connection

    from esep.appeals.models import Appeal

    if connection.vendor != "postgresql":
        sys.exit("bench_peer: run it under scripts/with-postgres")
    folder = Path(tempfile.mkdtemp(prefix="esep-bench-peer-"))
    started = time.perf_counter()
    python = install_helpdesk(folder)
    print(f"django-helpdesk installed in {time.perf_counter() - started:.0f} s: {versions(python)}")

    call_command("migrate", verbosity=0)
    from bench_serve import fill, world

    admin, district = world()
    started = time.perf_counter()
    fill(SIZE)
    print(f"esep: {Appeal.objects.count():,} appeals in {time.perf_counter() - started:.0f} s")

    with connection.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS helpdesk")
        cursor.execute("CREATE DATABASE helpdesk")
    settings = connection.settings_dict
    env = {
        **os.environ,
        "PYTHONPATH": str(folder),
        "DJANGO_SETTINGS_MODULE": "settings",
        "PEER_DB_HOST": settings["HOST"],
        "PEER_DB_PORT": str(settings["PORT"] or ""),
        "PEER_DB_USER": settings["USER"],
        "PEER_DB_PASSWORD": settings["PASSWORD"] or "",
        "PEER_RUNS": str(RUNS),
        "PEER_DISTRICT": district.code,
    }
    run = [str(python), str(folder / "peer.py")]
    subprocess.run([*run, "migrate"], env=env, check=True)
    started = time.perf_counter()
    copy_to_helpdesk(settings)
    subprocess.run([*run, "analyze"], env=env, check=True)
    print(f"helpdesk: tickets copied from the appeals in {time.perf_counter() - started:.0f} s")

    ours = time_esep(admin, district)
    theirs = json.loads(
        subprocess.run([*run, "time"], env=env, check=True, stdout=subprocess.PIPE).stdout
    )
    print(f"\n{RUNS} runs each; median (p95) ms; the last column esep's median ÷ helpdesk's")
    print(f"  {'operation':<44} {'esep':>18} {'django-helpdesk':>18} {'ratio':>7}")
    for name in OPERATIONS:
        mine, peer = ours[name], theirs[name]
        print(
            f"  {name:<44} {cell(mine):>18} {cell(peer):>18} "
            f"{statistics.median(mine) / statistics.median(peer):7.2f}"
        )
    print(f"  rows: esep {ours['rows']}; helpdesk {theirs['rows']}")


def cell(times: list[float]) -> str:
    return f"{statistics.median(times):.1f} ({benchkit.percentile(times, 95):.1f})"


def time_esep(admin: Any, branch: Any) -> dict[str, Any]:
    """esep's side: the registration action and the REST API's lists, as the central
    administrator."""
    import datetime as dt

    from django.db.models import Count
    from django.test import Client
    from django.utils import timezone

    from esep.appeals.actions import register_appeal
    from esep.appeals.models import Appeal, Category

    client = Client()
    client.force_login(admin)
    category = Category.objects.order_by("pk").first()
    assert category is not None

    def create() -> None:
        register_appeal(
            actor=admin,
            channel="letter",
            kind="statement",
            category=category,
            territory=branch.territory,
            branch=branch,
            submitter=None,
            text="A streetlight on our street has not worked for a month.",
            language="kk",
            received_at=timezone.now() - dt.timedelta(minutes=1),
            reports_crime=True,
        )

    rows: dict[str, int] = {}

    def listed(label: str, query: str):
        def get() -> None:
            response = client.get(f"/api/v1/appeals/?{query}")
            assert response.status_code == 200, (query, response.status_code)
            rows[label] = len(response.json()["results"])

        return get

    def count() -> None:
        dict(
            Appeal.objects.visible_to(admin)
            .order_by()
            .values_list("status")
            .annotate(n=Count("id"))
        )

    work = {
        "create one": create,
        "list the newest 50 open": listed("open", "status=open&ordering=-registered_on"),
        "filter by status (in progress / Reopened)": listed("status", "status=in_progress"),
        "filter by queue/branch (a district)": listed("branch", f"branch={branch.code}"),
        "count by status": count,
    }
    out: dict[str, Any] = {}
    for name, fn in work.items():
        fn()  # once untimed: the caches a running server would have
        out[name] = benchkit.repeat(fn, RUNS)[0]
    out["rows"] = rows
    return out


def copy_to_helpdesk(settings: dict) -> None:
    """The appeals as helpdesk's tickets, and the branches as its queues, streamed from one
    database to the other by COPY."""
    import psycopg
    from django.db import connection

    target = psycopg.connect(
        dbname="helpdesk",
        host=settings["HOST"],
        port=settings["PORT"] or None,
        user=settings["USER"],
        password=settings["PASSWORD"] or None,
    )
    mapping = " ".join(f"WHEN '{k}' THEN {v}" for k, v in STATUSES.items())
    queues = """COPY (SELECT id, code, replace(code, '.', '-'), false, false, false, false
                        FROM org_branch) TO STDOUT"""
    tickets = f"""COPY (SELECT id, 'Appeal ' || number, branch_id, received_at, received_at,
                               CASE status {mapping} ELSE 4 END, false, text, 3,
                               (due_on + time '18:00') AT TIME ZONE 'UTC',
                               md5(tracking_code)
                          FROM appeals_appeal) TO STDOUT"""
    with connection.cursor() as source, target.cursor() as sink:
        for select, into in [
            (
                queues,
                "helpdesk_queue (id, title, slug, allow_public_submission, "
                "allow_email_submission, email_box_ssl, enable_notifications_on_email_events)",
            ),
            (
                tickets,
                "helpdesk_ticket (id, title, queue_id, created, modified, status, on_hold, "
                "description, priority, due_date, secret_key)",
            ),
        ]:
            with (
                source.cursor.copy(select) as out,
                sink.copy(f"COPY {into} FROM STDIN") as into_copy,
            ):
                for block in out:
                    into_copy.write(block)
        for table in ("helpdesk_queue", "helpdesk_ticket"):
            sink.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
    target.commit()
    target.close()


def install_helpdesk(folder: Path) -> Path:
    """A virtual environment with django-helpdesk from PyPI, and the minimal project that
    serves it, in `folder`; the environment's python."""
    subprocess.run([sys.executable, "-m", "venv", str(folder / "venv")], check=True)
    python = folder / "venv/bin/python"
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "django-helpdesk", "psycopg[binary]"],
        check=True,
    )
    (folder / "settings.py").write_text(SETTINGS)
    (folder / "urls.py").write_text(URLS)
    (folder / "peer.py").write_text(PEER)
    return python


def versions(python: Path) -> str:
    out = subprocess.run(
        [str(python), "-m", "pip", "list", "--format=json"], capture_output=True, text=True
    ).stdout
    wanted = {"django", "django-helpdesk", "djangorestframework"}
    found = [f"{p['name']} {p['version']}" for p in json.loads(out) if p["name"].lower() in wanted]
    return ", ".join(sorted(found))


SETTINGS = textwrap.dedent(
    """\
    # A minimal project serving django-helpdesk, made by esep's scripts/bench_peer.py.
    import os

    SECRET_KEY = "bench-only"
    DEBUG = False
    ALLOWED_HOSTS = ["testserver"]
    INSTALLED_APPS = [
        "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
        "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
        "django.contrib.sites", "django.contrib.humanize", "rest_framework", "helpdesk",
    ]
    SITE_ID = 1
    HELPDESK_TEAMS_MODE_ENABLED = False  # its teams need pinax-teams, a small office's none
    MIDDLEWARE = [
        "django.middleware.security.SecurityMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
    ]
    ROOT_URLCONF = "urls"
    TEMPLATES = [{
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": [
            "django.template.context_processors.request",
            "django.contrib.auth.context_processors.auth",
            "django.contrib.messages.context_processors.messages",
        ]},
    }]
    DATABASES = {"default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "helpdesk",
        "HOST": os.environ["PEER_DB_HOST"],
        "PORT": os.environ["PEER_DB_PORT"],
        "USER": os.environ["PEER_DB_USER"],
        "PASSWORD": os.environ["PEER_DB_PASSWORD"],
    }}
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    USE_TZ = True
    STATIC_URL = "static/"
    DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
    """
)

URLS = textwrap.dedent(
    """\
    from django.urls import include, path

    urlpatterns = [path("helpdesk/", include("helpdesk.urls"))]
    """
)

# Run by the helpdesk environment's python: `peer.py migrate|analyze|time`.
PEER = textwrap.dedent(
    """\
    import json, os, statistics, sys, time

    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from helpdesk.forms import TicketForm
    from helpdesk.models import Queue, Ticket
    from helpdesk.query import DATATABLES_COLUMN_NUM_LOOKUP, query_to_base64
    from helpdesk.user import HelpdeskUser

    RUNS = int(os.environ.get("PEER_RUNS", "20"))
    what = sys.argv[1]
    if what == "migrate":
        call_command("migrate", verbosity=0)
        get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
        sys.exit()
    if what == "analyze":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE helpdesk_ticket, helpdesk_queue")
        sys.exit()

    admin = get_user_model().objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    queue = Queue.objects.get(title=os.environ["PEER_DISTRICT"])
    rows = {}

    def create():
        form = TicketForm(
            data={
                "queue": str(queue.pk),
                "title": "A streetlight does not work",
                "body": "A streetlight on our street has not worked for a month.",
                "priority": "3",
                "submitter_email": "",
                "assigned_to": "",
            },
            queue_choices=[(queue.pk, queue.title)],
        )
        assert form.is_valid(), form.errors
        form.save(user=admin)

    def listed(label, filtering):
        # As the ticket list page asks its table's rows: the query in the URL, the
        # datatables paging and order (created, newest first) in the query string.
        query = query_to_base64(
            {"filtering": filtering, "filtering_null": {}, "sorting": "created",
             "sortreverse": True, "search_string": ""}
        )
        column = DATATABLES_COLUMN_NUM_LOOKUP["created"]
        url = (
            f"/helpdesk/datatables_ticket_list/{query}?draw=1&start=0&length=50"
            f"&order[0][column]={column}&order[0][dir]=desc"
        )

        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            rows[label] = len(response.json()["data"])

        return get

    def count():
        dict(
            Ticket.objects.filter(HelpdeskUser(admin).accessible_tickets_q())
            .order_by().values_list("status").annotate(n=Count("id"))
        )

    work = {
        "create one": create,
        "list the newest 50 open": listed("open", {"status__in": [1, 2]}),
        "filter by status (in progress / Reopened)": listed("status", {"status__in": [2]}),
        "filter by queue/branch (a district)": listed("branch", {"queue__id__in": [queue.pk]}),
        "count by status": count,
    }
    out = {}
    for name, fn in work.items():
        fn()
        times = []
        for _ in range(RUNS):
            started = time.perf_counter()
            fn()
            times.append((time.perf_counter() - started) * 1000)
        out[name] = times
    out["rows"] = rows
    print(json.dumps(out))
    """
)


if __name__ == "__main__":
    main()
