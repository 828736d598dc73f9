"""A branch's election headquarters imports the commission's protocol and certifies the
result; the public results page then shows it, in Kazakh and in Russian.

The factories' world (esep/elections/tests/factories.py): Kostanay's oblast maslikhat
elected on 10 January 2021, 10 seats by party lists, 7% threshold, lists amanat / ak-zhol /
auyl, stations 1 and 2 recorded. The officer imports the protocol with stations 1 and 2
again and a third (counted by hand in esep/elections/tests/test_imports.py): roll 2,300,
took part 1,400 → turnout 60.87%; amanat 900 of 1,365 list votes (65.93%), ak-zhol 310
(22.71%), auyl 155 (11.36%) → seats 7 / 2 / 1."""

import re

import pytest
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect

from esep.elections.models import Election
from esep.elections.tests.factories import build_elections, seven_on_the_list
from esep.org.tests.factories import build_tree

pytestmark = pytest.mark.django_db(transaction=True)

PROTOCOL = (
    "station,registered_voters,took_part,invalid,amanat,ak-zhol,auyl\n"
    "1,1000,600,20,400,130,50\n"
    "2,800,500,10,300,120,70\n"
    "3,500,300,5,200,60,35\n"
)


@pytest.fixture
def world(live_server):
    world = build_elections(build_tree())
    seven_on_the_list(world)
    world.head.set_password("browser-pass-1")
    world.head.save()
    return world


def public_url(live_server, election: Election, language: str) -> str:
    with translation.override(language):
        return live_server.url + reverse("portal:election", args=[election.code])


def test_a_protocol_imported_and_certified_is_on_the_public_results_page(page, live_server, world):
    election = world.election
    page.set_default_timeout(30_000)  # an import and a certification on a shared machine
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill(world.head.username)
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()

    # Not public while it is counted.
    assert page.request.get(public_url(live_server, election, "kk")).status == 404

    page.goto(live_server.url + "/en/elections/")
    page.get_by_role("link", name=re.compile(r"10\.01\.2021")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("10.01.2021")

    page.get_by_role("link", name="Import the commission's protocol from a spreadsheet").click()
    page.get_by_label("Spreadsheet (XLSX or CSV)").set_input_files(
        files=[{"name": "protocol.csv", "mimeType": "text/csv", "buffer": PROTOCOL.encode()}]
    )
    page.get_by_role("button", name="Import", exact=True).click()

    # Imported: back on the election's page, with the message and the new totals.
    expect(page.locator(".messages")).to_contain_text(
        "The protocol is imported. Rows recorded: 3.", timeout=30_000
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("10.01.2021")
    totals = page.locator("section", has=page.get_by_role("heading", name="Totals", exact=True))
    expect(totals).to_contain_text("2300")
    expect(totals).to_contain_text("60.87")

    certify = page.locator("#step-certify")
    certify.get_by_role("checkbox").check()
    certify.get_by_role("button").click()
    expect(page.locator(".messages")).to_contain_text("The results are certified")

    # The public page, without logging in: the turnout, each list's share and seats.
    expected = {
        "kk": ("«AMANAT» партиясы", "«Ақ жол» ДПК", "«Ауыл» партиясы"),
        "ru": ("Партия «AMANAT»", "ДПК «Ак жол»", "Партия «Ауыл»"),
    }
    public = page.context.browser.new_page()  # type: ignore[union-attr]
    public.set_default_timeout(30_000)
    try:
        for language, parties in expected.items():
            public.goto(public_url(live_server, election, language))
            main = public.locator("main")
            expect(main).to_contain_text("60,87%")
            lists = public.locator("#election-lists tbody tr")
            expect(lists).to_have_count(3)
            for row, (party, share, seats) in zip(
                lists.all(),
                zip(parties, ("65,93%", "22,71%", "11,36%"), ("7", "2", "1"), strict=True),
                strict=True,
            ):
                expect(row.get_by_role("rowheader")).to_have_text(party)
                expect(row.get_by_role("cell").nth(1)).to_have_text(share)
                expect(row.get_by_role("cell").last).to_have_text(seats)
            expect(public.locator("#election-winners tbody tr")).to_have_count(10)
            # A candidate's public name only: no IIN.
            for candidate in election.candidates.select_related("person"):
                expect(main).not_to_contain_text(candidate.person.iin)
    finally:
        public.close()
