"""The personal-data access log for auditors: who saw whose personal data, when, on which
page and which fields, scoped to the people the auditor's branch subtree holds, filterable,
exportable, and never itself showing the data it is about."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook

from esep.appeals.tests.factories import CategoryFactory, register
from esep.audit.models import PersonalDataAccess
from esep.org.privacy import personal_data_for
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db


def url(name, *args):
    with translation.override("en"):
        return reverse(f"org:{name}", args=args)


def table(response):
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    return rows[0], rows[1:]


def whose(response):
    """The names of the people in the page's rows."""
    return sorted(row.whose for row in response.context["rows"])


@pytest.fixture
def seen(tree):
    """Each region's officer has seen their own members' data; the central admin a Kostanay
    member's; an Atyrau officer an applicant (no member) of an Atyrau appeal."""
    atyrau = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    kostanay = user_with_role("reception_officer", tree.kostanay, "kostanay.officer")
    admin = user_with_role("central_admin", tree.central, "admin")
    members = tree.members
    personal_data_for(atyrau, [members["atyrau"], members["atyrau-city"]], page="/en/org/people/")
    personal_data_for(kostanay, [members["kostanay"]], page="/en/org/people/")
    personal_data_for(kostanay, [members["kostanay-rudny"]], page="/kk/org/people/9/")
    personal_data_for(admin, [members["kostanay"]], page="/ru/org/people/7/")
    applicant = PersonFactory.create(surname="Жұмабаева", given_name="Сәуле", phone="+77015550101")
    place = {
        "territory": tree.atyrau.territory,
        "branch": tree.atyrau,
        "category": CategoryFactory.create(),
    }
    appeal = register(place, timezone.now(), submitter=applicant)
    # The contacts given with the appeal, shown on its page (the log holds the person).
    PersonalDataAccess.objects.create(
        user=atyrau, person=applicant, fields=["phone"], page=f"/en/appeals/{appeal.pk}/"
    )
    assert PersonalDataAccess.objects.count() == 6
    return {"applicant": applicant, "atyrau": atyrau, "kostanay": kostanay, "admin": admin}


def test_an_auditor_sees_accesses_to_the_people_of_their_branch_only(client, tree, seen):
    client.force_login(user_with_role("auditor", tree.atyrau))
    response = client.get(url("access-list"))
    assert response.status_code == 200
    # Atyrau's members (one also holds a post there) and the applicant of an Atyrau appeal,
    # not the Kostanay members seen by Kostanay's officer and by the central admin.
    assert whose(response) == sorted(
        [
            tree.members["atyrau"].full_name,
            tree.members["atyrau-city"].full_name,
            seen["applicant"].full_name,
        ]
    )
    assert {row.who for row in response.context["rows"]} == {"atyrau.officer"}
    assert tree.members["kostanay"].surname not in response.content.decode()


def test_a_district_auditor_sees_their_district_and_the_central_admin_everything(
    client, tree, seen
):
    client.force_login(user_with_role("auditor", tree.rudny))
    assert whose(client.get(url("access-list"))) == [tree.members["kostanay-rudny"].full_name]
    # An auditor of Kostanay sees the central admin's look at a Kostanay member too.
    client.force_login(user_with_role("auditor", tree.kostanay))
    rows = client.get(url("access-list")).context["rows"]
    assert sorted(row.who for row in rows) == ["admin", "kostanay.officer", "kostanay.officer"]
    client.force_login(seen["admin"])
    assert len(client.get(url("access-list")).context["rows"]) == 6


@pytest.mark.parametrize(
    "role", ["branch_head", "reception_officer", "analyst", "deputy", "state_body_contact"]
)
def test_roles_without_the_audit_capability_are_refused_the_page_and_its_export(
    client, tree, seen, role
):
    client.force_login(user_with_role(role, tree.atyrau))
    assert client.get(url("access-list")).status_code == 403
    assert client.get(url("access-export", "csv")).status_code == 403
    assert client.get(url("access-export", "xlsx")).status_code == 403
    assert url("access-list") not in client.get(url("person-list")).content.decode()


def test_the_menu_links_the_log_for_auditors_and_signing_in_is_asked_first(client, tree):
    assert client.get(url("access-list")).status_code == 302
    client.force_login(user_with_role("auditor", tree.atyrau))
    assert f'href="{url("access-list")}"' in client.get(url("person-list")).content.decode()


def test_filters_by_who_saw_whose_data_the_page_and_the_branch(client, tree, seen):
    client.force_login(seen["admin"])

    def shown(**filters):
        return whose(client.get(url("access-list"), filters))

    kostanay, rudny = tree.members["kostanay"].full_name, tree.members["kostanay-rudny"].full_name
    assert shown(who="kostanay.off") == sorted([kostanay, rudny])
    assert shown(who="ADMIN") == [kostanay]
    assert shown(q=tree.members["kostanay-rudny"].surname) == [rudny]
    assert shown(q="Жұмабаева Сәуле") == [seen["applicant"].full_name]
    assert shown(page="/appeals/") == [seen["applicant"].full_name]
    assert shown(page="/ru/org/people/7/") == [kostanay]
    assert shown(branch="kostanay-rudny") == [rudny]
    assert shown(branch="atyrau") == sorted(
        [
            tree.members["atyrau"].full_name,
            tree.members["atyrau-city"].full_name,
            seen["applicant"].full_name,
        ]
    )
    assert shown(who="kostanay.officer", branch="atyrau") == []


def test_filters_by_the_local_day(client, tree, seen):
    client.force_login(seen["admin"])
    today = timezone.localdate()
    day = dt.timedelta(days=1)

    def count(**filters):
        return client.get(url("access-list"), filters).context["page"].paginator.count

    assert count(seen_from=today, seen_to=today) == 6
    assert count(seen_from=today + day) == 0
    assert count(seen_to=today - day) == 0


def test_a_branch_out_of_scope_is_not_offered(client, tree, seen):
    client.force_login(user_with_role("auditor", tree.atyrau))
    response = client.get(url("access-list"), {"branch": "kostanay"})
    assert "branch" in response.context["form"].errors
    assert "kostanay" not in str(list(response.context["form"].fields["branch"].queryset))


def test_the_export_lists_who_and_whose_but_no_personal_data_and_logs_nothing(client, tree, seen):
    client.force_login(seen["admin"])
    logged = PersonalDataAccess.objects.count()
    header, rows = table(client.get(url("access-export", "csv"), {"who": "atyrau"}))
    assert header == ["Time", "Who saw", "Whose data", "Fields shown", "Page"]
    assert {row[2] for row in rows} == {
        tree.members["atyrau"].full_name,
        tree.members["atyrau-city"].full_name,
        seen["applicant"].full_name,
    }
    assert {row[1] for row in rows} == {"atyrau.officer"}
    assert "IIN, phone, e-mail, address, birth date" in {row[3] for row in rows}
    xlsx = client.get(url("access-export", "xlsx"))
    sheet = load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert len(cells) == 5 * 7  # the header and the six showings
    files = str(rows) + " ".join(cells)
    for person in [*tree.members.values(), seen["applicant"]]:
        assert person.full_name in files
        for value in (person.iin, person.phone, person.email, person.address):
            assert value and value not in files, value
        assert f"{person.birth_date:%d.%m.%Y}" not in files
        assert person.phone[-10:] not in files.replace(" ", "")
    # Reading the log shows nobody's data: it adds nothing to it.
    assert PersonalDataAccess.objects.count() == logged
