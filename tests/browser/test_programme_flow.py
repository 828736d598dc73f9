"""A road map's monitor records an indicator's value with its document and proposes a new
status for a measure on evidence; the branch head, a second person, approves it from the
queue of changes awaiting approval; and anyone, without logging in, finds the measure's new
status, the history entry with its reason and publisher, and the observed value in the
indicator's data table on the public promise tracker — in English and in Kazakh, with no
monitor's or head's name on the public pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from esep.org.tests.factories import build_tree
from esep.programme.tests.factories import build_programme

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-pass-1"
# A PDF small enough to type: a header, an empty catalog and the end marker.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(live_server):
    world = build_programme(build_tree())
    world.head.first_name, world.head.last_name = "Ерлан", "Жақсыбеков"
    for user in (world.monitor, world.head):
        user.set_password(PASSWORD)
        user.save()
    return world


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_observation_and_an_approved_change_reach_the_public_tracker(
    browser, page, live_server, world
):
    base = live_server.url
    monitor = world.monitor.person

    # The monitor lands on the road maps they follow and opens theirs, then its measure.
    log_in(page, base, "kostanay-monitor")
    expect(page).to_have_url(re.compile(r"/en/programme/road-maps/\?mine=on$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Road maps")
    page.get_by_role("link", name="Kostanay oblast road map").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Kostanay oblast road map")
    expect(page.locator("main")).to_contain_text("You monitor this road map")
    page.get_by_role("link", name="M1", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measure M1")

    observation = page.locator("form#step-observation")
    observation.get_by_label("Indicator").select_option(
        label="WATER — Share of villages with clean water"
    )
    observation.get_by_label("Territory").select_option("390000000")
    observation.get_by_label("Period from").fill("2022-01-01")
    observation.get_by_label("Period to").fill("2022-12-31")
    observation.get_by_role("spinbutton", name="Value", exact=True).fill("83")
    observation.get_by_label("Status of the value").select_option("actual")
    observation.get_by_label("Source").fill("Regional statistics department, 2022 bulletin")
    observation.get_by_label("Document (PDF, image or spreadsheet)").set_input_files(
        files=[{"name": "bulletin-2022.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    observation.get_by_role("button", name="Record an observation").click()
    expect(page.locator(".messages")).to_contain_text("The observation is recorded.")
    observed = page.locator("table", has_text="Observations of WATER")
    expect(observed.locator("tbody tr")).to_have_count(1)
    expect(observed).to_contain_text("83")
    expect(observed).to_contain_text("Regional statistics department, 2022 bulletin")
    expect(observed.get_by_role("link", name="bulletin-2022.pdf")).to_be_visible()

    change = page.locator("form#step-change")
    change.get_by_label("New progress status").select_option("in_progress")
    change.get_by_role("textbox", name="Reason", exact=True).fill(
        "Water mains reach 83 % of the villages: the work is under way."
    )
    change.get_by_label("Kind of evidence").select_option("statistics")
    change.get_by_label("Title of the evidence").fill("Water supply of villages, 2022")
    change.get_by_label("Link").fill("https://stat.example.kz/water-2022")
    change.get_by_label("Publisher").fill("Kostanay regional statistics department")
    change.get_by_label("Published on").fill("2023-02-15")
    # A name typed into a public text is masked on the public pages.
    change.get_by_label("Quote").fill(f"Checked on site with {monitor.full_name}.")
    change.get_by_role("button", name="Propose a change of status or verdict").click()
    expect(page.locator(".messages")).to_contain_text("The change is proposed")
    pending = page.locator("section[aria-labelledby=pending-title]")
    expect(pending).to_contain_text("Progress status: in progress")
    pending.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposed change")
    expect(page.locator(".facts").first).to_contain_text("Awaiting approval", ignore_case=True)
    expect(page.locator("section[aria-labelledby=evidence-title]")).to_contain_text(
        "Kostanay regional statistics department"
    )
    # Four eyes: whoever proposed it is offered no decision on it.
    expect(page.get_by_role("button", name="Approve the change")).to_have_count(0)
    # The monitor at work in the field, on a phone: the measure's page fits it.
    page.set_viewport_size({"width": 375, "height": 800})
    page.go_back()
    expect(page.get_by_role("heading", level=1)).to_have_text("Measure M1")
    assert width(page) <= 375

    # The branch head opens the queue of changes awaiting approval and approves it.
    head_context = browser.new_context(viewport={"width": 1280, "height": 900})
    head = head_context.new_page()
    head.set_default_timeout(10_000)
    log_in(head, base, "kostanay-head")
    head.get_by_role("navigation").get_by_role("link", name="Programme").first.click()
    head.get_by_role("link", name="Changes awaiting approval").click()
    queue = head.locator("main table tbody tr")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("kostanay-monitor")
    queue.get_by_role("link", name="Progress status: in progress").click()
    expect(head.get_by_role("heading", level=1)).to_have_text("Proposed change")
    approve = head.locator("form#step-approve")
    approve.get_by_label("Note").fill("The statistics agree.")
    approve.get_by_role("button", name="Approve the change").click()
    expect(head.locator(".messages")).to_contain_text("The change is approved")
    expect(head.locator(".facts").first).to_contain_text("Approved", ignore_case=True)
    head_context.close()

    # Anyone finds the measure's new status, its history and the measured value.
    public_context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = public_context.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(base + "/en/promises/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Promise tracker")
    visitor.get_by_role("link", name="1.1 Clean drinking water in every village").click()
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(
        "Clean drinking water in every village"
    )
    measure = visitor.locator(f"article[aria-labelledby=measure-{world.measure.pk}]")
    expect(measure.locator(".facts")).to_contain_text("In progress")
    history = visitor.locator("section[aria-labelledby=history-title] .timeline > li")
    expect(history).to_have_count(1)
    expect(history).to_contain_text("«in progress»")
    expect(history).to_contain_text("the work is under way")
    expect(history).to_contain_text("Kostanay regional statistics department")
    expect(history.locator("blockquote")).to_contain_text("Checked on site with")
    values = measure.locator("table", has_text="Share of villages with clean water: the values")
    measured = values.locator("tr", has_text="measured, for the period ending that day")
    expect(measured).to_have_count(1)
    expect(measured).to_contain_text("31.12.2022")
    expect(measured).to_contain_text("83")

    pages = {"promise": visitor.content()}
    visitor.goto(base + "/en/promises/")
    pages["tracker"] = visitor.content()
    visitor.goto(base + f"/en/promises/road-maps/{world.road_map.pk}/")
    pages["road map"] = visitor.content()
    names = [
        monitor.surname,
        monitor.given_name,
        "kostanay-monitor",
        "kostanay-head",
        "Ерлан",
        "Жақсыбеков",
    ]
    for where, html in pages.items():
        for name in names:
            assert name not in html, f"{name!r} is on the public {where} page"

    # The same promise page in Kazakh, on a phone.
    visitor.set_viewport_size({"width": 375, "height": 800})
    visitor.goto(base + f"/kk/promises/{world.promise.pk}/")
    expect(visitor.locator("html")).to_have_attribute("lang", "kk")
    expect(visitor.get_by_role("heading", level=1)).to_contain_text("Әр ауылға таза ауыз су")
    expect(visitor.locator("#history-title")).to_have_text("Өзгерістер тарихы")
    expect(visitor.locator(f"article[aria-labelledby=measure-{world.measure.pk}]")).to_contain_text(
        "Жұмыста"
    )
    assert width(visitor) <= 375
    public_context.close()
