import datetime as dt
from datetime import UTC

import pytest
from django.urls import reverse
from django.utils import translation

from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.audit.models import PersonalDataAccess
from esep.org.models import Person
from esep.org.tests.factories import PersonFactory, user_with_role

# A party-control deadline is set from today on (one in the past is refused).
IN_A_MONTH = (dt.date.today() + dt.timedelta(days=30)).isoformat()

pytestmark = pytest.mark.django_db


@pytest.fixture
def appeal(place, tree):
    return register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau-city"])


def test_anonymous_visitors_are_sent_to_log_in(client, appeal):
    for url in (reverse("appeals:inbox"), reverse("appeals:detail", args=[appeal.pk])):
        assert client.get(url).status_code == 302


def test_inbox_shows_the_branch_subtree_only(client, appeal, place, tree):
    other = register(
        {**place, "branch": tree.kostanay},
        dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC),
        PersonFactory.create(),
    )
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    rows = client.get(reverse("appeals:inbox")).context["rows"]
    assert [a for a, _ in rows] == [appeal]
    assert client.get(reverse("appeals:detail", args=[other.pk])).status_code == 404


def test_inbox_queries_are_bounded(client, place, tree, django_assert_max_num_queries):
    for _ in range(25):
        register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), PersonFactory.create())
    client.force_login(user_with_role("branch_head", tree.atyrau))
    # Constant: the scope (whether it holds every tree, else its branches) is read once.
    with django_assert_max_num_queries(12):
        response = client.get(reverse("appeals:inbox"), {"deadline": "overdue"})
    assert len(response.context["rows"]) == 25


def test_state_body_contact_cannot_open_the_inbox(client, appeal, tree):
    client.force_login(user_with_role("state_body_contact", tree.atyrau))
    assert client.get(reverse("appeals:inbox")).status_code == 403
    assert client.get(reverse("appeals:detail", args=[appeal.pk])).status_code == 404


