"""The inbox for daily use: search in any case and by applicant (for roles that may see
applicants), the officer's own appeals, open ones first, bulk assignment back to the same
list, exports named by their filters."""

import datetime as dt
from datetime import UTC
from types import SimpleNamespace

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from esep.appeals import actions
from esep.appeals import models as appeal_models
from esep.appeals.lifecycle import Status
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.audit.models import PersonalDataAccess
from esep.lib.crypto import digest
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

MARCH = dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC)


@pytest.fixture
def applicant():
    return PersonFactory.create(
        surname="Ахметов", given_name="Ерлан", patronymic="Сәкенұлы", phone="+77015550011"
    )


@pytest.fixture
def appeal(place, applicant):
    return register(place, MARCH, applicant, text="Шатыр ағып тұр, Ёлка көшесі")


def found(client, q, **more):
    response = client.get(reverse("appeals:inbox"), {"q": q, **more})
    assert response.status_code == 200
    return [a for a, _ in response.context["rows"]]


@pytest.mark.parametrize("q", ["шатыр", "Шатыр", "ШАТЫР", "ёлка", "ЕЛКА", "ағып", "АҒЫП"])
def test_search_finds_text_in_any_case_and_with_e_for_yo(client, appeal, tree, q):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert found(client, q) == [appeal]


