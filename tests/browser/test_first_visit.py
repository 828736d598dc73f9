"""A new user's first visit: home page in Kazakh, switch language, log in, open a
branch, see its bodies — and nobody else's branch."""

import re
import urllib.parse

import pytest
from playwright.sync_api import expect

from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def head(live_server):
    tree = build_tree()
    user = user_with_role("branch_head", tree.atyrau, "atyrau.head")
    user.set_password("browser-pass-1")
    user.save()
    return tree


def test_visitor_switches_language_logs_in_and_sees_the_branch_bodies(page, live_server, head):
    page.goto(live_server.url + "/")
    expect(page).to_have_url(live_server.url + "/kk/")
    expect(page.locator("html")).to_have_attribute("lang", "kk")
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_role("button", name="Русский").click()
    expect(page).to_have_url(live_server.url + "/ru/")
    expect(page.get_by_role("link", name="Территории").first).to_be_visible()

    page.get_by_role("link", name="Войти").first.click()
    page.get_by_label("Имя пользователя").fill("atyrau.head")
    page.get_by_label("Пароль").fill("browser-pass-1")
    page.get_by_role("button", name="Войти").click()
    # A branch head starts on what needs them: overdue appeals and those under control.
    expect(page).to_have_url(re.compile(re.escape(live_server.url + "/ru/appeals/?attention=on")))

    page.get_by_role("link", name="Филиалы").first.click()
    page.get_by_role("link", name=head.atyrau.name_ru).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(head.atyrau.name_ru)
    expect(page.get_by_role("heading", name="Бюро")).to_be_visible()
    expect(page.get_by_role("link", name=head.kostanay.name_ru)).to_have_count(0)

    # The language switch keeps the page.
    page.get_by_role("button", name="English").click()
    expect(page).to_have_url(live_server.url + "/en/org/branches/atyrau/")
    expect(page.get_by_role("heading", name="Bureau")).to_be_visible()


def test_people_search_updates_in_place(page, live_server, head):
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.head")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/en/org/people/")
    rows = page.locator("#people tbody tr")
    expect(rows).to_have_count(2)
    target = head.members["atyrau-city"]
    page.get_by_label("Name or IIN").fill(target.surname)
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(target.full_name)
    # The filtered list has its own address, to share or reload.
    query = urllib.parse.urlencode({"q": target.surname, "branch": "", "status": ""})
    expect(page).to_have_url(f"{live_server.url}/en/org/people/?{query}")
