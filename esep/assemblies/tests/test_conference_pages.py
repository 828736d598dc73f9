"""A conference's staff pages: the list and convening one, the conference's page with its
quotas, roll, agenda and the steps that move it on (each offered only to its office, only at
its stage), the minutes from their draft to the signed text, and the printable minutes in
Kazakh and Russian. Outsiders get a 404, readers without the right no steps, a delegate with
no role nothing at all."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from esep.assemblies import actions
from esep.assemblies.models import Conference, Delegate, Item, Minutes
from esep.org.tests.factories import MembershipFactory, user_with_role

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")


def url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def page_of(conf) -> str:
    return url("assemblies:conference", conf.conference.code)


def step_url(conf, name: str) -> str:
    return f"{page_of(conf)}{name}/"


def offered(html: str) -> list[str]:
    """The members the add-delegate picker offers (its options' values, the empty one left
    out)."""
    picker = re.search(r'<select name="delegate-person".*?</select>', html, re.S)
    assert picker is not None
    return [v for v in re.findall(r'<option value="([^"]*)"', picker[0]) if v]


def step_forms(html: str) -> set[str]:
    return set(re.findall(r'id="step-([a-z-]+)"', html))


@pytest.fixture
def reader(tree):
    """An analyst of Atyrau: reads its conferences (VIEW_ORG), runs none of them."""
    return user_with_role("analyst", tree.atyrau, "atyrau-analyst")


# ---------------------------------------------------------------- the list and convening


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_list_shows_the_office_its_conferences_in_every_language(conf, client, language):
    client.force_login(conf.office)
    response = client.get(url("assemblies:conferences", language=language))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        assert conf.conference.name in html
    assert f'href="{url("assemblies:conference", "atyrau-33", language=language)}"' in html
    assert f'href="{url("assemblies:conference-new", language=language)}"' in html


def test_the_list_is_filtered_and_scoped(conf, client, reader):
    client.force_login(conf.office)
    listing = url("assemblies:conferences")
    assert "atyrau-33" in client.get(listing, {"year": 2022}).content.decode()
    assert "atyrau-33" not in client.get(listing, {"year": 2023}).content.decode()
    assert "atyrau-33" in client.get(listing, {"state": "convened"}).content.decode()
    assert "atyrau-33" not in client.get(listing, {"state": "open"}).content.decode()
    assert "atyrau-33" in client.get(listing, {"branch": "atyrau"}).content.decode()
    export = client.get(url("assemblies:conference-export", "csv"))
    assert export.status_code == 200 and b"atyrau-33" in export.content

    client.force_login(conf.outsider)
    assert "atyrau-33" not in client.get(listing).content.decode()

    # A reader sees the conference but is not offered to convene one.
    client.force_login(reader)
    html = client.get(listing).content.decode()
    assert "atyrau-33" in html
    assert url("assemblies:conference-new") not in html


def test_the_office_convenes_a_conference(conf, client, tree):
    client.force_login(conf.office)
    new = url("assemblies:conference-new")
    assert client.get(new).status_code == 200
    response = client.post(
        new,
        {
            "branch": "atyrau",
            "number": 34,
            "kind": "regular",
            "held_on": "2026-03-01",
            "hall": "Атырау",
            "online": "on",
            "quorum": "two_thirds",
            "members_per_delegate": 50,
            "minimum_quota": 2,
            "name_kk": "XXXIV конференция",
            "name_ru": "XXXIV конференция",
        },
    )
    made = Conference.objects.get(code="atyrau-34")
    assert response.status_code == 302 and response["Location"] == made.get_absolute_url()
    assert (made.quorum, made.members_per_delegate, made.minimum_quota, made.online) == (
        "two_thirds",
        50,
        2,
        True,
    )
    # The same number again is refused on its field, nothing made.
    again = client.post(new, {**client_data(made), "number": 33})
    assert again.status_code == 400
    assert Conference.objects.filter(branch=tree.atyrau).count() == 2


def client_data(conference: Conference) -> dict[str, object]:
    return {
        "branch": conference.branch.code,
        "number": conference.number,
        "kind": conference.kind,
        "held_on": conference.held_on.isoformat(),
        "hall": conference.hall,
        "quorum": conference.quorum,
        "members_per_delegate": conference.members_per_delegate,
        "minimum_quota": conference.minimum_quota,
        "name_kk": conference.name_kk,
        "name_ru": conference.name_ru,
    }


def test_an_outsider_cannot_convene_for_another_region(conf, client, tree):
    client.force_login(conf.outsider)
    response = client.post(url("assemblies:conference-new"), client_data(conf.conference))
    assert response.status_code == 400
    assert Conference.objects.count() == 1


# ---------------------------------------------------------------- who sees what


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_conference_page_in_every_language(conf, client, language):
    client.force_login(conf.office)
    response = client.get(url("assemblies:conference", "atyrau-33", language=language))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        assert conf.conference.name in html
        assert conf.report.name in html
    for delegate in conf.delegates:
        assert delegate.person.full_name in html
        # Names only: no one's personal data on the roll.
        assert delegate.person.iin not in html
        assert delegate.person.phone not in html
    assert step_forms(html) >= {
        "count-quotas",
        "set-quota",
        "add-delegate",
        "remove-delegate",
        "add-item",
        "freeze",
    }
    assert "open" not in step_forms(html) and "close" not in step_forms(html)
    assert url("assemblies:import-delegates", "atyrau-33", language=language) in html


def test_another_regions_head_gets_404_everywhere(conf, client):
    client.force_login(conf.outsider)
    code = conf.conference.code
    for name, args in (
        ("assemblies:conference", [code]),
        ("assemblies:minutes", [code]),
        ("assemblies:minutes-print", [code, "kk"]),
        ("assemblies:import-delegates", [code]),
        ("assemblies:import-delegates-template", [code]),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
    assert client.post(step_url(conf, "freeze")).status_code == 404
    assert client.post(url("assemblies:minutes", code) + "draft/").status_code == 404
    conf.conference.refresh_from_db()
    assert conf.conference.state == Conference.State.CONVENED


def test_a_reader_without_the_right_gets_no_steps(conf, client, reader):
    client.force_login(reader)
    response = client.get(page_of(conf))
    assert response.status_code == 200
    html = response.content.decode()
    assert step_forms(html) == set()
    assert url("assemblies:import-delegates", "atyrau-33") not in html
    assert client.post(step_url(conf, "freeze")).status_code == 403
    assert client.post(step_url(conf, "add-item"), {"item-kind": "decision"}).status_code == 403
    assert client.get(url("assemblies:import-delegates", "atyrau-33")).status_code == 403
    assert not Item.objects.filter(kind="decision").exists()


def test_a_delegate_with_no_role_sees_nothing_of_the_staff_pages(conf, client):
    client.force_login(conf.voters[0])
    code = conf.conference.code
    assert client.get(url("assemblies:conferences")).status_code == 403
    assert client.get(url("assemblies:conference-new")).status_code == 403
    for name, args in (
        ("assemblies:conference", [code]),
        ("assemblies:minutes", [code]),
        ("assemblies:minutes-print", [code, "ru"]),
        ("assemblies:import-delegates", [code]),
    ):
        assert client.get(url(name, *args)).status_code == 404, name
    assert client.post(step_url(conf, "freeze")).status_code == 404


def test_a_visitor_is_sent_to_log_in(conf, client):
    response = client.get(page_of(conf))
    assert response.status_code == 302 and "login" in response["Location"]


# ---------------------------------------------------------------- the steps


def test_counting_and_setting_quotas(conf, client, tree):
    conf.conference.members_per_delegate = 4
    conf.conference.save()
    client.force_login(conf.office)
    assert client.post(step_url(conf, "count-quotas")).status_code == 302
    quota = conf.conference.quotas.get()
    assert (quota.members, quota.seats) == (10, 3)
    # Three seats, but five delegates are on the roll: setting fewer is refused on the field.
    refused = client.post(step_url(conf, "set-quota"), {"quota-quota": quota.pk, "quota-seats": 4})
    assert refused.status_code == 400
    assert "5 delegates of this branch are already on the roll." in refused.content.decode()
    done = client.post(step_url(conf, "set-quota"), {"quota-quota": quota.pk, "quota-seats": 7})
    assert done.status_code == 302
    quota.refresh_from_db()
    assert quota.seats == 7


def test_the_picker_finds_members_by_surname_or_card_and_never_lists_them_all(conf, client, tree):
    client.force_login(conf.office)
    blank = client.get(page_of(conf)).content.decode()
    newcomer = conf.members[5]
    # Unsearched, the picker offers no one.
    assert offered(blank) == []
    card = newcomer.membership.card_number
    by_card = client.get(page_of(conf), {"find": card}).content.decode()
    assert offered(by_card) == [str(newcomer.pk)]
    # A search by surname finds every active member of the sub-branch with it who is not a
    # delegate yet; a delegate is not offered twice, nor is someone of another region.
    MembershipFactory.create(branch=tree.rudny, person__surname="Zed")
    stranger = MembershipFactory.create(branch=conf.city, person__surname="Zed").person
    found = client.get(page_of(conf), {"find": "zed"}).content.decode()
    assert offered(found) == [str(stranger.pk)]
    seated = conf.delegates[0].person
    again = client.get(page_of(conf), {"find": seated.surname}).content.decode()
    assert str(seated.pk) not in offered(again)
    # However many share a name, the picker offers a page of them, not thousands.
    for _n in range(25):
        MembershipFactory.create(branch=conf.city, person__surname="Many")
    many = client.get(page_of(conf), {"find": "many"}).content.decode()
    assert len(offered(many)) == 20


def test_adding_and_removing_a_delegate(conf, client):
    client.force_login(conf.office)
    newcomer = conf.members[5]
    response = client.post(
        step_url(conf, "add-delegate"),
        {
            "delegate-person": newcomer.pk,
            "delegate-branch": "atyrau-city",
            "delegate-elected_on": "2021-12-21",
            "delegate-protocol": "№ 7",
        },
    )
    assert response.status_code == 302
    added = Delegate.objects.get(conference=conf.conference, person=newcomer)
    assert (added.elected_on, added.protocol) == (dt.date(2021, 12, 21), "№ 7")
    html = client.get(page_of(conf)).content.decode()
    assert newcomer.full_name in html and "№ 7" in html

    # Someone who is not a member is refused by the action, named on the form.
    outsider_person = conf.newcomer
    refused = client.post(
        step_url(conf, "add-delegate"),
        {
            "delegate-person": outsider_person.pk,
            "delegate-branch": "atyrau-city",
            "delegate-elected_on": "2021-12-21",
        },
    )
    assert refused.status_code == 400
    assert not Delegate.objects.filter(person=outsider_person).exists()

    no_reason = client.post(step_url(conf, "remove-delegate"), {"remove-delegate": added.pk})
    assert no_reason.status_code == 400
    removed = client.post(
        step_url(conf, "remove-delegate"),
        {"remove-delegate": added.pk, "remove-reason": "Elected by mistake"},
    )
    assert removed.status_code == 302
    assert not Delegate.objects.filter(pk=added.pk).exists()


def test_the_conference_moves_through_its_stages_offering_each_step_in_its_turn(conf, client):
    client.force_login(conf.office)
    added = client.post(
        step_url(conf, "add-item"),
        {"item-kind": "decision", "item-name_kk": "Шешім", "item-name_ru": "Решение"},
    )
    assert added.status_code == 302
    assert conf.conference.items.get(number=3).kind == Item.Kind.DECISION

    assert client.post(step_url(conf, "open")).status_code == 403  # not yet
    assert client.post(step_url(conf, "freeze")).status_code == 302
    conf.conference.refresh_from_db()
    assert conf.conference.state == Conference.State.FROZEN
    html = client.get(page_of(conf)).content.decode()
    assert conf.conference.roll_digest in html
    assert step_forms(html) == {"add-item", "open"}
    # The roll is frozen: no delegate added, no import offered.
    assert url("assemblies:import-delegates", "atyrau-33") not in html
    assert client.post(step_url(conf, "add-delegate")).status_code == 403

    assert client.post(step_url(conf, "open")).status_code == 302
    html = client.get(page_of(conf)).content.decode()
    assert step_forms(html) == {"add-item", "close"}
    assert url("assemblies:minutes", "atyrau-33") in html
    try:
        console = url("assemblies:console", "atyrau-33")
    except NoReverseMatch:  # the console is another part's page; linked once it exists
        console = None
    if console is not None:
        assert console in html

    assert client.post(step_url(conf, "close")).status_code == 302
    conf.conference.refresh_from_db()
    assert conf.conference.state == Conference.State.CLOSED
    assert step_forms(client.get(page_of(conf)).content.decode()) == set()


# ---------------------------------------------------------------- minutes


def closed(conf) -> None:
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[:4]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")
    actions.close_conference(actor=conf.office, conference=conf.conference)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_minutes_are_drafted_edited_and_signed(conf, client, language):
    closed(conf)
    client.force_login(conf.office)
    page = url("assemblies:minutes", "atyrau-33", language=language)
    html = client.get(page).content.decode()
    assert step_forms(html) == {"draft"}
    assert client.post(f"{page}draft/").status_code == 302
    minutes = Minutes.objects.get(conference=conf.conference)
    assert conf.report.name_kk in minutes.text_kk and conf.report.name_ru in minutes.text_ru

    html = client.get(page).content.decode()
    assert step_forms(html) == {"draft", "edit", "sign"}
    assert conf.report.name_ru in html
    edited = client.post(
        f"{page}edit/", {"text_kk": "Хаттама мәтіні", "text_ru": "Текст протокола"}
    )
    assert edited.status_code == 302
    minutes.refresh_from_db()
    assert (minutes.text_kk, minutes.text_ru) == ("Хаттама мәтіні", "Текст протокола")

    assert client.post(f"{page}sign/").status_code == 302
    minutes.refresh_from_db()
    assert minutes.signed_at is not None and len(minutes.digest) == 64
    html = client.get(page).content.decode()
    assert step_forms(html) == set()
    assert minutes.digest in html
    assert client.post(f"{page}edit/", {"text_kk": "x", "text_ru": "y"}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.text_kk == "Хаттама мәтіні"


def test_minutes_are_not_drafted_before_the_conference_meets(conf, client):
    client.force_login(conf.office)
    page = url("assemblies:minutes", "atyrau-33")
    assert step_forms(client.get(page).content.decode()) == set()
    assert client.post(f"{page}draft/").status_code == 403
    assert client.get(url("assemblies:minutes-print", "atyrau-33", "kk")).status_code == 404


def test_a_reader_reads_the_minutes_without_steps(conf, client, reader):
    closed(conf)
    actions.draft_minutes(actor=conf.office, conference=conf.conference)
    client.force_login(reader)
    html = client.get(url("assemblies:minutes", "atyrau-33")).content.decode()
    assert conf.report.name_ru in html
    assert step_forms(html) == set()
    assert client.post(url("assemblies:minutes", "atyrau-33") + "sign/").status_code == 403


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_printable_minutes_in_each_language(conf, client, language):
    closed(conf)
    minutes = actions.draft_minutes(actor=conf.office, conference=conf.conference)
    actions.sign_minutes(actor=conf.office, minutes=minutes)
    minutes.refresh_from_db()
    client.force_login(conf.office)
    response = client.get(url("assemblies:minutes-print", "atyrau-33", language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    text, other = (
        (minutes.text_kk, minutes.text_ru)
        if language == "kk"
        else (minutes.text_ru, minutes.text_kk)
    )
    own, foreign = (
        (conf.report.name_kk, conf.report.name_ru)
        if language == "kk"
        else (conf.report.name_ru, conf.report.name_kk)
    )
    assert own in text and own in html
    assert foreign in other and foreign not in html
    assert minutes.digest in html
    assert "minutes-print.css" in html
    # A sheet to print: none of the site's navigation.
    assert "<nav" not in html and "site-header" not in html
    # Only the two languages minutes are kept in.
    with pytest.raises(NoReverseMatch):
        url("assemblies:minutes-print", "atyrau-33", "en")
