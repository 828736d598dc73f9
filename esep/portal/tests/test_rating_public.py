"""The deputies' public rating: a published month shows each deputy's band among their peers
with the components that made it and the method version; only what a branch published is
ever shown (never a month or a revision still unpublished); a month republished after a
correction says it was revised and keeps the earlier revision a link away; the methodology
lists every version; the directory and the profiles carry a deputy's public fields alone —
no IIN, birth date, age, sex, phone, e-mail or address on any page or file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from esep.appeals.tests.factories import StateBodyFactory
from esep.deputies import actions, rating
from esep.deputies.models import Inquiry, MandatePost, Position, Snapshot
from esep.deputies.tests.factories import build_deputies, mandate_for
from esep.lib.iin import make_iin

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")
MARCH = dt.date(2021, 3, 1)
APRIL = dt.date(2021, 4, 1)
BORN = dt.date(1990, 5, 1)
SURNAMES = ["Сейітова", "Бекенов", "Жанахметов", "Ысқақов", "Нұрланова", "Тоқтаров"]
PRIVATE = {
    "iin": make_iin(BORN, "female", serial=777),
    "birth_date": BORN,
    "sex": "female",
    "phone": "+77015550199",
    "email": "aigerim.private@example.kz",
    "address": "Тайный переулок, 7",
}


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def at(day: dt.date):
    return time_machine.travel(dt.datetime.combine(day, dt.time(6), dt.UTC), tick=False)


def inquiries(council, mandate, count, month=MARCH):
    for day in range(count):
        Inquiry.objects.create(
            mandate=mandate,
            state_body=StateBodyFactory.create(),
            subject="Жол жөндеу",
            sent_on=month + dt.timedelta(days=day + 2),
            recorded_by=council.office,
        )


def publish(council, month, on):
    with at(on):
        return actions.publish_rating(
            actor=council.office, branch=council.tree.kostanay, month=month
        )


@pytest.fixture
def council(tree):
    """Kostanay's six deputies by name — the first with every kind of personal data a person
    record holds —, a committee for the fourth, inquiries that spread March's scores; March
    computed, not yet published."""
    council = build_deputies(tree)
    for mandate, surname in zip(council.mandates, SURNAMES, strict=True):
        person = mandate.person
        person.surname, person.given_name = (
            surname,
            "Айгерім" if mandate == council.mandate else "Ерлан",
        )
        if mandate == council.mandate:
            person.patronymic = "Бекқызы"
            for field, value in PRIVATE.items():
                setattr(person, field, value)
        person.save()
    council.atyrau_mandate.person.surname = "Атыраулықов"
    council.atyrau_mandate.person.save()
    council.rival.person.surname = "Қарсыласов"
    council.rival.person.save()
    MandatePost.objects.create(
        mandate=council.mandates[3],
        position=Position.MEMBER,
        committee_kk="Бюджет жөніндегі тұрақты комиссия",
        committee_ru="Постоянная комиссия по бюджету",
        committee_en="Standing committee on the budget",
        started_on=dt.date(2021, 2, 1),
    )
    inquiries(council, council.mandate, 2)
    inquiries(council, council.mandates[2], 1)
    rating.compute(MARCH)
    return council


@pytest.fixture
def published(council):
    publish(council, MARCH, dt.date(2021, 4, 8))
    return council


def row_of(html: str, text: str) -> str:
    """The table row holding `text`."""
    rows = [row for row in html.split("<tr>") if text in row]
    assert len(rows) == 1, f"{text!r} in {len(rows)} rows"
    return rows[0].split("</tr>")[0]


def page(client, view, *args, language="en", **query):
    response = client.get(url(view, *args, language=language), query)
    return response, response.content.decode()


def revise(council):
    """The office's correction of March, confirmed after publication: revision 2."""
    late = actions.submit_correction(
        actor=council.office,
        mandate=council.mandate,
        month=MARCH,
        component="voter_reports",
        adjustment=1,
        explanation="Есеп беру кездесуі хаттамасы",
        evidence=SimpleUploadedFile("report.pdf", b"%PDF-1.4 report", "application/pdf"),
    )
    actions.confirm_correction(actor=council.central, correction=late)


# ---------------------------------------------------------------- the month's rating


def test_a_published_month_shows_each_band_its_components_and_the_method(client, published):
    response, html = page(client, "portal:rating")
    assert response.status_code == 200
    assert "March 2021" in html
    first = Snapshot.objects.get(mandate=published.mandate)
    assert first.band == 1
    row = row_of(html, "Сейітова Айгерім Бекқызы")
    assert "Band 1 of 5" in row and "The top fifth of the peer group" in row
    # The components, as scores out of 100; those with nothing to count (answers on time,
    # attendance with no sitting held, road-map measures) said to be absent.
    assert row.count("absent") == 3
    assert f">{first.components['inquiries']['score'].rstrip('0').rstrip('.')}<" in row
    # Members are a peer group of five; the secretary alone has no band.
    assert "Oblast maslikhat: member" in html and "Oblast maslikhat: secretary" in html
    assert "Group too small" in row_of(html, "Бекенов")
    assert f"{url('portal:rating-methodology')}#version-1" in html
    assert url("portal:deputy", published.mandate.person_id) in row


