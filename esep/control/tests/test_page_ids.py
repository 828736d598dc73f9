"""A control post's, an issue's and a meeting's page each carry several steps' forms that
share field names (a category on every visit's two forms, a reason, a deadline, an issue):
every element id is used once, so each label leads to its own form's field, and the steps
still take what their forms post."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

import pytest
from django.urls import reverse

from esep.appeals.tests.factories import CategoryFactory
from esep.control.meetings import actions as meetings
from esep.control.posts import actions as posts
from esep.control.tests.factories import TODAY
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def ids_used_twice(html: str) -> list[str]:
    return sorted(i for i, n in Counter(re.findall(r'\sid="([^"]+)"', html)).items() if n > 1)


def labels_without_their_field(html: str) -> list[str]:
    ids = set(re.findall(r'\sid="([^"]+)"', html))
    return [target for target in re.findall(r'<label for="([^"]+)"', html) if target not in ids]


def test_a_post_with_visits_has_each_id_once_and_raises_a_finding(client, tree):
    head = user_with_role("branch_head", tree.atyrau, "atyrau-head")
    CategoryFactory.create(code="roads")
    post = posts.open_post(
        actor=head,
        branch=tree.atyrau,
        territory=tree.atyrau.territory,
        object_kind="school",
        object_name="№ 42 мектеп",
        address="Атырау",
        head=tree.members["atyrau"],
        members=[PersonFactory.create()],
        opened_on=dt.date(2026, 9, 1),
    )
    visits = [
        posts.record_visit(
            actor=head,
            post=post,
            visited_on=dt.date(2026, 11, day),
            visitors=[post.head],
            findings="Терезелер орнатылмаған.",
            situation=2,
        )
        for day in (10, 20)
    ]
    client.force_login(head)
    html = client.get(post.get_absolute_url()).content.decode()
    assert ids_used_twice(html) == []
    assert labels_without_their_field(html) == []
    assert f'id="id_appeal-{visits[0].pk}-category"' in html
    response = client.post(
        reverse("control:post-step", args=[post.pk, f"issue-{visits[1].pk}"]),
        {"title": "Мектеп салынбай жатыр", "category": "roads"},
    )
    assert response.status_code == 302
    assert visits[1].issues.count() == 1


def test_an_issue_page_has_each_id_once(client, tree, issue, head):
    client.force_login(head)
    html = client.get(issue.get_absolute_url()).content.decode()
    assert ids_used_twice(html) == []
    assert labels_without_their_field(html) == []


def test_a_meeting_page_has_each_id_once_and_a_refused_step_shows_its_own_errors(
    client, tree, head, issue
):
    meeting = meetings.hold_meeting(
        actor=head, branch=tree.atyrau, kind="urgent", held_on=TODAY, participants=[]
    )
    client.force_login(head)
    html = client.get(meeting.get_absolute_url()).content.decode()
    assert ids_used_twice(html) == []
    assert labels_without_their_field(html) == []
    assert 'for="id_item-issue"' in html and 'id="id_item-issue"' in html
    refused = client.post(reverse("control:meeting-step", args=[meeting.pk, "item"]), {})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert ids_used_twice(html) == []
    assert 'id="id_item-title-errors"' in html
    done = client.post(
        reverse("control:meeting-step", args=[meeting.pk, "item"]),
        {"title": "Жылу", "issue": issue.pk, "appeal": ""},
    )
    assert done.status_code == 302
    assert meeting.items.get().issue == issue
