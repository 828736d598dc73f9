import re

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.urls import reverse

from esep.access.models import User

pytestmark = pytest.mark.django_db


def test_grant_refuses_a_weak_password_and_says_why(tree):
    with pytest.raises(CommandError) as refused:
        call_command("grant", "weak", role="analyst", branch="atyrau", password="123")
    assert "too short" in str(refused.value) and "entirely numeric" in str(refused.value)
    assert not User.objects.filter(username="weak").exists()


def test_a_user_changes_their_own_password(client, officer):
    client.force_login(officer)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "frame/base.html" in [t.name for t in page.templates]
    weak = client.post(
        reverse("password_change"),
        {"old_password": "right-password-1", "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 200
    done = client.post(
        reverse("password_change"),
        {
            "old_password": "right-password-1",
            "new_password1": "a-much-better-one-9",
            "new_password2": "a-much-better-one-9",
        },
    )
    assert done["Location"] == reverse("profile")
    officer.refresh_from_db()
    assert officer.check_password("a-much-better-one-9")
    # still signed in
    assert client.get(reverse("profile")).status_code == 200


def test_forgotten_password_by_mail_in_the_users_language(client, officer):
    response = client.post("/ru/accounts/password/forgot/", {"email": "officer@example.kz"})
    assert response.status_code == 302
    assert [m.to for m in mail.outbox] == [["officer@example.kz"]]
    found = re.search(r"https?://\S+", str(mail.outbox[0].body))
    assert found is not None
    link = found.group(0)
    assert "/ru/accounts/password/new/" in link
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-much-better-one-9", "new_password2": "a-much-better-one-9"},
    )
    officer.refresh_from_db()
    assert officer.check_password("a-much-better-one-9")
    # The link works once.
    assert not client.get(path, follow=True).context["validlink"]


def test_asking_for_an_unknown_address_looks_the_same(client, officer):
    known = client.post(reverse("password_reset"), {"email": "officer@example.kz"})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.kz"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    pages = [client.get(answer["Location"]).content.decode() for answer in (known, unknown)]
    assert len({re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", p) for p in pages}) == 1
