"""The registry's pages for people outside a record's reach: not signed in (sent to log
in), another region's head (Kostanay's records not found, its lists and exports without
them, nothing recorded in Kostanay's bodies), a deputy who reads their body but records
nothing in it (steps refused), a role without the organisation (lists refused)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from esep.appeals.tests.factories import StateBodyFactory
from esep.deputies import actions
from esep.deputies.models import Convocation, Inquiry, Mandate, MandatePost, Sitting
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db

LISTS = [
    "deputies:bodies",
    "deputies:mandates",
    "deputies:inquiries",
    "deputies:initiatives",
    "deputies:voter-reports",
]
EXPORTS = [
    "deputies:body-export",
    "deputies:mandate-export",
    "deputies:inquiry-export",
    "deputies:initiative-export",
    "deputies:voter-report-export",
]
NEW = [
    "deputies:body-new",
    "deputies:mandate-new",
    "deputies:inquiry-new",
    "deputies:initiative-new",
    "deputies:voter-report-new",
]


@pytest.fixture
def records(council):
    office, mandate = council.office, council.mandate
    day = dt.date(2021, 3, 4)
    sitting = actions.record_sitting(
        actor=office,
        convocation=council.convocation,
        number=1,
        held_on=day,
        marks={m.pk: ("present", "") for m in council.convocation.mandates.all()},
    )
    inquiry = actions.record_inquiry(
        actor=office,
        mandate=mandate,
        state_body=StateBodyFactory.create(),
        subject="Heating",
        sent_on=day,
    )
    actions.record_initiative(
        actor=office, mandate=mandate, kind="question", title="Buses", submitted_on=day
    )
    actions.record_voter_report(
        actor=office, mandate=mandate, held_on=day, place="School", people_attending=10
    )
    return {"sitting": sitting, "inquiry": inquiry}


def pages(council, records) -> list[str]:
    return [
        reverse("deputies:body", args=[council.body.code]),
        reverse("deputies:convocation", args=[council.convocation.pk]),
        reverse("deputies:sitting", args=[records["sitting"].pk]),
        reverse("deputies:mandate", args=[council.mandate.pk]),
        reverse("deputies:inquiry", args=[records["inquiry"].pk]),
    ]


def steps(council, records) -> list[tuple[str, dict]]:
    """Each step of Kostanay's records, with a form that would pass."""
    mandate = council.mandates[2]
    return [
        (
            reverse("deputies:body-step", args=[council.body.code, "convocation"]),
            {"number": 8, "elected_on": "2026-01-01", "started_on": "2026-01-02", "seats": 30},
        ),
        (
            reverse("deputies:convocation-step", args=[council.convocation.pk, "sitting"]),
            {"sitting-number": 2, "sitting-held_on": "2021-03-05", "sitting-kind": "regular"},
        ),
        (
            reverse("deputies:sitting-step", args=[records["sitting"].pk, "attendance"]),
            {"mandate": council.mandate.pk, "mark": "absent"},
        ),
        (
            reverse("deputies:mandate-step", args=[mandate.pk, "post"]),
            {"post-position": "member", "post-started_on": "2022-01-01"},
        ),
        (
            reverse("deputies:mandate-step", args=[mandate.pk, "end"]),
            {"end-ended_on": "2022-01-01", "end-reason": "resigned"},
        ),
        (
            reverse("deputies:inquiry-step", args=[records["inquiry"].pk, "answer"]),
            {"answer": "Done", "answered_on": "2021-03-10"},
        ),
    ]


def unchanged(council, records) -> None:
    assert Convocation.objects.filter(body=council.body).count() == 1
    assert Sitting.objects.count() == 1
    assert not records["sitting"].attendance.exclude(mark="present").exists()
    assert not MandatePost.objects.filter(mandate=council.mandates[2]).exists()
    assert Mandate.objects.get(pk=council.mandates[2].pk).ended_on is None
    assert not Inquiry.objects.filter(answered_on__isnull=False).exists()


