"""Ballots under real concurrency (PostgreSQL): the same delegate voting from two devices at
once gets one ballot in; many delegates voting at once all get theirs in; a ballot racing the
poll's closing is either counted or refused, never left outside the count."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from esep.assemblies import actions
from esep.assemblies.models import Ballot, Participation, Poll, Result
from esep.assemblies.tests.running import in_session, motion, option

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks under real concurrency: the PostgreSQL pass runs this")


def run_at_once(*calls):
    barrier = threading.Barrier(len(calls))
    outcomes: list[str] = []

    def work(call):
        barrier.wait()
        try:
            call()
            outcomes.append("saved")
        except ValidationError as refused:
            outcomes.append(refused.error_list[0].code or "refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(outcomes)


def test_one_delegate_voting_twice_at_once_gets_one_ballot(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    yes, no = option(poll, 1), option(poll, 2)
    voter = conf.voters[0]
    outcomes = run_at_once(
        lambda: actions.cast(actor=voter, poll=poll, choices=[yes]),
        lambda: actions.cast(actor=voter, poll=poll, choices=[no]),
    )
    assert outcomes == ["already_voted", "saved"]
    assert Participation.objects.filter(poll=poll).count() == 1
    assert Ballot.objects.filter(poll=poll).count() == 1


def test_many_delegates_voting_at_once_all_count(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    yes = option(poll, 1)
    outcomes = run_at_once(
        *[lambda v=v: actions.cast(actor=v, poll=poll, choices=[yes]) for v in conf.voters]
    )
    assert outcomes == ["saved"] * 5
    actions.close_poll(actor=conf.office, poll=poll)
    assert Result.objects.get(poll=poll).valid == 5


def test_a_ballot_racing_the_close_is_counted_or_refused(conf):
    in_session(conf)
    poll = actions.open_poll(actor=conf.office, poll=motion(conf, kind="secret"))
    yes = option(poll, 1)
    outcomes = run_at_once(
        lambda: actions.cast(actor=conf.voters[0], poll=poll, choices=[yes]),
        lambda: actions.close_poll(actor=conf.office, poll=Poll.objects.get(pk=poll.pk)),
    )
    assert outcomes in (["saved", "saved"], ["poll_not_open", "saved"])
    # Whatever won, the count is the ballots in the table.
    assert Result.objects.get(poll=poll).valid == Ballot.objects.filter(poll=poll).count()