def test_a_deputy_with_too_few_days_shows_not_enough_data(client, council):
    late = council.mandates[4]
    late.started_on = dt.date(2021, 3, 25)
    late.save()
    rating.compute(MARCH)
    publish(council, MARCH, dt.date(2021, 4, 8))
    _response, html = page(client, "portal:rating")
    assert "Not enough data" in row_of(html, "Нұрланова")
    assert "Days in office this month: 7" in row_of(html, "Нұрланова")


def test_nothing_unpublished_is_ever_shown(client, council):
    # March is computed, not published: nothing to show, on any page.
    _response, html = page(client, "portal:rating")
    assert "No month of the rating has been published yet." in html
    assert "Сейітова" not in html
    _response, html = page(client, "portal:deputy", council.mandate.person_id)
    assert "No month of this deputy's rating has been published." in html
    response, _html = page(client, "portal:deputy", council.mandate.person_id, month="2021-03")
    assert response.status_code == 404
    assert client.get(url("portal:rating-file", "2021-03", "csv")).status_code == 404
    # Published: Kostanay's; Atyrau's deputy, computed but not published, stays out.
    publish(council, MARCH, dt.date(2021, 4, 8))
    _response, html = page(client, "portal:rating")
    assert "Сейітова" in html and "Атыраулықов" not in html
    found = page(client, "portal:rating", name="Атыраулықов")[1]
    assert "No deputy matches these filters." in found and '?month=2021-03">' not in found
    # A later correction makes revision 2, unpublished: the page still shows revision 1.
    first = Snapshot.objects.get(mandate=council.mandate, revision=1)
    revise(council)
    second = Snapshot.objects.get(mandate=council.mandate, revision=2)
    assert second.publication is None and second.score != first.score
    _response, html = page(client, "portal:rating")
    row = row_of(html, "Сейітова")
    assert "revised on" not in row
    assert f">{first.score:.2f}<".replace(".00<", "<") in row
    _response, html = page(client, "portal:deputy", council.mandate.person_id)
    assert "revision 2" not in html and "revision 1, published 08.04.2021" in html
    response, _html = page(
        client, "portal:deputy", council.mandate.person_id, month="2021-03", revision="2"
    )
    assert response.status_code == 404
    data = client.get(url("portal:rating-file", "2021-03", "json"))
    rows = json.loads(b"".join(data.streaming_content))
    assert {r["revision"] for r in rows} == {1}
    assert "Атыраулықов" not in json.dumps(rows, ensure_ascii=False)
    # A computed month no one published is not offered, nor opened when asked for.
    rating.compute(APRIL)
    response, html = page(client, "portal:rating", month="2021-04")
    assert response.status_code == 400 and "April 2021" not in html


def test_a_republished_month_says_revised_and_keeps_the_earlier_revision(client, published):
    revise(published)
    publish(published, MARCH, dt.date(2021, 5, 3))
    first = Snapshot.objects.get(mandate=published.mandate, revision=1)
    second = Snapshot.objects.get(mandate=published.mandate, revision=2)
    _response, html = page(client, "portal:rating")
    row = row_of(html, "Сейітова")
    assert "revised on 03.05.2021" in row
    profile = url("portal:deputy", published.mandate.person_id)
    assert f"{profile}?month=2021-03&amp;revision=1#breakdown" in row
    # The profile shows revision 2 and, beside it, revision 1 as published.
    _response, html = page(client, "portal:deputy", published.mandate.person_id)
    assert "revision 2, revised on 03.05.2021" in html
    assert "?month=2021-03&amp;revision=1#breakdown" in html
    response, html = page(
        client, "portal:deputy", published.mandate.person_id, month="2021-03", revision="1"
    )
    assert response.status_code == 200
    assert "This is an earlier revision of the month" in html
    breakdown = html.split('id="breakdown"')[1]
    assert "revision 1, published 08.04.2021" in breakdown
    assert first.components["voter_reports"]["raw"] == "0.0000"
    assert second.components["voter_reports"]["raw"] == "1.0000"
    voter_reports = row_of(breakdown, "Reports to voters")
    assert "absent" not in voter_reports and ">0<" in voter_reports


