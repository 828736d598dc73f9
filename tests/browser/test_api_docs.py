"""A staff member makes a named API token on their profile and reads the API's docs: Swagger UI
served by esep itself, under its Content-Security-Policy, listing the operations."""

import pytest
from playwright.sync_api import expect

from esep.access.tokens import user_for
from esep.org.tests.factories import build_tree, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_staff_make_a_token_and_read_the_docs(page, live_server):
    tree = build_tree()
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau-officer")
    officer.set_password("a-long-password-2026")
    officer.save()
    refused: list[str] = []
    page.on("console", lambda m: refused.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: refused.append(r.url) if live_server.url not in r.url else None)
    page.goto(live_server.url + "/en/accounts/login/")
    page.get_by_label("Username").fill("atyrau-officer")
    page.get_by_label("Password").fill("a-long-password-2026")
    page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + "/en/accounts/me/")
    page.get_by_label("Name").fill("reports script")
    page.get_by_role("button", name="Make a token").click()
    shown = page.locator("code.token")
    expect(shown).to_be_visible()
    # Shown once, and only its hash kept: the key shown is the one that signs the user in.
    user, token = user_for(shown.inner_text())
    assert user == officer and token is not None and token.name == "reports script"
    page.get_by_role("link", name="API documentation").click()
    # Swagger UI draws only what is in view of its long list: the operations are found by
    # filtering them by their tag.
    page.get_by_placeholder("Filter by tag").fill("appeals")
    expect(page.get_by_text("/api/v1/appeals/{id}/answer/")).to_be_visible(timeout=15_000)
    assert refused == []
