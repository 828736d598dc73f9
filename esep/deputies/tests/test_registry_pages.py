"""The registry's staff pages: every page opens in Kazakh, Russian and English for the
branch's office; the office records a body, its convocation, a mandate with its posts and
end, and the deputies' work through the pages; the body's secretary records a sitting with
every deputy's mark (and a sitting with a mark missing is refused whole); the lists filter
and export what the user sees; the menu leads to them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.appeals.tests.factories import StateBodyFactory
from esep.deputies import actions
from esep.deputies.models import (
    Attendance,
    Convocation,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    RepresentativeBody,
    Sitting,
    VoterReport,
)
from esep.org.models import Post
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db

SITTING_DAY = dt.date(2021, 3, 4)


def url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def sitting_data(council, *, skip: int | None = None, number: int = 1) -> dict[str, str]:
    """A sitting's form: everyone present but the deputy (excused), one left out if asked."""
    data = {
        "sitting-number": str(number),
        "sitting-held_on": SITTING_DAY.isoformat(),
        "sitting-kind": "regular",
    }
    for mandate in [*council.mandates, council.rival]:
        if mandate.pk == skip:
            continue
        excused = mandate == council.mandate
        data[f"sitting-mark_{mandate.pk}"] = "excused" if excused else "present"
        data[f"sitting-reason_{mandate.pk}"] = "Illness" if excused else ""
    return data


@pytest.fixture
def work(council):
    """A sitting, an inquiry, an initiative and a report to voters of the deputy."""
    office, mandate = council.office, council.mandate
    sitting = actions.record_sitting(
        actor=office,
        convocation=council.convocation,
        number=1,
        held_on=SITTING_DAY,
        marks={
            m.pk: ("present", "") for m in Mandate.objects.filter(convocation=council.convocation)
        },
    )
    inquiry = actions.record_inquiry(
        actor=office,
        mandate=mandate,
        state_body=StateBodyFactory.create(code="akimat-kostanay"),
        subject="Heating of school № 5",
        sent_on=SITTING_DAY,
    )
    initiative = actions.record_initiative(
        actor=office,
        mandate=mandate,
        kind="draft_decision",
        title="Bus routes of the oblast centre",
        submitted_on=SITTING_DAY,
    )
    report = actions.record_voter_report(
        actor=office, mandate=mandate, held_on=SITTING_DAY, place="School № 5", people_attending=40
    )
    return {"sitting": sitting, "inquiry": inquiry, "initiative": initiative, "report": report}


def pages(council, work) -> list[tuple[str, tuple]]:
    return [
        ("deputies:bodies", ()),
        ("deputies:body-new", ()),
        ("deputies:body", (council.body.code,)),
        ("deputies:convocation", (council.convocation.pk,)),
        ("deputies:sitting", (work["sitting"].pk,)),
        ("deputies:mandates", ()),
        ("deputies:mandate-new", ()),
        ("deputies:mandate", (council.mandate.pk,)),
        ("deputies:inquiries", ()),
        ("deputies:inquiry-new", ()),
        ("deputies:inquiry", (work["inquiry"].pk,)),
        ("deputies:initiatives", ()),
        ("deputies:initiative-new", ()),
        ("deputies:voter-reports", ()),
        ("deputies:voter-report-new", ()),
    ]


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_every_page_opens_for_the_office_in_each_language(client, council, work, language):
    client.force_login(council.office)
    for name, args in pages(council, work):
        response = client.get(url(name, *args, language=language))
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.content.decode(), name


def test_the_pages_show_the_records(client, council, work):
    client.force_login(council.office)
    body = client.get(url("deputies:body", council.body.code)).content.decode()
    assert council.mandate.person.full_name in body
    assert url("deputies:sitting", work["sitting"].pk) in body
    assert f"?body={council.body.code}" in body  # to the mandates list filtered to it
    mandate = client.get(url("deputies:mandate", council.mandate.pk)).content.decode()
    for text in ("Heating of school", "Bus routes", "School № 5", "present at 100% of them"):
        assert text in mandate
    assert f"{url('deputies:inquiry-new')}?mandate={council.mandate.pk}" in mandate
    sitting = client.get(url("deputies:sitting", work["sitting"].pk))
    assert len(sitting.context["marks"]) == 7
    # Personal data never shows: the deputy by name only.
    assert "1990" not in mandate and council.mandate.person.iin not in mandate