def test_not_signed_in_is_sent_to_log_in(client, council, records):
    urls = [reverse(n) for n in LISTS + NEW] + [reverse(n, args=["csv"]) for n in EXPORTS]
    for url in urls + pages(council, records):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response.url, url
    for url, data in steps(council, records):
        assert client.post(url, data).status_code == 302, url
    unchanged(council, records)


def test_another_regions_head_finds_nothing_of_kostanay(client, council, records):
    client.force_login(council.outsider)
    for url in pages(council, records):
        assert client.get(url).status_code == 404, url
    for url, data in steps(council, records):
        assert client.post(url, data).status_code == 404, url
    unchanged(council, records)
    bodies = client.get(reverse("deputies:bodies")).context["page"].object_list
    assert [b.code for b in bodies] == ["atyrau-city"]
    mandates = client.get(reverse("deputies:mandates")).context["page"].object_list
    assert list(mandates) == [council.atyrau_mandate]
    for name in LISTS[2:]:
        assert not client.get(reverse(name)).context["page"].object_list, name
    for name in EXPORTS[2:]:
        lines = client.get(reverse(name, args=["csv"])).content.decode("utf-8-sig").splitlines()
        assert len(lines) == 1, name  # the header only
    # Filters offer only what the user sees: Kostanay's body is no choice.
    response = client.get(reverse("deputies:mandates"), {"body": council.body.code})
    assert response.context["form"].errors


def test_another_regions_head_records_nothing_in_kostanay(client, council, records):
    client.force_login(council.outsider)
    response = client.post(
        reverse("deputies:mandate-new"),
        {
            "person": council.tree.members["kostanay"].pk,
            "convocation": council.convocation.pk,
            "kind": "party_list",
            "started_on": "2021-02-01",
        },
    )
    assert response.status_code == 400 and response.context["form"].errors["convocation"]
    assert not Mandate.objects.filter(person=council.tree.members["kostanay"]).exists()
    response = client.post(
        reverse("deputies:inquiry-new"),
        {
            "mandate": council.mandate.pk,
            "state_body": records["inquiry"].state_body.code,
            "subject": "x",
            "sent_on": "2021-03-05",
        },
    )
    assert response.status_code == 400 and response.context["form"].errors["mandate"]
    assert Inquiry.objects.count() == 1
    # Their own region's records are theirs to keep.
    atyrau = reverse("deputies:mandate", args=[council.atyrau_mandate.pk])
    page = client.get(atyrau)
    assert page.status_code == 200
    assert [s.name for s in page.context["steps"]] == ["post", "end"]


def test_a_deputy_reads_the_body_but_its_steps_are_refused(client, council, records):
    client.force_login(council.deputy)
    for url in pages(council, records):
        page = client.get(url)
        assert page.status_code == 200, url
        assert not page.context["steps"], url
    for url, data in steps(council, records):
        assert client.post(url, data).status_code == 403, url
    for name in NEW:
        assert client.get(reverse(name)).status_code == 403, name
    unchanged(council, records)
    own = client.get(reverse("deputies:mandate", args=[council.mandate.pk]))
    assert own.context["own"] and own.context["sees_work"]


def test_the_secretary_may_not_take_the_offices_steps(client, council, records):
    client.force_login(council.secretary_user)
    for url, data in steps(council, records):
        if "/sittings/" in url or "/convocations/" in url:
            continue  # the sittings are the secretary's
        assert client.post(url, data).status_code == 403, url
    unchanged(council, records)


def test_a_role_without_the_organisation_is_refused(client, council, records):
    client.force_login(user_with_role("state_body_contact", council.tree.kostanay))
    for name in LISTS + NEW:
        assert client.get(reverse(name)).status_code == 403, name
    for url in pages(council, records):
        assert client.get(url).status_code == 404, url
