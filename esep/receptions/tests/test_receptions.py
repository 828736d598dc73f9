import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory
from esep.audit.models import Event
from esep.org.tests.factories import PersonFactory, user_with_role
from esep.receptions import actions
from esep.receptions.models import Reception
from esep.receptions.tests.factories import plan

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 23, 4, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def deputy(tree):
    """The Atyrau bureau's chair: holds a public post, so the schedule names him."""
    return tree.members["atyrau"]


def register_at(reception, officer, surname="Сейітова", text="Жол жөндеу керек"):
    from esep.appeals.actions import register_appeal

    return register_appeal(
        actor=officer,
        channel="hotline",  # overridden by the reception's own channel
        kind="complaint",
        category=CategoryFactory.create(),
        territory=reception.territory,
        branch=reception.branch,
        submitter=PersonFactory.create(surname=surname),
        text=text,
        language="kk",
        received_at=reception.starts_at,
        reception=reception,
    )


def test_times_are_the_local_clock_of_the_territory(tree, deputy):
    tree.atyrau.territory.time_zone = "Asia/Atyrau"
    tree.atyrau.territory.save()
    reception = plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 25))
    assert reception.starts_at == dt.datetime(2026, 11, 25, 5, 0, tzinfo=dt.UTC)
    assert reception.ends_at == dt.datetime(2026, 11, 25, 8, 0, tzinfo=dt.UTC)


def test_place_must_fit_the_kind(tree, deputy):
    with pytest.raises(ValidationError) as error:
        plan(tree.atyrau, [deputy], day=TODAY, kind="mobile", place_type="office")
    assert "place_type" in error.value.error_dict
    with pytest.raises(ValidationError):
        plan(tree.atyrau, [], day=TODAY)
    assert not Reception.objects.exists()


