"""Every list page of esep is a lib.listing.Listing; each keeps a bounded number of queries
however many records it pages through (no query per row), and so does its export. Read on
the demo's data, as a user of every branch sees it."""

from __future__ import annotations

import math
from collections.abc import Iterator

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from esep.access.models import User
from esep.lib.listing import EXPORT_BATCH, Listing

pytestmark = pytest.mark.django_db

# A page: the user and their grants, the filter form's choices, the count, the page of
# records, what its rows read at once (personal data and its access log), the page's own
# context. An export: the same once, then for every batch of records its read and what its
# rows read at once — so a file of 100,000 rows reads 50 batches, never 100,000 rows one
# by one.
PAGE_QUERIES = 12
EXPORT_QUERIES = 4
EXPORT_QUERIES_PER_BATCH = 10
# Lists the demo fills with fewer than a page: their page's queries stay far enough under
# the bound that a query per row would still break it.
FEW_ROWS = {
    "programme:road-maps": 4,  # the one national and three regional maps
    "deputies:corrections": 7,  # the demo's corrections, three of them pending
}
# Lists the demo fills with too few rows to show a query per row at all: that each reads
# the same queries for 2 rows as for 12 is their app's test (esep/assemblies/tests/
# test_list_queries.py); here they are read within the bound.
COUNTED_ELSEWHERE = {
    "assemblies:conferences": 3,  # Atyrau's past, Kostanay's in session, Almaty's next
    "assemblies:campaigns": 3,  # the three regions' primaries
    "awards:ceremonies": 1,  # Kostanay's of December 2021
    "aid:campaigns": 2,  # Atyrau's "Biz birgemiz" and Almaty's "Бақытты отбасы"
    "outreach:campaigns": 1,  # Almaty's election campaign
    "outreach:plans": 8,  # its eight districts' plans
    "elections:campaigns": 2,  # January's Mazhilis and maslikhats, July's rural akims
}


def listings() -> Iterator[tuple[str, Listing]]:
    """(URL name, declaration) of every list page in the URLconf."""

    def walk(patterns: list, namespace: str | None) -> Iterator[tuple[str, Listing]]:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, pattern.namespace or namespace)
            elif isinstance(pattern, URLPattern):
                view = getattr(pattern.callback, "__wrapped__", None)
                owner = getattr(view, "__self__", None)
                if isinstance(owner, Listing) and view.__func__ is Listing.page:  # type: ignore[union-attr]
                    yield f"{namespace}:{pattern.name}", owner

    return walk(get_resolver().url_patterns, None)


def test_every_list_page_is_found():
    # The walk below must see them all, or the bound is checked on fewer pages than exist.
    assert {name for name, _listing in listings()} >= {
        "org:person-list",
        "org:access-list",
        "deputies:corrections",
        "appeals:inbox",
        "receptions:list",
        "control:posts",
        "control:issues",
        "control:meetings",
        "control:instructions",
        "programme:promises",
        "programme:road-maps",
        "programme:measures",
        "programme:changes",
        "deputies:bodies",
        "deputies:mandates",
        "deputies:inquiries",
        "deputies:initiatives",
        "deputies:voter-reports",
    }


def test_every_list_page_and_export_reads_a_bounded_number_of_queries(demo, client):
    client.force_login(User.objects.get(username="admin"))
    for name, listing in listings():
        url = reverse(name)
        with CaptureQueriesContext(connection) as page:
            response = client.get(url)
        assert response.status_code == 200, name
        shown = len(response.context["page"].object_list)
        least = FEW_ROWS.get(name) or COUNTED_ELSEWHERE.get(name) or 10
        assert shown >= least, f"{name}: the demo should fill a page, to show a query per row"
        assert len(page) <= PAGE_QUERIES, (name, len(page))
        if name in FEW_ROWS:  # so few rows that a query for each would still break the bound
            assert len(page) + shown > PAGE_QUERIES, (name, len(page), shown)
        with CaptureQueriesContext(connection) as export:
            response = client.get(reverse(listing.export_url, args=["csv"]))
        assert response.status_code == 200, name
        rows = response.content.count(b"\n") - 1
        batches = max(1, math.ceil(rows / EXPORT_BATCH))
        bound = EXPORT_QUERIES + EXPORT_QUERIES_PER_BATCH * batches
        assert len(export) <= bound, (name, rows, len(export))
