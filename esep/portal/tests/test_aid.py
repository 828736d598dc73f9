"""The aid campaigns' public pages and open data: the campaigns with the families each helped
and the aid's value, a campaign's table by territory and its CSV and JSON — counts only, in
kk, ru and en, without login. A territory with 1–4 families helped shows "fewer than 5" and
neither its count nor its amount appears in the page or a file; one more count is withheld
so that it cannot be worked out from the total; no family's head, IIN, phone or address
anywhere."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import json
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from esep.aid import actions
from esep.aid.models import Campaign, Household, Kind
from esep.lib.iin import make_iin
from esep.org.models import Person, Territory
from esep.org.tests.factories import TerritoryFactory, user_with_role

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")
_serials = itertools.count(1)

# Families helped in each district (the small one: 3) and what each family received.
CITY, SMALL, LARGE = 7, 3, 12
EACH = {"city": 21_113, "small": 13_579, "large": 17_351}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def helped(officer, campaign, branch, territory, n, amount, surname):
    for _ in range(n):
        serial = next(_serials)
        household = actions.register_household(
            actor=officer,
            campaign=campaign,
            branch=branch,
            territory=territory,
            iin=make_iin(dt.date(1980, 1, 1) + dt.timedelta(days=serial), "female", serial * 3),
            surname=surname,
            given_name="Гүлнар",
            phone=f"+7701555{serial:04d}",
            address=f"Құрманғазы көшесі, {serial} үй",
            members=4,
            category="large_family",
        )
        actions.record_delivery(
            actor=officer,
            household=household,
            delivered_on=dt.date(2020, 4, 20),
            kind=Kind.FOOD,
            amount=amount,
        )


@pytest.fixture
def campaign(tree) -> Campaign:
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau-officer")
    atyrau_t = tree.atyrau.territory
    small_t = TerritoryFactory.create(parent=atyrau_t, kato="234400000", name_en="Kurmangazy")
    large_t = TerritoryFactory.create(parent=atyrau_t, kato="233600000", name_en="Zhylyoi")
    village = TerritoryFactory.create(parent=large_t, kato="233630100", name_en="Kulsary")
    campaign = actions.create_campaign(
        actor=officer,
        code="biz-birgemiz-2020",
        name_kk="Біз біргеміз",
        name_ru="Біз біргеміз",
        name_en="We are together",
        branch=tree.atyrau,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
        kinds=[Kind.FOOD],
    )
    partner = actions.add_partner(actor=officer, name="Атырау Мұнай", kind="company")
    actions.record_contribution(
        actor=officer,
        campaign=campaign,
        partner=partner,
        received_on=dt.date(2020, 4, 2),
        amount=1_000_000,
    )
    city = tree.atyrau_city
    helped(officer, campaign, city, city.territory, CITY, EACH["city"], "Жұмабаева")
    helped(officer, campaign, tree.atyrau, small_t, SMALL, EACH["small"], "Исатаева")
    # The large district's families, some of them in a village below it.
    helped(officer, campaign, tree.atyrau, large_t, 5, EACH["large"], "Сәрсенова")
    helped(officer, campaign, tree.atyrau, village, LARGE - 5, EACH["large"], "Сәрсенова")
    # Registered, never helped: not counted.
    actions.register_household(
        actor=officer,
        campaign=campaign,
        branch=tree.atyrau,
        territory=small_t,
        iin=make_iin(dt.date(1970, 5, 5), "male", 999),
        surname="Көмексіз",
        given_name="Ерлан",
        address="Абай көшесі, 1",
        members=2,
        category="pensioner",
    )
    return campaign


def _amounts(n: int, each: int) -> list[str]:
    """Every way a page or a file could write the sum: 40737, 40 737, 40,737."""
    total = n * each
    return [
        str(total),
        f"{total:,}",
        f"{total:,}".replace(",", "\xa0"),
        f"{total:,}".replace(",", " "),
    ]


def assert_no_personal_data(text: str) -> None:
    for person in Person.objects.all():
        for value in (person.iin, person.phone, person.surname):
            if value:
                assert value not in text, value
    for address in Household.objects.values_list("address", flat=True):
        assert address not in text
    assert "көшесі" not in text


def row_of(text: str, name: str) -> str:
    rows = re.findall(r"<tr>.*?</tr>", text, flags=re.S)
    found = [r for r in rows if name in r]
    assert len(found) == 1, name
    return found[0]


def cells(row: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_campaigns_page_shows_each_campaign_with_its_families_helped(client, campaign, language):
    response = client.get(url("portal:aid", language=language))
    assert response.status_code == 200
    text = body(response)
    with translation.override(language):
        assert campaign.name in text
        row = row_of(text, campaign.name)
    assert cells(row)[-2] == str(CITY + SMALL + LARGE)  # the never helped not counted
    total = CITY * EACH["city"] + SMALL * EACH["small"] + LARGE * EACH["large"]
    assert re.sub(r"\D", "", cells(row)[-1]) == str(total)
    assert url("portal:aid-campaign", campaign.code, language=language) in text
    assert_no_personal_data(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_territory_with_fewer_than_5_families_is_withheld_with_one_more(
    client, campaign, language
):
    response = client.get(url("portal:aid-campaign", campaign.code, language=language))
    assert response.status_code == 200
    text = body(response)
    with translation.override(language):
        fewer, not_shown = gettext("fewer than 5"), gettext("not shown")
        small = row_of(text, _name("234400000"))
        city = row_of(text, _name("231010000"))
        large = row_of(text, _name("233600000"))
    assert cells(small) == [fewer, fewer]
    # The city's 7 would give the small district's 3 from the total: not shown either.
    assert cells(city) == [not_shown, not_shown]
    assert cells(large)[0] == str(LARGE)  # the village's families counted in its district
    assert re.sub(r"\D", "", cells(large)[1]) == str(LARGE * EACH["large"])
    for amount in _amounts(SMALL, EACH["small"]) + _amounts(CITY, EACH["city"]):
        assert amount not in text
    assert f">{SMALL}<" not in text and f">{CITY}<" not in text
    assert_no_personal_data(text)


def _name(kato: str) -> str:
    return Territory.objects.get(kato=kato).name


def test_open_data_withholds_the_same_in_csv_and_json(client, campaign):
    csv_text = body(client.get(url("portal:aid-open-data", campaign.code, "csv")))
    rows = {r["territory_kato"]: r for r in csv.DictReader(io.StringIO(csv_text))}
    assert set(rows) == {"230000000", "231010000", "234400000", "233600000"}
    assert rows["230000000"]["households_helped"] == str(CITY + SMALL + LARGE)
    assert (rows["234400000"]["households_helped"], rows["234400000"]["amount_tenge"]) == ("", "")
    assert rows["234400000"]["withheld"] == "small"
    assert (rows["231010000"]["households_helped"], rows["231010000"]["withheld"]) == (
        "",
        "withheld",
    )
    assert rows["233600000"]["households_helped"] == str(LARGE)
    assert rows["233600000"]["amount_tenge"] == str(LARGE * EACH["large"])

    response = client.get(url("portal:aid-open-data", campaign.code, "json"))
    assert response["Content-Type"].startswith("application/json")
    json_text = body(response)
    records = {r["territory_kato"]: r for r in json.loads(json_text)}
    assert records["234400000"]["households_helped"] is None
    assert records["234400000"]["amount_tenge"] is None
    assert records["234400000"]["withheld"] == "small"
    assert records["233600000"]["households_helped"] == LARGE
    for text in (csv_text, json_text):
        for amount in _amounts(SMALL, EACH["small"]) + _amounts(CITY, EACH["city"]):
            assert amount not in text
        assert_no_personal_data(text)
    assert json.loads(json_text)[0]["campaign"] == campaign.code


def test_a_campaign_with_fewer_than_5_families_shows_no_total(client, tree):
    officer = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    small = actions.create_campaign(
        actor=officer,
        code="small-2021",
        name_kk="Шағын",
        name_ru="Малая",
        name_en="Small one",
        branch=tree.kostanay,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 12, 31),
        kinds=[Kind.FOOD],
    )
    partner = actions.add_partner(actor=officer, name="Қайырымдылық қоры", kind="foundation")
    actions.record_contribution(
        actor=officer,
        campaign=small,
        partner=partner,
        received_on=dt.date(2020, 4, 5),
        amount=90_000,
    )
    helped(officer, small, tree.kostanay, tree.rudny.territory, 2, 41_111, "Жалғызова")
    text = body(client.get(url("portal:aid")))
    row = row_of(text, "Small one")
    assert cells(row)[-2:] == ["fewer than 5", "fewer than 5"]
    assert "82222" not in text.replace(",", "").replace("\xa0", "").replace(" ", "")
    page = body(client.get(url("portal:aid-campaign", "small-2021")))
    assert "82222" not in page.replace(",", "").replace("\xa0", "").replace(" ", "")
    assert "fewer than 5" in page
    assert client.get(url("portal:aid-campaign", "no-such")).status_code == 404