def test_the_latest_published_month_is_shown_unless_another_is_chosen(client, published):
    inquiries(published, published.mandates[3], 3, month=APRIL)
    rating.compute(APRIL)
    publish(published, APRIL, dt.date(2021, 5, 20))
    _response, html = page(client, "portal:rating")
    assert "The rating for April 2021" in html
    _response, html = page(client, "portal:rating", month="2021-03")
    assert "The rating for March 2021" in html
    assert '<option value="2021-04">April 2021</option>' in html


def test_the_filters_narrow_the_month(client, published):
    assert "Сейітова" in page(client, "portal:rating", level="oblast")[1]
    assert "Сейітова" not in page(client, "portal:rating", level="district")[1]
    assert "Сейітова" in page(client, "portal:rating", body="kostanay-oblast")[1]
    assert "Сейітова" not in page(client, "portal:rating", body="atyrau-city")[1]
    kostanay = published.tree.kostanay.territory
    assert "Сейітова" in page(client, "portal:rating", region=kostanay.kato)[1]
    atyrau = published.tree.atyrau.territory
    assert "Сейітова" not in page(client, "portal:rating", region=atyrau.kato)[1]
    # A name in any case, a word at a time; never an IIN.
    found = page(client, "portal:rating", name="сейітова айгерім")[1]
    assert "Сейітова" in found and "Бекенов" not in found
    assert "No deputy matches" in page(client, "portal:rating", name=PRIVATE["iin"])[1]


