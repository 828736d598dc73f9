"""The voter's own pages: a delegate finds their conferences and the polls open to them in
Kazakh, Russian and English, registers online, votes through the ballot page (one answer of
a motion, up to the seats' number of candidates) and reads the receipt in full, the same
receipt the published list will carry; a second ballot is refused in the voter's language;
a person outside a poll's conference or primaries gets 404; an elector of the primaries
finds the primaries' vote too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from esep.assemblies import actions
from esep.assemblies.models import Ballot, Campaign, Delegate, Elector, Option, Poll
from esep.assemblies.tests.factories import login_for
from esep.deputies.models import Level, RepresentativeBody
from esep.org.models import Body

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")


def url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def in_session(conf, registered=None):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[: registered if registered is not None else len(conf.delegates)]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")


def motion(conf, kind="secret"):
    return actions.create_poll(
        actor=conf.office,
        item=conf.report,
        kind=kind,
        name_kk="Есепті бекіту",
        name_ru="Утвердить отчёт",
        name_en="Approve the report",
    )


def audit_election(conf, seats=2, candidates=3):
    poll = actions.create_poll(
        actor=conf.office,
        item=conf.election,
        kind="election",
        name_kk="Бақылау-тексеру комиссиясы",
        name_ru="Контрольно-ревизионная комиссия",
        name_en="Audit commission",
        seats=seats,
        body_kind=Body.Kind.AUDIT_COMMISSION,
    )
    for person in conf.members[5 : 5 + candidates]:
        actions.nominate(
            actor=conf.office, poll=poll, person=person, consent_on=dt.date(2022, 1, 10)
        )
    return poll


@pytest.mark.parametrize("language", LANGUAGES)
def test_my_votes_opens_in_every_language_with_the_open_polls(client, conf, language):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    client.force_login(conf.voters[0])
    page = client.get(url("assemblies:my-votes", language=language))
    assert page.status_code == 200
    assert page.context["polls"] == [(poll, "open")]
    text = page.content.decode()
    assert url("assemblies:vote", poll.pk, language=language) in text
    with translation.override(language):
        assert conf.conference.name in text
    ballot = client.get(url("assemblies:vote", poll.pk, language=language))
    assert ballot.status_code == 200
    assert ballot.content.decode().count('type="radio"') == 3


def test_a_delegate_registers_online_on_my_votes(client, conf):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    delegate = conf.delegates[0]
    client.force_login(conf.voters[0])
    page = client.get(url("assemblies:my-votes"))
    assert page.context["seats"] == [(delegate, True)]
    assert f'id="register-{delegate.pk}"' in page.content.decode()
    done = client.post(url("assemblies:my-votes-register"), {"delegate": delegate.pk})
    assert done.status_code == 302
    delegate.refresh_from_db()
    assert delegate.attendance == "online" and delegate.registered_by == conf.voters[0]
    assert client.get(url("assemblies:my-votes")).context["seats"] == [(delegate, False)]
    # Nobody registers another delegate from their own page.
    other = conf.delegates[1]
    refused = client.post(url("assemblies:my-votes-register"), {"delegate": other.pk})
    assert refused.status_code == 400
    assert Delegate.objects.get(pk=other.pk).attendance == "absent"


def test_a_hall_only_conference_offers_no_online_registration(client, conf):
    conf.conference.online = False
    conf.conference.save(update_fields=["online"])
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    client.force_login(conf.voters[0])
    page = client.get(url("assemblies:my-votes"))
    assert page.context["seats"] == [(conf.delegates[0], False)]
    refused = client.post(url("assemblies:my-votes-register"), {"delegate": conf.delegates[0].pk})
    assert refused.status_code == 400
    assert "hall only" in refused.content.decode()


def test_a_delegate_votes_through_the_page_and_reads_the_receipt(client, conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    client.force_login(conf.voters[0])
    cast = client.post(url("assemblies:vote", poll.pk), {"choices": "1"})
    assert cast.status_code == 200
    ballot = Ballot.objects.get(poll=poll)
    text = cast.content.decode()
    assert f'id="receipt" translate="no">{ballot.receipt}<' in text
    assert "published" in text and "first characters" in text
    assert [o.number for o in cast.context["chosen"]] == [1]
    assert actions.ballot_rows(poll) == [(ballot.receipt, [1])]
    # A secret ballot carries nobody.
    assert ballot.voter_id is None
    page = client.get(url("assemblies:my-votes"))
    assert page.context["polls"] == [(poll, "voted")]
    again = client.get(url("assemblies:vote", poll.pk))
    assert again.context["voted"] and again.context["form"] is None


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_second_ballot_is_refused_in_the_voters_language(client, conf, language):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    client.force_login(conf.voters[1])
    assert client.post(url("assemblies:vote", poll.pk), {"choices": "1"}).status_code == 200
    again = client.post(url("assemblies:vote", poll.pk, language=language), {"choices": "2"})
    assert again.status_code == 400
    with translation.override(language):
        expected = translation.gettext("You have already voted in this poll.")
    assert expected in again.content.decode()
    assert Ballot.objects.filter(poll=poll).count() == 1
    assert poll.participations.count() == 1


def test_an_election_takes_up_to_the_seats_and_the_action_refuses_more(client, conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=audit_election(conf, seats=2))
    client.force_login(conf.voters[2])
    page = client.get(url("assemblies:vote", poll.pk))
    text = page.content.decode()
    assert text.count('type="checkbox"') == 3 and "Candidates you may choose, at most: 2" in text
    too_many = client.post(url("assemblies:vote", poll.pk), {"choices": ["1", "2", "3"]})
    assert too_many.status_code == 400
    assert "Choose at most 2 candidates." in too_many.content.decode()
    assert not poll.participations.exists()
    cast = client.post(url("assemblies:vote", poll.pk), {"choices": ["1", "3"]})
    assert cast.status_code == 200
    assert actions.ballot_rows(poll)[0][1] == [1, 3]


def test_a_motion_needs_one_answer(client, conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    client.force_login(conf.voters[0])
    blank = client.post(url("assemblies:vote", poll.pk), {})
    assert blank.status_code == 400 and "Choose one answer." in blank.content.decode()
    assert not poll.participations.exists()


def test_an_unregistered_delegate_is_told_to_register(client, conf):
    in_session(conf, registered=3)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    client.force_login(conf.voters[4])
    assert client.get(url("assemblies:my-votes")).context["polls"] == [(poll, "not_registered")]
    page = client.get(url("assemblies:vote", poll.pk))
    assert page.status_code == 200 and page.context["form"] is None
    assert "Register for the conference first." in page.content.decode()
    refused = client.post(url("assemblies:vote", poll.pk), {"choices": "1"})
    assert refused.status_code == 400 and not poll.participations.exists()


def test_people_outside_the_poll_get_404(client, conf, tree):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    # A member who is no delegate, a branch head (staff are not voters), and nobody.
    member = login_for(conf.members[7], "member-7")
    for user in (member, conf.office, conf.outsider):
        client.force_login(user)
        assert client.get(url("assemblies:vote", poll.pk)).status_code == 404
        assert client.post(url("assemblies:vote", poll.pk), {"choices": "1"}).status_code == 404
        assert client.get(url("assemblies:my-votes")).context["polls"] == []
    assert not poll.participations.exists()
    client.logout()
    assert client.get(url("assemblies:vote", poll.pk)).status_code == 302
    assert client.get(url("assemblies:my-votes")).status_code == 302


def test_an_elector_finds_and_votes_in_the_primaries(client, conf, tree):
    body = RepresentativeBody.objects.create(
        code="atyrau-city",
        level=Level.DISTRICT,
        territory=tree.atyrau_city.territory,
        branch=tree.atyrau_city,
        name_kk="Атырау қалалық мәслихаты",
        name_ru="Атырауский городской маслихат",
    )
    campaign = Campaign.objects.create(
        code="atyrau-2021",
        branch=tree.atyrau,
        body=body,
        nominations_close_on=dt.date(2021, 1, 10),
        vote_on=dt.date(2021, 1, 20),
        places=2,
        name_kk="Праймериз",
        name_ru="Праймериз",
    )
    poll = Poll.objects.create(
        campaign=campaign,
        kind="election",
        name_kk="Праймериз",
        name_ru="Праймериз",
        seats=2,
        majority="plurality",
        state="open",
    )
    for n, person in enumerate(conf.members[5:8], start=1):
        Option.objects.create(
            poll=poll, number=n, kind="candidate", person=person, consent_on=dt.date(2021, 1, 5)
        )
    Elector.objects.create(campaign=campaign, person=conf.members[0])
    client.force_login(conf.voters[0])
    assert client.get(url("assemblies:my-votes")).context["polls"] == [(poll, "open")]
    assert client.post(url("assemblies:vote", poll.pk), {"choices": ["2"]}).status_code == 200
    client.force_login(conf.voters[1])  # a delegate, not on the primaries' roll
    assert client.get(url("assemblies:vote", poll.pk)).status_code == 404


def test_the_menu_leads_delegates_and_electors_to_their_votes(client, conf):
    client.force_login(conf.voters[0])
    page = client.get(url("assemblies:my-votes"))
    assert page.context["nav"]["votes"]
    assert url("assemblies:my-votes") in page.content.decode().split("</nav>")[0]
    client.force_login(login_for(conf.members[7], "member-7"))
    assert not client.get(url("assemblies:my-votes")).context["nav"]["votes"]
    client.force_login(conf.office)
    assert not client.get(url("assemblies:my-votes")).context["nav"]["votes"]
