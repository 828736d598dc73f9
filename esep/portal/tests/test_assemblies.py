"""The assemblies' public pages: the conferences with certified votes, a conference's page
(counts of certified polls only, the roll's SHA-256, the elected by name), a poll's published
ballots with the receipt search and the whole list as CSV, the log check that finds a
tampered entry with the log's entries and JSON, and the primaries' page with the list and
its rules — in kk, ru and en, without login, and never a voter, a delegate's name or anyone's
IIN, phone, e-mail, address or birth date on any page or file."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from esep.access.models import User
from esep.assemblies import actions
from esep.assemblies.log import GENESIS, canonical, digest_of
from esep.assemblies.models import Ballot, LogEntry, Poll
from esep.assemblies.tests.factories import build_conference, login_for
from esep.deputies.tests.factories import build_deputies
from esep.org.models import Body, Person
from esep.org.tests.factories import MembershipFactory, PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
LANGUAGES = ("kk", "ru", "en")


def url(name, *args, language="en"):
    with translation.override(language):
        return reverse(name, args=args)


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def assert_no_personal_data(content: bytes) -> None:
    """No one's IIN, phone, e-mail, address or birth date, and no voter key."""
    text = content.decode()
    for person in Person.objects.all():
        for value in (person.iin, person.phone, person.email):
            if value:
                assert value not in text, value
        if person.birth_date is not None:
            assert person.birth_date.strftime("%d.%m.%Y") not in text
            assert person.birth_date.isoformat() not in text
    assert "Абай даңғылы" not in text
    assert '"voter"' not in text and "&quot;voter&quot;" not in text


# ---------------------------------------------------------------- a conference held


def in_session(conf):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    for delegate in conf.delegates[:3]:
        actions.register(actor=conf.office, delegate=delegate, attendance="in_person")
    for voter, delegate in zip(conf.voters[3:], conf.delegates[3:], strict=True):
        actions.register(actor=voter, delegate=delegate, attendance="online")


def motion(conf, kind, name_ru):
    return actions.create_poll(
        actor=conf.office, item=conf.report, kind=kind, name_kk=name_ru, name_ru=name_ru
    )


def vote(conf, poll, numbers):
    """Each delegate in turn chooses the options `numbers[i]`; returns their receipts."""
    poll = actions.open_poll(actor=conf.office, poll=poll)
    return [
        actions.cast(
            actor=voter, poll=poll, choices=[poll.options.get(number=n) for n in chosen]
        ).receipt
        for voter, chosen in zip(conf.voters, numbers, strict=False)
    ]


SURNAMES = [
    "Абенов", "Бекова", "Дәулетов", "Ержанова", "Жұмабаев",
    "Исаева", "Қасымов", "Лесова", "Мұратов", "Нұрова",
]  # fmt: skip


@pytest.fixture
def conf(tree):
    """The conference of the assemblies' tests, its ten members each with a name of their
    own (so a name found on a page is that person's)."""
    conf = build_conference(tree)
    for person, surname in zip(conf.members, SURNAMES, strict=True):
        person.surname = surname
        person.save(update_fields=["surname"])
    return conf


@pytest.fixture
def held(conf):
    """The conference in session: the report adopted by secret ballot, an open (named) vote
    certified, the audit commission of two elected among three (the third no vote), and an
    open vote closed but not certified."""
    in_session(conf)
    report = motion(conf, "secret", "Утвердить отчёт")
    receipts = vote(conf, report, [[1], [1], [1], [2], [3]])
    actions.close_poll(actor=conf.office, poll=report)
    actions.certify(actor=conf.office, poll=report)
    named = motion(conf, "open", "Утвердить регламент")
    vote(conf, named, [[1]] * 5)
    actions.close_poll(actor=conf.office, poll=named)
    actions.certify(actor=conf.office, poll=named)
    election = actions.create_poll(
        actor=conf.office,
        item=conf.election,
        kind="election",
        name_kk="Бақылау-тексеру комиссиясы",
        name_ru="Контрольно-ревизионная комиссия",
        seats=2,
        body_kind=Body.Kind.AUDIT_COMMISSION,
    )
    for person in conf.members[5:8]:
        actions.nominate(
            actor=conf.office, poll=election, person=person, consent_on=dt.date(2022, 1, 10)
        )
    vote(conf, election, [[1, 2], [1, 2], [1, 2], [1], [2]])
    actions.close_poll(actor=conf.office, poll=election)
    actions.certify(actor=conf.office, poll=election)
    pending = motion(conf, "open", "Резолюция о будущем")
    vote(conf, pending, [[2], [2], [2], [2], [2]])
    actions.close_poll(actor=conf.office, poll=pending)
    for poll in (report, named, election, pending):
        poll.refresh_from_db()
    conf.report_poll, conf.named, conf.election_poll, conf.pending = (
        report,
        named,
        election,
        pending,
    )
    conf.receipts = receipts
    return conf


