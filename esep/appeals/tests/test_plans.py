"""The lists of appeals read the appeals table by its indexes, never by a scan of it.

On PostgreSQL the planner is told the table holds ten million appeals (its statistics in
pg_class, for this test's transaction only: the few rows written here sit in one page, so a
scan would look cheap; at national scale it is the one plan that grows with the table), and
every statement a list page or API list made is explained. A statement whose plan reads
`appeals_appeal` by a sequential scan fails the test, and so does one reading a whole
index of it without a bound (an index scan with no condition and no LIMIT above it), which
is a scan by another name. SQLite has no such planner to ask: the test runs in the
PostgreSQL pass of the suite."""

import datetime as dt
import json
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
TABLE = "appeals_appeal"
NATIONAL_SIZE = 10_000_000


@pytest.fixture
def planner_at_scale(place, tree):
    if connection.vendor != "postgresql":
        pytest.skip("the planner asked is PostgreSQL's (the suite's PostgreSQL pass runs this)")
    district = {**place, "branch": tree.atyrau_city}
    for n in range(12):
        register(
            district if n % 2 else place,
            dt.datetime(2021, 3, 1 + n, 5, 0, tzinfo=UTC),
            PersonFactory.create(),
            text=f"Ауладағы жол жөнделмеген, көше {n}",
        )
    # As at any time: most appeals answered and closed long ago, a few open.
    settled = Appeal.objects.order_by("pk").values("pk")[:9]
    Appeal.objects.filter(pk__in=settled).update(status="closed", outcome="explained")
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        # The table and its indexes as big as the country's: ten million rows in as many
        # pages as they would fill.
        cursor.execute(
            "UPDATE pg_class SET reltuples = %s, relpages = 1 WHERE oid = %s::regclass",
            [NATIONAL_SIZE, TABLE],
        )
        cursor.execute(
            "UPDATE pg_class SET reltuples = %s, relpages = 1 WHERE oid IN"
            " (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)",
            [NATIONAL_SIZE, TABLE],
        )


def _nodes(plan, bounded=False):
    """Every node of a JSON plan with whether a LIMIT stands above it."""
    bounded = bounded or plan["Node Type"] == "Limit"
    yield plan, bounded
    for child in plan.get("Plans", []):
        yield from _nodes(child, bounded)


def scans_of_appeals(statements):
    """The statements (reading appeals) whose plan scans the appeals table, with why."""
    found = []
    with connection.cursor() as cursor:
        for sql in statements:
            if TABLE not in sql or not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
            (row,) = cursor.fetchone()
            plan = (json.loads(row) if isinstance(row, str) else row)[0]["Plan"]
            for node, bounded in _nodes(plan):
                if node.get("Relation Name") != TABLE:
                    continue
                kind = node["Node Type"]
                if kind == "Seq Scan":
                    found.append(("sequential scan", sql))
                elif kind in ("Index Scan", "Index Only Scan") and not bounded and (
                    "Index Cond" not in node
                ):
                    found.append((f"whole index {node['Index Name']}", sql))
    return found


def statements_of(get, *args, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = get(*args, **kwargs)
    assert response.status_code == 200, response
    return [query["sql"] for query in captured.captured_queries]


def staff(tree):
    return {
        "national": user_with_role("branch_head", tree.central, "national"),
        "region": user_with_role("branch_head", tree.atyrau, "region"),
        "district": user_with_role("reception_officer", tree.atyrau_city, "district"),
    }


INBOX_QUERIES = [
    {},
    {"page": "2"},
    {"status": "open"},
    {"status": "closed"},
    {"deadline": "overdue"},
    {"deadline": "3"},
    {"sort": "-registered_on"},
    {"sort": "registered_on"},
    {"mine": "on"},
    {"controlled": "on"},
    {"attention": "on"},
    {"registered_from": "2021-03-01", "registered_to": "2021-03-31"},
    {"q": "жол"},
    {"q": "жөнделмеген көше"},
]


@pytest.mark.parametrize("who", ["national", "region", "district"])
@pytest.mark.parametrize("query", INBOX_QUERIES, ids=lambda q: "&".join(q) or "default")
def test_the_inbox_reads_appeals_by_index(client, planner_at_scale, tree, who, query):
    client.force_login(staff(tree)[who])
    statements = statements_of(client.get, reverse("appeals:inbox"), query)
    assert scans_of_appeals(statements) == []


def test_a_number_and_a_tracking_code_are_found_by_index(client, planner_at_scale, tree):
    appeal = Appeal.objects.order_by("pk").first()
    client.force_login(staff(tree)["national"])
    for typed in (appeal.number, appeal.number.lower(), appeal.tracking_code):
        statements = statements_of(client.get, reverse("appeals:inbox"), {"q": typed})
        assert scans_of_appeals(statements) == []


@pytest.mark.parametrize("who", ["national", "region", "district"])
@pytest.mark.parametrize(
    "query", [{}, {"status": "open"}, {"page": "2", "page_size": "5"}, {"q": "жол"}], ids=str
)
def test_the_api_list_of_appeals_reads_by_index(planner_at_scale, tree, who, query):
    api = APIClient()
    api.force_authenticate(staff(tree)[who])
    statements = statements_of(api.get, "/api/v1/appeals/", query)
    assert scans_of_appeals(statements) == []


def test_open311_lists_requests_by_index(client, planner_at_scale):
    statements = statements_of(client.get, "/open311/v2/requests.json")
    assert scans_of_appeals(statements) == []


def test_the_guard_sees_a_scan(planner_at_scale):
    """The check itself: a search inside every text, as the inbox searched before, is a scan."""
    with CaptureQueriesContext(connection) as captured:
        list(Appeal.objects.filter(text__icontains="жол").order_by("due_on")[:50])
    found = scans_of_appeals([query["sql"] for query in captured.captured_queries])
    assert [why for why, _sql in found] == ["sequential scan"]
