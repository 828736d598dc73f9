"""Every aid page, for people outside it: not signed in (sent to log in), another region's
staff (not found, empty lists), a role without VIEW_AID (refused: an analyst, a deputy),
a reader without MANAGE_AID (an auditor: reads, no steps, no creation)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from esep.aid.models import Delivery
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LISTS = ["aid:campaigns", "aid:households"]
NEW = ["aid:campaign-new", "aid:household-new", "aid:delivery-new", "aid:contribution-new"]
EXPORTS = ["aid:campaign-export", "aid:household-export"]


def record_urls(campaign, household):
    return [
        reverse("aid:campaign", args=[campaign.code]),
        reverse("aid:household", args=[household.pk]),
        reverse("aid:import-households", args=[campaign.code]),
        reverse("aid:import-deliveries", args=[campaign.code]),
        reverse("aid:import-households-template", args=[campaign.code]),
        reverse("aid:import-deliveries-template", args=[campaign.code]),
    ]


def step_urls(campaign, household):
    return [
        reverse("aid:campaign-step", args=[campaign.code, "contribution"]),
        reverse("aid:household-step", args=[household.pk, "delivery"]),
    ]


DELIVERY = {"delivered_on": "2020-04-15", "kind": "food", "amount": "1", "confirmation": "none"}


def test_not_signed_in_is_sent_to_log_in(client, campaign, household):
    urls = [reverse(n) for n in LISTS + NEW] + [reverse(n, args=["csv"]) for n in EXPORTS]
    for url in urls + record_urls(campaign, household):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url in step_urls(campaign, household):
        assert client.post(url, DELIVERY).status_code == 302, url
    assert not Delivery.objects.exists()


def test_another_regions_officer_finds_nothing(client, tree, campaign, household):
    client.force_login(user_with_role("reception_officer", tree.kostanay, "kostanay-officer"))
    for url in record_urls(campaign, household):
        assert client.get(url).status_code == 404, url
    for url in step_urls(campaign, household):
        assert client.post(url, DELIVERY).status_code == 404, url
    for name in LISTS:
        assert not client.get(reverse(name)).context["page"].object_list, name
    for name in EXPORTS:
        lines = client.get(reverse(name, args=["csv"])).content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1, name  # the header only
    assert not Delivery.objects.exists()


@pytest.mark.parametrize("role", ["analyst", "deputy", "state_body_contact"])
def test_a_role_without_aid_is_refused(client, tree, campaign, household, role):
    client.force_login(user_with_role(role, tree.atyrau))
    for name in LISTS + NEW:
        assert client.get(reverse(name)).status_code == 403, name
    for name in EXPORTS:
        assert client.get(reverse(name, args=["csv"])).status_code == 403, name
    for url in record_urls(campaign, household)[:2]:
        assert client.get(url).status_code in (403, 404), url
    for url in step_urls(campaign, household):
        assert client.post(url, DELIVERY).status_code in (403, 404), url


def test_an_auditor_reads_but_takes_no_step(client, tree, campaign, household):
    client.force_login(user_with_role("auditor", tree.atyrau, "atyrau-auditor"))
    for name in NEW:
        assert client.get(reverse(name)).status_code == 403, name
    for url in record_urls(campaign, household)[:2]:
        page = client.get(url)
        assert page.status_code == 200 and not page.context["steps"], url
    campaign_page = client.get(record_urls(campaign, household)[0])
    assert (campaign_page.context["may_help"], campaign_page.context["may_run"]) == (False, False)
    for url in record_urls(campaign, household)[2:]:
        assert client.get(url).status_code == 403, url
    for url in step_urls(campaign, household):
        assert client.post(url, DELIVERY).status_code == 403, url
    assert not Delivery.objects.exists()


def test_a_sub_branch_reads_only_its_own_families(client, tree, campaign, household):
    """A district's officer sees their region's campaign (its whole subtree takes part) and
    the families their branch helps, not those of the region's own office."""
    from esep.aid.tests.conftest import register

    region_officer = user_with_role("reception_officer", tree.atyrau, "atyrau-officer-2")
    regional = register(
        region_officer, campaign, tree, branch=tree.atyrau, territory=tree.atyrau.territory
    )
    client.force_login(user_with_role("reception_officer", tree.atyrau_city, "city-officer"))
    page = client.get(reverse("aid:campaign", args=[campaign.code]))
    assert page.status_code == 200
    # The city registers its families in the campaign; the region's office keeps its money.
    assert (page.context["may_help"], page.context["may_run"]) == (True, False)
    assert reverse("aid:import-households", args=[campaign.code]) in page.content.decode()
    assert client.get(reverse("aid:household", args=[household.pk])).status_code == 200
    assert client.get(reverse("aid:household", args=[regional.pk])).status_code == 404
    listed = client.get(reverse("aid:households")).context["page"].object_list
    assert [h.pk for h in listed] == [household.pk]
