"""What the dashboard and the figures API read of the appeals table: every appeal figure of
a period, and the years the dashboard offers, come from the counters; the appeals' rows are
read only by two named index reads, whose cost follows what they count, not the size of
the table — the open appeals ("overdue now"), once per page from the partial index of open
appeals alone, and the appeals of the mobile receptions held, through their reception."""

import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from esep.access.tokens import issue_token
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
YEAR = {"start": "2021-01-01", "end": "2021-12-31"}
# appeal_open_status_idx: its key, its included columns and its condition's column.
OPEN_INDEX = {"registered_on", "due_on", "branch_id", "territory_id", "status"}
COLUMN = re.compile(r'"appeals_appeal"\."(\w+)"')


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


def _kind(sql: str) -> str:
    """Which named read a statement reading the appeals is, or "" for any other."""
    columns = set(COLUMN.findall(sql))
    if 'JOIN "receptions_reception" ON ("appeals_appeal"."reception_id" = ' in sql:
        return "mobile"
    if columns <= OPEN_INDEX and "JOIN" not in sql and '"appeals_appeal"."status" IN' in sql:
        return "open"
    return ""


def _appeal_reads(get) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = get()
    assert response.status_code == 200
    return [q["sql"] for q in queries if "appeals_appeal" in q["sql"]]


def _plan(sql: str) -> str:
    """PostgreSQL's plan with scans of the whole table priced out of reach: what it reads
    an index alone for, it then does."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql)
        plan = "\n".join(line for (line,) in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
        cursor.execute("RESET enable_bitmapscan")
    return plan


def _check(reads: list[str]) -> list[str]:
    assert reads, "the appeals' figures were not computed"
    for sql in reads:
        assert _kind(sql), f"reads the appeals other than by a named index read: {sql}"
        if connection.vendor == "postgresql" and _kind(sql) == "open":
            # From an index, never the table (which index, on a test's few rows, is the
            # planner's whim; at scale the bench prints it).
            plan = _plan(sql)
            assert "Seq Scan on appeals_appeal" not in plan, plan
            assert re.search(r"Index (Only )?Scan using \w+ on appeals_appeal", plan), plan
    return [_kind(sql) for sql in reads]


@pytest.mark.parametrize("scope", ["central", "atyrau", "atyrau-city"])
def test_the_dashboard_reads_appeals_only_by_the_named_index_reads(client, world, tree, scope):
    client.force_login(user_with_role("analyst", tree.central, "central-analyst"))
    for breakdown in ("channel", "category", "month"):
        query = {"scope": scope, **YEAR, "breakdown": breakdown}
        page = lambda query=query: client.get(reverse("figures:dashboard"), query)  # noqa: E731
        kinds = _check(_appeal_reads(page))
        # "Overdue now" is read once for the headline and the table of sub-units.
        assert kinds.count("open") == 1


def test_the_figures_api_reads_appeals_only_by_the_named_index_reads(world, tree):
    api = APIClient()
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    api.credentials(HTTP_AUTHORIZATION=f"Token {issue_token(analyst)}")
    for query in ({}, {"breakdown": "branch"}, {"breakdown": "territory"}):
        asked = {"scope": "atyrau", "from": YEAR["start"], "to": YEAR["end"], **query}
        kinds = _check(_appeal_reads(lambda asked=asked: api.get("/api/v1/figures/", asked)))
        assert kinds.count("open") == 1


def test_the_last_month_of_the_rating_is_read_once_a_period_per_page(client, world, tree):
    """The deputies rated, young and their average age — and the same by body — read one
    last computed month: once for the period and once for the one before."""
    client.force_login(user_with_role("analyst", tree.central, "central-analyst"))
    with CaptureQueriesContext(connection) as queries:
        page = client.get(reverse("figures:dashboard"), {"scope": "central", **YEAR})
    assert page.status_code == 200
    reads = [q for q in queries if 'MAX("deputies_snapshot"."month")' in q["sql"]]
    assert len(reads) == 2


def test_a_year_is_summed_from_the_month_counters_a_part_of_a_month_from_the_days(
    client, world, tree
):
    """The headline, the previous period, the trend and the table of sub-units of a year
    add up twelve month rows per branch and territory, never the days; a period not made
    of whole months adds up its days. (The years offered are read apart: the counters'
    first and last day.)"""
    month, day = 'FROM "figures_appealmonth"', 'FROM "figures_appealday"'
    client.force_login(user_with_role("analyst", tree.central, "central-analyst"))
    for period, summed, not_summed in (
        ({"year": "2021"}, month, day),
        ({"start": "2021-03-10", "end": "2021-12-20"}, day, month),
    ):
        for breakdown in ("channel", "month"):
            query = {"scope": "central", **period, "breakdown": breakdown}
            with CaptureQueriesContext(connection) as queries:
                page = client.get(reverse("figures:dashboard"), query)
            assert page.status_code == 200
            sums = [q["sql"] for q in queries if "SUM(" in q["sql"]]
            # the total with the previous period (read together), the trend, the
            # sub-branches (and the months)
            assert len([sql for sql in sums if summed in sql]) >= 3, query
            assert not [sql for sql in sums if not_summed in sql], query
