"""A citizen submits an appeal online, follows it by its code, rates and disputes it."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import CategoryFactory
from esep.org.models import Territory
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def form(tree):
    CategoryFactory.create(code="roads", name_kk="Жолдар")
    return {
        "kind": "complaint",
        "category": "roads",
        "territory": "231010000",  # Atyrau town: the atyrau-city branch serves it
        "text": "Аулада жарық жоқ, кешке қауіпті.",
        "surname": "Сейітова",
        "given_name": "Айжан",
        "phone": "+7 701 555 11 22",
        "consent": "on",
    }


def submit(client, data, **extra):
    return client.post(reverse("portal:submit"), data, **extra)


def test_a_citizen_submits_and_gets_a_receipt(client, form, tree):
    response = submit(client, form)
    appeal = Appeal.objects.get()
    assert response.url == reverse("portal:receipt", args=[appeal.tracking_code])
    assert (appeal.channel, appeal.branch, appeal.language) == (
        "online_portal",
        tree.atyrau_city,
        "kk",
    )
    assert appeal.submitter is not None
    assert appeal.submitter.surname == "Сейітова"
    page = client.get(response.url).content.decode()
    assert appeal.tracking_code in page and appeal.number in page
    # Someone else opening the receipt's address gets the tracking page instead.
    client.cookies.clear()
    assert client.get(response.url).status_code == 302


def test_errors_are_tied_to_fields_in_the_users_language(client, form):
    response = client.post(
        "/ru" + reverse("portal:submit")[3:], {**form, "consent": "", "surname": ""}
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert set(errors) == {"consent", "surname"}
    assert "согласия" in errors["consent"][0]
    assert not Appeal.objects.exists()


def test_anonymous_appeals_need_no_contacts_and_are_marked(client, form):
    data = {**form, "anonymous": "on", "surname": "", "given_name": "", "phone": "", "consent": ""}
    submit(client, data)
    appeal = Appeal.objects.get()
    assert appeal.is_anonymous and not appeal.is_considered


def test_robots_and_floods_are_turned_away(client, form):
    assert submit(client, {**form, "website": "http://spam"}).status_code == 400
    assert not Appeal.objects.exists()
    for _ in range(4):  # the robot's try counts too: five posts an hour from one address
        submit(client, form)
    assert Appeal.objects.count() == 4
    assert submit(client, form).status_code == 429
    assert Appeal.objects.count() == 4
    # Another address is not held back.
    assert submit(client, form, REMOTE_ADDR="10.0.0.9").status_code == 302


def test_attachments_are_checked(client, form):
    bad = SimpleUploadedFile("a.pdf", b"MZ not a pdf")
    assert submit(client, {**form, "attachment": bad}).status_code == 400
    assert not Appeal.objects.exists()
    good = SimpleUploadedFile("a.pdf", b"%PDF-1.4 scan")
    submit(client, {**form, "attachment": good})
    assert Appeal.objects.get().attachments.get().uploaded_by is None


def test_tracking_shows_progress_and_the_answer_but_no_people(client, form, tree):
    submit(client, form)
    appeal = Appeal.objects.get()
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer, note="Ішкі ескертпе")
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_positively", answer="Шам орнатылды."
    )
    client.cookies.clear()
    found = client.get(reverse("portal:track"), {"code": appeal.tracking_code.lower()})
    assert found.url == reverse("portal:track-detail", args=[appeal.tracking_code])
    page = client.get(found.url)
    text = page.content.decode()
    assert "Шам орнатылды." in text
    assert [str(label) for _at, label in page.context["steps"]][:2] == [
        "Өтініш тіркелді",
        "Қызметкер тағайындалды",
    ]
    for private in ("atyrau.officer", "Ішкі ескертпе", "Сейітова", "+7 701", "701 555"):
        assert private not in text
    missing = client.get(reverse("portal:track"), {"code": "XXXXXXXXXX"})
    assert missing.status_code == 404 and "code" in missing.context["form"].errors


def test_the_citizen_rates_and_disputes(client, form, tree):
    submit(client, form)
    appeal = Appeal.objects.get()
    rate_url = reverse("portal:rate", args=[appeal.tracking_code])
    assert client.post(rate_url, {"rating": "4"}).status_code == 400  # not answered yet
    officer = user_with_role("reception_officer", tree.atyrau, "atyrau.officer")
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(actor=officer, appeal=appeal, outcome="explained", answer="Түсіндірілді.")
    assert client.post(rate_url, {"rating": "2"}).status_code == 302
    appeal.refresh_from_db()
    assert appeal.rating == 2
    dispute_url = reverse("portal:dispute", args=[appeal.tracking_code])
    assert client.post(dispute_url, {"reason": ""}).status_code == 400
    client.post(dispute_url, {"reason": "Жарық әлі жоқ."})
    appeal.refresh_from_db()
    assert (appeal.status, appeal.disputed) == ("in_progress", True)


def test_tracking_lookups_are_limited(client, form):
    for _ in range(30):
        client.get(reverse("portal:track"), {"code": "NOPE"})
    assert client.get(reverse("portal:track"), {"code": "NOPE"}).status_code == 429


def test_the_place_decides_the_branch(tree):
    from esep.org.models import branch_for

    assert branch_for(Territory.objects.get(kato="231010000")) == tree.atyrau_city
    assert branch_for(Territory.objects.get(kato="230000000")) == tree.atyrau
    assert branch_for(Territory.objects.get(kato="000000000")) == tree.central
