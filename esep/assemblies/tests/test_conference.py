"""A conference from its roll to the certified election: quotas, the frozen roll, registration
and quorum, polls open and secret, one vote per delegate, receipts, the paper count, the
bodies' new composition, the log and its check, the minutes."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, IntegrityError, connection, transaction

from esep.assemblies import actions
from esep.assemblies.models import (
    Ballot,
    Conference,
    Delegate,
    Entitled,
    LogEntry,
    Participation,
    Poll,
    Result,
)
from esep.assemblies.tests.running import (
    audit_election,
    certified_conference,
    in_session,
    motion,
    option,
    refused,
    without_triggers,
)
from esep.assemblies.verify import verify
from esep.org.models import Body, Post
from esep.org.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------- the roll


def test_quotas_come_from_active_members_by_the_rule(conf, tree):
    conf.conference.members_per_delegate = 4
    conf.conference.save()
    (quota,) = actions.count_quotas(actor=conf.office, conference=conf.conference)
    # 10 members at one per 4, rounded half up: 2.5 → 3.
    assert (quota.branch, quota.members, quota.seats) == (tree.atyrau_city, 10, 3)


def test_a_delegate_is_an_active_member_within_the_quota(conf, tree):
    refused(
        "not_member",
        actions.add_delegate,
        actor=conf.office,
        conference=conf.conference,
        person=conf.newcomer,
        branch=conf.city,
        elected_on=dt.date(2021, 12, 20),
    )
    refused(
        "duplicate",
        actions.add_delegate,
        actor=conf.office,
        conference=conf.conference,
        person=conf.members[0],
        branch=conf.city,
        elected_on=dt.date(2021, 12, 20),
    )
    actions.set_quota(actor=conf.office, quota=conf.conference.quotas.get(), seats=5)
    refused(
        "quota_filled",
        actions.add_delegate,
        actor=conf.office,
        conference=conf.conference,
        person=conf.members[6],
        branch=conf.city,
        elected_on=dt.date(2021, 12, 20),
    )


def test_the_frozen_roll_is_published_as_a_digest_and_closed_to_changes(conf):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    conference = Conference.objects.get(pk=conf.conference.pk)
    assert conference.state == "frozen" and len(conference.roll_digest) == 64
    assert conference.roll_digest == actions.roll_digest(conference)
    refused(
        "roll_frozen",
        actions.add_delegate,
        actor=conf.office,
        conference=conference,
        person=conf.members[6],
        branch=conf.city,
        elected_on=dt.date(2021, 12, 20),
    )
    refused(
        "roll_frozen",
        actions.remove_delegate,
        actor=conf.office,
        delegate=conf.delegates[0],
        reason="ауырып қалды",
    )


# ---------------------------------------------------------------- registration and quorum


def test_a_delegate_registers_online_themself_and_the_secretary_marks_the_hall(conf):
    actions.freeze_roll(actor=conf.office, conference=conf.conference)
    actions.open_conference(actor=conf.office, conference=conf.conference)
    own = actions.register(actor=conf.voters[0], delegate=conf.delegates[0], attendance="online")
    assert own.attendance == "online" and own.registered_at is not None
    # A delegate cannot mark someone else, nor themself "in the hall".
    refused(
        "denied",
        actions.register,
        actor=conf.voters[0],
        delegate=conf.delegates[1],
        attendance="online",
    )
    refused(
        "denied",
        actions.register,
        actor=conf.voters[1],
        delegate=conf.delegates[1],
        attendance="in_person",
    )
    hall = actions.register(actor=conf.office, delegate=conf.delegates[1], attendance="in_person")
    assert hall.registered_by == conf.office


def test_a_poll_opens_only_with_the_quorum(conf):
    in_session(conf, registered=2)  # 2 of 5: not more than half
    poll = motion(conf)
    assert actions.quorum(conf.conference) == (2, 5, 3, False)
    refused("no_quorum", actions.open_poll, actor=conf.office, poll=poll)
    actions.register(actor=conf.voters[2], delegate=conf.delegates[2], attendance="online")
    assert actions.quorum(conf.conference) == (3, 5, 3, True)
    assert actions.open_poll(actor=conf.office, poll=poll).state == "open"


# ---------------------------------------------------------------- voting


def test_one_vote_per_delegate_is_the_databases(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    actions.cast(actor=conf.voters[0], poll=poll, choices=[option(poll, 1)])
    refused(
        "already_voted", actions.cast, actor=conf.voters[0], poll=poll, choices=[option(poll, 2)]
    )
    assert poll.ballots.count() == 1 and poll.participations.count() == 1
    # Past the action, the table itself refuses a second participation.
    with pytest.raises(IntegrityError), transaction.atomic():
        Participation.objects.create(poll=poll, person=conf.delegates[0].person, channel="online")


def test_only_registered_delegates_vote_and_only_while_open(conf, tree):
    in_session(conf, registered=4)
    poll = motion(conf)
    refused(
        "poll_not_open", actions.cast, actor=conf.voters[0], poll=poll, choices=[option(poll, 1)]
    )
    actions.open_poll(actor=conf.office, poll=poll)
    refused(
        "not_registered", actions.cast, actor=conf.voters[4], poll=poll, choices=[option(poll, 1)]
    )
    refused("not_entitled", actions.cast, actor=conf.office, poll=poll, choices=[option(poll, 1)])
    refused(
        "one_answer",
        actions.cast,
        actor=conf.voters[0],
        poll=poll,
        choices=[option(poll, 1), option(poll, 2)],
    )


def test_a_secret_ballot_cannot_be_joined_to_its_voter(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=audit_election(conf))
    for voter, choice in zip(conf.voters, [1, 2, 1, 3, 2], strict=True):
        actions.cast(actor=voter, poll=poll, choices=[option(poll, choice)])
    actions.close_poll(actor=conf.office, poll=poll)
    # No column of a ballot leads to a person, a delegate, a participation or a time…
    ballot_columns = {f.column for f in Ballot._meta.concrete_fields}
    assert ballot_columns == {"id", "poll_id", "voter_id", "receipt"}
    assert not Ballot.objects.filter(poll=poll, voter__isnull=False).exists()
    # …and nothing of a participation orders it: a random id and no time.
    participation_columns = {f.column for f in Participation._meta.concrete_fields}
    assert participation_columns == {"id", "poll_id", "person_id", "channel"}
    # The ballots reach the log when the poll closes, in the order of their receipts — not
    # the order the delegates voted in.
    logged = list(
        LogEntry.objects.filter(chain="atyrau-33", kind="ballot")
        .order_by("seq")
        .values_list("payload", flat=True)
    )
    assert [p["receipt"] for p in logged] == sorted(poll.ballots.values_list("receipt", flat=True))
    assert all(set(p) == {"poll", "receipt", "choices"} for p in logged)


def test_an_open_vote_is_named_and_logged_as_cast(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    ballot = actions.cast(actor=conf.voters[0], poll=poll, choices=[option(poll, 1)])
    assert ballot.voter == conf.delegates[0].person
    entry = LogEntry.objects.filter(chain="atyrau-33", kind="ballot").get()
    assert entry.payload == {
        "poll": poll.pk,
        "receipt": ballot.receipt,
        "choices": [1],
        "voter": ballot.voter.pk,
    }


def test_each_receipt_is_found_with_its_choices_in_the_published_list(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=audit_election(conf))
    receipts = [
        actions.cast(actor=voter, poll=poll, choices=[option(poll, 1), option(poll, 3)]).receipt
        for voter in conf.voters[:3]
    ]
    refused(
        "too_many",
        actions.cast,
        actor=conf.voters[3],
        poll=poll,
        choices=[option(poll, 1), option(poll, 2), option(poll, 3)],
    )
    published = dict(actions.ballot_rows(poll))
    assert all(published[r] == [1, 3] for r in receipts)


def test_closing_saves_the_entitled_and_computes_the_result(conf):
    in_session(conf, registered=4)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, base="elected"))
    for voter in conf.voters[:3]:
        actions.cast(actor=voter, poll=poll, choices=[option(poll, 1)])
    actions.cast(actor=conf.voters[3], poll=poll, choices=[option(poll, 2)])
    actions.close_poll(actor=conf.office, poll=poll)
    assert set(Entitled.objects.filter(poll=poll).values_list("person_id", flat=True)) == {
        d.person_id for d in conf.delegates[:4]
    }
    result = Result.objects.get(poll=poll)
    # 3 yes of the 5 elected delegates: more than half of all of them.
    assert (result.entitled, result.roll, result.voted, result.base, result.needed) == (
        4,
        5,
        4,
        5,
        3,
    )
    assert result.outcome == "adopted" and option(poll, 1).votes == 3
    refused(
        "poll_not_open", actions.cast, actor=conf.voters[4], poll=poll, choices=[option(poll, 1)]
    )


def test_the_counting_commissions_paper_count_is_certified_by_another(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=audit_election(conf))
    actions.cast(actor=conf.voters[0], poll=poll, choices=[option(poll, 1)])
    actions.close_poll(actor=conf.office, poll=poll)
    protocol = SimpleUploadedFile(
        "хаттама.pdf", b"%PDF-1.4 protocol", content_type="application/pdf"
    )
    refused(
        "does_not_add_up",
        actions.enter_paper_count,
        actor=conf.office,
        poll=poll,
        votes={1: 4, 2: 4, 3: 1},
        valid=4,
        invalid_ballots=0,
        protocol=protocol,
    )
    refused(
        "more_than_entitled",
        actions.enter_paper_count,
        actor=conf.office,
        poll=poll,
        votes={1: 4, 2: 1},
        valid=5,
        invalid_ballots=0,
        protocol=protocol,
    )
    result = actions.enter_paper_count(
        actor=conf.office,
        poll=poll,
        votes={1: 3, 2: 3},
        valid=3,
        invalid_ballots=1,
        protocol=protocol,
    )
    poll.refresh_from_db()
    assert poll.source == "mixed" and len(poll.protocol_digest) == 64
    # 1 online + 3 paper valid ballots, 1 invalid; candidate 1: 4 votes of 4, candidate 2: 3.
    assert (result.voted, result.valid, result.invalid, result.needed) == (5, 4, 1, 3)
    assert (option(poll, 1).votes, option(poll, 2).votes, option(poll, 3).votes) == (4, 3, 0)
    assert result.outcome == "elected"
    refused("four_eyes", actions.certify, actor=conf.office, poll=poll)
    assert actions.certify(actor=conf.second, poll=poll).state == "certified"


def test_certifying_an_election_gives_the_body_its_new_composition(conf, tree):
    old = Body.objects.create(branch=tree.atyrau, kind=Body.Kind.AUDIT_COMMISSION, seats=3)
    sitting = Post.objects.create(
        body=old, person=conf.members[9], position="chair", started_on=dt.date(2019, 1, 10)
    )
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=audit_election(conf, seats=2, candidates=3))
    for voter, choices in zip(conf.voters, [[1, 2], [1, 2], [1, 3], [2], [1]], strict=True):
        actions.cast(actor=voter, poll=poll, choices=[option(poll, n) for n in choices])
    actions.close_poll(actor=conf.office, poll=poll)
    actions.certify(actor=conf.office, poll=poll)
    body = Body.objects.get(branch=tree.atyrau, kind=Body.Kind.AUDIT_COMMISSION)
    assert body.seats == 2
    sitting.refresh_from_db()
    assert sitting.ended_on == dt.date(2022, 1, 13)
    current = Post.objects.filter(body=body).current(dt.date(2022, 1, 14))
    assert {p.person for p in current} == {conf.members[5], conf.members[6]}
    assert all(p.started_on == dt.date(2022, 1, 14) for p in current)


def test_outsiders_run_nothing(conf):
    refused("denied", actions.freeze_roll, actor=conf.outsider, conference=conf.conference)
    refused(
        "denied",
        actions.add_delegate,
        actor=conf.outsider,
        conference=conf.conference,
        person=conf.members[6],
        branch=conf.city,
        elected_on=dt.date(2021, 12, 20),
    )
    refused(
        "denied",
        actions.create_poll,
        actor=conf.outsider,
        item=conf.report,
        kind="open",
        name_kk="а",
        name_ru="б",
    )
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    refused("denied", actions.close_poll, actor=conf.outsider, poll=poll)
    refused("denied", actions.close_poll, actor=conf.voters[0], poll=poll)


# ---------------------------------------------------------------- the log


def verify_log(code="atyrau-33"):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify-log", code, stdout=out, stderr=err)
    except CommandError as failed:
        return 1, out.getvalue(), err.getvalue() + str(failed)
    return 0, out.getvalue(), err.getvalue()


def test_the_log_and_the_records_agree(conf):
    certified_conference(conf)
    status, out, err = verify_log()
    assert status == 0, err
    assert "atyrau-33" in out


def test_the_log_is_append_only(conf):
    certified_conference(conf)
    entry = LogEntry.objects.filter(chain="atyrau-33").earliest("seq")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        LogEntry.objects.filter(pk=entry.pk).update(kind="changed")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        Ballot.objects.all().delete()


def test_a_tampered_log_entry_is_found(conf):
    certified_conference(conf)
    entry = LogEntry.objects.filter(chain="atyrau-33", kind="poll_result").earliest("seq")
    payload = dict(entry.payload, outcome="rejected")
    from esep.assemblies.log import canonical

    without_triggers(
        "UPDATE assemblies_logentry SET payload = %s WHERE id = %s", [canonical(payload), entry.pk]
    )
    status, _out, err = verify_log()
    assert status == 1
    assert f"#{entry.seq}" in err


def test_a_changed_ballot_is_found(conf):
    _report, election = certified_conference(conf)
    ballot = election.ballots.first()
    two = option(election, 2).pk
    three = option(election, 3).pk
    without_triggers(
        "UPDATE assemblies_ballot_choices SET option_id = %s WHERE ballot_id = %s AND option_id = %s",
        [three, ballot.pk.hex if connection.vendor == "sqlite" else ballot.pk, two],
    )
    report = verify("atyrau-33")
    assert not report.ok
    assert verify_log()[0] == 1


def test_a_changed_roll_is_found(conf):
    certified_conference(conf)
    Delegate.objects.filter(pk=conf.delegates[0].pk).update(branch=conf.conference.branch)
    assert not verify("atyrau-33").ok


def test_an_unknown_code_is_a_clear_error():
    status, _out, err = verify_log("nowhere-1")
    assert status == 1 and "nowhere-1" in err


# ---------------------------------------------------------------- minutes


def test_minutes_are_drafted_in_kazakh_and_russian_edited_and_signed(conf):
    certified_conference(conf)
    minutes = actions.draft_minutes(actor=conf.office, conference=conf.conference)
    assert "Отчёт политического совета" in minutes.text_ru
    assert "Саяси кеңестің есебі" in minutes.text_kk
    elected = f"{conf.members[5]}"
    assert elected in minutes.text_ru and elected in minutes.text_kk
    minutes = actions.edit_minutes(
        actor=conf.office,
        minutes=minutes,
        text_kk=minutes.text_kk + "\nҚосымша.",
        text_ru=minutes.text_ru,
    )
    minutes = actions.sign_minutes(actor=conf.office, minutes=minutes)
    assert minutes.digest == actions.minutes_digest(minutes)
    refused(
        "signed", actions.edit_minutes, actor=conf.office, minutes=minutes, text_kk="x", text_ru="y"
    )
    refused("signed", actions.draft_minutes, actor=conf.office, conference=conf.conference)
    assert verify("atyrau-33").ok


def test_a_poll_cannot_be_certified_before_it_closes(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf))
    refused("wrong_state", actions.certify, actor=conf.office, poll=poll)
    assert Poll.objects.get(pk=poll.pk).state == "open"


def test_members_outside_the_quota_are_refused_without_a_quota(conf, tree):
    rudny = MembershipFactory.create(branch=tree.rudny).person
    refused(
        "no_quota",
        actions.add_delegate,
        actor=conf.office,
        conference=conf.conference,
        person=rudny,
        branch=tree.rudny,
        elected_on=dt.date(2021, 12, 20),
    )


def test_a_public_check_of_a_log_is_kept_a_minute_only_while_the_log_stands_still(conf):
    from esep.assemblies.verify import checked

    in_session(conf)
    first = checked("atyrau-33")
    assert first.ok and checked("atyrau-33") is not None
    entries = first.entries
    poll = motion(conf)
    # The log grew: the check is made anew.
    assert checked("atyrau-33").entries > entries
    assert poll.pk
