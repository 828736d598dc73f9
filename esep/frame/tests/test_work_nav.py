"""The party-work menu over the work lists offers only what the reader may open: a state
body's contact, who sees only the instructions they execute, is not led to the receptions,
posts, issues and meetings (each a 403 for them)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

WORK = ["receptions:list", "control:posts", "control:issues", "control:meetings"]


def test_an_executor_is_offered_only_the_lists_they_may_open(client, tree):
    client.force_login(user_with_role("state_body_contact", tree.atyrau, "akimat"))
    html = client.get(reverse("control:instructions")).content.decode()
    for name in WORK:
        assert f'href="{reverse(name)}"' not in html, name
        assert client.get(reverse(name)).status_code == 403


def test_a_head_is_offered_every_work_list(client, tree):
    client.force_login(user_with_role("branch_head", tree.atyrau, "head"))
    html = client.get(reverse("control:instructions")).content.decode()
    for name in WORK:
        assert f'href="{reverse(name)}"' in html, name
