"""An officer plans a mobile reception, registers two appeals at it, records it held, and
finds it in the public schedule's history and on the branch's page."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(live_server):
    tree = build_tree()
    CategoryFactory.create(code="roads", name_en="Roads")
    user = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    user.set_password("browser-pass-1")
    user.save()
    return tree


def register_visitor(page, surname: str, text: str) -> None:
    page.get_by_role("link", name="Register an appeal at this reception").click()
    page.get_by_label("Surname").fill(surname)
    page.get_by_label("Name", exact=True).fill("Айжан")
    page.get_by_label("The citizen consents to the processing of personal data").check()
    page.get_by_label("Type").select_option("complaint")
    page.get_by_label("Category").select_option("roads")
    page.get_by_label("Text of the appeal").fill(text)
    page.get_by_role("button", name="Register").click()
    expect(page.locator(".messages")).to_contain_text("is registered")


def test_mobile_reception_from_plan_to_public_history(page, live_server, setting):
    deputy = setting.members["atyrau"]
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.officer")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/en/receptions/new/")
    page.get_by_label("Branch").select_option("atyrau")
    page.get_by_label("Territory").select_option("230000000")
    page.get_by_label("Kind").select_option("mobile")
    page.locator("#id_place_type").select_option("market")
    page.get_by_label("Address or link").fill("Central market, Satpayev st. 1")
    page.get_by_label("Date").fill(yesterday.isoformat())
    page.get_by_label("Starts at").fill("10:00")
    page.get_by_label("Ends at").fill("13:00")
    page.get_by_label("Receiving deputies and officials").select_option(label=deputy.full_name)
    page.get_by_label("Weeks in a row").fill("1")
    page.get_by_role("button", name="Plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mobile reception")

    register_visitor(page, "Сейітова", "Базар маңындағы жолда жарық жоқ.")
    register_visitor(page, "Омарова", "Аялдамада күту орны жоқ.")
    appeals = page.locator("section[aria-labelledby='appeals-title'] tbody tr")
    expect(appeals).to_have_count(2)
    expect(appeals.first).to_contain_text("ATYRAU-")

    held = page.locator("form[action$='/held/']")
    held.get_by_label("People received").fill("1")
    held.get_by_role("button", name="Record as held").click()
    expect(page.locator(".errors, .field-errors").first).to_contain_text("At least 2 people")
    held = page.locator("form[action$='/held/']")
    held.get_by_label("People received").fill("12")
    held.get_by_role("button", name="Record as held").click()
    expect(page.locator(".facts")).to_contain_text("Held")

    page.goto(live_server.url + "/en/receptions/schedule/?when=past")
    card = page.locator(".reception-card", has_text="Central market")
    expect(card).to_contain_text("12 people received")
    expect(card).to_contain_text(deputy.surname)

    page.goto(live_server.url + "/en/org/branches/atyrau/")
    work = page.locator("section[aria-labelledby='work-title']")
    expect(work).to_contain_text("Central market")
    expect(work).to_contain_text("12 people received")
