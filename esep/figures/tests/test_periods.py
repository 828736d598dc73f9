"""A period asked for is read the same way everywhere — pages, exports, the API, the command
line — and a bad one is a form error in the user's language (an API 400, a CommandError),
never a server error."""

import datetime as dt
import io

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esep.api.tests.conftest import client_for
from esep.figures import periods
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

BAD_PERIODS = [
    {"start": "0021-01-01", "end": "0021-12-31"},  # the year 21
    {"start": "2021-01-01", "end": "9999-12-31"},  # the last day a date can hold
    {"start": "0001-01-01", "end": "0001-12-31"},  # the first
    {"start": "1999-12-31", "end": "2021-01-01"},  # before the bounds
    {"start": "2021-01-01", "end": "2024-01-01"},  # after them (it is 2022 here)
    {"year": "0021"},
    {"year": "9999"},
    {"year": "-5"},
    {"start": "2021-13-45", "end": "2021-12-31"},  # no such day
]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def analyst(tree):
    return user_with_role("analyst", tree.atyrau, "atyrau-analyst")


def test_the_bounds_are_stated_once():
    assert periods.FIRST_YEAR == 2000 and periods.last_year() == 2023
    periods.check_year(2000)
    periods.check_year(2023)
    periods.check_day(dt.date(2000, 1, 1))
    periods.check_day(dt.date(2023, 12, 31))
    for year in (21, 1999, 2024, 9999):
        with pytest.raises(periods.ValidationError):
            periods.check_year(year)
    for day in (dt.date(1999, 12, 31), dt.date(2024, 1, 1), dt.date.max, dt.date.min):
        with pytest.raises(periods.ValidationError):
            periods.check_day(day)


@pytest.mark.parametrize(
    "text", ["0021", "0000", "9999", "9999-12", "9999-Q4", "0001-01-01..9999-12-31", "2021-02-30"]
)
def test_parse_refuses_what_lies_outside_the_bounds(text):
    with pytest.raises(periods.ValidationError):
        periods.parse(text)


@pytest.mark.parametrize("query", BAD_PERIODS)
@pytest.mark.parametrize("page", ["dashboard", "drill", "export", "chart"])
def test_every_page_reading_a_period_answers_a_bad_one_with_a_form_error(
    client, analyst, query, page
):
    client.force_login(analyst)
    url = {
        "dashboard": reverse("figures:dashboard"),
        "drill": reverse("figures:drill", args=["appeals.received"]),
        "export": reverse("figures:export", args=["xlsx"]),
        "chart": reverse("figures:chart", args=["trend"]),
    }[page]
    response = client.get(url, {"scope": "atyrau", **query})
    assert response.status_code == 400
    if page != "chart":  # an image has no form to show
        form = response.context["form"]
        assert set(form.errors) & {"start", "end", "year"}
        assert "errors" in response.content.decode() or "has-error" in response.content.decode()


def test_the_form_error_is_in_the_users_language(client, analyst):
    client.force_login(analyst)
    url = reverse("figures:dashboard").replace("/kk/", "/ru/")
    page = client.get(url, {"scope": "atyrau", "start": "2021-13-45", "end": "2021-12-31"})
    assert page.status_code == 400
    assert "Введите правильную дату." in page.content.decode()


@pytest.mark.parametrize("query", BAD_PERIODS)
def test_the_api_answers_a_bad_period_with_a_400_in_its_error_format(analyst, query):
    asked = {("from" if k == "start" else "to" if k == "end" else k): v for k, v in query.items()}
    response = client_for(analyst, "ru").get("/api/v1/figures/", {"scope": "atyrau", **asked})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid"
    assert set(error["fields"]) & {"start", "end", "year"}


def test_a_year_without_appeals_within_the_bounds_is_zeros_not_an_error(analyst):
    response = client_for(analyst).get(
        "/api/v1/figures/", {"scope": "atyrau", "year": "2005", "figure": "appeals.received"}
    )
    assert response.status_code == 200
    assert response.json()["results"][0]["value"] == 0


