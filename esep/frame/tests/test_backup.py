"""What `esep backup` and `esep restore` refuse and ask, and how they reach the database:
a copy made while a writer works holds what was committed; a restore asks first and will
not load another engine's backup or a file that is no backup; PostgreSQL's password never
reaches a command line. (The round trip itself: figures/tests/test_backup.py.)"""

import sqlite3
import subprocess
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db import connection

from esep.frame import backup

pytestmark = pytest.mark.django_db(transaction=True)


def other_engines_backup(tmp_path):
    """A backup of the engine this test run does not use."""
    file = tmp_path / "other.backup"
    if connection.vendor == "sqlite":
        file.write_bytes(b"PGDMP\x01\x0e\x00" + bytes(64))
        return file, "a PostgreSQL backup and this database is SQLite"
    db = sqlite3.connect(file)
    db.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    db.commit()
    db.close()
    return file, "a SQLite backup and this database is PostgreSQL"


def test_a_restore_refuses_another_engines_backup_and_what_is_no_backup(tmp_path):
    Group.objects.create(name="kept")
    file, said = other_engines_backup(tmp_path)
    with pytest.raises(CommandError, match=said):
        call_command("restore", str(file), interactive=False)
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(CommandError, match="is not an esep backup"):
        call_command("restore", str(junk), interactive=False)
    with pytest.raises(CommandError, match="no such file"):
        call_command("restore", str(tmp_path / "missing"), interactive=False)
    assert list(Group.objects.values_list("name", flat=True)) == ["kept"]


def test_a_restore_asks_first_and_does_nothing_unless_told_yes(tmp_path, monkeypatch):
    Group.objects.create(name="in the backup")
    file = tmp_path / "esep.backup"
    call_command("backup", str(file))
    Group.objects.create(name="made after it")
    asked = []

    def answer(reply):
        def ask(prompt):
            asked.append(prompt)
            return reply

        return ask

    monkeypatch.setattr("builtins.input", answer("no"))
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(file))
    assert "replaces everything" in asked[0] and str(file) in asked[0]
    assert Group.objects.count() == 2

    monkeypatch.setattr("builtins.input", answer("yes"))
    call_command("restore", str(file))
    assert list(Group.objects.values_list("name", flat=True)) == ["in the backup"]


def test_a_sqlite_copy_made_while_a_writer_works_holds_what_was_committed(tmp_path):
    live = tmp_path / "live.sqlite3"
    server = sqlite3.connect(live, isolation_level=None)
    server.execute("PRAGMA journal_mode=WAL")
    server.execute("CREATE TABLE django_migrations (id INTEGER PRIMARY KEY)")
    server.execute("CREATE TABLE t (x INTEGER)")
    server.execute("INSERT INTO t VALUES (1)")
    writer = sqlite3.connect(live, isolation_level=None)
    writer.execute("BEGIN IMMEDIATE")  # the server mid-request, holding the write lock
    writer.execute("INSERT INTO t VALUES (2)")
    reader = SimpleNamespace(connection=server, ensure_connection=lambda: None)
    copy = tmp_path / "copy.sqlite3"

    backup._sqlite_backup(reader, copy)  # does not wait for the writer

    writer.execute("COMMIT")
    held = sqlite3.connect(copy)
    assert held.execute("SELECT x FROM t").fetchall() == [(1,)]
    assert held.execute("PRAGMA journal_mode").fetchone() == ("delete",)  # one file


def test_postgresql_is_reached_through_the_environment_never_the_command_line(
    tmp_path, monkeypatch
):
    settings = {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "esep",
        "USER": "esep_app",
        "PASSWORD": "s3cret-pass",
        "HOST": "db.internal",
        "PORT": 5433,
        "OPTIONS": {"sslmode": "verify-full"},
    }
    monkeypatch.setattr(backup, "connections", {"default": SimpleNamespace(settings_dict=settings)})
    monkeypatch.setattr(backup, "pg_tool", lambda name: f"/usr/bin/{name}")
    runs = []

    def run(command, env, **kwargs):
        runs.append((command, env))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(backup.subprocess, "run", run)
    backup._run("pg_dump", ["--format=custom", "--file=x"], "default")
    backup._run("pg_restore", ["--clean", "--if-exists", "--no-owner"], "default", tmp_path / "b")

    for command, env in runs:
        assert not any(
            value in part
            for part in command
            for value in ("s3cret-pass", "esep_app", "db.internal", "5433")
        )
        assert {k: env[k] for k in ("PGPASSWORD", "PGUSER", "PGHOST", "PGPORT", "PGDATABASE")} == {
            "PGPASSWORD": "s3cret-pass",
            "PGUSER": "esep_app",
            "PGHOST": "db.internal",
            "PGPORT": "5433",
            "PGDATABASE": "esep",
        }
        assert env["PGSSLMODE"] == "verify-full"
    assert runs[1][0][:4] == ["/usr/bin/pg_restore", "--clean", "--if-exists", "--no-owner"]

    monkeypatch.setattr(
        backup.subprocess, "run", lambda *a, **k: subprocess.CompletedProcess(a, 1, "", "refused")
    )
    with pytest.raises(backup.BackupError, match=r"pg_dump failed .*refused"):
        backup._run("pg_dump", [], "default")


def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    file = tmp_path / "esep.backup"
    call_command("backup", str(file))
    assert file.stat().st_mode & 0o777 == 0o600
    assert backup.kind_of(file) == connection.vendor
    assert [p.name for p in tmp_path.iterdir()] == ["esep.backup"]  # no partial file left
