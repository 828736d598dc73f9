"""SQLite, the embedded default, during a long import: other writers wait their turn and
succeed, the import holds the write lock only to write, and the worker outlives a database
locked by someone else."""

import contextlib
import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from django.db import OperationalError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from esep.appeals import actions, imports, tasks
from esep.appeals.imports import import_appeals
from esep.appeals.models import Appeal, Category, ImportJob
from esep.appeals.tests.factories import HEADER, CategoryFactory
from esep.lib import sqlite
from esep.org.models import Branch, Territory
from esep.org.tests.factories import user_with_role

ROOT = Path(__file__).resolve().parents[3]
CLOSED = "C-{n},2020-02-04,letter,statement,roads,231010000,atyrau-city,,,,Жол,closed,explained,2020-02-10"


def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite's write lock: the SQLite pass runs this")


@pytest.fixture
def setup(tree):
    CategoryFactory.create(code="roads")
    return {b.code: b for b in Branch.objects.all()}


def test_sqlite_writers_wait_their_turn_long_enough(tmp_path):
    # A writer waits up to a minute for the lock (the setting's default) rather than failing
    # with "database is locked"; every transaction takes the lock at BEGIN.
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "ESEP_DATA_DIR": str(tmp_path)}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='esep.settings'; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA busy_timeout').fetchone()[0],"
        " connection.settings_dict['OPTIONS']['transaction_mode'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.stdout.split() == ["60000", "IMMEDIATE"], result.stderr


@pytest.mark.django_db
def test_the_import_holds_the_write_transaction_only_for_the_actions_writes(setup, monkeypatch):
    # Checking, reading categories and places, and the imported statuses are not done row by
    # row inside the transaction: per row it runs only what registering an appeal runs.
    rows = 40
    content = "\n".join([HEADER, *(CLOSED.format(n=n) for n in range(rows))]).encode()
    inside: list[int] = []
    real_atomic = transaction.atomic

    @contextlib.contextmanager
    def counted_atomic(*args, **kwargs):
        with CaptureQueriesContext(connection) as queries, real_atomic(*args, **kwargs):
            yield
        inside.append(len(queries))

    monkeypatch.setattr(imports.transaction, "atomic", counted_atomic)
    assert import_appeals(content, actor=None, branches=setup) == (rows, 0)
    monkeypatch.undo()
    assert Appeal.objects.filter(status="closed").count() == rows
    # What the action itself runs for one such appeal, whatever that is.
    with CaptureQueriesContext(connection) as one:
        actions.register_appeal(
            actor=None,
            channel="letter",
            kind="statement",
            category=Category.objects.get(code="roads"),
            territory=Territory.objects.get(kato="231010000"),
            branch=setup["atyrau-city"],
            submitter=None,
            text="Жол",
            language="kk",
            received_at=timezone.now(),
            number="ONE",
        )
    assert inside and inside[-1] <= len(one) * rows + 10, (inside, len(one))


