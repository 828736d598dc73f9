"""Fixtures shared by every test: fast password hashing, tasks run in-process, and the
factories' common objects."""

from __future__ import annotations

import pytest


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
