"""A conference's election from a delegate's phone to the body's new composition: the
delegate signs in and registers online on their own page; the secretary, signed in in
another browser, sees the quorum on the console and opens the prepared election of the
audit commission; the delegate votes for up to two candidates and reads their receipt —
the one the published list of ballots carries; the secretary watches the count of who has
voted, closes the vote and certifies the result on the poll's page; and the branch's audit
commission now seats the elected."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from esep.assemblies import actions
from esep.assemblies.models import Ballot
from esep.assemblies.tests.factories import build_conference
from esep.org.models import Body
from esep.org.tests.factories import build_tree

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "browser-pass-1"
PHONE = {"width": 375, "height": 740}
DESK = {"width": 1280, "height": 900}


@pytest.fixture
def world(live_server):
    """Atyrau's conference in session: three delegates marked in the hall, the election of
    the audit commission (two seats, three candidates) prepared and not yet open."""
    conf = build_conference(build_tree())
    for user in (conf.voters[0], conf.office):
        user.set_password(PASSWORD)
        user.save()
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[1:4]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")
    poll = actions.create_poll(
        actor=conf.office,
        item=conf.election,
        kind="election",
        name_kk="Бақылау-тексеру комиссиясы",
        name_ru="Контрольно-ревизионная комиссия",
        name_en="Audit commission",
        seats=2,
        body_kind=Body.Kind.AUDIT_COMMISSION,
    )
    for person in conf.members[5:8]:
        actions.nominate(
            actor=conf.office, poll=poll, person=person, consent_on=dt.date(2022, 1, 10)
        )
    conf.poll = poll
    return conf


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/en/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("button", name="Log out")).to_be_visible()


def test_a_delegate_votes_online_and_the_elected_take_their_seats(browser, live_server, world):
    base = live_server.url
    poll = world.poll
    first, second, third = (p.full_name for p in world.members[5:8])

    # The delegate, on a phone, registers online.
    phone = browser.new_context(viewport=PHONE)
    delegate = phone.new_page()
    delegate.set_default_timeout(10_000)
    log_in(delegate, base, "delegate-0")
    delegate.goto(base + "/en/assemblies/my-votes/")
    expect(delegate.get_by_role("heading", level=1)).to_have_text("My votes")
    expect(delegate.get_by_text("No poll is open to you now.")).to_be_visible()
    delegate.get_by_role("button", name="Register online").click()
    expect(delegate.locator(".messages")).to_contain_text("You are registered online")
    seat = delegate.locator(f"#seat-{world.delegates[0].pk}")
    expect(seat).to_contain_text("online")
    assert delegate.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # The secretary sees the quorum met on the console and opens the vote.
    desk = browser.new_context(viewport=DESK)
    office = desk.new_page()
    office.set_default_timeout(10_000)
    log_in(office, base, "atyrau-office")
    office.goto(base + "/en/assemblies/console/atyrau-33/")
    expect(office.get_by_role("heading", level=1)).to_have_text("Secretary's console")
    expect(office.locator("#quorum-registered")).to_have_text("4")
    expect(office.locator("#quorum-state")).to_have_text("met")
    office.locator(f"#open-{poll.pk}").click()
    expect(office.locator(".messages")).to_contain_text("The vote is open")
    expect(office.locator("#voted-now")).to_contain_text("Voted so far: 0.")

    # The delegate finds the open election, chooses two of three and keeps the receipt.
    delegate.goto(base + "/en/assemblies/my-votes/")
    delegate.locator(f"#poll-{poll.pk}").get_by_role("link", name="Vote").click()
    expect(delegate.locator("legend")).to_have_text("Candidates you may choose, at most: 2")
    delegate.get_by_label(re.compile(re.escape(first))).check()
    delegate.get_by_label(re.compile(re.escape(third))).check()
    delegate.get_by_role("button", name="Cast my ballot").click()
    expect(delegate.get_by_role("heading", level=1)).to_have_text("Your ballot is cast")
    receipt = delegate.locator("#receipt").inner_text().strip()
    ballot = Ballot.objects.get(poll=poll)
    assert receipt == ballot.receipt and ballot.voter_id is None
    assert actions.ballot_rows(poll) == [(receipt, [1, 3])]
    assert delegate.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    # Two more delegates vote in the hall; the console's count follows without a reload.
    for voter in world.voters[1:3]:
        actions.cast(actor=voter, poll=poll, choices=list(poll.options.filter(number__in=[1, 2])))
    expect(office.locator("#voted-now")).to_contain_text("Voted so far: 3.", timeout=15_000)

    # The secretary closes the vote and certifies the result on the poll's page.
    office.get_by_role("link", name="Audit commission").first.click()
    expect(office.get_by_role("heading", level=1)).to_have_text("Audit commission")
    office.locator("form#step-close").get_by_role("button", name="Close the vote").click()
    expect(office.locator(".messages")).to_contain_text("The vote is closed")
    result = office.locator("#result")
    expect(result).to_contain_text("All seats filled")
    office.locator("form#step-certify").get_by_role("button", name="Certify the result").click()
    expect(office.locator(".messages")).to_contain_text("The result is certified")
    expect(office.locator("#poll-state")).to_have_text("Certified")

    # The branch's audit commission now seats the two elected, and not the third.
    office.goto(base + "/en/org/branches/atyrau/")
    office.get_by_role("link", name="Audit commission").click()
    members = office.locator("main table").first
    expect(members).to_contain_text(first)
    expect(members).to_contain_text(second)
    expect(members).not_to_contain_text(third)
    phone.close()
    desk.close()
