"""Citizens' proposals to the programme: sent online and followed by code in kk, ru and en;
registered by staff at a held reception or from a meeting or letter; decided (included
into a promise or section, merged with another, not included with a reason) only by the
programme office of the proposal's branch; no personal data on any public page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from esep.audit.models import Event, PersonalDataAccess
from esep.org.models import Territory
from esep.org.tests.factories import user_with_role
from esep.programme.models import Programme, Proposal, Section
from esep.programme.proposals import actions
from esep.receptions.models import Reception
from esep.receptions.tests.factories import plan

pytestmark = pytest.mark.django_db

KOSTANAY = "390000000"  # the kostanay branch serves it
NAME, GIVEN, PHONE, EMAIL = "Жұмабекова", "Әсел", "+7 701 555 11 22", "asel.zh@mail.kz"


def lang(language: str, url: str) -> str:
    """The address in another language: reverse() gives the Kazakh one (/kk/…)."""
    return f"/{language}{url[3:]}"


@pytest.fixture
def form(world):
    return {
        "programme": "2021",
        "category": world.topic.code,
        "territory": KOSTANAY,
        "text": "Ауылдағы мектепке жаңа спорт залы керек.",
        "surname": NAME,
        "given_name": GIVEN,
        "phone": PHONE,
        "email": EMAIL,
        "consent": "on",
    }


def send(client, data, language="kk", **extra):
    return client.post(lang(language, reverse("portal:proposal-submit")), data, **extra)


def sent(world, **given) -> Proposal:
    data = {
        "programme": world.programme,
        "text": "Жолды жөндеу керек.",
        "language": "kk",
        "territory": Territory.objects.get(kato=KOSTANAY),
    }
    return actions.submit_proposal(**(data | given))


def private_bits(text: str) -> list[str]:
    """What of the author's personal data shows in a page's text."""
    digits = "".join(ch for ch in text if ch.isdigit())
    shown = [bit for bit in (NAME, GIVEN, EMAIL, "asel.zh", "+7 701", "555 11 22") if bit in text]
    return shown + (["phone digits"] if "7015551122" in digits else [])


# ---------------------------------------------------------------- online, and followed by code


def test_a_citizen_sends_a_proposal_gets_a_receipt_and_follows_the_decision(client, form, world):
    response = send(client, form)
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("portal:proposal-receipt", args=[proposal.tracking_code])
    year = timezone.localdate().year
    assert proposal.number == f"PR-{year}-000001"
    assert (proposal.channel, proposal.branch.code, proposal.language) == (
        "online",
        "kostanay",
        "kk",
    )
    assert (proposal.decision, proposal.category) == ("pending", world.topic)
    receipt = client.get(response.url).content.decode()
    assert proposal.number in receipt and proposal.tracking_code in receipt
    # Someone else opening the receipt's address is sent to the tracking page.
    client.cookies.clear()
    assert client.get(response.url).status_code == 302

    found = client.get(reverse("portal:proposal-track"), {"code": proposal.tracking_code.lower()})
    detail = reverse("portal:proposal-track-detail", args=[proposal.tracking_code])
    assert found.url == detail
    assert client.get(detail).context["proposal"].decision == "pending"

    actions.include_proposal(
        actor=world.head, proposal=proposal, promise=world.promise, reason="Бағдарламаға енді."
    )
    for language, promise_text in (
        ("kk", world.promise.text_kk),
        ("ru", world.promise.text_ru),
        ("en", world.promise.text_en),
    ):
        page = client.get(lang(language, detail))
        text = page.content.decode()
        assert page.status_code == 200
        assert f'lang="{language}"' in text
        assert page.context["proposal"].decision == "included"
        assert promise_text in text and world.promise.code in text
        assert "Бағдарламаға енді." in text


def test_an_unknown_code_is_not_found(client, world):
    missing = client.get(reverse("portal:proposal-track"), {"code": "XXXXXXXXXX"})
    assert missing.status_code == 404 and "code" in missing.context["form"].errors
    assert client.get(reverse("portal:proposal-track-detail", args=["NOPE"])).status_code == 404


def test_the_receipt_and_the_tracking_page_hold_no_personal_data(client, form, world):
    text = f"Менің телефоным {PHONE}, поштам {EMAIL}: ауылға жол салу керек."
    response = send(client, {**form, "text": text})
    proposal = Proposal.objects.get()
    assert proposal.contact_phone and proposal.contact_email and proposal.submitter is not None
    receipt = client.get(response.url).content.decode()
    assert private_bits(receipt) == []
    # The staff's note names the author and their phone: the public page strikes them out.
    actions.refuse_proposal(
        actor=world.head,
        proposal=proposal,
        reason=f"{NAME} {GIVEN} ({PHONE}) ұсынысы бағдарламаның тақырыбына жатпайды.",
    )
    for language in ("kk", "ru", "en"):
        page = client.get(
            lang(language, reverse("portal:proposal-track-detail", args=[proposal.tracking_code]))
        )
        body = page.content.decode()
        assert page.context["proposal"].decision == "not_included"
        assert "бағдарламаның тақырыбына жатпайды" in body
        assert private_bits(body) == []


def test_a_proposal_needs_no_name_but_a_name_needs_consent(client, form, world):
    anonymous = {**form, "surname": "", "given_name": "", "phone": "", "email": "", "consent": ""}
    assert send(client, anonymous).status_code == 302
    proposal = Proposal.objects.get()
    assert (proposal.author_name, proposal.submitter, proposal.contact_phone) == ("", None, "")
    refused = send(client, {**anonymous, "surname": NAME})
    assert refused.status_code == 400 and "consent" in refused.context["form"].errors
    assert Proposal.objects.count() == 1


def test_bad_input_gets_errors_in_the_users_language_and_nothing_is_written(client, form, world):
    for language, required in (
        ("ru", "Обязательное поле."),
        ("kk", "Бұл өрісті толтыру міндетті."),
    ):
        response = send(client, {**form, "text": "", "consent": ""}, language=language)
        assert response.status_code == 400
        errors = response.context["form"].errors
        assert errors["text"] == [required]
        assert "consent" in errors
    bad_phone = send(client, {**form, "phone": "12"}, language="ru")
    assert bad_phone.status_code == 400 and "phone" in bad_phone.context["form"].errors
    assert "казахстанский номер" in bad_phone.context["form"].errors["phone"][0]
    assert not Proposal.objects.exists()
    assert not Event.objects.filter(action__startswith="proposal.").exists()


def test_robots_and_floods_are_turned_away(client, form, world):
    assert send(client, {**form, "website": "http://spam"}).status_code == 400
    assert not Proposal.objects.exists()
    for _ in range(4):
        send(client, form)
    assert Proposal.objects.count() == 4
    assert send(client, form).status_code == 429
    assert Proposal.objects.count() == 4


def test_numbers_run_per_year(world):
    first = sent(world)
    second = sent(world)
    year = timezone.localdate().year
    assert (first.number, second.number) == (f"PR-{year}-000001", f"PR-{year}-000002")
    letter = actions.register_proposal(
        actor=world.head,
        programme=world.programme,
        channel="letter",
        text="Хат",
        language="ru",
        territory=world.road_map.territory,
        branch=world.road_map.branch,
        received_on=dt.date(2021, 5, 4),
    )
    assert letter.number == "PR-2021-000001"
    assert Event.objects.filter(action="proposal.registered", object_id=str(letter.pk)).exists()


def test_a_proposal_sent_earlier_keeps_the_day_it_came_and_never_a_day_to_come(world):
    earlier = sent(world, received_on=dt.date(2020, 10, 12))
    assert (earlier.received_on, earlier.number) == (dt.date(2020, 10, 12), "PR-2020-000001")
    with pytest.raises(ValidationError) as refused:
        sent(world, received_on=timezone.localdate() + dt.timedelta(days=2))
    assert refused.value.error_dict["received_on"][0].code == "future"
    assert Proposal.objects.count() == 1


# ---------------------------------------------------------------- registered by staff


@pytest.fixture
def held(tree):
    reception = plan(tree.kostanay, [tree.members["kostanay"]], day=timezone.localdate())
    Reception.objects.filter(pk=reception.pk).update(status="held", people_received=5)
    reception.refresh_from_db()
    return reception


def test_staff_register_a_proposal_taken_at_a_held_reception(client, world, held, tree):
    officer = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    client.force_login(officer)
    url = reverse("programme:proposal-new")
    page = client.get(url, {"reception": held.pk})
    assert page.status_code == 200
    assert page.context["form"].initial["reception"] == held.pk
    response = client.post(
        url,
        {
            "programme": "2021",
            "channel": "reception",
            "reception": held.pk,
            "territory": tree.rudny.territory.kato,
            "text": "Рудныйда велосипед жолдары керек.",
            "language": "kk",
            "surname": NAME,
            "given_name": GIVEN,
            "phone": PHONE,
            "consent": "on",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == proposal.get_absolute_url()
    assert (proposal.channel, proposal.reception, proposal.branch) == (
        "reception",
        held,
        tree.kostanay,
    )
    assert proposal.received_on == held.day and proposal.created_by == officer
    # A reception not held takes no proposals.
    planned = plan(tree.kostanay, [tree.members["kostanay"]], day=timezone.localdate())
    with pytest.raises(ValidationError) as refused:
        actions.register_proposal(
            actor=officer,
            programme=world.programme,
            channel="reception",
            reception=planned,
            text="Тағы бір ұсыныс",
            language="kk",
            territory=tree.kostanay.territory,
        )
    assert "reception" in refused.value.message_dict


def test_staff_registration_refuses_bad_input_in_the_users_language(client, world, tree):
    client.force_login(world.head)
    response = client.post(
        lang("ru", reverse("programme:proposal-new")),
        {"programme": "2021", "channel": "meeting", "territory": KOSTANAY, "text": ""},
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["text"] == ["Обязательное поле."]
    assert {"branch", "received_on", "language"} <= set(errors)
    future = timezone.localdate() + dt.timedelta(days=3)
    with pytest.raises(ValidationError) as refused:
        actions.register_proposal(
            actor=world.head,
            programme=world.programme,
            channel="meeting",
            branch=tree.kostanay,
            received_on=future,
            text="Ертеңгі кездесу",
            language="kk",
            territory=tree.kostanay.territory,
        )
    assert "received_on" in refused.value.message_dict
    assert not Proposal.objects.exists()


# ---------------------------------------------------------------- the decision's rules


def test_included_needs_a_promise_or_section_of_its_own_programme(world, tree):
    proposal = sent(world)
    with pytest.raises(ValidationError):
        actions.include_proposal(actor=world.head, proposal=proposal)
    with pytest.raises(ValidationError):
        actions.include_proposal(
            actor=world.head, proposal=proposal, promise=world.promise, section=world.section
        )
    other = Programme.objects.create(
        code="2016",
        branch=tree.central,
        election="Mazhilis 2016",
        adopted_on=dt.date(2016, 1, 1),
        title_kk="Ескі",
        title_ru="Старая",
    )
    elsewhere = Section.objects.create(programme=other, number=1, title_kk="Б", title_ru="Р")
    with pytest.raises(ValidationError):
        actions.include_proposal(actor=world.head, proposal=proposal, section=elsewhere)
    proposal.refresh_from_db()
    assert proposal.decision == "pending"

    actions.include_proposal(actor=world.head, proposal=proposal, section=world.section)
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.section, proposal.promise) == (
        "included",
        world.section,
        None,
    )
    assert proposal.decided_by == world.head and proposal.decided_on is not None
    event = Event.objects.get(action="proposal.included", object_id=str(proposal.pk))
    assert event.changes["before"]["decision"] == "pending"


def test_not_included_needs_a_reason(world):
    proposal = sent(world)
    with pytest.raises(ValidationError) as refused:
        actions.refuse_proposal(actor=world.head, proposal=proposal, reason="  ")
    assert "reason" in refused.value.message_dict
    actions.refuse_proposal(actor=world.head, proposal=proposal, reason="Бюджетте жоқ.")
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.decision_reason) == ("not_included", "Бюджетте жоқ.")


def test_merged_needs_another_proposal_of_the_same_programme_and_follows_its_decision(
    client, world, tree
):
    first, second, third = sent(world), sent(world), sent(world)
    with pytest.raises(ValidationError) as itself:
        actions.merge_proposal(actor=world.head, proposal=first, into=first)
    assert "into" in itself.value.message_dict
    other = Programme.objects.create(
        code="2016",
        branch=tree.central,
        election="Mazhilis 2016",
        adopted_on=dt.date(2016, 1, 1),
        title_kk="Ескі",
        title_ru="Старая",
    )
    foreign = sent(world, programme=other)
    with pytest.raises(ValidationError):
        actions.merge_proposal(actor=world.head, proposal=first, into=foreign)

    actions.merge_proposal(actor=world.head, proposal=first, into=second)
    # Merged with one that is itself merged: it joins the end of the chain...
    actions.merge_proposal(actor=world.head, proposal=third, into=first)
    third.refresh_from_db()
    assert third.merged_into == second
    # ...and no chain turns back on itself.
    with pytest.raises(ValidationError):
        actions.merge_proposal(actor=world.head, proposal=second, into=first)

    actions.include_proposal(actor=world.head, proposal=second, promise=world.other_promise)
    first.refresh_from_db()
    assert first.decision == "merged" and actions.final(first) == second
    page = client.get(
        lang("ru", reverse("portal:proposal-track-detail", args=[first.tracking_code]))
    )
    body = page.content.decode()
    assert page.context["followed"].decision == "included"
    assert second.number in body and world.other_promise.text_ru in body
    client.force_login(world.head)
    staff = client.get(first.get_absolute_url())
    assert staff.context["followed"] == second and second.number in staff.content.decode()
    merged = client.get(second.get_absolute_url()).context["merged"]
    assert merged == [first, third]


# ---------------------------------------------------------------- who sees and who decides


def test_an_outsider_gets_404(client, world):
    proposal = sent(world)
    client.force_login(world.atyrau_head)
    assert client.get(proposal.get_absolute_url()).status_code == 404
    step = reverse("programme:proposal-step", args=[proposal.pk, "refuse"])
    assert client.post(step, {"reason": "Жоқ"}).status_code == 404
    listing = client.get(reverse("programme:proposals"))
    assert listing.status_code == 200 and proposal.number not in listing.content.decode()
    with pytest.raises(PermissionDenied):
        actions.refuse_proposal(actor=world.atyrau_head, proposal=proposal, reason="Жоқ")
    proposal.refresh_from_db()
    assert proposal.decision == "pending"
    client.logout()
    assert client.get(proposal.get_absolute_url()).status_code == 302  # to the login


def test_an_officer_without_manage_programme_is_not_offered_the_decision(client, world, tree):
    proposal = sent(world)
    officer = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    client.force_login(officer)
    page = client.get(proposal.get_absolute_url())
    assert page.status_code == 200 and page.context["steps"] == []
    step = reverse("programme:proposal-step", args=[proposal.pk, "include"])
    assert client.post(step, {"promise": world.promise.pk}).status_code == 403
    proposal.refresh_from_db()
    assert proposal.decision == "pending"

    client.force_login(world.head)
    page = client.get(proposal.get_absolute_url())
    assert [s.name for s in page.context["steps"]] == ["include", "merge", "refuse"]
    bad = client.post(step, {})
    assert bad.status_code == 400
    done = client.post(step, {"promise": world.promise.pk, "reason": ""})
    assert done.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.decision, proposal.promise) == ("included", world.promise)
    merge = reverse("programme:proposal-step", args=[proposal.pk, "merge"])
    assert client.post(merge, {"into": proposal.number}).status_code == 400


def test_personal_data_is_masked_unless_the_role_shows_it_and_showing_is_logged(
    client, world, tree
):
    proposal = sent(world, surname=NAME, given_name=GIVEN, phone=PHONE, email=EMAIL, consent=True)
    analyst = user_with_role("analyst", tree.kostanay, "kostanay-analyst")
    client.force_login(analyst)
    body = client.get(proposal.get_absolute_url()).content.decode()
    assert "555 11 22" not in body and EMAIL not in body
    assert not PersonalDataAccess.objects.exists()

    client.force_login(world.head)
    page = client.get(proposal.get_absolute_url())
    assert page.context["contacts"].revealed and EMAIL in page.content.decode()
    assert PersonalDataAccess.objects.filter(user=world.head, person=proposal.submitter).exists()


def test_the_register_filters_and_exports(client, world, tree):
    included = sent(world, surname=NAME, given_name=GIVEN, phone=PHONE, consent=True)
    actions.include_proposal(actor=world.head, proposal=included, promise=world.promise)
    pending = sent(world, text="Саябаққа орындықтар қойылсын.")
    client.force_login(world.head)
    url = reverse("programme:proposals")
    shown = client.get(url, {"decision": "included"}).context["rows"]
    assert list(shown) == [included]
    assert list(client.get(url, {"q": "орындықтар"}).context["rows"]) == [pending]
    assert list(client.get(url, {"q": pending.number.lower()}).context["rows"]) == [pending]
    export = client.get(
        reverse("programme:proposal-export", args=["csv"]), {"decision": "included"}
    )
    text = export.content.decode("utf-8-sig")
    assert export.status_code == 200
    assert included.number in text and pending.number not in text and NAME in text
    assert PersonalDataAccess.objects.filter(user=world.head, person=included.submitter).exists()

    analyst = user_with_role("analyst", tree.kostanay, "kostanay-analyst")
    client.force_login(analyst)
    export = client.get(reverse("programme:proposal-export", args=["csv"]))
    text = export.content.decode("utf-8-sig")
    assert included.number in text and NAME not in text and "555" not in text


def test_the_register_reads_a_bounded_number_of_queries(
    client, world, django_assert_max_num_queries
):
    for n in range(3):
        proposal = sent(world, text=f"Ұсыныс {n}")
        actions.include_proposal(actor=world.head, proposal=proposal, promise=world.promise)
    client.force_login(world.head)
    url = reverse("programme:proposals")
    client.get(url)  # the session and the user's grants read once
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for n in range(3, 20):
        proposal = sent(world, text=f"Ұсыныс {n}")
        actions.merge_proposal(actor=world.head, proposal=proposal, into=proposal_of(world))
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert len(client.get(url).context["rows"]) == 20


def proposal_of(world) -> Proposal:
    return Proposal.objects.filter(decision="included").earliest("pk")


@pytest.mark.django_db(transaction=True)
def test_proposals_sent_at_once_never_share_a_number(world):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass runs this")
    import threading

    barrier = threading.Barrier(4)
    numbers: list[str] = []

    def work() -> None:
        barrier.wait()
        try:
            numbers.append(sent(world).number)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    year = timezone.localdate().year
    assert sorted(numbers) == [f"PR-{year}-00000{n}" for n in range(1, 5)]
