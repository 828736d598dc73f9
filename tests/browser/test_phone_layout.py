"""The pages the issue measured, each set up with the longest names a real branch has: the
public submission form fits a 375 px phone whatever a topic is called, and a meeting's three
step forms stand apart — on a desktop side by side, on a phone one under another — so a
click on "Add an agenda item" adds an agenda item."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control.meetings import actions as meetings
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)

LONG = (
    "Тұрғын үй-коммуналдық шаруашылығы, көп пәтерлі тұрғын үйлердің ортақ мүлкін күтіп "
    "ұстау және жөндеу, жылу, су және электр энергиясымен жабдықтау"
)


def width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


@pytest.fixture
def setting(live_server):
    tree = build_tree()
    CategoryFactory.create(code="housing", name_kk=LONG, name_ru=LONG, name_en=LONG)
    # A body an instruction may go to, named in full as akimats' departments are.
    body = "Department of housing and communal services, passenger transport and roads of " * 2
    StateBodyFactory.create(territory=tree.atyrau.territory, name_en=body, name_kk=body)
    head = user_with_role("branch_head", tree.atyrau, "atyrau.head")
    head.set_password("browser-pass-1")
    head.save()
    meeting = meetings.hold_meeting(
        actor=head,
        branch=tree.atyrau,
        kind="urgent",
        held_on=timezone.localdate() - dt.timedelta(days=1),
        participants=[],
    )
    return meeting


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_submission_form_fits_a_phone_with_a_long_topic(
    browser, live_server, setting, language
):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/{language}/submit/")
    assert width(page) <= 375
    button = page.locator("main form button[type=submit]")
    box = button.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 375
    context.close()


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 900}, {"width": 375, "height": 800}]
)
def test_a_click_on_add_an_agenda_item_adds_one(browser, live_server, setting, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau.head")
    page.get_by_label("Password").fill("browser-pass-1")
    page.get_by_role("button", name="Log in").click()
    page.goto(f"{live_server.url}/en/control/meetings/{setting.pk}/")
    assert width(page) <= viewport["width"]
    form = page.locator("form#step-item")
    form.get_by_label("Question").fill("Heating in Aqsai")
    # A real click at the button's place, which lands on whatever lies on top there.
    form.get_by_role("button", name="Add an agenda item").click()
    expect(page.locator("section[aria-labelledby=agenda-title] li")).to_have_text(
        "Heating in Aqsai"
    )
    assert setting.items.get().title == "Heating in Aqsai"
    context.close()
