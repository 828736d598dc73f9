"""Every list's filters are declared once, as a django-filter FilterSet on its Listing: the
page shows that FilterSet's form, and the REST API's list filters through the same FilterSet,
documents exactly its parameters and answers a value it refuses with a 400 naming it (a 404
naming it when the value names no record the user may use)."""

from functools import cache
from typing import cast

import pytest
from django.test import RequestFactory
from django_filters import FilterSet
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.generators import SchemaGenerator

from esep.api.urls import router
from esep.appeals.pages import INBOX
from esep.control.instructions.pages import INSTRUCTIONS
from esep.control.issues.pages import ISSUES
from esep.control.meetings.pages import MEETINGS
from esep.control.posts.pages import POSTS
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.org.pages import PEOPLE
from esep.org.tests.factories import user_with_role
from esep.receptions.pages import RECEPTIONS

PAGES = [INBOX, RECEPTIONS, POSTS, ISSUES, MEETINGS, INSTRUCTIONS, PEOPLE]
API_LISTS = {
    "appeals": INBOX,
    "receptions": RECEPTIONS,
    "control-posts": POSTS,
    "issues": ISSUES,
    "instructions": INSTRUCTIONS,
    "people": PEOPLE,
}
PAGING = {"ordering", "page", "page_size"}  # what every API list takes besides its filters


@cache
def _schema() -> dict:
    return SchemaGenerator().get_schema(public=True)


@pytest.mark.parametrize("listing", PAGES, ids=lambda listing: listing.stem)
def test_the_page_shows_its_filtersets_form(tree, listing: Listing):
    request = cast(AuthedRequest, RequestFactory().get("/"))
    request.user = user_with_role("central_admin", tree.central, "admin")
    form, _records = listing.filtered(request)
    assert issubclass(listing.filterset, FilterSet)
    assert list(form.fields) == listing.filterset.field_order


@pytest.mark.parametrize(("prefix", "listing"), API_LISTS.items(), ids=list(API_LISTS))
def test_the_api_list_filters_and_documents_its_pages_filterset(prefix: str, listing: Listing):
    viewset = {name: viewset for name, viewset, _basename in router.registry}[prefix]
    assert DjangoFilterBackend().get_filterset_class(viewset(), None) is listing.filterset
    documented = {p["name"] for p in _schema()["paths"][f"/api/v1/{prefix}/"]["get"]["parameters"]}
    assert documented - PAGING == set(listing.filterset.base_filters)


@pytest.mark.parametrize("prefix", list(API_LISTS))
def test_a_value_the_filters_refuse_is_a_400_naming_it(api, prefix: str):
    refused = api["head"].get(f"/api/v1/{prefix}/", {"branch": "", "page_size": 1})
    assert refused.status_code == 400
    assert list(refused.json()["error"]["fields"]) == ["branch"]
    # A branch that is not there, or not the user's to see: not found, named.
    for branch in ["nowhere", "kostanay"]:
        missing = api["head"].get(f"/api/v1/{prefix}/", {"branch": branch, "page_size": 1})
        assert missing.status_code == 404
        assert list(missing.json()["error"]["fields"]) == ["branch"]