@pytest.mark.parametrize(
    "options",
    [
        {"period": "0021"},
        {"period": "9999-12"},
        {"start": "0021-01-01", "end": "0021-12-31"},
        {"start": "2021-01-01", "end": "9999-12-31"},
        {"start": "2021-12-31", "end": "2021-01-01"},
        {"start": "2021-02-30", "end": "2021-03-01"},
    ],
)
def test_the_command_line_refuses_a_bad_period_cleanly(tree, options):
    with pytest.raises(CommandError):
        call_command("figures", scope="atyrau", stdout=io.StringIO(), **options)


def test_the_command_line_says_why_in_the_language_asked_for(tree):
    with pytest.raises(CommandError) as refused:
        call_command("figures", scope="nowhere", period="2021", language="ru", stdout=io.StringIO())
    assert "Нет ни филиала, ни территории с кодом nowhere." in str(refused.value)


def test_years_of_records_outside_the_bounds_widen_no_choice(tree, analyst):
    from esep.appeals.models import Appeal
    from esep.appeals.tests.factories import CategoryFactory, register

    place = {"territory": tree.atyrau.territory, "branch": tree.atyrau}
    register(
        {**place, "category": CategoryFactory.create()}, dt.datetime(2021, 3, 1, 5, tzinfo=dt.UTC)
    )
    Appeal.objects.update(registered_on=dt.date(21, 3, 1))
    years, last = periods.years_with_appeals(analyst)
    assert min(years) >= periods.FIRST_YEAR and last >= periods.FIRST_YEAR


# Arbitrary query strings: the pages and the API answer each with a page or a refusal, never
# with a server error.
NAMES = ["scope", "year", "start", "end", "from", "to", "breakdown", "group", "table", "figure"]
DAYS = st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)).map(str)
VALUES = st.one_of(
    st.text(max_size=30),
    DAYS,
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.sampled_from(["atyrau", "kostanay", "230000000", "month", "channel", "category"]),
    st.builds(lambda k, v: f"{k}:{v}", st.sampled_from(["month", "channel", "branch"]), DAYS),
    st.builds(lambda d: d[:7], DAYS).map(lambda m: f"month:{m}"),
)
# A period of any two days a date can hold, in order or not, as the pages and the API name it.
PAIRS = st.tuples(DAYS, DAYS, st.booleans()).map(
    lambda t: (
        {"start": t[0], "end": t[1], "from": t[0], "to": t[1]}
        if t[2]
        else {"start": min(t[:2]), "end": max(t[:2]), "from": min(t[:2]), "to": max(t[:2])}
    )
)
QUERIES = st.builds(
    lambda asked, period: {**asked, **period},
    st.dictionaries(st.sampled_from(NAMES), VALUES, max_size=6),
    st.one_of(st.just({}), PAIRS),
)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(query=QUERIES)
def test_no_query_string_makes_a_figures_page_fail(client, analyst, query):
    client.force_login(analyst)
    for url in (
        reverse("figures:dashboard"),
        reverse("figures:drill", args=["appeals.received"]),
        reverse("figures:drill", args=["appeals.resolved_positively_share"]),
        reverse("figures:export", args=["csv"]),
        reverse("figures:chart", args=["breakdown"]),
    ):
        response = client.get(url, query)
        assert response.status_code in (200, 400, 404), (url, query, response.status_code)
    api = client_for(analyst).get("/api/v1/figures/", query)
    assert api.status_code in (200, 400, 404, 422), (query, api.content[:300])
    assert "error" in api.json() or api.status_code == 200


def test_freezing_a_period_outside_the_bounds_is_refused(client, tree):
    from esep.figures.models import PublishedReport

    client.force_login(user_with_role("branch_head", tree.atyrau, "atyrau-head"))
    for start, end in (("0001-01-01", "9999-12-31"), ("2021-01-01", "9999-12-31")):
        response = client.post(
            reverse("figures:freeze"), {"scope": "atyrau", "start": start, "end": end}
        )
        assert response.status_code == 404
    assert not PublishedReport.objects.exists()


def test_the_freezing_action_itself_keeps_to_the_bounds(tree):
    from esep.figures import reports
    from esep.figures.compute import parse_scope

    head = user_with_role("branch_head", tree.atyrau, "atyrau-head-2")
    with pytest.raises(ValidationError):
        reports.freeze(
            actor=head,
            scope=parse_scope("atyrau"),
            period=periods.Period(dt.date(2021, 1, 1), dt.date(9999, 12, 31)),
            codes=["appeals.received"],
        )