def test_kazakh_letters_are_not_read_as_russian_ones(client, appeal, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert found(client, "агып") == []  # ғ is not г


def test_search_finds_the_number_in_any_case(client, appeal, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert found(client, appeal.number.lower()) == [appeal]


@pytest.mark.parametrize(
    "q,fields",
    [
        ("ахметов", ["surname"]),
        ("ерлан АХМЕТОВ", ["surname", "given_name"]),
        ("сәкенұлы", ["patronymic"]),
        ("8 701 555 00 11", ["phone"]),
        ("+7 (701) 555-00-11", ["phone"]),
    ],
)
def test_officer_finds_an_appeal_by_its_applicant_and_the_search_is_logged(
    client, appeal, applicant, tree, q, fields
):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    assert found(client, q) == [appeal]
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.person, access.fields) == (officer, applicant, fields)
    assert access.page == reverse("appeals:inbox")  # the address only: no IIN or phone in it


def test_officer_finds_an_appeal_by_the_iin_given_and_the_search_is_logged(
    client, appeal, applicant, tree
):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    spaced = f"{applicant.iin[:6]} {applicant.iin[6:]}"
    assert found(client, spaced) == [appeal]
    assert list(PersonalDataAccess.objects.values_list("person", "fields")) == [
        (applicant.pk, ["iin"])
    ]


def test_the_applicant_is_found_as_given_at_intake_not_by_their_record_today(
    client, appeal, applicant, tree
):
    applicant.phone = "+77017770022"
    applicant.save()
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    assert found(client, "+77015550011") == [appeal]
    assert found(client, "+77017770022") == []


@pytest.mark.parametrize("role", ["analyst", "deputy"])
def test_roles_that_may_not_see_applicants_find_nobody_by_them(
    client, appeal, applicant, tree, role
):
    client.force_login(user_with_role(role, tree.atyrau))
    for q in ("ахметов", "Ахметов", applicant.iin, "+77015550011", "Ерлан"):
        assert found(client, q) == [], q
    assert not PersonalDataAccess.objects.exists()


def test_applicants_are_found_only_where_the_role_shows_personal_data(
    client, place, applicant, tree
):
    """An auditor of Kostanay who reads Atyrau's appeals through another grant — analyst —
    finds Atyrau's applicants by nothing personal."""
    atyrau = register(place, MARCH, applicant, text="Жол")
    kostanay = register({**place, "branch": tree.kostanay}, MARCH, applicant, text="Жол")
    user = user_with_role("auditor", tree.kostanay, "mixed")
    user.grants.create(role="analyst", branch=tree.atyrau)
    client.force_login(user)
    assert found(client, "ахметов") == [kostanay]
    assert set(found(client, "жол")) == {atyrau, kostanay}


def test_a_search_by_text_logs_nothing(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    assert found(client, "шатыр") == [appeal]
    assert not PersonalDataAccess.objects.exists()


def test_the_migration_fills_the_digests_the_app_computes(appeal, applicant):
    from importlib import import_module

    fill = import_module("esep.appeals.migrations.0010_contact_digests").fill_digests
    Appeal.objects.filter(pk=appeal.pk).update(contact_iin_digest=None, contact_phone_digest=None)
    fill(None, SimpleNamespace(connection=connection))
    appeal.refresh_from_db()
    assert appeal.contact_iin_digest == digest("contact_iin", applicant.iin)
    assert appeal.contact_phone_digest == digest("contact_phone", "+77015550011")


# --- an officer's day ----------------------------------------------------------------------


def _close(appeal):
    Appeal.objects.filter(pk=appeal.pk).update(status=Status.CLOSED)


def test_default_order_puts_open_appeals_first_due_soonest(client, place, tree):
    closed_2020 = register(place, dt.datetime(2020, 2, 3, 5, 0, tzinfo=UTC), PersonFactory())
    _close(closed_2020)
    later = register(place, dt.datetime(2021, 5, 3, 5, 0, tzinfo=UTC), PersonFactory())
    sooner = register(place, dt.datetime(2021, 3, 1, 5, 0, tzinfo=UTC), PersonFactory())
    client.force_login(user_with_role("branch_head", tree.atyrau))
    rows = client.get(reverse("appeals:inbox")).context["rows"]
    assert [a for a, _ in rows] == [sooner, later, closed_2020]
    rows = client.get(reverse("appeals:inbox"), {"sort": "due_on"}).context["rows"]
    assert [a for a, _ in rows] == [sooner, later, closed_2020]


def test_assigned_to_me_lists_the_officers_own_appeals(client, place, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    colleague = user_with_role("reception_officer", tree.atyrau, "colleague")
    mine, theirs = (register(place, MARCH, PersonFactory()) for _ in range(2))
    register(place, MARCH, PersonFactory())  # nobody's yet
    actions.assign_appeal(actor=officer, appeal=mine, assignee=officer)
    actions.assign_appeal(actor=officer, appeal=theirs, assignee=colleague)
    client.force_login(officer)
    rows = client.get(reverse("appeals:inbox"), {"mine": "on", "status": "open"})
    assert [a for a, _ in rows.context["rows"]] == [mine]
    assert 'name="mine"' in rows.content.decode()


# The controlled appeals' ids written as values, and (more of them than that) asked of a
# subquery instead.
@pytest.mark.parametrize("literal_ids", [5_000, 0], ids=["values", "subquery"])
def test_the_heads_view_lists_overdue_and_controlled_appeals(
    client, place, tree, monkeypatch, literal_ids
):
    monkeypatch.setattr(appeal_models, "LITERAL_IDS", literal_ids)
    head = user_with_role("branch_head", tree.atyrau)
    overdue = register(place, dt.datetime(2021, 3, 1, 5, 0, tzinfo=UTC), PersonFactory())
    controlled = register(place, timezone.now(), PersonFactory())
    register(place, timezone.now(), PersonFactory())  # in time, not controlled
    actions.take_under_control(
        actor=head,
        appeal=controlled,
        deadline=timezone.localdate() + dt.timedelta(days=30),
        reason="Өткір",
    )
    client.force_login(head)
    rows = client.get(reverse("appeals:inbox"), {"attention": "on", "sort": "due_on"})
    assert [a for a, _ in rows.context["rows"]] == [overdue, controlled]


def test_bulk_assign_comes_back_to_the_same_filtered_list(client, place, tree):
    head = user_with_role("branch_head", tree.atyrau)
    officer = user_with_role("reception_officer", tree.atyrau)
    chosen = register(place, MARCH, PersonFactory())
    client.force_login(head)
    listed = f"{reverse('appeals:inbox')}?q=%D0%B6%D0%BE%D0%BB&status=open&page=1"
    # The rows the filters redraw carry the list's address for the bulk form.
    rows = client.get(listed, headers={"HX-Request": "true"}).content.decode()
    assert 'name="next"' in rows and 'form="bulk"' in rows
    assert "status=open" in rows
    response = client.post(
        reverse("appeals:bulk-assign"),
        {"assignee": officer.pk, "appeals": [chosen.pk], "next": listed},
    )
    assert response.status_code == 302 and response["Location"] == listed
    assert Appeal.objects.get(pk=chosen.pk).assignee == officer


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "/kk/org/people/", "//evil"])
def test_bulk_assign_goes_nowhere_but_the_inbox(client, place, tree, elsewhere):
    client.force_login(user_with_role("branch_head", tree.atyrau))
    response = client.post(reverse("appeals:bulk-assign"), {"appeals": [], "next": elsewhere})
    assert response["Location"] == reverse("appeals:inbox")


def _file_name(response):
    disposition = response["Content-Disposition"]
    return disposition.split('filename="', 1)[1].rstrip('"')


def test_exports_of_different_lists_have_different_names(client, appeal, applicant, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    export = reverse("appeals:export", args=["xlsx"])
    today = f"{timezone.localdate():%Y%m%d}"
    names = [
        _file_name(client.get(export, query))
        for query in (
            {},
            {"branch": "atyrau-city"},
            {"status": "open", "mine": "on"},
            {"q": applicant.iin},
        )
    ]
    assert names == [
        f"appeals-{today}.xlsx",
        f"appeals_atyrau-city-{today}.xlsx",
        f"appeals_mine_status-open-{today}.xlsx",
        f"appeals_search-{today}.xlsx",  # what was typed stays out of the name
    ]
