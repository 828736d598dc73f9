"""The citizen's receipt on a phone and on paper: it fits the screen, its print button works
where scripts run (a file of the site's own, as CSP asks), and it prints on one page
without the site's header and footer."""

import re

import pytest
from playwright.sync_api import expect

from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import build_tree

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(live_server):
    tree = build_tree()
    tree.atyrau_city.address = "Атырау, Сәтбаев даңғылы, 3"
    tree.atyrau_city.save()
    CategoryFactory.create(code="roads", name_kk="Жолдар", name_ru="Дороги")
    return tree


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_receipt_fits_a_phone_and_prints_on_one_page(browser, live_server, setting, anonymous):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="ru-RU")
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/ru/submit/")
    page.locator("#id_kind").select_option("complaint")
    page.locator("#id_category").select_option("roads")
    page.locator("#id_territory").select_option("231010000")
    page.locator("#id_text").fill("Во дворе нет света, вечером опасно.")
    if anonymous:
        page.locator("#id_anonymous").check()
    else:
        page.locator("#id_surname").fill("Сейітова")
        page.locator("#id_given_name").fill("Айжан")
        page.locator("#id_phone").fill("+7 701 555 11 22")
        page.locator("#id_consent").check()
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("svg.qr")).to_be_visible()
    expect(page.locator(".tracking-url")).to_contain_text("/ru/track/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    # The script ran under the site's CSP: the button is shown, nothing was refused.
    expect(page.locator("[data-print]")).to_be_visible()
    assert not [e for e in errors if "Content Security Policy" in e]
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator("[data-print]")).to_be_hidden()
    pdf = page.pdf(format="A4")
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1
    context.close()
