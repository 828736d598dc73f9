"""A deputy corrects last month inside its correction window, with evidence; the branch head
confirms the correction from the queue, is refused publication while the window is open,
publishes the month once it has closed; and a visitor, without logging in, finds the
deputy's band on the public rating page — and none of the deputy's personal data."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from esep.deputies.models import Correction, Publication
from esep.deputies.tests.factories import build_deputies
from esep.org.tests.factories import build_tree

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-pass-1"
# A PDF small enough to type: a header, an empty catalog and the end marker.
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture
def world(live_server):
    world = build_deputies(build_tree())
    # A name no other deputy of the small world shares, to find the deputy's row by.
    person = world.mandate.person
    person.surname, person.given_name, person.patronymic = "Сейітқали", "Нұрлан", "Маратұлы"
    person.save(update_fields=["surname", "given_name", "patronymic"])
    for user in (world.deputy, world.office):
        user.set_password(PASSWORD)
        user.save()
    return world


@pytest.fixture
def today(monkeypatch):
    """The day the site lives on (the server runs in this process: it reads it too)."""

    def freeze(day: dt.date) -> None:
        monkeypatch.setattr(timezone, "localdate", lambda *a, **k: day)

    return freeze


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_deputys_correction_reaches_the_published_band(browser, page, live_server, world, today):
    base = live_server.url
    deputy = world.mandate.person
    today(dt.date(2021, 4, 2))  # March 2021's window: 1 to 7 April

    # The deputy lands on their month — last month — and corrects it with evidence.
    log_in(page, base, "deputy-kostanay")
    expect(page).to_have_url(re.compile(r"/en/deputies/rating/month/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My month in the rating")
    expect(page.locator(".facts")).to_contain_text("03.2021")
    expect(page.locator("#component-initiatives")).to_contain_text("Initiatives")
    window = page.locator("section[aria-labelledby=window-title]")
    expect(window).to_contain_text("01.04.2021 – 07.04.2021")
    expect(window).to_contain_text("It is open")
    form = page.locator("form#step-correction")
    form.get_by_label("What is to be corrected").select_option("initiatives")
    form.get_by_label("Count to add (or, with a minus, to subtract)").fill("2")
    form.get_by_label("Explanation").fill("Two draft decisions brought to the 5th session.")
    form.get_by_label("Evidence").set_input_files(
        files=[{"name": "session-protocol.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    form.get_by_role("button", name="Submit a correction").click()
    expect(page.locator(".messages")).to_contain_text("The correction is submitted")
    expect(window.locator("tbody tr")).to_have_count(1)
    expect(window.locator("tbody tr")).to_contain_text("Awaiting a decision")

    # The branch head finds it in the queue and confirms it; publishing must wait.
    head_context = browser.new_context(viewport={"width": 1280, "height": 900})
    head = head_context.new_page()
    head.set_default_timeout(10_000)
    log_in(head, base, "head-kostanay")
    head.get_by_role("navigation").get_by_role("link", name="Rating", exact=True).click()
    expect(head.get_by_role("heading", level=1)).to_have_text("Corrections of deputies' months")
    queue = head.locator("main table tbody tr")
    expect(queue).to_have_count(1)
    expect(queue).to_contain_text("+2")
    queue.get_by_role("link", name=deputy.full_name).click()
    expect(head.get_by_role("heading", level=1)).to_have_text("Correction of a deputy's month")
    expect(head.get_by_role("link", name="session-protocol.pdf")).to_be_visible()
    confirm = head.locator("form#step-confirm")
    confirm.get_by_label("Note").fill("The session's protocol lists both drafts.")
    confirm.get_by_role("button", name="Confirm the correction").click()
    expect(head.locator(".messages")).to_contain_text("The correction is confirmed")
    assert Correction.objects.get().state == "confirmed"

    head.get_by_role("link", name="Rating months").click()
    head.locator(f"a[href$='/rating/months/{world.tree.kostanay.pk}/']").click()
    months_url = head.url
    months = head.locator("main table").first
    expect(months).to_contain_text("01.04.2021 – 07.04.2021")
    publish = head.locator("form#step-publish")
    publish.get_by_label("Month").select_option(label="03.2021")
    publish.get_by_role("button", name="Publish a month").click()
    expect(head.locator("form#step-publish .errors")).to_contain_text("publish after it")
    assert not Publication.objects.exists()

    # After the window the head publishes the month.
    today(dt.date(2021, 4, 8))
    head.goto(months_url)
    publish = head.locator("form#step-publish")
    publish.get_by_label("Month").select_option(label="03.2021")
    publish.get_by_role("button", name="Publish a month").click()
    expect(head.locator(".messages")).to_contain_text("Published: revision 1")
    expect(head.locator("main table").first).to_contain_text("revision 1")
    head_context.close()

    # The deputy's month now reads as published.
    page.reload()
    expect(page.locator(".facts")).to_contain_text("frozen as published")

    # Anyone reads the deputy's band on the public rating.
    public_context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = public_context.new_page()
    visitor.set_default_timeout(10_000)
    visitor.goto(base + "/en/rating/")
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Deputies' rating")
    row = visitor.locator("main table tbody tr").filter(
        has=visitor.get_by_role("link", name=deputy.full_name, exact=True)
    )
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Band 1 of 5")
    html = visitor.content()
    private = [deputy.iin, deputy.birth_date.strftime("%d.%m.%Y"), "deputy-kostanay"]
    for text in filter(None, private):
        assert text not in html
    public_context.close()