@pytest.mark.django_db(transaction=True)
def test_a_writer_during_an_import_on_a_file_database_waits_and_succeeds(tmp_path):
    sqlite_only()
    # The test database's schema, copied into a file: the import and the other writer run
    # in one process, each with its own connection, as the worker and a web request do.
    path = tmp_path / "esep.sqlite3"
    connection.ensure_connection()
    with contextlib.closing(sqlite3.connect(path)) as target:
        connection.connection.backup(target)
    script = textwrap.dedent(
        f"""
        import json, os, threading, time
        import django
        os.environ["DJANGO_SETTINGS_MODULE"] = "tests.settings"
        django.setup()
        from django.db import connection, transaction
        from esep.appeals import actions, imports
        from esep.appeals.models import Appeal
        from esep.appeals.tests.factories import CategoryFactory
        from esep.org.models import Branch, Territory
        from esep.org.tests.factories import build_tree

        build_tree()
        category = CategoryFactory.create(code="roads")
        branches = {{b.code: b for b in Branch.objects.all()}}
        rows = [{HEADER!r}] + [{CLOSED!r}.format(n=n) for n in range(60)]
        writing = threading.Event()
        register = actions.register_appeal
        insert = imports.insert_appeals

        def slow_insert(appeals):
            # A long import: each batch's write takes a while, the lock held throughout.
            writing.set()
            time.sleep(0.05 * len(appeals))
            return insert(appeals)

        imports.BATCH_ROWS = 10
        imports.insert_appeals = slow_insert
        outcome = {{}}

        def run_import():
            try:
                outcome["import"] = imports.import_appeals(
                    "\\n".join(rows).encode(), actor=None, branches=branches
                )
            finally:
                connection.close()

        worker = threading.Thread(target=run_import)
        worker.start()
        writing.wait(30)
        started = time.monotonic()
        with transaction.atomic():  # as a page or the API registers an appeal
            other = register(
                actor=None, channel="letter", kind="statement", category=category,
                territory=Territory.objects.get(kato="231010000"),
                branch=branches["atyrau-city"], submitter=None, text="Басқа өтініш",
                language="kk", received_at=django.utils.timezone.now(),
            )
        outcome["waited"] = time.monotonic() - started
        worker.join()
        outcome["numbers"] = Appeal.objects.count()
        outcome["other"] = other.number
        print(json.dumps(outcome))
        """
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(ROOT),
        "DATABASE_URL": f"sqlite:///{path}",
        "ESEP_DATA_DIR": str(tmp_path),
    }
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, cwd=ROOT
    )
    assert result.returncode == 0, result.stderr[-3000:]
    outcome = json.loads(result.stdout.strip().splitlines()[-1])
    # The other writer waited for the import's write (not failed), then wrote; both kept.
    assert outcome["import"] == [60, 0]
    assert outcome["waited"] > 0.5 and outcome["numbers"] == 61


@pytest.mark.django_db
def test_an_import_that_finds_the_database_locked_is_tried_again(
    setup, tree, monkeypatch, django_capture_on_commit_callbacks
):
    real = tasks.import_appeals
    calls: list[int] = []

    def locked_once(*args, **kwargs):
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return real(*args, **kwargs)

    monkeypatch.setattr(tasks, "import_appeals", locked_once)
    monkeypatch.setattr(sqlite.time, "sleep", lambda seconds: None)
    content = "\n".join([HEADER, CLOSED.format(n=1)]).encode()
    officer = user_with_role("reception_officer", tree.atyrau, "importer")
    with django_capture_on_commit_callbacks(execute=True):
        job = tasks.start_import(actor=officer, file_name="f.csv", content=content, language="kk")
    job.refresh_from_db()
    assert (job.state, job.created, len(calls)) == ("done", 1, 2)


@pytest.mark.django_db(transaction=True)
def test_the_worker_outlives_a_locked_database_and_runs_the_task(tree, settings, monkeypatch):
    # django-tasks-db's worker takes its next task in an exclusive transaction; when another
    # writer keeps the database locked past the busy timeout, BEGIN fails. The library's
    # worker dies there; esep's waits and carries on.
    from django.core.management import call_command
    from django_tasks_db.management.commands import db_worker

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    CategoryFactory.create(code="roads")
    officer = user_with_role("reception_officer", tree.atyrau, "importer")
    content = "\n".join([HEADER, CLOSED.format(n=1)]).encode()
    with transaction.atomic():
        job = tasks.start_import(actor=officer, file_name="f.csv", content=content, language="kk")
    real = db_worker.exclusive_transaction
    tries: list[int] = []

    def locked_first(using=None):
        tries.append(1)
        if len(tries) == 1:
            raise OperationalError("database is locked")
        return real(using)

    monkeypatch.setattr(db_worker, "exclusive_transaction", locked_first)
    monkeypatch.setattr(sqlite.time, "sleep", lambda seconds: None)
    call_command("db_worker", batch=True, interval=0, verbosity=0, startup_delay=False)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and len(tries) >= 2