def test_the_office_records_a_body_its_convocation_and_a_mandate(client, council):
    client.force_login(council.office)
    person = council.tree.members["kostanay"]
    response = client.post(
        url("deputies:body-new"),
        {
            "branch": "kostanay-rudny",
            "level": "district",
            "territory": council.tree.rudny.territory.kato,
            "code": "rudny-city",
            "name_kk": "Рудный қалалық мәслихаты",
            "name_ru": "Рудненский городской маслихат",
        },
    )
    body = RepresentativeBody.objects.get(code="rudny-city")
    assert response.status_code == 302 and response.url == body.get_absolute_url()
    response = client.post(
        url("deputies:body-step", body.code, "convocation"),
        {"number": "8", "elected_on": "2023-03-19", "started_on": "2023-03-29", "seats": "25"},
    )
    assert response.status_code == 302 and response.url == body.get_absolute_url()
    convocation = Convocation.objects.get(body=body, number=8)
    response = client.post(
        url("deputies:mandate-new"),
        {
            "person": person.pk,
            "convocation": convocation.pk,
            "kind": "district",
            "district": "№ 4 Kostanay street",
            "party": "amanat",
            "started_on": "2023-03-29",
        },
    )
    mandate = Mandate.objects.get(person=person, convocation=convocation)
    assert response.status_code == 302 and response.url == mandate.get_absolute_url()
    assert mandate.faction_post is not None  # the party's mandate: a faction member
    listed = client.get(url("deputies:mandates"), {"body": body.code})
    assert list(listed.context["page"].object_list) == [mandate]


