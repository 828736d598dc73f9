"""esep's settings for the test run: the real settings, with a throw-away secret key so
tests need no environment of their own. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")

from esep.settings import *  # noqa: F403