def test_appeals_registered_at_a_reception_take_its_channel(tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    mobile = plan(tree.atyrau, [deputy], day=TODAY)
    office = plan(tree.atyrau, [deputy], day=TODAY, kind="office", address="Сәтпаев к-сі, 1")
    assert register_at(mobile, officer).channel == "mobile_reception"
    assert register_at(office, officer).channel == "reception_office"
    assert list(mobile.appeals.all()) == list(Appeal.objects.filter(reception=mobile))


def test_held_counts_at_least_everyone_who_left_an_appeal(tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    reception = plan(tree.atyrau, [deputy], day=TODAY)
    register_at(reception, officer)
    register_at(reception, officer, surname="Омаров")
    with pytest.raises(ValidationError) as error:
        actions.record_held(actor=officer, reception=reception, people_received=1)
    assert "people_received" in error.value.error_dict
    reception.refresh_from_db()
    assert reception.status == "planned" and reception.people_received is None
    actions.record_held(actor=officer, reception=reception, people_received=14)
    reception.refresh_from_db()
    assert (reception.status, reception.people_received) == ("held", 14)
    assert Event.objects.filter(action="reception.held", object_id=str(reception.pk)).exists()


def test_cancelling_needs_a_reason_and_no_appeals(tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    reception = plan(tree.atyrau, [deputy], day=TODAY)
    with pytest.raises(ValidationError):
        actions.cancel_reception(actor=officer, reception=reception, reason=" ")
    actions.cancel_reception(actor=officer, reception=reception, reason="Боран")
    with pytest.raises(ValidationError):
        register_at(reception, officer)
    with pytest.raises(ValidationError):
        actions.record_held(actor=officer, reception=reception, people_received=3)
    busy = plan(tree.atyrau, [deputy], day=TODAY)
    register_at(busy, officer)
    with pytest.raises(ValidationError):
        actions.cancel_reception(actor=officer, reception=busy, reason="Боран")


def test_officer_plans_a_mobile_reception_through_the_page(client, tree, deputy):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    page = client.get(reverse("receptions:plan"))
    assert deputy in page.context["form"].fields["receivers"].queryset
    response = client.post(
        reverse("receptions:plan"),
        {
            "branch": "atyrau",
            "territory": tree.atyrau.territory.kato,
            "kind": "mobile",
            "place_type": "station",
            "address": "Атырау вокзалы",
            "day": "2026-11-27",
            "starts": "10:00",
            "ends": "09:00",
            "receivers": [deputy.pk],
            "repeat_weeks": "4",
        },
    )
    assert response.status_code == 400
    assert "ends" in response.context["form"].errors  # the action's error, by its field
    assert not Reception.objects.exists()
    response = client.post(
        reverse("receptions:plan"),
        {
            "branch": "atyrau",
            "territory": tree.atyrau.territory.kato,
            "kind": "mobile",
            "place_type": "station",
            "address": "Атырау вокзалы",
            "day": "2026-11-27",
            "starts": "10:00",
            "ends": "12:00",
            "receivers": [deputy.pk],
            "repeat_weeks": "4",
        },
    )
    weeks = list(Reception.objects.order_by("starts_at"))
    assert response.status_code == 302 and response.url == weeks[0].get_absolute_url()
    assert [r.starts_at.date() for r in weeks] == [
        dt.date(2026, 11, 27) + dt.timedelta(weeks=n) for n in range(4)
    ]


def test_registering_at_a_reception_links_and_returns_to_it(client, tree, deputy):
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    reception = plan(tree.atyrau, [deputy], day=TODAY)
    form = client.get(reverse("appeals:register"), {"reception": reception.pk}).context["form"]
    assert form.initial["reception"] == reception.pk
    assert form.initial["channel"] == "mobile_reception"
    response = client.post(
        reverse("appeals:register"),
        {
            "reception": reception.pk,
            "surname": "Сейітова",
            "given_name": "Айжан",
            "consent": "on",
            "kind": "complaint",
            "channel": "hotline",
            "category": CategoryFactory.create().code,
            "branch": "atyrau",
            "territory": tree.atyrau.territory.kato,
            "text": "Аялдама жоқ",
            "language": "kk",
        },
    )
    assert response.status_code == 302 and response.url == reception.get_absolute_url()
    appeal = Appeal.objects.get()
    assert (appeal.reception, appeal.channel) == (reception, "mobile_reception")
    page = client.get(reception.get_absolute_url())
    assert appeal in page.context["appeals"]
    assert page.context["outcomes"] == {"total": 1, "positive": 0}


def test_reception_of_another_region_is_not_found(client, tree, deputy):
    reception = plan(tree.kostanay, [tree.members["kostanay"]], day=TODAY)
    client.force_login(user_with_role("reception_officer", tree.atyrau))
    assert client.get(reception.get_absolute_url()).status_code == 404
    assert client.post(reverse("receptions:step", args=[reception.pk, "held"])).status_code == 404
    response = client.get(reverse("receptions:list"))
    assert reception not in response.context["page"].object_list
    client.force_login(user_with_role("state_body_contact", tree.atyrau))
    assert client.get(reverse("receptions:list")).status_code == 403


def test_an_analyst_sees_but_cannot_record(client, tree, deputy):
    reception = plan(tree.atyrau, [deputy], day=TODAY)
    client.force_login(user_with_role("analyst", tree.atyrau))
    page = client.get(reception.get_absolute_url())
    assert page.status_code == 200 and page.context["steps"] == []
    held = client.post(
        reverse("receptions:step", args=[reception.pk, "held"]), {"people_received": 3}
    )
    assert held.status_code == 403
    reception.refresh_from_db()
    assert reception.status == "planned"


def test_public_schedule_names_deputies_and_hides_staff(client, tree, deputy):
    staff = PersonFactory.create(surname="Қызметкерова")
    upcoming = plan(tree.atyrau, [deputy, staff], day=dt.date(2026, 11, 26))
    cancelled = plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 26), address="Жабық базар")
    actions.cancel_reception(actor=cancelled.created_by, reception=cancelled, reason="Боран")
    page = client.get(reverse("receptions:schedule"))
    assert list(page.context["page"].object_list) == [upcoming]
    text = page.content.decode()
    assert deputy.surname in text and "Қызметкерова" not in text
    assert "Жабық базар" not in text
    assert deputy.iin not in text and deputy.phone not in text
    other = client.get(reverse("receptions:schedule"), {"territory": tree.kostanay.territory.kato})
    assert list(other.context["page"].object_list) == []


def test_public_history_and_printable_week(client, tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    held = plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 20))
    actions.record_held(actor=officer, reception=held, people_received=31)
    past = client.get(reverse("receptions:schedule"), {"when": "past"})
    assert list(past.context["page"].object_list) == [held]
    assert "31" in past.content.decode()
    week = client.get(reverse("receptions:week"), {"week": "2026-11-18"})
    days = dict(week.context["days"])
    assert week.context["monday"] == dt.date(2026, 11, 16)
    assert days[dt.date(2026, 11, 20)] == [held]
    assert sum(len(r) for r in days.values()) == 1
    assert client.get(reverse("receptions:week"), {"week": "nonsense"}).status_code == 200


