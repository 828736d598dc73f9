"""An analyst opens the dashboard, follows a figure to the appeals it counts, and exports
the table."""

import datetime as dt

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect

from esep.appeals import actions
from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import PersonFactory, build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def analyst(live_server):
    tree = build_tree()
    category = CategoryFactory.create(code="roads", name_en="Roads")
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    for day, outcome in ((3, "resolved_positively"), (10, "explained"), (17, None)):
        appeal = actions.register_appeal(
            actor=officer,
            channel="reception_office",
            kind="complaint",
            category=category,
            territory=tree.atyrau.territory,
            branch=tree.atyrau_city,
            submitter=PersonFactory.create(),
            text="Жол жөнделмеген",
            language="kk",
            received_at=dt.datetime(2021, 3, day, 5, tzinfo=dt.UTC),
        )
        if outcome:
            actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
            actions.start_work(actor=officer, appeal=appeal)
            actions.record_answer(actor=officer, appeal=appeal, outcome=outcome, answer="Жауап")
    user = user_with_role("analyst", tree.atyrau, "atyrau.analyst")
    user.set_password("browser-pass-1")
    user.save()
    return user


def test_dashboard_to_drill_down_to_export(page, live_server, analyst, tmp_path):
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.analyst")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()

    page.goto(live_server.url + "/en/figures/?scope=atyrau&year=2021")
    row = page.locator(
        "table.figures tr", has=page.get_by_role("rowheader", name="Appeals received", exact=True)
    )
    expect(row.locator("td").first).to_have_text("3")
    expect(page.locator("img[src*='chart/trend.svg']")).to_be_visible()

    row.locator("td a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Appeals received: 3")
    expect(page.locator("main table tbody tr")).to_have_count(3)
    page.go_back()

    with page.expect_download() as download:
        page.get_by_role("link", name="XLSX").first.click()
    saved = tmp_path / "figures.xlsx"
    download.value.save_as(saved)
    sheet = load_workbook(saved).active
    assert sheet is not None
    values = {r[0]: r[2] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert values["appeals.received"] == 3
    assert values["appeals.resolved_positively"] == 1
