"""The branch page's sections that other apps add: party work comes from control, shown to
whoever may see the party work of the branch, and the page looks as it did."""

import datetime as dt
from types import SimpleNamespace
from typing import cast

import pytest
from django.urls import reverse

from esep.lib.http import AuthedRequest
from esep.org import sections
from esep.org.tests.factories import user_with_role
from esep.receptions import actions
from esep.receptions.tests.factories import plan

pytestmark = pytest.mark.django_db


def request_of(user=None) -> AuthedRequest:
    return cast(AuthedRequest, SimpleNamespace(user=user))


def test_control_adds_the_party_work_of_the_subtree(tree):
    deputy = user_with_role("deputy", tree.atyrau)
    held = plan(tree.atyrau_city, [tree.members["atyrau"]], day=dt.date(2025, 3, 4))
    actions.record_held(actor=deputy, reception=held, people_received=6)
    shown = dict(sections.shown(request_of(deputy), tree.atyrau))
    work = shown["control/_branch_work.html"]
    assert (work["held"], work["recent"]) == (1, [held])
    outside = user_with_role("deputy", tree.kostanay)
    assert sections.shown(request_of(outside), tree.atyrau) == []


def test_a_section_is_left_out_for_whom_it_gives_nothing(tree, monkeypatch):
    monkeypatch.setattr(sections, "_sections", {})
    sections.register(sections.Section("a.html", lambda request, branch: {"n": 1}))
    sections.register(sections.Section("b.html", lambda request, branch: None))
    sections.register(sections.Section("a.html", lambda request, branch: {"n": 2}))
    assert sections.shown(request_of(), tree.atyrau) == [("a.html", {"n": 2})]


def test_branch_page_shows_party_work_as_before(client, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    held = plan(tree.atyrau, [tree.members["atyrau"]], day=dt.date(2025, 3, 4))
    actions.record_held(actor=officer, reception=held, people_received=6)
    client.force_login(officer)
    content = client.get(reverse("org:branch-detail", args=["atyrau"])).content.decode()
    assert '<h2 id="work-title">' in content
    assert '?branch=atyrau&amp;status=held">1</a>' in content
    assert f'<a href="{held.get_absolute_url()}">' in content
    # Between the bodies and the sub-branches, where it always was.
    assert content.index("body-card") < content.index("work-title") < content.index("<table")