def test_list_filters_and_exports(client, tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    held = plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 20))
    register_at(held, officer)
    actions.record_held(actor=officer, reception=held, people_received=9)
    plan(tree.atyrau, [deputy], day=TODAY, kind="office", address="Кеңсе")
    client.force_login(officer)
    rows = client.get(reverse("receptions:list"), {"status": "held"}).context["page"].object_list
    assert [(r, r.appeal_count) for r in rows] == [(held, 1)]
    csv = client.get(reverse("receptions:export", args=["csv"]), {"status": "held"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and ",9,1,0" in lines[1]
    with_header = client.get(reverse("receptions:export", args=["xlsx"]), HTTP_ACCEPT_LANGUAGE="ru")
    assert with_header["Content-Type"].startswith("application/vnd.openxmlformats")


def test_schedule_speaks_each_language(client, tree, deputy):
    plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 26))
    for language, title, kind in (
        ("kk", "Қабылдаулар кестесі", "Жылжымалы қабылдау"),
        ("ru", "График приёмов", "Мобильная приёмная"),
        ("en", "Schedule of receptions", "Mobile reception"),
    ):
        text = client.get(f"/{language}/receptions/schedule/").content.decode()
        assert title in text and kind in text, language


def test_filters_change_the_list_in_place(client, tree, deputy):
    plan(tree.atyrau, [deputy], day=TODAY)
    client.force_login(user_with_role("analyst", tree.atyrau))
    response = client.get(reverse("receptions:list"), {"kind": "mobile"}, HTTP_HX_REQUEST="true")
    assert response.templates[0].name == "receptions/_rows.html"
    assert response.context["page"].paginator.count == 1


def test_a_planned_reception_is_moved_and_the_schedule_follows(client, tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    reception = plan(tree.atyrau, [deputy], day=dt.date(2026, 11, 26))
    client.force_login(officer)
    page = client.get(reception.get_absolute_url())
    assert [s.name for s in page.context["steps"]] == ["held", "change", "cancel"]
    url = reverse("receptions:step", args=[reception.pk, "change"])
    data = {
        "place_type": "station",
        "address": "Атырау вокзалы",
        "day": "2026-11-27",
        "starts": "15:00",
        "ends": "14:00",
        "receivers": [deputy.pk],
    }
    assert client.post(url, data).status_code == 400  # ends before it starts
    reception.refresh_from_db()
    assert reception.address == "Орталық базар"
    assert client.post(url, {**data, "ends": "17:00"}).status_code == 302
    reception.refresh_from_db()
    assert (reception.place_type, reception.address) == ("station", "Атырау вокзалы")
    assert reception.local(reception.starts_at).strftime("%d.%m %H:%M") == "27.11 15:00"
    event = Event.objects.get(action="reception.changed")
    assert event.changes["before"]["address"] == "Орталық базар"
    schedule = client.get(reverse("receptions:schedule")).content.decode()
    assert "Атырау вокзалы" in schedule and "Орталық базар" not in schedule
    actions.record_held(actor=officer, reception=reception, people_received=4)
    with pytest.raises(ValidationError):
        actions.change_reception(
            actor=officer,
            reception=reception,
            place_type="market",
            address="x",
            starts_at=reception.starts_at,
            ends_at=reception.ends_at,
            receivers=[deputy],
        )
