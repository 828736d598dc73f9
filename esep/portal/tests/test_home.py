"""The home page's headline figures: a stated year that a submission today does not move, a
choice of the years with data, and every number a link to its public breakdown."""

import datetime as dt

import pytest
import time_machine
from django.utils.translation import override as translation_override

from esep.appeals import actions
from esep.appeals.tests.factories import CategoryFactory
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def appeal(tree):
    officer = user_with_role("reception_officer", tree.central, "central-officer")
    category = CategoryFactory.create(code="roads")

    def register(received_at, channel="reception_office"):
        return actions.register_appeal(
            actor=officer,
            channel=channel,
            kind="complaint",
            category=category,
            territory=tree.atyrau.territory,
            branch=tree.atyrau,
            submitter=PersonFactory.create(),
            text="Жол",
            language="kk",
            received_at=received_at,
        )

    return register


def _values(page):
    return {figure.code: cell.value for figure, cell in page.context["figures"]}


def test_the_headline_is_the_last_complete_year_whatever_comes_in_today(client, appeal):
    for day in (3, 4, 5):
        appeal(dt.datetime(2021, 3, day, 5, tzinfo=UTC))
    appeal(dt.datetime(2019, 6, 3, 5, tzinfo=UTC))
    before = client.get("/en/")
    assert before.context["year"] == 2021 and _values(before)["appeals.received"] == 3
    # One online submission this morning: the headline stays as it was, and says which year.
    appeal(dt.datetime(2022, 2, 1, 5, tzinfo=UTC), channel="online")
    page = client.get("/en/")
    assert page.context["year"] == 2021 and _values(page)["appeals.received"] == 3
    html = page.content.decode()
    assert "The party&#x27;s work in 2021" in html or "The party's work in 2021" in html
    assert "01.01.2021" in html and "31.12.2021" in html
    # The years to choose from are those with data (none in 2020), this one marked so far.
    assert page.context["years"] == [(2022, "2022, so far"), (2021, "2021"), (2019, "2019")]
    assert 'name="year"' in html and '<option value="2020"' not in html
    other = client.get("/en/", {"year": 2019})
    assert other.context["year"] == 2019 and _values(other)["appeals.received"] == 1
    now = client.get("/en/", {"year": 2022})
    assert _values(now)["appeals.received"] == 1 and "so far" in now.content.decode()
    # A year without data is not offered: the default instead.
    assert client.get("/en/", {"year": 2020}).context["year"] == 2021


def test_every_headline_number_links_to_its_public_breakdown(client, appeal):
    appeal(dt.datetime(2021, 3, 3, 5, tzinfo=UTC))
    page = client.get("/kk/")
    html = page.content.decode()
    for figure, _cell in page.context["figures"]:
        link = f"/kk/figures/public/?year=2021&amp;figure={figure.code}"
        assert link in html, figure.code
    breakdown = client.get("/kk/figures/public/", {"year": 2021, "figure": "appeals.received"})
    assert breakdown.status_code == 200
    assert breakdown.context["headline"]["appeals.received"].value == 1


def test_the_home_page_reads_in_each_language(client, appeal):
    appeal(dt.datetime(2021, 3, 3, 5, tzinfo=UTC))
    assert "Поступило обращений" in client.get("/ru/").content.decode()
    for language in ("kk", "en"):
        assert client.get(f"/{language}/").status_code == 200


@pytest.mark.parametrize(
    ("role", "offered"),
    [
        ("deputy", {"org:branch-list"}),
        ("state_body_contact", set()),
        ("reception_officer", {"org:branch-list", "org:person-list"}),
    ],
)
def test_the_home_page_offers_a_signed_in_user_only_lists_they_may_open(
    client, tree, role, offered
):
    from django.urls import reverse

    client.force_login(user_with_role(role, tree.atyrau, f"home-{role}"))
    page = client.get("/en/").content.decode()
    for name in ("org:branch-list", "org:person-list"):
        with translation_override("en"):
            link = f'href="{reverse(name)}"'
        assert (link in page) == (name in offered), (role, name)
        if name in offered:
            with translation_override("en"):
                assert client.get(reverse(name)).status_code == 200
