"""esep's settings for the test run: the real settings, with a throw-away secret key so
tests need no environment of their own. DATABASE_URL still chooses SQLite or PostgreSQL."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "dGVzdHMtb25seS1ub3QtYS1zZWNyZXQtMDEyMzQ1Njc=")
os.environ.setdefault("LOOKUP_HASH_KEY", "tests-only-lookup-key")

from esep.settings import *  # noqa: F403

# The API takes JSON only: the test client sends JSON unless told otherwise.
REST_FRAMEWORK = {**REST_FRAMEWORK, "TEST_REQUEST_DEFAULT_FORMAT": "json"}  # noqa: F405

# The suite logs in with force_login and a password only (the two-factor tests turn it on),
# and the test client speaks plain HTTP.
ESEP_REQUIRE_2FA = SECURE_SSL_REDIRECT = False
