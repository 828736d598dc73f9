import time

import pytest
import time_machine
from django.urls import reverse

from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_a_staff_session_ends_after_the_idle_time(client, tree, settings):
    settings.ESEP_SESSION_IDLE_MINUTES = 30
    user = user_with_role("analyst", tree.atyrau, "analyst")
    client.force_login(user)
    start = time.time()
    with time_machine.travel(start + 20 * 60, tick=False):
        assert client.get(reverse("org:branch-list")).status_code == 200
    with time_machine.travel(start + 45 * 60, tick=False):
        # 25 minutes after the last request: still signed in
        assert client.get(reverse("org:branch-list")).status_code == 200
    with time_machine.travel(start + 76 * 60, tick=False):
        response = client.get(reverse("org:branch-list"))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
        assert "_auth_user_id" not in client.session


def test_the_idle_time_is_a_setting():
    import esep.settings

    assert esep.settings.ESEP_SESSION_IDLE_MINUTES == 30
    assert esep.settings.SESSION_COOKIE_AGE > 30 * 60
