"""Aid's figures from the registry: families helped (each once), the value delivered in
tenge and the deliveries, for a period, a branch and a territory, with the breakdown by
kind and the drill-down — which lists households by number, never a name or an IIN, and
their category only to whom VIEW_AID shows them; what a press release says of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.aid import actions
from esep.aid.tests.conftest import register
from esep.figures import grammar
from esep.figures.compute import compute, parse_scope
from esep.figures.periods import Period
from esep.figures.registry import Unit, get, registry
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

SPRING = Period(dt.date(2020, 4, 1), dt.date(2020, 6, 30))
CODES = ["aid.families_helped", "aid.amount_tenge", "aid.deliveries"]


@pytest.fixture
def delivered(officer, campaign, household, tree):
    other = register(officer, campaign, tree, branch=tree.atyrau, territory=tree.atyrau.territory)
    register(officer, campaign, tree)  # registered, never helped
    for family, day, kind, amount in [
        (household, dt.date(2020, 4, 10), "food", 20_000),
        (household, dt.date(2020, 5, 12), "money", 50_000),
        (other, dt.date(2020, 6, 1), "money", 30_000),
    ]:
        actions.record_delivery(
            actor=officer, household=family, delivered_on=day, kind=kind, amount=amount
        )
    return other


def test_the_figures_count_families_once_and_add_up_the_tenge(delivered, tree):
    assert set(CODES) <= set(registry())
    assert get("aid.amount_tenge").unit == Unit.TENGE
    values = compute(CODES, parse_scope("atyrau"), SPRING)
    assert values == {"aid.families_helped": 2, "aid.amount_tenge": 100_000, "aid.deliveries": 3}
    april = compute(CODES, parse_scope("atyrau"), Period(dt.date(2020, 4, 1), dt.date(2020, 4, 30)))
    assert april == {"aid.families_helped": 1, "aid.amount_tenge": 20_000, "aid.deliveries": 1}
    # Placed by the household's territory and branch: the city's family alone.
    city = compute(CODES, parse_scope(tree.atyrau_city.territory.kato), SPRING)
    assert city == {"aid.families_helped": 1, "aid.amount_tenge": 70_000, "aid.deliveries": 2}
    assert compute(CODES, parse_scope("atyrau-city"), SPRING)["aid.amount_tenge"] == 70_000
    assert compute(CODES, parse_scope("kostanay"), SPRING) == dict.fromkeys(CODES, 0)
    by_kind = compute(["aid.amount_tenge"], parse_scope("atyrau"), SPRING, breakdown="kind")
    assert by_kind["aid.amount_tenge"] == {"food": 20_000, "money": 80_000}


def test_an_analyst_reads_the_figures_and_drills_down_to_numbers_not_people(
    client, delivered, household, tree
):
    analyst = user_with_role("analyst", tree.atyrau)
    assert compute(CODES, parse_scope("atyrau"), SPRING, user=analyst)["aid.families_helped"] == 2
    client.force_login(analyst)
    query = {"scope": "atyrau", "start": "2020-04-01", "end": "2020-06-30"}
    page = client.get(reverse("figures:drill", args=["aid.amount_tenge"]), query)
    assert page.status_code == 200 and page.context["page"].paginator.count == 3
    html = page.content.decode()
    assert f"№ {household.number}" in html
    for secret in [household.head.surname, household.head.iin, "Абая"]:
        assert secret not in html
    # An analyst has no VIEW_AID: no link to the household, no category.
    assert reverse("aid:household", args=[household.pk]) not in html
    assert str(household.get_category_display()).capitalize() not in html
    # Kostanay's analyst counts none of it.
    other = user_with_role("analyst", tree.kostanay)
    assert compute(CODES, parse_scope("central"), SPRING, user=other) == dict.fromkeys(CODES, 0)


def test_the_office_sees_the_category_and_the_households_page_in_the_drill_down(
    client, delivered, household, officer
):
    client.force_login(officer)
    query = {"scope": "atyrau", "start": "2020-04-01", "end": "2020-06-30"}
    page = client.get(reverse("figures:drill", args=["aid.deliveries"]), query)
    html = page.content.decode()
    assert reverse("aid:household", args=[household.pk]) in html
    assert household.head.surname not in html and household.head.iin not in html


def test_a_press_release_can_say_families_and_millions_of_tenge():
    with translation.override("kk"):
        families = grammar.group(15108, "kk")
        assert f"{families} отбасыға {grammar.money(265_000_000, 'kk')}" == (
            "15\xa0108 отбасыға 265 миллион теңге"
        )
    assert grammar.money(265_000_000, "ru") == "265 млн тенге"


def test_the_dashboard_shows_party_life_and_exports_it(client, delivered, tree):
    from esep.figures.registry import PARTY_LIFE

    client.force_login(user_with_role("analyst", tree.atyrau))
    query = {"scope": "atyrau", "start": "2020-04-01", "end": "2020-06-30"}
    page = client.get(reverse("figures:dashboard"), query)
    life = page.context["life"]
    assert [row.code for row, _change in life] == PARTY_LIFE
    values = {row.code: row.value for row, _change in life}
    assert (values["aid.families_helped"], values["aid.deliveries"]) == (2, 3)
    assert reverse("figures:drill", args=["aid.families_helped"]) in page.content.decode()
    csv = client.get(reverse("figures:export", args=["csv"]), {**query, "table": "life"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + len(PARTY_LIFE)
    assert any(line.startswith("aid.amount_tenge,") and ",100000," in line for line in lines)
