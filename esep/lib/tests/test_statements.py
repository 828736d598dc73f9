"""Statements compiled once per process (`lib.statements`): the same rows as the queryset's
own, each value converted as Django converts it; built once per key; none kept past a
changed setting."""

import datetime as dt

import pytest
from django.db.models import Count, IntegerField, Value
from django.db.models.functions import TruncDate
from django.test import override_settings

from esep.access.models import User
from esep.lib import statements

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def nothing_kept():
    statements.forget()
    yield
    statements.forget()


@pytest.fixture
def people():
    joined = dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)
    for n, active in enumerate([True, True, False]):
        User.objects.create(username=f"u{n}", is_active=active, date_joined=joined)
    return User.objects.filter(username__startswith="u")


def test_its_rows_are_the_querysets_own_converted_as_django_converts_them(people):
    # A boolean and a date are what SQLite's driver returns as 1 and '2026-03-01'.
    by_state = people.values("is_active").annotate(n=Count("*")).order_by("is_active")
    by_day = people.annotate(day=TruncDate("date_joined")).values("day").annotate(n=Count("*"))
    for queryset in (by_state, by_day.order_by()):
        assert statements.compiled(queryset).rows() == list(queryset)
    assert statements.compiled(by_state).rows() == [
        {"is_active": False, "n": 1},
        {"is_active": True, "n": 2},
    ]
    assert statements.compiled(by_day.order_by()).rows() == [{"day": dt.date(2026, 3, 1), "n": 3}]


def test_a_query_that_can_match_nothing_has_no_rows(people):
    assert statements.compiled(people.filter(pk__in=[]).values("pk")).rows() == []


def test_totals_grouped_by_a_constant_are_one_row_as_aggregate_gives_them(people):
    whole = Value(1, output_field=IntegerField())
    none = people.filter(username="nobody").annotate(all_rows=whole).values("all_rows")
    assert statements.rows("none", lambda: none.annotate(n=Count("*"))) == [{"all_rows": 1, "n": 0}]


def test_a_key_is_built_and_compiled_once_and_read_anew_each_time(people):
    built = []

    def build():
        built.append(1)
        return people.filter(is_active=True).values("username").order_by("username")

    assert statements.rows("active", build) == [{"username": "u0"}, {"username": "u1"}]
    User.objects.filter(username="u2").update(is_active=True)
    # Kept: the statement, not its rows.
    assert statements.rows("active", build) == [
        {"username": "u0"},
        {"username": "u1"},
        {"username": "u2"},
    ]
    assert len(built) == 1
    statements.rows("another", build)
    assert len(built) == 2


def test_a_changed_setting_forgets_every_statement(people):
    built = []

    def build():
        built.append(1)
        return people.values("pk")

    statements.rows("all", build)
    with override_settings(ESEP_YOUNG_AGE=30):
        statements.rows("all", build)
    assert len(built) == 2


def test_only_so_many_are_kept_the_least_recently_used_dropped_first(people, monkeypatch):
    monkeypatch.setattr(statements, "KEPT", 2)
    built = []

    def build():
        built.append(1)
        return people.values("pk")

    for key in ("a", "b", "a", "c", "a", "b"):
        statements.rows(key, build)
    # a, b, (a kept), c drops b, (a kept), b again drops c.
    assert len(built) == 4
