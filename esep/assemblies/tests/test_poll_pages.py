"""The secretary's console and a poll's page: they open in Kazakh, Russian and English for
the branch's office and are a 404 to an outsider and to a delegate; the console's quorum
refreshes as a fragment of the same URL; the office marks delegates, creates, opens and
closes polls through the pages, sees how many voted (never who voted how), nominates a
candidate found by the picker, enters the counting commission's paper count with its
protocol, and the result is certified by someone other than who entered it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from esep.assemblies import actions
from esep.assemblies.models import Delegate, Poll
from esep.org.models import Body, Post
from esep.org.tests.factories import MembershipFactory, user_with_role

pytestmark = pytest.mark.django_db

LANGUAGES = ("kk", "ru", "en")
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def url(name: str, *args: object, language: str = "en") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def in_session(conf, registered=None):
    """Freeze the roll, open the conference and register delegates (all by default)."""
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[: registered if registered is not None else len(conf.delegates)]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")


def motion(conf, kind="open", **kw):
    return actions.create_poll(
        actor=conf.office,
        item=conf.report,
        kind=kind,
        name_kk="Есепті бекіту",
        name_ru="Утвердить отчёт",
        name_en="Approve the report",
        **kw,
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


def step(client, name: str, key: object, step_name: str, data=None, language: str = "en"):
    return client.post(url(name, key, step_name, language=language), data or {})


# ---------------------------------------------------------------- the console


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_console_opens_in_every_language_for_the_office(client, conf, language):
    in_session(conf, registered=2)
    audit_election(conf)
    client.force_login(conf.office)
    page = client.get(url("assemblies:console", "atyrau-33", language=language))
    assert page.status_code == 200
    text = page.content.decode()
    assert conf.delegates[0].person.full_name in text
    assert "Бақылау-тексеру комиссиясы" in text or "Контрольно-ревизионная" in text
    assert page.context["registered"] == 2 and page.context["needed"] == 3
    assert not page.context["met"]
    assert {s.name for s in page.context["steps"]} == {"poll"}
    assert page.context["register_step"] is not None and page.context["open_step"] is not None


def test_an_outsider_and_a_delegate_get_404_on_the_console_and_the_poll(client, conf):
    poll = audit_election(conf)
    for user in (conf.outsider, conf.voters[0]):
        client.force_login(user)
        assert client.get(url("assemblies:console", "atyrau-33")).status_code == 404
        assert client.get(url("assemblies:poll", poll.pk)).status_code == 404
        assert client.get(url("assemblies:ballot-print", poll.pk)).status_code == 404
        assert client.get(url("assemblies:poll-people", poll.pk) + "?q=ab").status_code == 404
        refused = step(client, "assemblies:console-step", "atyrau-33", "poll", {})
        assert refused.status_code == 404
    client.logout()
    assert client.get(url("assemblies:console", "atyrau-33")).status_code == 302


def test_the_quorum_fragment_refreshes_as_delegates_register(client, conf):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    client.force_login(conf.office)
    live = url("assemblies:console", "atyrau-33")
    fragment = client.get(live, headers={"HX-Request": "true"})
    assert fragment.status_code == 200
    assert [t.name for t in fragment.templates] == ["assemblies/polls/_live.html"]
    assert 'hx-trigger="every 4s"' in fragment.content.decode()
    assert (fragment.context["registered"], fragment.context["met"]) == (0, False)
    for delegate in conf.delegates[:3]:
        marked = step(
            client,
            "assemblies:console-step",
            "atyrau-33",
            "register",
            {"register-delegate": delegate.pk, "register-attendance": "in_person"},
        )
        assert marked.status_code == 302
    fragment = client.get(live, headers={"HX-Request": "true"})
    assert (fragment.context["registered"], fragment.context["met"]) == (3, True)
    assert "<html" not in fragment.content.decode()
    assert Delegate.objects.get(pk=conf.delegates[0].pk).registered_by == conf.office


def test_the_office_runs_a_poll_from_the_console_and_sees_only_the_count(client, conf):
    in_session(conf)
    client.force_login(conf.office)
    created = step(
        client,
        "assemblies:console-step",
        "atyrau-33",
        "poll",
        {
            "poll-item": conf.report.pk,
            "poll-kind": "secret",
            "poll-name_kk": "Есепті бекіту",
            "poll-name_ru": "Утвердить отчёт",
            "poll-majority": "more_than_half",
            "poll-base": "voting",
            "poll-seats": "1",
            "poll-body_kind": "",
        },
    )
    assert created.status_code == 302
    poll = Poll.objects.get(item=conf.report)
    assert (poll.kind, poll.state, poll.options.count()) == ("secret", "created", 3)
    opened = step(client, "assemblies:console-step", "atyrau-33", "open", {"open-poll": poll.pk})
    assert opened.status_code == 302
    actions.cast(actor=conf.voters[0], poll=poll, choices=[poll.options.get(number=1)])
    actions.cast(actor=conf.voters[1], poll=poll, choices=[poll.options.get(number=2)])
    fragment = client.get(url("assemblies:console", "atyrau-33"), headers={"HX-Request": "true"})
    assert fragment.context["current"].voted == 2
    page = client.get(url("assemblies:console", "atyrau-33")).content.decode()
    # Who voted is not shown: the roll reads attendance only.
    assert "voted: 2" in page and "Voted so far: 2." in page
    closed = step(client, "assemblies:console-step", "atyrau-33", "close", {"close-poll": poll.pk})
    assert closed.status_code == 302
    poll.refresh_from_db()
    assert poll.state == "closed" and poll.result.voted == 2


def test_a_poll_does_not_open_without_the_quorum_and_the_console_says_why(client, conf):
    in_session(conf, registered=2)
    poll = motion(conf)
    client.force_login(conf.office)
    with translation.override("ru"):
        expected = translation.gettext("There is no quorum.")
    refused = step(
        client,
        "assemblies:console-step",
        "atyrau-33",
        "open",
        {"open-poll": poll.pk},
        language="ru",
    )
    assert refused.status_code == 400
    assert expected in refused.content.decode()
    assert Poll.objects.get(pk=poll.pk).state == "created"


# ---------------------------------------------------------------- a poll's page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_poll_page_and_its_ballot_open_in_every_language(client, conf, language):
    poll = audit_election(conf)
    client.force_login(conf.office)
    page = client.get(url("assemblies:poll", poll.pk, language=language))
    assert page.status_code == 200
    assert conf.members[5].full_name in page.content.decode()
    assert {s.name for s in page.context["steps"]} == {"nominate", "withdraw", "open"}
    ballot = client.get(url("assemblies:ballot-print", poll.pk, language=language))
    assert ballot.status_code == 200
    text = ballot.content.decode()
    assert "polls.css" in text and conf.members[7].full_name in text
    with translation.override(language):
        title = poll.name
    assert title in text


def test_the_printed_ballot_says_how_many_may_be_chosen(client, conf):
    poll = audit_election(conf, seats=2)
    client.force_login(conf.office)
    text = client.get(url("assemblies:ballot-print", poll.pk)).content.decode()
    assert "Candidates you may mark, at most: 2." in text
    assert text.count('class="box"') == 3


def test_an_analyst_reads_the_poll_and_the_console_with_no_steps(client, conf, tree):
    poll = audit_election(conf)
    client.force_login(user_with_role("analyst", tree.atyrau, "atyrau-analyst"))
    page = client.get(url("assemblies:poll", poll.pk))
    assert page.status_code == 200 and page.context["steps"] == []
    console = client.get(url("assemblies:console", "atyrau-33"))
    assert console.status_code == 200 and console.context["steps"] == []
    assert console.context["register_step"] is None
    assert step(client, "assemblies:poll-step", poll.pk, "open").status_code == 403
    assert client.get(url("assemblies:poll-people", poll.pk) + "?q=ab").context["people"] == []
    assert Poll.objects.get(pk=poll.pk).state == "created"


def test_the_picker_finds_active_members_of_the_branch_only(client, conf, tree):
    poll = audit_election(conf, candidates=0)
    wanted = conf.members[6]
    stranger = MembershipFactory.create(branch=tree.kostanay).person
    stranger.surname = wanted.surname
    stranger.save(update_fields=["surname"])
    client.force_login(conf.office)
    found = client.get(
        url("assemblies:poll-people", poll.pk) + f"?q={wanted.surname}&name=nominate-person"
    )
    assert found.status_code == 200
    people = found.context["people"]
    assert wanted in people and stranger not in people
    assert 'name="nominate-person"' in found.content.decode()
    # Nothing is listed before two letters are typed: the picker never lists every member.
    assert client.get(url("assemblies:poll-people", poll.pk) + "?q=a").context["people"] == []


def test_the_office_nominates_a_member_and_is_refused_a_stranger(client, conf, tree):
    poll = audit_election(conf, candidates=0)
    stranger = MembershipFactory.create(branch=tree.kostanay).person
    client.force_login(conf.office)
    data = {"nominate-consent_on": "2022-01-10", "nominate-nominated_by": "Атырау қалалық"}
    refused = step(
        client,
        "assemblies:poll-step",
        poll.pk,
        "nominate",
        {**data, "nominate-person": stranger.pk},
    )
    assert refused.status_code == 400 and not poll.options.exists()
    done = step(
        client,
        "assemblies:poll-step",
        poll.pk,
        "nominate",
        {**data, "nominate-person": conf.members[6].pk},
    )
    assert done.status_code == 302
    option = poll.options.get()
    assert (option.person, option.nominated_by) == (conf.members[6], "Атырау қалалық")
    # Shown again after an error, the chosen candidate stays chosen.
    again = step(
        client,
        "assemblies:poll-step",
        poll.pk,
        "nominate",
        {"nominate-person": conf.members[7].pk, "nominate-consent_on": ""},
    )
    assert again.status_code == 400
    assert f'value="{conf.members[7].pk}" checked' in again.content.decode()


def test_a_paper_count_with_its_protocol_is_certified_by_a_second_user(client, conf):
    in_session(conf)
    poll = audit_election(conf, seats=2, candidates=3)
    actions.open_poll(actor=conf.office, poll=poll)
    client.force_login(conf.office)
    assert step(client, "assemblies:poll-step", poll.pk, "close").status_code == 302
    protocol = SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf")
    entered = client.post(
        url("assemblies:poll-step", poll.pk, "paper"),
        {
            "paper-votes_1": "4",
            "paper-votes_2": "3",
            "paper-votes_3": "1",
            "paper-valid": "4",
            "paper-invalid_ballots": "1",
            "paper-protocol": protocol,
        },
    )
    assert entered.status_code == 302
    poll.refresh_from_db()
    assert (poll.source, poll.entered_by, len(poll.protocol_digest)) == ("paper", conf.office, 64)
    page = client.get(url("assemblies:poll", poll.pk))
    assert "certify" not in {s.name for s in page.context["steps"]}
    assert page.context["awaits_second"]
    result = page.context["result"]
    assert (result.entitled, result.voted, result.valid, result.invalid) == (5, 5, 4, 1)
    assert (result.base, result.needed, result.outcome) == (4, 3, "elected")
    # Who entered the count may not certify it.
    assert step(client, "assemblies:poll-step", poll.pk, "certify").status_code == 403
    client.force_login(conf.second)
    assert step(client, "assemblies:poll-step", poll.pk, "certify").status_code == 302
    poll.refresh_from_db()
    assert poll.state == "certified" and poll.certified_by == conf.second
    body = Body.objects.get(branch=conf.conference.branch, kind=Body.Kind.AUDIT_COMMISSION)
    seated = set(Post.objects.filter(body=body).values_list("person_id", flat=True))
    assert seated == {conf.members[5].pk, conf.members[6].pk}
    text = client.get(url("assemblies:poll", poll.pk)).content.decode()
    assert "elected" in text and "paper ballots" in text.lower()


def test_a_paper_count_that_does_not_add_up_is_refused_on_the_page(client, conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    actions.close_poll(actor=conf.office, poll=poll)
    client.force_login(conf.office)
    protocol = SimpleUploadedFile("protocol.pdf", PDF, content_type="application/pdf")
    refused = client.post(
        url("assemblies:poll-step", poll.pk, "paper"),
        {
            "paper-votes_1": "3",
            "paper-votes_2": "0",
            "paper-votes_3": "0",
            "paper-valid": "4",
            "paper-invalid_ballots": "0",
            "paper-protocol": protocol,
        },
    )
    assert refused.status_code == 400
    assert "do not add up" in refused.content.decode()
    assert Poll.objects.get(pk=poll.pk).entered_by is None


def test_closing_the_primaries_vote_on_its_page_closes_the_campaign_too(client, conf, tree):
    from esep.assemblies.models import Campaign, Elector, Option
    from esep.deputies.models import Level, RepresentativeBody

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
        state=Campaign.State.VOTING,
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
    actions.cast(actor=conf.voters[0], poll=poll, choices=[poll.options.get(number=2)])
    client.force_login(conf.office)
    page = client.get(url("assemblies:poll", poll.pk, language="ru"))
    assert page.status_code == 200 and {s.name for s in page.context["steps"]} == {"close"}
    assert step(client, "assemblies:poll-step", poll.pk, "close").status_code == 302
    campaign.refresh_from_db()
    poll.refresh_from_db()
    assert (campaign.state, poll.state, poll.result.outcome) == ("counted", "closed", "ranked")
    client.force_login(conf.outsider)
    assert client.get(url("assemblies:poll", poll.pk)).status_code == 404


def test_the_console_is_reached_from_the_conference_page_before_the_day(client, conf):
    """Before the roll is frozen the office reaches the console from the conference's page
    too: it shows the roll and the quorum as they stand, with nobody to register yet."""
    client.force_login(conf.office)
    page = client.get(reverse("assemblies:conference", args=[conf.conference.code]))
    console = reverse("assemblies:console", args=[conf.conference.code])
    assert console.encode() in page.content
    response = client.get(console)
    assert response.status_code == 200
    # The roll as it stands: five delegates elected, nobody registered yet.
    assert (response.context["roll"], response.context["registered"]) == (5, 0)
