"""The public figures page: no login, a year with data, territories from the country down,
charts, no personal data, and below district level no count under 5."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from esep.appeals import actions as appeal_actions
from esep.appeals.tests.factories import CategoryFactory
from esep.figures import public
from esep.org.models import Territory
from esep.org.tests.factories import PersonFactory, TerritoryFactory, user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC
URL = "/figures/public/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=UTC), tick=False):
        yield


@pytest.fixture
def villages(tree):
    """Atyrau city (a town: district level) with three rural districts below it, holding
    3, 6 and 8 appeals of 2021; each village's first two appeals resolved positively."""
    city = tree.atyrau_city.territory
    officer = user_with_role("reception_officer", tree.central, "central-officer")
    category = CategoryFactory.create(code="roads")
    made = {}
    for n, (kato, count) in enumerate((("231011000", 3), ("231013000", 6), ("231015000", 8))):
        village = TerritoryFactory.create(
            parent=city, kato=kato, level="rural_district", name_en=f"Village {n}"
        )
        made[kato] = village
        for i in range(count):
            appeal = appeal_actions.register_appeal(
                actor=officer,
                channel="reception_office",
                kind="complaint",
                category=category,
                territory=village,
                branch=tree.atyrau_city,
                submitter=PersonFactory.create(surname="Сейітқалиев"),
                text="Жол",
                language="kk",
                received_at=dt.datetime(2021, 3, 1 + i, 5, tzinfo=UTC),
            )
            if i < 2:
                appeal_actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
                appeal_actions.start_work(actor=officer, appeal=appeal)
                appeal_actions.record_answer(
                    actor=officer,
                    appeal=appeal,
                    outcome="resolved_positively",
                    answer="Жауап",
                    answered_at=dt.datetime(2021, 3, 20, 6, tzinfo=UTC),
                )
    return made


def _cells(page):
    return {row.territory.kato: row.cells for row in page.context["rows"]}


def test_anyone_reads_the_figures_drilling_from_the_country_down(client, villages, tree):
    page = client.get(f"/en{URL}")
    assert page.status_code == 200
    assert page.context["year"] == 2021  # the last complete year with data
    assert [y for y, _label in page.context["form"].fields["year"].choices] == [2021]
    assert page.context["headline"]["appeals.received"].value == 17
    country = _cells(page)
    assert str(country["230000000"]["appeals.received"]) == "17"
    assert str(country["390000000"]["appeals.received"]) == "0"
    html = page.content.decode()
    assert "territory=230000000" in html  # Atyrau region opens
    region = client.get(f"/en{URL}", {"year": 2021, "territory": "230000000"})
    assert [t.kato for t in region.context["trail"]] == ["000000000", "230000000"]
    assert str(_cells(region)["231010000"]["appeals.received"]) == "17"
    assert "territory=231010000" in region.content.decode()  # and its city, which has villages
    # Charts, as the dashboard draws them: static SVG.
    for kind in ("territories", "months"):
        chart = client.get(
            reverse("figures:public-chart", args=[kind]), {"year": 2021, "territory": "230000000"}
        )
        assert chart.status_code == 200 and chart["Content-Type"] == "image/svg+xml"
        assert b"<svg" in chart.content and b"<script" not in chart.content
    # No one's personal data: not even the applicants' surname.
    assert "Сейітқалиев" not in html and "Сейітқалиев" not in region.content.decode()


def test_below_district_level_counts_under_5_are_not_shown(client, villages, tree):
    page = client.get(f"/en{URL}", {"year": 2021, "territory": "231010000"})
    assert page.status_code == 200
    cells = _cells(page)
    small, withheld, shown = cells["231011000"], cells["231013000"], cells["231015000"]
    # 3 appeals: fewer than 5, and the share built from them hidden.
    assert str(small["appeals.received"]) == "fewer than 5"
    assert small["appeals.received"].public_value is None
    assert str(small["appeals.resolved_positively_share"]) == "not shown"
    # 2 resolved positively in each village: fewer than 5 everywhere.
    assert str(shown["appeals.resolved_positively"]) == "fewer than 5"
    # The 6 would give the 3 away by subtraction from the city's 17: withheld too.
    assert str(withheld["appeals.received"]) == "not shown"
    assert str(shown["appeals.received"]) == "8"
    # The city itself is at district level: shown in full.
    assert page.context["headline"]["appeals.received"].value == 17
    html = page.content.decode()
    assert html.count("fewer than 5") >= 4
    # The chart carries no withheld value either.
    rows = public.by_territory(["appeals.received"], tree.atyrau_city.territory, _year())
    assert [row.cells["appeals.received"].public_value for row in rows] == [None, None, 8]
    # A village's own page: its months below 5 are not shown, nor its total.
    village = client.get(f"/en{URL}", {"year": 2021, "territory": "231015000"})
    assert str(village.context["headline"]["appeals.received"]) == "8"
    months = [cell.public_value for _label, cell in village.context["months"]]
    assert months == [None, None, 8, *[None] * 9]  # all 8 were registered in March
    tiny = client.get(f"/en{URL}", {"year": 2021, "territory": "231011000"})
    assert str(tiny.context["headline"]["appeals.received"]) == "fewer than 5"


def _year():
    return public.year_period(2021)


def test_a_lone_small_count_takes_the_next_smallest_with_it():
    rows = [
        (4, {"appeals.received": 2}),
        (4, {"appeals.received": 7}),
        (4, {"appeals.received": 9}),
    ]
    shown = public.disclose(rows, ["appeals.received"])
    assert [c["appeals.received"].withheld for c in shown] == ["small", "withheld", ""]
    # Two small ones already hide each other; district level is shown in full.
    rows = [
        (4, {"appeals.received": 2}),
        (4, {"appeals.received": 1}),
        (4, {"appeals.received": 9}),
    ]
    assert [
        c["appeals.received"].withheld for c in public.disclose(rows, ["appeals.received"])
    ] == [
        "small",
        "small",
        "",
    ]
    rows = [(3, {"appeals.received": 2}), (3, {"appeals.received": 7})]
    assert [
        c["appeals.received"].withheld for c in public.disclose(rows, ["appeals.received"])
    ] == [
        "",
        "",
    ]


def test_wrong_choices_are_refused_on_the_page(client, villages):
    assert client.get(f"/kk{URL}", {"year": 1999}).status_code == 400
    assert client.get(f"/kk{URL}", {"figure": "appeals.nothing"}).status_code == 400
    assert client.get(f"/kk{URL}", {"territory": "999999999"}).status_code == 400
    assert (
        client.get(reverse("figures:public-chart", args=["months"]), {"year": 1999}).status_code
        == 404
    )


def test_the_page_reads_in_each_language(client, villages):
    for language, words in (("kk", "Атырау"), ("ru", "Атырау"), ("en", "Figures for everyone")):
        page = client.get(f"/{language}{URL}")
        assert page.status_code == 200, language
        assert page.context["territory"] == Territory.objects.get(depth=1)
        assert words in page.content.decode() or language != "en"
