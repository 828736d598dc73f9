"""The awards' pages end to end, in three languages, and for outsiders."""

import pytest
from django.urls import reverse
from django.utils import translation

from esep.awards import actions
from esep.awards.models import Ceremony, Nomination
from esep.awards.tests.conftest import DECEMBER
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def url(name, *args, language="kk"):
    with translation.override(language):
        return reverse(name, args=args)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_the_office_nominates_and_the_bureau_grants(
    client, tree, officer, catalogue, ceremony, kostanay_bureau, language
):
    client.force_login(officer)
    new = client.get(url("awards:nomination-new", language=language))
    assert new.status_code == 200
    response = client.post(
        url("awards:nomination-new", language=language),
        {
            "branch": "kostanay",
            "award": "alghys-hat",
            "surname": "Луценко",
            "given_name": "Алла",
            "sex": "female",
            "grounds": "Ардагер, белсенді қатысқаны үшін",
            "ceremony": ceremony.pk,
        },
    )
    nomination = Nomination.objects.get()
    assert response.status_code == 302 and response.url == nomination.get_absolute_url()
    page = client.get(url("awards:nomination", nomination.pk, language=language))
    assert page.status_code == 200
    assert {"grant", "refuse", "consent", "ceremony"} <= {s.name for s in page.context["steps"]}
    step = client.post(
        url("awards:nomination-step", nomination.pk, "grant", language=language),
        {
            "grant-body": kostanay_bureau.pk,
            "grant-decision_number": "7",
            "grant-decided_on": "2021-12-10",
        },
    )
    assert step.status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == "granted" and nomination.certificate_number
    listed = client.get(url("awards:nominations", language=language))
    assert "Луценко Алла" in listed.content.decode()
    export = client.get(url("awards:nomination-export", "csv", language=language))
    assert "Луценко Алла" in export.content.decode("utf-8-sig")


def test_a_refused_step_says_why_in_the_users_language(client, tree, officer, nomination):
    client.force_login(officer)
    for language in ("kk", "ru", "en"):
        response = client.post(
            url("awards:nomination-new", language=language),
            {
                "branch": "kostanay",
                "award": "alghys-hat",
                "surname": "ЗИМОВЕЦ",
                "given_name": "Елена",
                "grounds": "Тағы да",
            },
        )
        assert response.status_code == 400
        with translation.override(language):
            expected = translation.gettext(
                "%(person)s already holds this award or is nominated for it. If this is "
                "someone else of the same name, give their IIN."
            ) % {"person": "ЗИМОВЕЦ Елена"}
        assert list(response.context["form"].non_field_errors()) == [expected]
    assert Nomination.objects.count() == 1


def test_a_sub_branch_nominates_but_the_regional_office_decides(
    client, tree, rudny_officer, officer, catalogue, kostanay_bureau
):
    client.force_login(rudny_officer)
    response = client.post(
        url("awards:nomination-new"),
        {
            "branch": "kostanay-rudny",
            "award": "belsendi",
            "surname": "Ким",
            "given_name": "Анна",
            "sex": "female",
            "grounds": "Белсенді қызметі үшін",
        },
    )
    assert response.status_code == 302
    nomination = Nomination.objects.get()
    page = client.get(url("awards:nomination", nomination.pk))
    assert "grant" not in {s.name for s in page.context["steps"]}
    grant = url("awards:nomination-step", nomination.pk, "grant")
    data = {
        "grant-body": kostanay_bureau.pk,
        "grant-decision_number": "1",
        "grant-decided_on": "2021-12-10",
    }
    assert client.post(grant, data).status_code == 403
    client.force_login(officer)
    assert client.post(grant, data).status_code == 302


def test_a_ceremony_is_held_and_lists_its_nominations(client, tree, officer, nomination):
    client.force_login(officer)
    response = client.post(
        url("awards:ceremony-new"),
        {
            "branch": "kostanay",
            "title": "Жыл қорытындысы",
            "held_on": "2021-12-28",
            "place": "Қостанай",
        },
    )
    assert response.status_code == 302
    assert Ceremony.objects.filter(title="Жыл қорытындысы").exists()
    page = client.get(url("awards:ceremony", nomination.ceremony_id))
    assert "Зимовец Елена" in page.content.decode()
    listed = client.get(url("awards:ceremonies"))
    assert "Жыл қорытындысы" in listed.content.decode()


