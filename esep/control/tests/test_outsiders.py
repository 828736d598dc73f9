"""Every page of receptions and party control, for people outside its branch: not signed
in (sent to log in), another region's staff (not found), a role without the right (refused)."""

import pytest
from django.urls import reverse

from esep.control.tests.factories import one_of_each
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(tree):
    head = user_with_role("branch_head", tree.atyrau, "atyrau-head")
    return one_of_each(branch=tree.atyrau, head=head, deputy=tree.members["atyrau"])


LISTS = [
    "receptions:list",
    "control:posts",
    "control:issues",
    "control:meetings",
]
NEW = [
    "receptions:plan",
    "control:post-new",
    "control:issue-new",
    "control:meeting-new",
    "control:instruction-new",
]
EXPORTS = [
    "receptions:export",
    "control:post-export",
    "control:issue-export",
    "control:meeting-export",
    "control:instruction-export",
]


def detail_urls(records):
    return [
        reverse("receptions:detail", args=[records["reception"].pk]),
        reverse("control:post", args=[records["post"].pk]),
        reverse("control:issue", args=[records["issue"].pk]),
        reverse("control:meeting", args=[records["meeting"].pk]),
        reverse("control:instruction", args=[records["instruction"].pk]),
    ]


def step_urls(records):
    return [
        reverse("receptions:step", args=[records["reception"].pk, "held"]),
        reverse("receptions:step", args=[records["reception"].pk, "cancel"]),
        reverse("control:post-step", args=[records["post"].pk, "close"]),
        reverse("control:issue-step", args=[records["issue"].pk, "status"]),
        reverse("control:meeting-step", args=[records["meeting"].pk, "minutes"]),
        reverse("control:instruction-step", args=[records["instruction"].pk, "report"]),
    ]


def test_not_signed_in_is_sent_to_log_in(client, records):
    urls = [reverse(n) for n in LISTS + NEW + ["control:instructions"]]
    urls += [reverse(n, args=["csv"]) for n in EXPORTS] + detail_urls(records)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url in step_urls(records):
        assert client.post(url).status_code == 302, url


def test_another_regions_staff_find_nothing(client, tree, records):
    client.force_login(user_with_role("branch_head", tree.kostanay))
    for url in detail_urls(records):
        assert client.get(url).status_code == 404, url
    for url in step_urls(records):
        assert client.post(url, {"minutes": "x", "status": "resolved"}).status_code == 404, url
    for name in [*LISTS, "control:instructions"]:
        assert not client.get(reverse(name)).context["page"].object_list, name
    for name in EXPORTS:
        lines = client.get(reverse(name, args=["csv"])).content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1, name  # the header only
    assert records["issue"].status == "open"


def test_a_role_without_party_work_is_refused(client, tree, records):
    client.force_login(user_with_role("state_body_contact", tree.atyrau))
    for name in LISTS + NEW:
        assert client.get(reverse(name)).status_code == 403, name
    for url in detail_urls(records)[:4]:
        assert client.get(url).status_code in (403, 404), url
    # Instructions are open to every signed-in user, showing only their own: none here.
    assert not client.get(reverse("control:instructions")).context["page"].object_list


def test_readers_cannot_create(client, tree, records):
    client.force_login(user_with_role("auditor", tree.atyrau))
    for name in NEW:
        assert client.get(reverse(name)).status_code == 403, name
    for url in detail_urls(records):
        page = client.get(url)
        assert page.status_code == 200 and not page.context.get("steps"), url


def test_public_pages_need_no_login(client, records):
    assert client.get(reverse("receptions:schedule")).status_code == 200
    assert client.get(reverse("receptions:week")).status_code == 200