def test_the_conferences_list_those_with_a_certified_vote_in_every_language(client, held, tree):
    from esep.assemblies.models import Conference

    Conference.objects.create(
        code="kostanay-20",
        branch=tree.kostanay,
        number=20,
        kind=Conference.Kind.REGULAR,
        held_on=dt.date(2022, 3, 1),
        hall="Қостанай",
        name_kk="Қостанай конференциясы",
        name_ru="Костанайская конференция",
    )
    for language in LANGUAGES:
        response = client.get(url("portal:conferences", language=language))
        assert response.status_code == 200
        text = response.content.decode()
        with translation.override(language):
            assert held.conference.name in text
        assert url("portal:conference", "atyrau-33", language=language) in text
        # Nothing certified in Kostanay's: not listed.
        assert "kostanay-20" not in text
        assert_no_personal_data(response.content)
    with translation.override("en"):
        text = client.get(url("portal:conferences")).content.decode()
    # 5 elected, 3 in the hall, 2 online; quorum (more than half of 5) met.
    assert '<td class="num">5</td>' in text and '<td class="num">3</td>' in text
    assert '<td class="num">2</td>' in text and ">met<" in text


def test_the_home_page_links_to_the_conferences(client):
    response = client.get(url("portal:home"))
    assert url("portal:conferences").encode() in response.content


def test_a_conference_page_shows_certified_counts_and_the_elected_only(client, held):
    for language in LANGUAGES:
        response = client.get(url("portal:conference", "atyrau-33", language=language))
        assert response.status_code == 200
        content = response.content
        assert_no_personal_data(content)
        text = content.decode()
        assert held.conference.roll_digest in text
        # The elected by name; the candidate not elected and the delegates never.
        assert held.members[5].full_name in text and held.members[6].full_name in text
        assert held.members[7].full_name not in text
        for delegate in held.delegates:
            assert delegate.person.full_name not in text
        for poll in (held.report_poll, held.named, held.election_poll):
            assert url("portal:poll-ballots", poll.pk, language=language) in text
        # The poll not certified: its title and state, no link to its ballots.
        assert "Резолюция о будущем" in text
        assert url("portal:poll-ballots", held.pending.pk, language=language) not in text
        assert url("portal:assembly-log", "atyrau-33", language=language) in text
    english = client.get(url("portal:conference", "atyrau-33")).content.decode()
    assert "Adopted" in english and "All seats filled" in english
    assert "3 in the hall, 2 online" in english


def test_a_poll_not_certified_shows_no_counts(client, held):
    # The pending vote (5 votes for "no"): its part of the page, up to the next item.
    text = client.get(url("portal:conference", "atyrau-33")).content.decode()
    start = text.index("Резолюция о будущем")
    section = text[start : text.index("<h3", start)]
    assert "The result is published once it is certified." in section
    assert "Valid ballots" not in section and "Votes needed" not in section
    assert client.get(url("portal:poll-ballots", held.pending.pk)).status_code == 404
    assert client.get(url("portal:poll-ballots-file", held.pending.pk)).status_code == 404


def test_the_published_ballots_page_and_its_csv(client, held):
    poll = held.report_poll
    published = actions.ballot_rows(poll)
    for language in LANGUAGES:
        response = client.get(url("portal:poll-ballots", poll.pk, language=language))
        assert response.status_code == 200
        assert_no_personal_data(response.content)
        for receipt, _numbers in published:
            assert receipt.encode() in response.content
    response = client.get(url("portal:poll-ballots-file", poll.pk))
    assert response.streaming and response["Content-Type"].startswith("text/csv")
    content = body(response)
    assert_no_personal_data(content)
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["receipt", "choices", "labels"]
    assert [(r, [int(n) for n in c.split()]) for r, c, _label in rows[1:]] == published
    assert rows[1][2] in ("yes", "no", "abstain")


