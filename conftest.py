"""Fixtures shared by every test: fast password hashing, tasks run in-process, and the
factories' common objects."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def _fast_and_immediate(settings):
    # Argon2 is deliberately slow; tests that log in hundreds of times use a fast hasher.
    # (test_settings checks that production uses Argon2.)
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread; each test starts in Kazakh,
    # the site's default, so reverse() and messages do not depend on test order.
    from django.utils import translation

    translation.activate("kk")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits count in the cache: each test starts with none used.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """A small organisation: central office, two regions with a district each."""
    from esep.org.tests.factories import build_tree

    return build_tree()


@pytest.fixture(scope="session")
def demo(django_db_setup, django_db_blocker):
    """The demo's data, loaded and committed once for every test that reads it (each still
    runs in its own transaction, rolled back, on top of it): loading it is the slowest thing
    the suite does. Those tests run first, one after another, on a database and a process
    no other test has touched yet; the browser's crawl of the whole site reads it last of
    them; then the database is emptied (`pytest_runtest_teardown` below), so no other test
    ever sees it. Gives what `esep demo` printed."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("demo", stdout=out)
    yield out.getvalue()


def _empty_database() -> None:
    from django.db import connection

    from esep.figures import rollup

    call_command("flush", interactive=False, verbosity=0)
    # Flushing deletes the tables one by one in no set order: appeals deleted after their
    # day counters leave counter rows behind (the triggers take each appeal's count away).
    # Count them afresh, from no appeals: none.
    with connection.cursor() as cursor:
        for statement in rollup.rebuild_sql(connection.vendor):
            cursor.execute(statement)


def _reads_demo(item: pytest.Item | None) -> bool:
    return item is not None and "demo" in getattr(item, "fixturenames", ())


def _order(item: pytest.Item) -> int:
    browser = "tests/browser/" in str(item.path)
    if _reads_demo(item):
        return 1 if browser else 0
    return 3 if browser else 2


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The tests that read the demo first, on its one load, the browser's crawl of it last
    of them; then every other test; then the other browser tests. The sort is stable:
    within each group the order stays pytest-django's."""
    items.sort(key=_order)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):  # type: ignore[no-untyped-def]
    """After the last test that reads the demo, once its own transaction is rolled back,
    the database is emptied for the others."""
    # (After the run's very last test there is no one to empty it for: the test database
    # itself is gone by then.)
    last = _reads_demo(item) and nextitem is not None and not _reads_demo(nextitem)
    blocker = item._request.getfixturevalue("django_db_blocker") if last else None  # type: ignore[attr-defined]
    yield
    if blocker is not None:
        with blocker.unblock():
            _empty_database()
