"""An aid officer signs in, imports a campaign's beneficiaries and then their deliveries from
spreadsheets through the campaign's pages, follows each import job to its end, and reads the
families helped on the figures dashboard: `aid.families_helped` counts the three families."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from esep.aid import actions
from esep.lib.iin import make_iin
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

IINS = [
    make_iin(dt.date(1971, 3, 8), "female", 1201),
    make_iin(dt.date(1955, 11, 2), "male", 3407),
    make_iin(dt.date(1988, 6, 30), "female", 5809),
]
BENEFICIARIES = (
    "iin,surname,given_name,patronymic,phone,address,territory,members,category\n"
    f'{IINS[0]},Омарова,Гүлнар,Серікқызы,+77011234501,"Абай көшесі, 5 үй, 3 пәтер",'
    "231010000,6,көп балалы\n"
    f'{IINS[1]},Исатаев,Болат,,+77011234502,"Сәтбаев көшесі, 12 үй",231010000,2,зейнеткер\n'
    f'{IINS[2]},Жұмабаева,Жанар,,,"Махамбет көшесі, 7 үй, 41 пәтер",231010000,3,'
    "lost income\n"
)
DELIVERIES = (
    "iin,delivered_on,kind,amount,delivered_by,confirmation,reference\n"
    f"{IINS[0]},15.04.2020,азық-түлік,14500,«Жас Отан» еріктілері,қолы,АТ-001\n"
    f"{IINS[1]},2020-04-16,food,14500,«Жас Отан» еріктілері,signature,АТ-002\n"
    f"{IINS[2]},17.04.2020,азық-түлік,14500,«Жас Отан» еріктілері,фото,АТ-003\n"
    f"{IINS[0]},2020-05-20,деньги,42500,Штаб,смс,SMS-77\n"
)


@pytest.fixture
def officer(live_server):
    tree = build_tree()
    user = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    user.set_password("browser-pass-1")
    user.save()
    campaign = actions.create_campaign(
        actor=user,
        code="biz-birgemiz-2020",
        name_kk="Біз біргеміз",
        name_ru="Біз біргеміз",
        name_en="Biz birgemiz",
        branch=tree.atyrau,
        starts_on=dt.date(2020, 4, 1),
        ends_on=dt.date(2020, 6, 30),
        kinds=["food", "money"],
    )
    partner = actions.add_partner(actor=user, name="ТОО «Жайық Мұнай Сервис»", kind="company")
    actions.record_contribution(
        actor=user,
        campaign=campaign,
        partner=partner,
        received_on=dt.date(2020, 4, 1),
        amount=1_000_000,
    )
    return user


def upload(page, link: str, name: str, content: str) -> None:
    page.get_by_role("link", name=link, exact=True).click()
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content.encode()}]
    )
    page.get_by_role("button", name="Import", exact=True).click()


def test_beneficiaries_and_deliveries_imported_to_the_dashboard_figure(page, live_server, officer):
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.officer")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()

    campaign_url = live_server.url + "/en/aid/campaigns/biz-birgemiz-2020/"
    page.goto(campaign_url)
    upload(page, "Import beneficiaries", "beneficiaries.csv", BENEFICIARIES)
    job = page.locator("#job")
    expect(job).to_contain_text("Families registered: 3", timeout=30_000)
    job.get_by_role("link", name="Go to the campaign").click()

    upload(page, "Import deliveries", "deliveries.csv", DELIVERIES)
    expect(page.locator("#job")).to_contain_text("Deliveries recorded: 4", timeout=30_000)

    # The families list names no IIN.
    page.goto(live_server.url + "/en/aid/households/?campaign=biz-birgemiz-2020")
    expect(page.locator("main table tbody tr")).to_have_count(3)
    for iin in IINS:
        expect(page.locator("main")).not_to_contain_text(iin)

    # The dashboard's "Party life" holds the figures; each value opens the records it counts.
    page.goto(live_server.url + "/en/figures/?scope=atyrau&year=2020")
    life = page.locator("section", has=page.get_by_role("heading", name="Party life", exact=True))
    helped = life.get_by_role("row", name=re.compile(r"^Families helped"))
    delivered = life.get_by_role("row", name=re.compile(r"^Aid deliveries"))
    expect(delivered.get_by_role("cell").first).to_have_text("4")
    helped.get_by_role("cell").first.get_by_role("link", name="3", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Families helped: 3")
