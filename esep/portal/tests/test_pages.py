import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_bare_address_opens_in_kazakh_whatever_the_browser_prefers(client):
    response = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert response["Location"] == "/kk/"


def test_the_bare_address_remembers_a_chosen_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "ru"
    assert client.get("/")["Location"] == "/ru/"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("kk", "Аумақтар"), ("ru", "Территории"), ("en", "Territories")],
)
def test_pages_speak_each_language(client, language, expected):
    response = client.get(f"/{language}/")
    content = response.content.decode()
    assert f'<html lang="{language}">' in content
    assert expected in content


def test_switching_language_keeps_the_page(client, tree):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/kk/org/territories/?x=1"})
    assert response.status_code == 302
    assert response["Location"] == "/ru/org/territories/?x=1"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "ru"


def test_switcher_links_keep_the_page_whatever_the_browser_language(client, tree):
    response = client.get("/ru/org/territories/?x=1", headers={"Accept-Language": "en-US"})
    links = {code: url for code, _name, url in response.context["language_links"]}
    assert links == {
        "kk": "/kk/org/territories/?x=1",
        "ru": "/ru/org/territories/?x=1",
        "en": "/en/org/territories/?x=1",
    }


def test_pages_send_a_content_security_policy(client):
    policy = client.get("/kk/")["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy


def test_home_page_has_landmarks_and_a_skip_link(client):
    content = client.get(reverse("portal:home")).content.decode()
    for marker in ('<main id="main"', "<header", "<nav", "<footer", 'href="#main"'):
        assert marker in content


def test_admin_labels_are_translated(admin_client):
    content = admin_client.get("/ru/admin/").content.decode()
    assert "Филиалы" in content and "Территории" in content


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
