"""Every outreach page for people outside its branch: not signed in (sent to log in), another
region's staff (not found, empty lists), a role without party work (refused), a reader
(VIEW_WORK without MANAGE_WORK: reads, creates nothing)."""

import datetime as dt

import pytest
from django.urls import reverse

from esep.org.tests.factories import user_with_role
from esep.outreach import actions

pytestmark = pytest.mark.django_db

LISTS = ["outreach:campaigns", "outreach:plans", "outreach:meetings", "outreach:rounds"]
NEW = ["outreach:campaign-new", "outreach:plan-new", "outreach:meeting-new", "outreach:round-new"]
EXPORTS = [
    "outreach:campaign-export",
    "outreach:plan-export",
    "outreach:meeting-export",
    "outreach:round-export",
]


@pytest.fixture
def records(campaign, plan, head, tree):
    actions.record_meeting(
        actor=head,
        campaign=campaign,
        territory=tree.atyrau_city.territory,
        held_on=dt.date(2020, 12, 1),
        place="Зал",
        people=30,
        speakers=[tree.members["atyrau"]],
    )
    return campaign


def detail_urls(campaign):
    return [
        reverse("outreach:campaign", args=[campaign.pk]),
        reverse("outreach:campaign-chart", args=[campaign.pk]),
    ]


def test_not_signed_in_is_sent_to_log_in(client, records):
    urls = [reverse(n) for n in [*LISTS, *NEW, "outreach:speakers"]]
    urls += [reverse(n, args=["csv"]) for n in EXPORTS] + detail_urls(records)
    for address in urls:
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response.url, address


def test_another_regions_staff_find_nothing(client, tree, records):
    client.force_login(user_with_role("branch_head", tree.kostanay))
    for address in detail_urls(records):
        assert client.get(address).status_code == 404, address
    for name in LISTS:
        assert not client.get(reverse(name)).context["page"].object_list, name
    for name in EXPORTS:
        lines = client.get(reverse(name, args=["csv"])).content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1, name  # the header only
    # Nor can they record anything in Atyrau's campaign: it is not among their choices.
    response = client.post(
        reverse("outreach:round-new"),
        {
            "campaign": records.code,
            "territory": tree.atyrau_city.territory.kato,
            "held_on": "2020-12-01",
            "households": 1,
            "people": 1,
            "volunteers": 1,
        },
    )
    assert response.status_code == 400 and "campaign" in response.context["form"].errors
    # Their speaker search finds nobody of Atyrau's.
    found = client.get(reverse("outreach:speakers"), {"q": tree.members["atyrau"].surname})
    assert f'value="{tree.members["atyrau"].pk}"' not in found.content.decode()


def test_a_role_without_party_work_is_refused(client, tree, records):
    client.force_login(user_with_role("state_body_contact", tree.atyrau))
    for name in [*LISTS, *NEW, "outreach:speakers"]:
        assert client.get(reverse(name)).status_code == 403, name
    for address in detail_urls(records):
        assert client.get(address).status_code == 403, address


def test_readers_read_and_cannot_create(client, tree, records):
    client.force_login(user_with_role("auditor", tree.atyrau))
    for name in NEW:
        assert client.get(reverse(name)).status_code == 403, name
    page = client.get(reverse("outreach:campaign", args=[records.pk]))
    assert page.status_code == 200 and not page.context["manages"]
    assert reverse("outreach:round-new") not in page.content.decode()
    assert client.get(reverse("outreach:meetings")).context["page"].object_list
