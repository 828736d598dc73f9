"""The register of people as a list declared once: its export lists what the page lists,
with personal data masked as the page masks it and every unmasked row logged."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from esep.audit.models import PersonalDataAccess
from esep.lib.tables import unneutralised
from esep.org.models import Person
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"org:{name}", args=args)


def export(client, fmt="csv", **filters):
    return client.get(url("person-export", fmt), filters)


def table(response):
    """The CSV as a spreadsheet shows it: a phone's "+" is written behind the apostrophe that
    keeps it from being read as a formula."""
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], [[unneutralised(cell) for cell in row] for row in rows[1:]]


def test_searching_by_iin_finds_nobody_for_a_role_without_personal_data(tree):
    target = tree.members["atyrau"]
    analyst = user_with_role("analyst", tree.atyrau)
    officer = user_with_role("reception_officer", tree.atyrau)
    assert not Person.objects.matching(target.iin, user=analyst).exists()
    assert list(Person.objects.matching(f" {target.iin[:6]} {target.iin[6:]} ", user=officer)) == [
        target
    ]
    assert target in Person.objects.matching(target.surname[:3], user=analyst)


def test_export_masks_personal_data_as_the_page_does_and_logs_nothing(client, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    page = client.get(url("person-list"))
    shown = {person.full_name: (pd.iin, pd.phone) for person, pd in page.context["rows"]}
    assert f'href="{url("person-export", "csv")}?"' in page.content.decode()
    header, rows = table(export(client))
    assert header == ["Name", "IIN", "Phone", "Branch", "Membership"]
    assert {name: (iin, phone) for name, iin, phone, *_ in rows} == shown
    target = tree.members["atyrau"]
    assert target.iin not in str(rows) and target.iin[-2:] in str(rows)
    assert not PersonalDataAccess.objects.exists()


def test_export_shows_what_the_role_allows_and_logs_each_person_shown(client, tree):
    user = user_with_role("reception_officer", tree.atyrau)
    client.force_login(user)
    response = export(client, branch="atyrau-city")
    _header, rows = table(response)
    target = tree.members["atyrau-city"]
    assert rows == [
        [
            target.full_name,
            target.iin,
            target.phone_display,
            target.membership.branch.name_en,
            "active",
        ]
    ]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.person, access.page) == (user, target, url("person-export", "csv"))


def test_export_follows_the_filters_and_the_scope(client, tree):
    client.force_login(user_with_role("auditor", tree.kostanay))
    _header, rows = table(export(client))
    assert {row[0] for row in rows} == {
        tree.members["kostanay"].full_name,
        tree.members["kostanay-rudny"].full_name,
    }
    assert table(export(client, status="expelled"))[1] == []
    xlsx = export(client, "xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")


def test_export_is_refused_to_outsiders(client, tree):
    response = export(client)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    for role in ("deputy", "state_body_contact"):
        client.force_login(user_with_role(role, tree.atyrau, f"outsider-{role}"))
        assert export(client).status_code == 403
