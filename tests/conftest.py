"""What the tests of the whole site share: the demo, loaded once for those that read it."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command


@pytest.fixture(scope="package")
def demo(django_db_setup, django_db_blocker):
    """The demo's data, loaded and committed once for this folder's tests that read the
    whole site (each still runs in its own transaction, rolled back, on top of it), and
    removed when the last of them is done: loading it is the slowest thing the suite does.
    The browser's crawl loads its own: a live server's tests empty the database after
    each."""
    with django_db_blocker.unblock():
        call_command("demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