def test_a_mandates_posts_and_its_end(client, council):
    client.force_login(council.office)
    mandate = council.mandates[2]

    def step(name: str) -> str:
        return url("deputies:mandate-step", mandate.pk, name)

    response = client.post(
        step("post"),
        {
            "post-position": "committee_chair",
            "post-committee_kk": "Бюджет комиссиясы",
            "post-started_on": "2022-01-10",
        },
    )
    assert response.status_code == 302
    post = MandatePost.objects.get(mandate=mandate)
    response = client.post(
        step("end-post"), {"end-post-post": post.pk, "end-post-ended_on": "2023-01-10"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert post.ended_on == dt.date(2023, 1, 10)
    response = client.post(step("end"), {"end-ended_on": "2024-02-01", "end-reason": "resigned"})
    assert response.status_code == 302
    mandate.refresh_from_db()
    assert (mandate.ended_on, mandate.end_reason) == (dt.date(2024, 2, 1), "resigned")
    assert Post.objects.get(pk=mandate.faction_post_id).ended_on == dt.date(2024, 2, 1)
    # Ended: today's list leaves it out; a cleared day lists every mandate.
    today = client.get(url("deputies:mandates"), {"body": council.body.code})
    assert mandate not in today.context["page"].object_list
    every = client.get(url("deputies:mandates"), {"body": council.body.code, "on": ""})
    assert mandate in every.context["page"].object_list
    page = client.get(url("deputies:mandate", mandate.pk))
    assert [s.name for s in page.context["steps"]] == []  # nothing left to do on it


def test_the_secretary_records_a_sitting_but_cannot_add_a_mandate(client, council):
    client.force_login(council.secretary_user)
    page = client.get(
        url("deputies:convocation", council.convocation.pk), {"held_on": "2021-03-04"}
    )
    assert page.status_code == 200
    assert len(page.context["sitting_step"].form.rows) == 7
    response = client.post(
        url("deputies:convocation-step", council.convocation.pk, "sitting"), sitting_data(council)
    )
    assert response.status_code == 302
    sitting = Sitting.objects.get(convocation=council.convocation)
    marks = dict(Attendance.objects.filter(sitting=sitting).values_list("mandate_id", "mark"))
    assert len(marks) == 7 and marks[council.mandate.pk] == "excused"
    assert Attendance.objects.get(sitting=sitting, mandate=council.mandate).reason == "Illness"
    assert client.get(url("deputies:mandate-new")).status_code == 403
    response = client.post(
        url("deputies:mandate-new"),
        {
            "person": council.tree.members["kostanay"].pk,
            "convocation": council.convocation.pk,
            "kind": "party_list",
            "started_on": "2021-02-01",
        },
    )
    assert response.status_code == 403
    assert not Mandate.objects.filter(person=council.tree.members["kostanay"]).exists()
    assert client.post(url("deputies:mandate-step", council.mandate.pk, "end")).status_code == 403


def test_a_sitting_with_a_mark_missing_is_refused_and_nothing_is_written(client, council):
    client.force_login(council.secretary_user)
    missing = council.mandates[3]
    response = client.post(
        url("deputies:convocation-step", council.convocation.pk, "sitting"),
        sitting_data(council, skip=missing.pk),
    )
    assert response.status_code == 400
    form = response.context["sitting_step"].form
    assert list(form.errors) == [f"mark_{missing.pk}"]
    assert f"sitting-mark_{missing.pk}-errors" in response.content.decode()
    assert not Sitting.objects.exists() and not Attendance.objects.exists()


def test_an_excused_absence_without_a_reason_is_refused(client, council):
    client.force_login(council.office)
    data = sitting_data(council)
    data[f"sitting-reason_{council.mandate.pk}"] = ""
    response = client.post(
        url("deputies:convocation-step", council.convocation.pk, "sitting"), data
    )
    assert response.status_code == 400
    assert "reason" in response.content.decode()
    assert not Sitting.objects.exists()


def test_the_secretary_changes_one_mark(client, council, work):
    client.force_login(council.secretary_user)
    sitting = work["sitting"]
    response = client.post(
        url("deputies:sitting-step", sitting.pk, "attendance"),
        {"mandate": council.mandate.pk, "mark": "absent", "reason": ""},
    )
    assert response.status_code == 302
    assert Attendance.objects.get(sitting=sitting, mandate=council.mandate).mark == "absent"


def test_the_office_records_the_deputies_work_and_an_answer(client, council):
    client.force_login(council.office)
    mandate = council.mandate
    StateBodyFactory.create(code="akimat-kostanay")
    page = client.get(url("deputies:inquiry-new"), {"mandate": mandate.pk})
    assert page.context["form"]["mandate"].value() == mandate.pk
    response = client.post(
        url("deputies:inquiry-new"),
        {
            "mandate": mandate.pk,
            "state_body": "akimat-kostanay",
            "subject": "Roads of Rudny",
            "sent_on": "2021-04-01",
        },
    )
    assert response.status_code == 302 and response.url == mandate.get_absolute_url()
    inquiry = Inquiry.objects.get(mandate=mandate)
    response = client.post(
        url("deputies:inquiry-step", inquiry.pk, "answer"),
        {"answer": "Repaired by June.", "answered_on": "2021-04-20"},
    )
    assert response.status_code == 302
    inquiry.refresh_from_db()
    assert inquiry.answered_on == dt.date(2021, 4, 20)
    assert not client.get(url("deputies:inquiry", inquiry.pk)).context["steps"]
    response = client.post(
        url("deputies:initiative-new"),
        {
            "mandate": mandate.pk,
            "kind": "question",
            "title": "Water in Zatobolsk",
            "submitted_on": "2021-04-02",
        },
    )
    assert response.status_code == 302 and Initiative.objects.filter(mandate=mandate).exists()
    response = client.post(
        url("deputies:voter-report-new"),
        {"mandate": mandate.pk, "held_on": "2021-04-03", "place": "Club", "people_attending": "12"},
    )
    assert response.status_code == 302 and VoterReport.objects.filter(mandate=mandate).exists()
    # A date before the mandate: the action's refusal on its field, nothing recorded.
    response = client.post(
        url("deputies:voter-report-new"),
        {"mandate": mandate.pk, "held_on": "2020-04-03", "place": "Club", "people_attending": "3"},
    )
    assert response.status_code == 400 and response.context["form"].errors["held_on"]
    assert VoterReport.objects.filter(mandate=mandate).count() == 1


def test_the_lists_filter_and_export(client, council, work):
    client.force_login(council.office)
    bodies = client.get(url("deputies:bodies"))
    (body,) = bodies.context["page"].object_list  # the office sees its own region's only
    assert (body.current_number, body.current_seats, body.party_in_office) == (7, 30, 6)
    mandates = client.get(url("deputies:mandates"), {"party": "ak-zhol"})
    assert list(mandates.context["page"].object_list) == [council.rival]
    named = client.get(url("deputies:mandates"), {"q": council.mandate.person.surname.upper()})
    assert council.mandate in named.context["page"].object_list
    for name in ("inquiries", "initiatives", "voter-reports"):
        found = client.get(url(f"deputies:{name}"), {"body": "kostanay-oblast"})
        assert len(found.context["page"].object_list) == 1, name
        later = client.get(url(f"deputies:{name}"), {"since": "2021-04-01"})
        assert not later.context["page"].object_list, name
    export = client.get(url("deputies:mandate-export", "csv"), {"party": "amanat"})
    lines = export.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 7 and "Deputy" in lines[0]
    assert council.mandate.person.iin not in export.content.decode()
    export = client.get(url("deputies:body-export", "xlsx"))
    assert export.status_code == 200


def test_the_menu_leads_to_the_registry(client, council):
    client.force_login(council.office)
    home = client.get(url("deputies:bodies")).content.decode()
    assert f'href="{url("deputies:bodies")}">Deputies<' in home
    # A deputy without a role that sees the organisation is led to their own mandate.
    bare = user_with_role("state_body_contact", council.tree.kostanay, "bare-deputy")
    bare.person = PersonFactory.create()
    bare.save(update_fields=["person"])
    client.force_login(bare)
    assert ">Deputies<" not in client.get(url("deputies:bodies")).content.decode()
    Mandate.objects.create(
        person=bare.person,
        convocation=council.convocation,
        kind="party_list",
        started_on=dt.date(2021, 2, 1),
    )
    mandate = Mandate.objects.get(person=bare.person)
    page = client.get(url("deputies:mandate", mandate.pk))
    assert page.status_code == 200
    assert f'href="{url("deputies:mandate", mandate.pk)}">Deputies<' in page.content.decode()
    # The body they sit in opens too, without the lists of the organisation.
    assert client.get(url("deputies:body", council.body.code)).status_code == 200
    assert client.get(url("deputies:body", council.atyrau_body.code)).status_code == 404
    assert client.get(url("deputies:bodies")).status_code == 403