def test_officer_registers_an_appeal_for_a_new_citizen(client, place, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    response = client.post(
        reverse("appeals:register"),
        {
            "surname": "Сейітова",
            "given_name": "Айжан",
            "phone": "8 701 555 11 22",
            "consent": "on",
            "kind": "complaint",
            "channel": "reception_office",
            "category": place["category"].code,
            "branch": "atyrau-city",
            "territory": "230000000",
            "text": "Су жоқ",
            "language": "kk",
        },
    )
    appeal = Appeal.objects.get()
    assert response["Location"] == reverse("appeals:detail", args=[appeal.pk])
    assert appeal.submitter is not None
    assert appeal.submitter.phone == "+77015551122"
    assert appeal.events.get().action == "registered"


def test_registration_without_consent_keeps_nothing(client, place, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    before = Person.objects.count()
    response = client.post(
        reverse("appeals:register"),
        {
            "surname": "Ким",
            "kind": "complaint",
            "channel": "letter",
            "category": place["category"].code,
            "branch": "atyrau",
            "territory": "230000000",
            "text": "x",
            "language": "ru",
        },
    )
    assert response.status_code == 400
    assert Appeal.objects.count() == 0 and Person.objects.count() == before


def test_analyst_cannot_register(client, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert client.get(reverse("appeals:register")).status_code == 403


def test_officer_moves_the_appeal_and_a_stale_form_is_refused(client, appeal, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    url = reverse("appeals:step", args=[appeal.pk, "assign"])
    ok = client.post(url, {"assign-assignee": officer.pk, "assign-version": appeal.version})
    assert ok.status_code == 302
    stale = client.post(url, {"assign-assignee": officer.pk, "assign-version": appeal.version})
    assert stale.status_code == 409
    assert "басқа біреу өзгертті" in stale.content.decode()  # in Kazakh, the default
    assert Appeal.objects.get(pk=appeal.pk).events.count() == 2


def test_analyst_sees_the_appeal_but_cannot_change_it(client, appeal, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    page = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert page.status_code == 200 and page.context["transition_forms"] == []
    assert not page.context["submitter_data"].revealed
    url = reverse("appeals:step", args=[appeal.pk, "assign"])
    assert client.post(url, {"assign-version": appeal.version}).status_code == 403
    assert not PersonalDataAccess.objects.exists()


def test_receipt_is_in_kazakh_and_russian(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    content = client.get(reverse("appeals:receipt", args=[appeal.pk])).content.decode()
    assert content.count(f"<code>{appeal.tracking_code}</code>") == 2
    assert 'lang="kk"' in content and 'lang="ru"' in content


def _in_progress(appeal, officer):
    from esep.appeals import actions

    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    return appeal


def test_officer_forwards_to_a_state_body_from_the_page(client, appeal, tree):
    from esep.appeals.tests.factories import StateBodyFactory

    officer = user_with_role("reception_officer", tree.atyrau)
    _in_progress(appeal, officer)
    body = StateBodyFactory.create()
    client.force_login(officer)
    response = client.post(
        reverse("appeals:step", args=[appeal.pk, "forward"]),
        {
            "state_body": body.pk,
            "outgoing_reference": "05-17/221",
            "sent_on": "2021-03-26",
            "version": appeal.version,
        },
    )
    assert response.status_code == 302
    assert appeal.forwardings.get().outgoing_reference == "05-17/221"


def test_only_the_branch_head_sees_extension_and_control(client, appeal, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    _in_progress(appeal, officer)
    client.force_login(officer)
    names = [
        n
        for n, _label, _f in client.get(reverse("appeals:detail", args=[appeal.pk])).context[
            "step_forms"
        ]
    ]
    assert names == ["forward"]
    response = client.post(
        reverse("appeals:step", args=[appeal.pk, "extend"]),
        {"new_due_on": "2021-05-01", "reason": "x", "version": appeal.version},
    )
    assert response.status_code == 403
    head = user_with_role("branch_head", tree.atyrau)
    client.force_login(head)
    response = client.post(
        reverse("appeals:step", args=[appeal.pk, "control"]),
        {"deadline": IN_A_MONTH, "reason": "Өткір"},
    )
    assert response.status_code == 302
    assert Appeal.objects.under_control().get() == appeal


def test_an_extension_past_two_months_is_refused_on_the_page(client, appeal, tree):
    head = user_with_role("branch_head", tree.atyrau)
    _in_progress(appeal, head)
    client.force_login(head)
    response = client.post(
        reverse("appeals:step", args=[appeal.pk, "extend"]),
        {"new_due_on": "2021-06-30", "reason": "Сараптама", "version": appeal.version},
    )
    assert response.status_code == 400
    assert "19.05.2021" in response.content.decode()
    assert not appeal.extensions.exists()


def test_inbox_filters_by_territory_with_its_sub_territories(client, appeal, place, tree):
    from esep.org.models import Territory

    city = Territory.objects.get(kato="231010000")
    in_city = register(
        {**place, "territory": city},
        dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC),
        PersonFactory.create(),
    )
    client.force_login(user_with_role("branch_head", tree.atyrau))
    region = [
        a
        for a, _ in client.get(reverse("appeals:inbox"), {"territory": "230000000"}).context["rows"]
    ]
    assert set(region) == {appeal, in_city}
    only_city = [
        a
        for a, _ in client.get(reverse("appeals:inbox"), {"territory": "231010000"}).context["rows"]
    ]
    assert only_city == [in_city]


def test_branch_head_assigns_several_appeals_at_once(client, appeal, place, tree):
    from esep.appeals import actions

    head = user_with_role("branch_head", tree.atyrau)
    officer = user_with_role("reception_officer", tree.atyrau_city)
    second = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), PersonFactory.create())
    busy = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), PersonFactory.create())
    actions.assign_appeal(actor=head, appeal=busy, assignee=head)
    actions.start_work(actor=head, appeal=busy)
    elsewhere = register(
        {**place, "branch": tree.kostanay},
        dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC),
        PersonFactory.create(),
    )
    client.force_login(head)
    response = client.post(
        reverse("appeals:bulk-assign"),
        {"assignee": officer.pk, "appeals": [appeal.pk, second.pk, busy.pk, elsewhere.pk]},
        follow=True,
    )
    assert {a.assignee for a in Appeal.objects.filter(pk__in=[appeal.pk, second.pk])} == {officer}
    assert Appeal.objects.get(pk=busy.pk).assignee == head
    assert Appeal.objects.get(pk=elsewhere.pk).assignee is None
    assert busy.number in response.content.decode()


def test_admin_configures_categories_state_bodies_and_calendar(admin_client, appeal):
    for url in (
        "/en/admin/appeals/category/",
        "/en/admin/appeals/statebody/",
        "/en/admin/appeals/calendarday/add/",
        f"/en/admin/appeals/appeal/{appeal.pk}/change/",
    ):
        assert admin_client.get(url).status_code == 200, url
    assert admin_client.get("/en/admin/appeals/appeal/add/").status_code == 403


def test_head_follows_control_forwarding_and_rating_through_the_page(client, appeal, tree):
    from esep.appeals import actions
    from esep.appeals.tests.factories import StateBodyFactory

    head = user_with_role("branch_head", tree.atyrau)
    _in_progress(appeal, head)
    fwd = actions.forward_to_state_body(
        actor=head,
        appeal=appeal,
        state_body=StateBodyFactory.create(),
        outgoing_reference="1",
        sent_on=dt.date(2021, 3, 25),
    )
    client.force_login(head)

    def step(name, data):
        response = client.post(reverse("appeals:step", args=[appeal.pk, name]), data)
        assert response.status_code == 302, response.content.decode()[:2000]

    step("body-answer", {"forwarding": fwd.pk, "answer": "Жөнделеді", "answered_on": "2021-04-01"})
    step("control", {"deadline": IN_A_MONTH, "reason": "Өткір"})
    step("escalate", {"reason": "Облыстық деңгей"})
    step("release", {"result": "Шешілді"})
    appeal.refresh_from_db()
    actions.record_answer(
        actor=head, appeal=appeal, outcome="resolved_positively", answer="Жөнделді"
    )
    step("rate", {"rating": "5"})
    appeal.refresh_from_db()
    assert appeal.rating == 5 and appeal.forwardings.get().answered_on == dt.date(2021, 4, 1)
    assert appeal.controls.get().released_at is not None
    assert appeal.controls.get().branch == tree.central


def test_the_timeline_speaks_the_users_language(client, appeal, tree):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    content = client.get(f"/ru/appeals/{appeal.pk}/").content.decode()
    assert "Зарегистрировано" in content
    assert "<strong>registered</strong>" not in content


def test_a_step_that_succeeds_shows_and_logs_no_personal_data(client, appeal, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    client.force_login(officer)
    url = reverse("appeals:step", args=[appeal.pk, "assign"])
    response = client.post(url, {"assign-assignee": officer.pk, "assign-version": appeal.version})
    assert response.status_code == 302
    assert not PersonalDataAccess.objects.exists()
    client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert PersonalDataAccess.objects.filter(person=appeal.submitter).count() == 1


def test_a_step_the_appeal_does_not_allow_now_gets_the_one_refusal(client, appeal, tree):
    # Answering a registered appeal: the officer's role gives the step, its state does not.
    # The page answers as for any step not offered (403 and why), and changes nothing.
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    with translation.override("en"):
        url = reverse("appeals:step", args=[appeal.pk, "answer"])
    data = {"answer-outcome": "explained", "answer-answer": "x", "answer-version": appeal.version}
    response = client.post(url, data)
    assert response.status_code == 403
    assert "not open to you on this record now" in response.content.decode()
    assert Appeal.objects.get(pk=appeal.pk).status == "registered"
