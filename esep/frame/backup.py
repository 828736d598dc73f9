"""A whole database to one file and back, as the database itself copies it: SQLite through
its online backup API, PostgreSQL through pg_dump and pg_restore. Nothing passes through
Django's serialisers, so every row comes back as it was — times to the microsecond, the
counters the triggers keep, the append-only logs — and no trigger fires on the way in.

Domain-free on purpose: it knows databases, not what they hold (see the app's README)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import connections
from django.db.backends.postgresql.client import DatabaseClient
from django.db.migrations.executor import MigrationExecutor

SQLITE = "sqlite"
POSTGRESQL = "postgresql"
ENGINE_NAMES = {SQLITE: "SQLite", POSTGRESQL: "PostgreSQL"}
# The first bytes of each engine's backup: a SQLite database file, a pg_dump archive.
MAGIC = {SQLITE: b"SQLite format 3\x00", POSTGRESQL: b"PGDMP"}


class BackupError(Exception):
    """What the operator is told when a backup or a restore cannot be made."""


@dataclass(frozen=True)
class Done:
    engine: str  # SQLITE or POSTGRESQL
    database: str  # the file or the database name
    file: Path
    size: int  # bytes of the backup file
    tables: int
    pending_migrations: int = 0  # after a restore: migrations the backup has not had


def engine_of(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in ENGINE_NAMES:
        raise BackupError(f"esep backs up SQLite and PostgreSQL databases, not {vendor}")
    return vendor


def database_name(alias: str = "default") -> str:
    return str(connections[alias].settings_dict["NAME"])


def kind_of(path: Path) -> str | None:
    """The engine whose backup `path` is, by its first bytes; None for anything else."""
    with path.open("rb") as file:
        head = file.read(16)
    return next((engine for engine, magic in MAGIC.items() if head.startswith(magic)), None)


def backup(file: Path, alias: str = "default") -> Done:
    """Copy the database to `file`, consistent as of one moment, while the server may run.
    The file is written beside its final name, readable by its owner only, and takes that
    name only when complete."""
    engine = engine_of(alias)
    connection = connections[alias]
    file = file.expanduser().absolute()
    if not file.parent.is_dir():
        raise BackupError(f"no such folder: {file.parent}")
    if engine == SQLITE and _same_file(file, connection.settings_dict["NAME"]):
        raise BackupError(f"{file} is the database itself: back it up to another file")
    partial = file.with_name(f".{file.name}.partial")
    partial.unlink(missing_ok=True)
    os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    try:
        if engine == SQLITE:
            _sqlite_backup(connection, partial)
        else:
            _run("pg_dump", ["--format=custom", "--no-password", f"--file={partial}"], alias)
        os.replace(partial, file)
    finally:
        partial.unlink(missing_ok=True)
    return Done(engine, database_name(alias), file, file.stat().st_size, _tables(alias))


def restore(file: Path, alias: str = "default") -> Done:
    """Replace everything in the database with the backup in `file`."""
    engine = engine_of(alias)
    connection = connections[alias]
    file = file.expanduser().absolute()
    if not file.is_file():
        raise BackupError(f"no such file: {file}")
    found = kind_of(file)
    if found is None:
        raise BackupError(
            f"{file} is not an esep backup: neither a SQLite database nor a pg_dump archive "
            "(custom format)"
        )
    if found != engine:
        raise BackupError(
            f"{file} is a {ENGINE_NAMES[found]} backup and this database is "
            f"{ENGINE_NAMES[engine]}: restore it into a {ENGINE_NAMES[found]} database "
            "(DATABASE_URL)"
        )
    if connection.in_atomic_block:
        raise BackupError("a database cannot be restored inside a transaction")
    if engine == SQLITE:
        if _same_file(file, connection.settings_dict["NAME"]):
            raise BackupError(f"{file} is the database itself")
        _sqlite_restore(connection, file)
    else:
        # Nothing of this process may hold a lock on the tables pg_restore drops.
        connection.close()
        _run(
            "pg_restore",
            ["--clean", "--if-exists", "--no-owner", "--single-transaction", "--no-password"],
            alias,
            archive=file,
        )
    _forget_cached_rows()
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return Done(
        engine, database_name(alias), file, file.stat().st_size, _tables(alias), len(pending)
    )


# --- SQLite --------------------------------------------------------------------------------


def _sqlite_backup(connection: Any, target: Path) -> None:
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        # All pages in one step: one read transaction, so one moment's database, and in
        # WAL mode the server's writers go on meanwhile.
        connection.connection.backup(destination)
        # The copy carries the live database's WAL mode; a backup is one self-contained file.
        destination.execute("PRAGMA journal_mode=DELETE")
        _check_sqlite(destination, target)
    finally:
        destination.close()


def _sqlite_restore(connection: Any, file: Path) -> None:
    source = sqlite3.connect(f"{file.as_uri()}?mode=ro", uri=True)
    try:
        _check_sqlite(source, file)
        connection.ensure_connection()
        # The backup API writes every page under one exclusive lock: other connections see
        # the old database or the new one, never a mix; the live file keeps its WAL mode.
        source.backup(connection.connection)
    except sqlite3.Error as error:
        raise BackupError(f"could not restore {file}: {error}") from error
    finally:
        source.close()


def _check_sqlite(db: sqlite3.Connection, file: Path) -> None:
    try:
        verdict = db.execute("PRAGMA quick_check").fetchone()[0]
        esep = db.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'django_migrations'"
        ).fetchone()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{file} is not a readable SQLite database: {error}") from error
    if verdict != "ok":
        raise BackupError(f"{file} is damaged: {verdict}")
    if esep is None:
        raise BackupError(f"{file} is a SQLite database, but not esep's (no migrations table)")


def _same_file(file: Path, name: object) -> bool:
    name = str(name)
    if name == ":memory:" or name.startswith("file:") or not Path(name).exists():
        return False
    return file.exists() and os.path.samefile(file, name)


# --- PostgreSQL ----------------------------------------------------------------------------


def _run(tool: str, arguments: list[str], alias: str, archive: Path | None = None) -> None:
    """Run pg_dump or pg_restore on the database. Every connection parameter, the password
    first, goes through the environment, never the command line another user can read."""
    command = [pg_tool(tool), *arguments]
    if archive is not None:
        # pg_restore writes into a database only when given --dbname; an empty URI takes
        # every parameter from the environment.
        command += ["--dbname=postgresql://", str(archive)]
    environment = {**os.environ, **pg_environment(connections[alias].settings_dict)}
    finished = subprocess.run(command, env=environment, capture_output=True, text=True)
    if finished.returncode != 0:
        raise BackupError(f"{tool} failed ({finished.returncode}): {finished.stderr.strip()}")


def pg_environment(settings: dict[str, Any]) -> dict[str, str]:
    """libpq's environment for the database in `settings` (Django's DATABASES entry)."""
    _args, environment = DatabaseClient.settings_to_cmd_args_env(settings, [])
    environment = dict(environment or {})
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGDATABASE", "NAME"),
    ):
        if settings.get(key):
            environment[variable] = str(settings[key])
    return environment


def pg_tool(name: str) -> str:
    """pg_dump or pg_restore: on PATH, else in Debian's newest /usr/lib/postgresql/*/bin."""
    found = shutil.which(name)
    if found:
        return found
    folders = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda folder: int(folder.parent.name) if folder.parent.name.isdigit() else 0,
        reverse=True,
    )
    for folder in folders:
        if (folder / name).is_file():
            return str(folder / name)
    raise BackupError(f"{name} not found: install PostgreSQL's client tools (postgresql-client)")


# --- both ----------------------------------------------------------------------------------


def _tables(alias: str) -> int:
    with connections[alias].cursor() as cursor:
        return len(connections[alias].introspection.table_names(cursor))


def _forget_cached_rows() -> None:
    """Content types are cached by id in the process; the restored ones may differ."""
    from django.apps import apps

    if apps.is_installed("django.contrib.contenttypes"):
        from django.contrib.contenttypes.models import ContentType

        ContentType.objects.clear_cache()
