"""The register of acute issues is searched in any case, Kazakh letters kept as they are."""

import pytest
from django.urls import reverse

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.mark.parametrize(
    "q,hit", [("ақсай", True), ("АҚСАЙ", True), ("АУЫЗ СУ", True), ("аксай", False)]
)
def test_issues_are_found_in_any_case(client, issue, officer, q, hit):
    client.force_login(officer)
    response = client.get(reverse("control:issues"), {"q": q})
    assert [i.pk for i in response.context["rows"]] == ([issue.pk] if hit else [])