def test_the_ballots_are_paged_never_all_at_once(client, held, monkeypatch):
    from esep.portal import assemblies

    monkeypatch.setattr(assemblies, "PER_PAGE", 2)
    poll = held.report_poll
    published = actions.ballot_rows(poll)
    first = client.get(url("portal:poll-ballots", poll.pk)).content.decode()
    last = client.get(url("portal:poll-ballots", poll.pk) + "?page=3").content.decode()
    assert published[0][0] in first and published[2][0] not in first
    assert published[4][0] in last and published[0][0] not in last
    # The file reads a batch at a time, in the order of the receipts.
    monkeypatch.setattr(assemblies, "BATCH", 2)
    assert list(assemblies.published_rows(poll)) == published


def test_a_voter_finds_their_receipt_with_their_choices(client, held):
    poll = held.report_poll
    mine = held.receipts[3]  # the fourth delegate voted "no"
    page = url("portal:poll-ballots", poll.pk)
    found = client.get(page, {"receipt": mine.upper()}).content.decode()
    assert "Found: this ballot is in the published list" in found
    assert "2. No" in found[found.index("Found:") :].split("</p>")[0]
    other = held.election_poll.ballots.first().receipt
    missing = client.get(page, {"receipt": other}).content.decode()
    assert "Not found: no ballot of this vote has this receipt." in missing
    wrong = client.get(page, {"receipt": "not-a-receipt"}).content.decode()
    assert "A receipt has 64 characters" in wrong
    with translation.override("ru"):
        russian = client.get(url("portal:poll-ballots", poll.pk, language="ru"), {"receipt": mine})
    assert mine.encode() in russian.content


def test_an_election_lists_the_elected_by_name_and_the_others_by_number(client, held):
    poll = held.election_poll
    text = client.get(url("portal:poll-ballots", poll.pk)).content.decode()
    assert held.members[5].full_name in text
    assert held.members[7].full_name not in text
    content = body(client.get(url("portal:poll-ballots-file", poll.pk)))
    assert held.members[7].full_name.encode() not in content


def test_the_named_vote_is_published_without_its_voters(client, held):
    poll = held.named
    assert LogEntry.objects.filter(kind="ballot", payload__poll=poll.pk).exists()
    assert all(
        "voter" in p
        for p in LogEntry.objects.filter(kind="ballot", payload__poll=poll.pk).values_list(
            "payload", flat=True
        )
    )
    for name in ("portal:poll-ballots", "portal:poll-ballots-file"):
        assert_no_personal_data(body(client.get(url(name, poll.pk))))
    for language in LANGUAGES:
        response = client.get(url("portal:assembly-log", "atyrau-33", language=language))
        assert_no_personal_data(response.content)
    assert_no_personal_data(body(client.get(url("portal:assembly-log-file", "atyrau-33"))))


def test_the_log_page_checks_the_log_as_verify_log_does(client, held):
    head = LogEntry.objects.filter(chain="atyrau-33").latest("seq")
    for language in LANGUAGES:
        response = client.get(url("portal:assembly-log", "atyrau-33", language=language))
        assert response.status_code == 200
        text = response.content.decode()
        assert head.digest in text
        assert f"<dd>{head.seq}</dd>" in text
    english = client.get(url("portal:assembly-log", "atyrau-33")).content.decode()
    assert "OK: the log and the records agree." in english
    assert "SHA-256 of the previous entry" in english


def test_the_log_file_lets_anyone_recompute_the_chain(client, held):
    response = client.get(url("portal:assembly-log-file", "atyrau-33"))
    assert response.streaming
    entries = json.loads(body(response))
    assert [e["seq"] for e in entries] == list(
        LogEntry.objects.filter(chain="atyrau-33").order_by("seq").values_list("seq", flat=True)
    )
    # A named vote's ballots are published without their voter: this page checks those.
    named = set(
        LogEntry.objects.filter(chain="atyrau-33", payload__has_key="voter").values_list(
            "seq", flat=True
        )
    )
    assert len(named) == 10
    prev = GENESIS
    for entry in entries:
        assert entry["prev"] == prev
        if entry["seq"] not in named:
            assert entry["digest"] == digest_of(
                prev, entry["chain"], entry["seq"], entry["kind"], entry["payload"]
            )
        prev = entry["digest"]


