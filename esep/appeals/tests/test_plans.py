"""The lists of appeals read the appeals table by its indexes, never by a scan of it.

On PostgreSQL the planner is told the table holds ten million appeals (pg_class's count of
rows, for this test's transaction only; the distributions it reads are those of the two
hundred rows written here, as at any time: nearly all closed, few open, a word in some texts
and not others), and every statement a list page or API list made is explained. A statement
whose plan reads `appeals_appeal` by a sequential scan that no LIMIT stops fails the test,
and so does any other read of it that no LIMIT stops and the planner expects to return more
than 1% of the country's appeals (an index scan of a whole region's, a bitmap of every
match, below a sort): a scan by another name. A read a LIMIT stops — the list's order
walked until a page is found, the first rows holding a common word — costs what its page
does, whichever way it reads; but a sequential scan is stopped by its LIMIT only if the
planner expects to find the rows it needs within 1% of the table (a count of up to 10,001
rows, few of which match, reads the whole table). SQLite has no such planner to ask: the test runs in the PostgreSQL pass."""

import datetime as dt
from datetime import UTC

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from esep.appeals.models import Appeal, new_tracking_code
from esep.appeals.tests.factories import register
from esep.lib.plans import scans
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
    # As at any time: nearly all appeals answered and closed long ago (the planner's
    # statistics are read from these rows: one in two hundred open, and overdue).
    settled = Appeal.objects.order_by("pk").values("pk")[:11]
    Appeal.objects.filter(pk__in=settled).update(status="closed", outcome="explained")
    model = Appeal.objects.filter(status="closed")[0]
    Appeal.objects.bulk_create(
        [
            Appeal(
                **{
                    **{
                        field.attname: getattr(model, field.attname)
                        for field in Appeal._meta.concrete_fields
                        if not field.primary_key and not field.generated
                    },
                    "number": f"{model.number}-{n}",
                    "tracking_code": new_tracking_code(),
                    "text": f"Су құбыры {n} бұзылған",
                    "applicant_surname": f"Нұрланов{n}",
                },
            )
            for n in range(188)
        ],
        batch_size=100,
    )
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {TABLE}")
        # The table and its indexes as big as the country's: ten million rows in the pages
        # they take now (the planner scales the rows by the pages the files really have).
        cursor.execute(
            "UPDATE pg_class SET reltuples = %s WHERE oid = %s::regclass"
            " OR oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = %s::regclass)",
            [NATIONAL_SIZE, TABLE, TABLE],
        )


def scans_of_appeals(statements):
    """The statements (reading appeals) whose plan scans the appeals table, with why
    (`lib.plans.scans`, the table taken to hold the country's appeals)."""
    with connection.cursor() as cursor:
        return [
            (why, sql)
            for sql in statements
            for why in scans(cursor, sql, TABLE, rows=NATIONAL_SIZE)
        ]


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
    {"status": "in_progress"},
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
    appeal = Appeal.objects.order_by("pk")[0]
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


def test_the_guard_sees_a_scan_its_limit_does_not_stop(planner_at_scale):
    """A count stopped at 10,001 rows, as a list counts, over a sequential scan that few rows
    match reads the whole table before it stops: a scan, LIMIT or not."""
    with CaptureQueriesContext(connection) as captured:
        Appeal.objects.filter(applicant_surname="Ешкім").order_by()[:10_001].count()
    found = scans_of_appeals([query["sql"] for query in captured.captured_queries])
    assert [why for why, _sql in found] == ["sequential scan"]