def test_the_rating_reads_as_many_queries_for_many_deputies_as_for_few(
    client, published, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert client.get(url("portal:rating")).status_code == 200
    for number in range(20):
        mandate_for(published.convocation, published.own, surname=f"Қосымша{number}")
    with at(dt.date(2021, 5, 3)):
        rating.compute(MARCH)
    publish(published, MARCH, dt.date(2021, 5, 3))
    with django_assert_max_num_queries(12):
        response = client.get(url("portal:rating"))
    assert response.content.decode().count("Қосымша") == 20


# ---------------------------------------------------------------- the methodology


def test_the_methodology_explains_every_version_current_first(client, published):
    actions.add_method(
        actor=published.central,
        valid_from=APRIL,
        weights={"receptions": ("3", "2"), "attendance": ("1", "0.9")},
        notes_en="Receptions weigh more",
    )
    with at(dt.date(2021, 5, 3)):
        response, html = page(client, "portal:rating-methodology")
    assert response.status_code == 200
    assert html.index('id="version-2"') < html.index('id="version-1"')
    two, one = html.split('id="version-2"')[1].split('id="version-1"')
    assert "Applies from April 2021." in two and "In force now." in two
    assert "Receptions weigh more" in two
    assert "Applied from January 2021 to March 2021." in one and "In force now." not in one
    assert "The first version" in one
    # Each component with what it counts, its weight and its standard with the cap.
    receptions = row_of(two, "Receptions held")
    assert str(rating.COMPONENTS["receptions"].explains) in receptions
    assert ">3<" in receptions and "75 % of the score" in receptions
    assert "2 per 30 days in office: more earns nothing more." in receptions
    assert "A share of 90 %: a higher share earns nothing more." in row_of(
        two, "Session attendance"
    )
    assert "0.25 per 30 days in office" in row_of(one, "Initiatives")
    assert f"fewer than {rating.MIN_DAYS} days" in html
    assert f"fewer than {rating.MIN_PEERS} ranked deputies" in html
    assert "equal scores share the band of their middle place" in html
    assert f"{rating.WINDOW_WORKING_DAYS} working days" in html


# ---------------------------------------------------------------- deputies


def test_the_directory_lists_current_mandates_by_default(client, published):
    with at(dt.date(2021, 6, 1)):
        actions.end_mandate(
            actor=published.office,
            mandate=published.mandates[5],
            ended_on=dt.date(2021, 5, 31),
            reason="resigned",
        )
        _response, html = page(client, "portal:deputies")
        assert "Сейітова" in html and "Қарсыласов" in html and "Тоқтаров" not in html
        assert "Тоқтаров" in page(client, "portal:deputies", held="all")[1]
        by_party = page(client, "portal:deputies", party="ak-zhol")[1]
        assert "Қарсыласов" in by_party and "Сейітова" not in by_party
        assert "Атыраулықов" in page(client, "portal:deputies", level="district")[1]
        assert "Сейітова" not in page(client, "portal:deputies", body="atyrau-city")[1]
        assert "Сейітова" in page(client, "portal:deputies", name="СЕЙІТ")[1]
        # The ended mandate's profile says how it ended.
        _response, html = page(client, "portal:deputy", published.mandates[5].person_id)
    assert "31.05.2021: resigned" in html


def test_a_deputy_profile_shows_mandates_posts_and_the_monthly_history(client, published):
    member = published.mandates[3]
    response, html = page(client, "portal:deputy", member.person_id)
    assert response.status_code == 200
    assert "Kostanay Oblast Maslikhat" in html and "AMANAT party" in html
    assert "Party list" in html and "Standing committee on the budget" in html
    assert "Maslikhat faction" in html and "15.01.2021" in html
    history = row_of(html, "March 2021")
    snapshot = Snapshot.objects.get(mandate=member)
    assert "Oblast maslikhat: member" in history
    assert f"Band {snapshot.band} of 5" in history
    assert "#version-1" in history
    breakdown = html.split('id="breakdown"')[1]
    assert "What made the rating of March 2021" in html
    assert "Inquiries" in breakdown and "Weight" in breakdown
    assert "absent" in row_of(breakdown, "Road-map measures on schedule")


def test_a_person_without_a_mandate_has_no_profile(client, published):
    someone = published.tree.members["kostanay"]
    assert page(client, "portal:deputy", someone.pk)[0].status_code == 404
    assert page(client, "portal:deputy", 999999)[0].status_code == 404


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_opens_in_each_language(client, published, language):
    person = published.mandate.person_id
    for name, args in [
        ("portal:rating", ()),
        ("portal:rating-methodology", ()),
        ("portal:deputies", ()),
        ("portal:deputy", (person,)),
    ]:
        response = client.get(url(name, *args, language=language))
        assert response.status_code == 200, name
        assert f'lang="{language}"' in response.content.decode()
    assert "<caption>" in client.get(url("portal:rating", language=language)).content.decode()


def test_home_and_navigation_lead_to_the_rating(client, db):
    html = client.get(url("portal:home")).content.decode()
    assert html.count(f'href="{url("portal:rating")}"') == 2


# ---------------------------------------------------------------- open data


def test_a_published_month_downloads_as_csv_and_json(client, published):
    response = client.get(url("portal:rating-file", "2021-03", "csv"))
    assert response.status_code == 200
    rows = list(
        csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")))
    )
    assert len(rows) == 6
    first = next(r for r in rows if r["surname"] == "Сейітова")
    assert (first["month"], first["body"], first["band"]) == ("2021-03", "kostanay-oblast", "1")
    assert json.loads(first["components"])["inquiries"]["available"] is True
    response = client.get(url("portal:rating-file", "2021-03", "json"))
    assert len(json.loads(b"".join(response.streaming_content))) == 6
    assert client.get(url("portal:rating-file", "2021-05", "json")).status_code == 404


# ---------------------------------------------------------------- personal data


def test_no_personal_data_on_any_page_or_file(client, published):
    revise(published)
    publish(published, MARCH, dt.date(2021, 5, 3))
    person = published.mandate.person
    person.refresh_from_db()
    assert person.iin == PRIVATE["iin"]  # the record holds them all
    forbidden = [
        PRIVATE["iin"],
        PRIVATE["phone"],
        "701 555 01 99",
        "5550199",
        PRIVATE["email"],
        PRIVATE["address"],
        "Тайный переулок",
        BORN.strftime("%d.%m.%Y"),
        BORN.isoformat(),
        "1990",
    ]
    labels = [r"\bage\b", r"\bsex\b", r"\bfemale\b", r"\byoung\b", r"\bbirth", "IIN", "e-mail"]
    pages = []
    for language in LANGUAGES:
        for name, args, query in [
            ("portal:rating", (), {}),
            ("portal:rating", (), {"name": "Сейітова"}),
            ("portal:rating-methodology", (), {}),
            ("portal:deputies", (), {}),
            ("portal:deputies", (), {"held": "all"}),
            ("portal:deputy", (person.pk,), {}),
            ("portal:deputy", (person.pk,), {"month": "2021-03", "revision": "1"}),
        ]:
            response = client.get(url(name, *args, language=language), query)
            assert response.status_code == 200
            assert "Сейітова" in response.content.decode() or name == "portal:rating-methodology"
            pages.append((language, name, response.content.decode()))
    for fmt in ("csv", "json"):
        response = client.get(url("portal:rating-file", "2021-03", fmt))
        pages.append(("en", fmt, b"".join(response.streaming_content).decode("utf-8-sig")))
    for language, name, text in pages:
        for value in forbidden:
            assert value not in text, (language, name, value)
        main = text.split('<main id="main"', 1)[-1]
        if language == "en":
            for label in labels:
                assert not re.search(label, main, re.IGNORECASE), (name, label)
    # The sex in Kazakh and Russian, and the age kept in the snapshot, are nowhere either.
    age = Snapshot.objects.filter(mandate=published.mandate).values_list("age", flat=True)[0]
    assert age == 30
    for _language, _name, text in pages:
        main = text.split('<main id="main"', 1)[-1]
        assert not re.search(r"әйел|женщин|женский|жасы|возраст", main, re.IGNORECASE)
        assert '"age"' not in text and '"young"' not in text
