"""SQLite, esep's embedded default, under concurrent writers.

SQLite lets one connection write at a time. esep's settings make every transaction take the
write lock at BEGIN (IMMEDIATE) and every writer wait its turn for up to SQLITE_BUSY_TIMEOUT
seconds; long work (an import) checks and prepares outside the transaction and writes in one
short one. What is left is a writer that still waits longer than that: `when_locked` retries
such a piece of work, and `Worker` is django-tasks-db's worker that outlives "database is
locked" instead of dying on it (`esep db_worker`).

Every SQLite connection also gets the SQL functions esep's queries call that SQLite lacks
(`register_functions`; esep.frame connects it when the apps are ready): `esep_fold`, search's
folding of case and accents (esep.lib.folding), which SQLite's lower() does not do beyond
ASCII; `esep_words`, a text's folded words, which search by words reads where PostgreSQL
reads its full-text index; and `esep_purging`, which the append-only tables' DELETE
triggers ask (`purging`)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import OperationalError, close_old_connections, connection
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django_tasks_db.management.commands import db_worker
from django_tasks_db.utils import is_locked_database_exception

from esep.lib.folding import SQLITE_FUNCTION, WORDS_FUNCTION, fold_or_none, words_or_none

logger = logging.getLogger(__name__)
T = TypeVar("T")


PURGE_FUNCTION = "esep_purging"
_purging = False


@contextmanager
def purging() -> Iterator[None]:
    """While the whole database is emptied on purpose (`esep flush`, which the test runner
    calls between tests that commit), SQLite's DELETE triggers on the append-only tables let
    the rows go; at any other time, and from any connection without esep's functions (the
    sqlite3 shell), they refuse. PostgreSQL empties tables by TRUNCATE, which row triggers
    do not see."""
    global _purging
    _purging = True
    try:
        yield
    finally:
        _purging = False


def is_purging() -> int:
    return int(_purging)


@receiver(connection_created, dispatch_uid="esep.lib.sqlite.register_functions")
def register_functions(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Give a new SQLite connection esep's SQL functions (other databases have their own)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold_or_none, deterministic=True)
        connection.connection.create_function(WORDS_FUNCTION, 1, words_or_none, deterministic=True)
        connection.connection.create_function(PURGE_FUNCTION, 0, is_purging)


def is_locked(error: BaseException) -> bool:
    """Whether the error is another writer holding the database ("database is locked")."""
    return isinstance(error, OperationalError) and is_locked_database_exception(error)


def when_locked(work: Callable[[], T], *, attempts: int = 3, wait: float = 5.0) -> T:
    """`work()`, run again (up to `attempts` times in all) while the database is locked by
    another writer. `work` must be all-or-nothing, as one transaction is."""
    for attempt in range(1, attempts + 1):
        try:
            return work()
        except OperationalError as error:
            if not is_locked(error) or attempt == attempts:
                raise
            logger.warning("database locked; trying again (%d of %d)", attempt + 1, attempts)
            time.sleep(wait * attempt)
    raise AssertionError("unreachable")  # pragma: no cover


class Worker(db_worker.Worker):
    """django-tasks-db's worker, which dies when taking its next task finds the database
    locked beyond the busy timeout; this one waits and goes on."""

    def run(self) -> None:
        while self.running:
            try:
                super().run()
                return
            except OperationalError as error:
                if not is_locked(error):
                    raise
                logger.warning("database locked while taking a task; the worker waits")
                if not connection.in_atomic_block:
                    close_old_connections()
                time.sleep(max(self.interval, 1.0))


class WorkerCommand(db_worker.Command):
    help = "Run the background worker (it outlives a locked database and carries on)"

    def handle(self, *args: Any, **options: Any) -> None:
        original = db_worker.Worker
        db_worker.Worker = Worker  # type: ignore[misc]
        try:
            super().handle(*args, **options)
        finally:
            db_worker.Worker = original  # type: ignore[misc]
