"""A citizen on a phone submits an appeal in Kazakh, follows it after an officer answers,
and rates the answer."""

import pytest
from playwright.sync_api import expect

from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def setting(live_server):
    tree = build_tree()
    CategoryFactory.create(code="roads", name_kk="Жолдар")
    return tree


def test_citizen_submits_tracks_and_rates_on_a_phone(browser, live_server, setting):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="kk-KZ")
    page = context.new_page()
    page.goto(live_server.url + "/kk/")
    page.get_by_role("link", name="Өтініш жіберу").first.click()
    page.get_by_label("Өтініш түрі").select_option("complaint")
    page.get_by_label("Тақырыбы").select_option("roads")
    page.get_by_label("Қай жерде").select_option("231010000")
    page.get_by_label("Не болды және не сұрайсыз").fill("Аулада жарық жоқ, кешке қауіпті.")
    page.get_by_label("Тегі").fill("Сейітова")
    page.get_by_label("Аты", exact=True).fill("Айжан")
    page.get_by_label("Телефон").fill("+7 701 555 11 22")
    page.get_by_role("button", name="Жіберу").click()
    # Without consent: the error is beside the field, nothing is registered.
    expect(page.locator(".field-errors")).to_contain_text("Келісіміңізсіз")
    page.locator("#id_consent").check()
    page.get_by_role("button", name="Жіберу").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Өтінішіңіз тіркелді")
    code = page.locator(".code").inner_text()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    appeal = Appeal.objects.get(tracking_code=code)
    officer = user_with_role("reception_officer", setting.atyrau, "atyrau.officer")
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_positively", answer="Шам орнатылды."
    )

    page.goto(live_server.url + "/kk/track/")
    page.get_by_label("Бақылау коды").fill(code.lower())
    page.get_by_role("button", name="Табу").click()
    expect(page.locator("main")).to_contain_text("Шам орнатылды.")
    expect(page.locator(".timeline li")).to_have_count(4)
    page.get_by_label("5 — өте жақсы").check()
    page.get_by_role("button", name="Бағалау").click()
    expect(page.locator(".messages")).to_contain_text("бағаңыз тіркелді")
    appeal.refresh_from_db()
    assert appeal.rating == 5
    context.close()
