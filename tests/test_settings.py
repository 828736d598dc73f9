"""The project's settings as they run: the secret key, SQLite's mode, the content security
policy every page is sent with."""

import subprocess
import sys

import pytest

pytestmark = pytest.mark.django_db


def test_pages_send_a_content_security_policy(client):
    policy = client.get("/kk/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_secret_key_is_required_when_debug_is_off(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "0", "ESEP_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-c", "import esep.settings"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_development_secret_is_generated_once_and_kept(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "ESEP_DATA_DIR": str(tmp_path)}
    code = "import esep.settings as s; print(s.SECRET_KEY)"
    first = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert first.returncode == 0 and first.stdout == second.stdout and len(first.stdout) > 40
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_sqlite_runs_in_wal_mode_with_foreign_keys(tmp_path):
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "1", "ESEP_DATA_DIR": str(tmp_path)}
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='esep.settings'; django.setup();"
        "from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0],"
        " c.execute('PRAGMA foreign_keys').fetchone()[0])"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.split() == ["wal", "1"], result.stderr


def _connection_settings(tmp_path, **env: str) -> list[str]:
    """CONN_MAX_AGE and CONN_HEALTH_CHECKS of the default database as esep.settings makes
    them in a fresh process with this environment."""
    base = {
        "PATH": "/usr/bin:/bin",
        "ESEP_DATA_DIR": str(tmp_path),
        "SECRET_KEY": "x",
        "DATABASE_URL": "postgres://esep@localhost/esep",
    }
    code = (
        "import esep.settings as s; d = s.DATABASES['default'];"
        "print(d['CONN_MAX_AGE'], d['CONN_HEALTH_CHECKS'])"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], env={**base, **env}, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_production_keeps_database_connections_and_checks_them_before_reuse(tmp_path):
    assert _connection_settings(tmp_path, DEBUG="0") == ["60", "True"]


def test_development_opens_a_connection_per_request(tmp_path):
    assert _connection_settings(tmp_path, DEBUG="1") == ["0", "False"]


def test_connection_settings_follow_the_environment(tmp_path):
    assert _connection_settings(tmp_path, DEBUG="0", CONN_MAX_AGE="0") == ["0", "False"]
    assert _connection_settings(
        tmp_path, DEBUG="0", CONN_MAX_AGE="300", CONN_HEALTH_CHECKS="0"
    ) == ["300", "False"]