def without_triggers(sql: str, params=()):
    """Tampering as someone with the database's keys would: the triggers dropped first."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for table in ("assemblies_logentry", "assemblies_ballot_choices", "assemblies_ballot"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
            cursor.execute(sql, params)
        else:
            cursor.execute("SET session_replication_role = replica")
            cursor.execute(sql, params)
            cursor.execute("SET session_replication_role = DEFAULT")


def test_the_log_page_reports_a_tampered_entry(client, held):
    entry = LogEntry.objects.filter(chain="atyrau-33", kind="poll_result").earliest("seq")
    payload = dict(entry.payload, outcome="rejected")
    without_triggers(
        "UPDATE assemblies_logentry SET payload = %s WHERE id = %s", [canonical(payload), entry.pk]
    )
    for language in LANGUAGES:
        response = client.get(url("portal:assembly-log", "atyrau-33", language=language))
        assert response.status_code == 200
        with translation.override(language):
            named = gettext("Entry %(seq)s") % {"seq": entry.seq}
        assert f"{named}: ".encode() in response.content
    english = client.get(url("portal:assembly-log", "atyrau-33")).content.decode()
    assert "OK: the log and the records agree." not in english
    assert "problem" in english and "its content does not match its digest" in english


def test_unknown_codes_and_polls_are_404(client, held):
    for name, arg in [
        ("portal:conference", "nowhere-1"),
        ("portal:assembly-log", "nowhere-1"),
        ("portal:assembly-log-file", "nowhere-1"),
        ("portal:primaries", "nowhere-1"),
        ("portal:poll-ballots", 999999),
        ("portal:poll-ballots-file", 999999),
    ]:
        assert client.get(url(name, arg)).status_code == 404, name


def test_the_conference_page_reads_a_bounded_number_of_queries(
    client, held, django_assert_max_num_queries
):
    with django_assert_max_num_queries(15):
        client.get(url("portal:conference", "atyrau-33"))
    with django_assert_max_num_queries(10):
        client.get(url("portal:poll-ballots", held.election_poll.pk))


# ---------------------------------------------------------------- primaries


def document() -> SimpleUploadedFile:
    return SimpleUploadedFile("өтініш.pdf", b"%PDF-1.4 application", content_type="application/pdf")


CANDIDATES = ["Әлиев", "Бақытов", "Ғалымов", "Досова", "Есенов"]


@pytest.fixture
def primaries(tree):
    """Kostanay's primaries for the oblast maslikhat, renewing its 7th convocation: two of
    its deputies and three newcomers (two young, one a woman) registered; four places; the
    vote certified and the list formed."""
    council = build_deputies(tree)
    office = user_with_role("branch_head", tree.kostanay, "kostanay-office")
    returning = [council.mandates[1].person, council.mandates[2].person]
    for person in returning:
        MembershipFactory.create(person=person, branch=tree.kostanay)
    newcomers = [
        MembershipFactory.create(
            branch=tree.rudny, person=PersonFactory.create(birth_date=born, sex=sex)
        ).person
        for born, sex in [
            (dt.date(1995, 2, 1), "male"),
            (dt.date(1995, 3, 1), "female"),
            (dt.date(1970, 4, 1), "male"),
        ]
    ]
    for person, surname in zip(returning + newcomers, CANDIDATES, strict=True):
        person.surname = surname
        person.save(update_fields=["surname"])
    electors = [MembershipFactory.create(branch=tree.kostanay).person for _ in range(4)]
    campaign = actions.open_campaign(
        actor=office,
        branch=tree.kostanay,
        code="kostanay-primaries-2020",
        body=council.body,
        previous=council.convocation,
        nominations_close_on=dt.date(2020, 9, 1),
        vote_on=dt.date(2020, 9, 20),
        places=4,
        name_kk="Облыстық мәслихатқа праймериз",
        name_ru="Праймериз в областной маслихат",
        name_en="Primaries for the oblast maslikhat",
    )
    for person in returning + newcomers:
        candidate = actions.nominate_candidate(
            actor=office,
            campaign=campaign,
            person=person,
            nominated_on=dt.date(2020, 8, 20),
            consent_on=dt.date(2020, 8, 20),
            documents=document(),
        )
        actions.register_candidate(actor=office, candidate=candidate)
    return {
        "office": office,
        "campaign": campaign,
        "returning": returning,
        "newcomers": newcomers,
        "electors": electors,
        "council": council,
        "tree": tree,
    }


def form_the_list(world):
    office, campaign = world["office"], world["campaign"]
    newcomers, returning = world["newcomers"], world["returning"]
    poll = actions.start_vote(actor=office, campaign=campaign, choices=1)
    by_person = {o.person_id: o for o in poll.options.all()}
    plan = [newcomers[0]] * 4 + [newcomers[1]] * 3 + [newcomers[2]] * 2 + [returning[0]]
    voters = world["electors"] + newcomers + returning + [world["tree"].members["kostanay"]]
    for i, (voter, choice) in enumerate(zip(voters, plan, strict=False)):
        actor = User.objects.filter(person=voter).first() or login_for(voter, f"elector-{i}")
        actions.cast(actor=actor, poll=poll, choices=[by_person[choice.pk]])
    actions.close_vote(actor=office, campaign=campaign)
    actions.certify(actor=office, poll=Poll.objects.get(pk=poll.pk))
    actions.form_list(actor=office, campaign=campaign)
    return Poll.objects.get(pk=poll.pk)


def test_primaries_before_the_list_show_facts_and_registered_candidates(client, primaries):
    for language in LANGUAGES:
        response = client.get(url("portal:primaries", "kostanay-primaries-2020", language=language))
        assert response.status_code == 200
        text = response.content.decode()
        for person in primaries["returning"] + primaries["newcomers"]:
            assert person.full_name in text
        assert_no_personal_data(response.content)
    english = client.get(url("portal:primaries", "kostanay-primaries-2020")).content.decode()
    assert "Nomination" in english and "The list rules" not in english
    listed = client.get(url("portal:conferences")).content.decode()
    assert url("portal:primaries", "kostanay-primaries-2020") in listed


def test_primaries_show_the_list_in_order_and_its_rules(client, primaries):
    poll = form_the_list(primaries)
    newcomers, returning = primaries["newcomers"], primaries["returning"]
    for language in LANGUAGES:
        response = client.get(url("portal:primaries", "kostanay-primaries-2020", language=language))
        assert response.status_code == 200
        assert_no_personal_data(response.content)
        assert url(
            "portal:assembly-log", "kostanay-primaries-2020", language=language
        ).encode() in (response.content)
        assert url("portal:poll-ballots", poll.pk, language=language).encode() in response.content
    text = client.get(url("portal:primaries", "kostanay-primaries-2020")).content.decode()
    order = [text.index(p.full_name, text.index("The list")) for p in [*newcomers, returning[0]]]
    assert order == sorted(order)
    # 10 ballots cast; 2 of 4 young against 20%; 3 of 4 new against the 7th convocation.
    assert "<dt>Participants (ballots cast)</dt><dd>10</dd>" in text
    assert "50.0%" in text and "20%" in text and "kept" in text
    assert "75.0%" in text and "3 of 4 held no mandate of the party in convocation 7" in text
    assert "The list keeps its rules." in text


def test_primaries_whose_list_breaks_the_youth_rule_say_so(client, primaries):
    campaign = primaries["campaign"]
    campaign.young_share = 60
    campaign.save(update_fields=["young_share"])
    form_the_list(primaries)
    text = client.get(url("portal:primaries", campaign.code)).content.decode()
    assert "<strong>broken</strong>" in text and "The list breaks its rules." in text


def test_the_primaries_log_and_ballots_are_public_without_voters(client, primaries):
    poll = form_the_list(primaries)
    response = client.get(url("portal:assembly-log", "kostanay-primaries-2020"))
    assert response.status_code == 200
    assert b"OK: the log and the records agree." in response.content
    assert_no_personal_data(response.content)
    ballots = client.get(url("portal:poll-ballots", poll.pk))
    assert_no_personal_data(ballots.content)
    # The primaries' candidates are public: the ballot's lines by name.
    assert primaries["newcomers"][0].full_name.encode() in ballots.content
    assert Ballot.objects.filter(poll=poll).count() == 10
    assert_no_personal_data(body(client.get(url("portal:poll-ballots-file", poll.pk))))
