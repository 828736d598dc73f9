"""A reception officer takes an appeal from registration to closing in the browser."""

import pytest
from playwright.sync_api import expect

from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(live_server):
    tree = build_tree()
    CategoryFactory.create(code="utilities", name_en="Utilities")
    user = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    user.set_password("browser-pass-1")
    user.save()
    return user


def test_officer_registers_and_closes_an_appeal(page, live_server, officer):
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.officer")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/en/appeals/new/")
    page.get_by_label("Surname").fill("Сейітова")
    page.get_by_label("Name", exact=True).fill("Айжан")
    page.get_by_label("Phone").fill("8 701 555 11 22")
    page.get_by_label("The citizen consents to the processing of personal data").check()
    page.get_by_label("Type").select_option("complaint")
    page.get_by_label("Category").select_option("utilities")
    page.get_by_label("Branch").select_option("atyrau-city")
    page.get_by_label("Territory").select_option("231010000")
    page.get_by_label("Text of the appeal").fill("Үйде үш күннен бері су жоқ.")
    page.get_by_role("button", name="Register").click()

    expect(page.get_by_role("heading", level=1)).to_contain_text("ATYRAU-CITY-")
    expect(page.locator(".deadline")).to_contain_text("working days left")

    page.locator("form[action$='/assign/']").get_by_label("Assignee").select_option(
        label="atyrau.officer"
    )
    page.locator("form[action$='/assign/']").get_by_role("button").click()
    page.locator("form[action$='/start/']").get_by_role("button").click()
    answer = page.locator("form[action$='/answer/']")
    answer.get_by_label("Outcome").select_option("resolved_positively")
    answer.get_by_label("Answer given to the applicant").fill("Су берілді.")
    answer.get_by_role("button").click()
    page.locator("form[action$='/close/']").get_by_role("button").click()

    expect(page.locator(".facts dd").first).to_contain_text("Closed")
    expect(page.locator(".timeline li")).to_have_count(5)