@pytest.fixture
def granted(officer, kostanay_bureau, nomination):
    return actions.grant(
        actor=officer,
        nomination=nomination,
        body=kostanay_bureau,
        decision_number="9",
        decided_on=DECEMBER,
    )


def pages(nomination):
    return [
        url("awards:nominations"),
        url("awards:nomination-export", "csv"),
        url("awards:ceremonies"),
        url("awards:ceremony-export", "xlsx"),
        url("awards:nomination", nomination.pk),
        url("awards:ceremony", nomination.ceremony_id),
        url("awards:certificate", nomination.pk, "kk"),
    ]


def test_not_signed_in_is_sent_to_log_in(client, granted):
    for address in [*pages(granted), url("awards:nomination-new"), url("awards:ceremony-new")]:
        response = client.get(address)
        assert response.status_code == 302 and "/accounts/login/" in response.url, address
    assert client.post(url("awards:nomination-step", granted.pk, "consent")).status_code == 302


def test_another_regions_staff_find_nothing(client, tree, granted):
    client.force_login(user_with_role("branch_head", tree.atyrau, "atyrau-head"))
    for address in [
        url("awards:nomination", granted.pk),
        url("awards:ceremony", granted.ceremony_id),
        url("awards:certificate", granted.pk, "kk"),
    ]:
        assert client.get(address).status_code == 404, address
    step = url("awards:nomination-step", granted.pk, "consent")
    assert client.post(step, {"given": "on", "on": "2021-12-20"}).status_code == 404
    assert not client.get(url("awards:nominations")).context["page"].object_list
    assert "Зимовец" not in client.get(url("awards:nomination-export", "csv")).content.decode()


def test_a_role_without_the_capability_is_refused(client, tree, granted):
    client.force_login(user_with_role("state_body_contact", tree.kostanay, "contact"))
    for address in [
        url("awards:nominations"),
        url("awards:ceremonies"),
        url("awards:nomination", granted.pk),
    ]:
        assert client.get(address).status_code == 403, address
    for address in [url("awards:nomination-new"), url("awards:ceremony-new")]:
        assert client.get(address).status_code == 403, address


def test_a_reader_of_party_work_reads_but_takes_no_step(client, tree, granted):
    client.force_login(user_with_role("deputy", tree.kostanay, "deputy"))
    page = client.get(url("awards:nomination", granted.pk))
    assert page.status_code == 200 and not page.context["steps"]
    assert client.get(url("awards:certificate", granted.pk, "ru")).status_code == 200
    assert client.get(url("awards:nomination-new")).status_code == 403
    step = url("awards:nomination-step", granted.pk, "consent")
    assert client.post(step, {"given": "on", "on": "2021-12-20"}).status_code == 403


def test_the_iin_is_masked_for_a_reader_without_personal_data(client, tree, officer, catalogue):
    from esep.org.tests.factories import PersonFactory

    person = PersonFactory.create(surname="Жүсіпов", given_name="Бек")
    nomination = actions.nominate(
        actor=officer, branch=tree.kostanay, award=catalogue["medal"], person=person, grounds="—"
    )
    client.force_login(user_with_role("deputy", tree.kostanay, "deputy"))
    body = client.get(url("awards:nomination", nomination.pk)).content.decode()
    assert person.iin not in body and person.iin[-2:] in body


def test_the_list_reads_a_bounded_number_of_queries(
    client, tree, officer, catalogue, ceremony, django_assert_max_num_queries
):
    for i in range(12):
        actions.nominate(
            actor=officer,
            branch=tree.kostanay if i % 2 else tree.rudny,
            award=catalogue["badge"],
            surname=f"Адам{i}",
            given_name="Аты",
            grounds="—",
            ceremony=ceremony,
        )
    client.force_login(officer)
    with django_assert_max_num_queries(15):
        page = client.get(url("awards:nominations"))
    assert len(page.context["rows"]) == 12
