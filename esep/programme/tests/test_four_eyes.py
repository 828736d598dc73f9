"""Nothing changes a promise's or a measure's status or verdict without both a proposal
with evidence and a second person's approval; the proposer cannot approve, in the actions
and in the database itself."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from esep.programme.models import Change, HistoryEntry, Observation, Status, Verdict
from esep.programme.plans import actions

EVIDENCE = {
    "kind": "official_release",
    "title": "Akimat's report for the third quarter",
    "url": "https://kostanay.gov.kz/report-q3",
    "publisher": "Kostanay oblast akimat",
    "published_on": dt.date(2022, 10, 5),
    "quote": "Water mains reached 41 villages.",
}


def propose(world, **kwargs):
    values = {
        "actor": world.monitor,
        "subject": world.measure,
        "status": Status.IN_PROGRESS,
        "reason": "Work began in 2022.",
        "evidence": [EVIDENCE],
    } | kwargs
    return actions.propose_change(**values)


def test_a_change_needs_evidence(world):
    with pytest.raises(ValidationError) as refused:
        propose(world, evidence=[])
    assert refused.value.error_dict["url"][0].code == "no_evidence"
    with pytest.raises(ValidationError):
        propose(world, evidence=[EVIDENCE | {"url": ""}])
    assert not Change.objects.exists()


def test_a_proposal_changes_nothing_until_approved(world):
    change = propose(world)
    world.measure.refresh_from_db()
    assert world.measure.status == Status.NOT_STARTED
    assert change.state == Change.State.PENDING
    assert not HistoryEntry.objects.exists()


def test_the_proposer_cannot_approve_their_own_change(world):
    change = propose(world, actor=world.head)
    with pytest.raises(ValidationError) as refused:
        actions.approve_change(actor=world.head, change=change)
    assert refused.value.code == "four_eyes"
    world.measure.refresh_from_db()
    assert world.measure.status == Status.NOT_STARTED


def test_the_database_refuses_a_change_decided_by_its_proposer(world):
    change = propose(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Change.objects.filter(pk=change.pk).update(
            state="approved", decided_by=world.monitor, decided_at=timezone.now()
        )


def test_a_monitor_proposes_and_the_head_approves(world):
    change = propose(world, verdict=Verdict.BROKEN, broken_reason="external_shock")
    entry = actions.approve_change(actor=world.head, change=change, note="Checked.")
    world.measure.refresh_from_db()
    assert (world.measure.status, world.measure.verdict) == ("in_progress", "broken")
    assert world.measure.broken_reason == "external_shock"
    assert (entry.old_status, entry.new_status) == ("not_started", "in_progress")
    assert (entry.old_verdict, entry.new_verdict) == ("not_rated", "broken")
    assert entry.proposed_by == world.monitor and entry.approved_by == world.head
    with pytest.raises(ValidationError):
        actions.approve_change(actor=world.head, change=change)


def test_a_monitor_cannot_approve_and_an_outsider_cannot_propose(world, tree):
    change = propose(world, actor=world.head)
    with pytest.raises(ValidationError):
        actions.approve_change(actor=world.monitor, change=change)
    with pytest.raises(ValidationError):
        propose(world, actor=world.atyrau_head)
    with pytest.raises(ValidationError):
        actions.approve_change(actor=world.atyrau_head, change=change)


def test_a_broken_verdict_needs_its_reason(world):
    with pytest.raises(ValidationError) as refused:
        propose(world, status="", verdict=Verdict.BROKEN)
    assert "broken_reason" in refused.value.message_dict


def test_a_returned_change_changes_nothing(world):
    change = propose(world)
    actions.return_change(actor=world.head, change=change, note="The report is a draft.")
    world.measure.refresh_from_db()
    assert world.measure.status == Status.NOT_STARTED
    assert Change.objects.get().state == Change.State.RETURNED
    assert not HistoryEntry.objects.exists()


def test_a_correction_is_a_new_entry_naming_the_one_it_corrects(world):
    first = actions.approve_change(actor=world.head, change=propose(world))
    correction = propose(
        world, status=Status.STALLED, reason="The work stopped in May.", corrects=first
    )
    second = actions.approve_change(actor=world.head, change=correction)
    assert second.corrects == first
    assert list(first.corrections.all()) == [second]
    assert HistoryEntry.objects.count() == 2


def test_a_later_value_for_the_same_period_replaces_the_earlier_one(world, tree):
    def record(value):
        return actions.record_observation(
            actor=world.monitor,
            indicator=world.indicator,
            territory=tree.kostanay.territory,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2022, 12, 31),
            value=Decimal(value),
            kind="provisional",
            source="Oblast statistics department",
        )

    first, second = record("70"), record("72.5")
    assert second.replaces == first
    assert list(Observation.objects.filter(replaced_by__isnull=True)) == [second]


def test_observations_outside_the_road_map_are_refused(world, tree):
    with pytest.raises(ValidationError) as refused:
        actions.record_observation(
            actor=world.monitor,
            indicator=world.indicator,
            territory=tree.atyrau.territory,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2022, 12, 31),
            value=Decimal("70"),
            source="Statistics",
        )
    assert "territory" in refused.value.message_dict
    with pytest.raises(ValidationError):
        actions.record_observation(
            actor=world.atyrau_head,
            indicator=world.indicator,
            territory=tree.kostanay.territory,
            period_start=dt.date(2022, 1, 1),
            period_end=dt.date(2022, 12, 31),
            value=Decimal("70"),
            source="Statistics",
        )
    assert not Observation.objects.exists()


def test_a_regional_office_and_a_monitor_open_the_national_promises_they_work_on(world, tree):
    from esep.org.tests.factories import user_with_role
    from esep.programme.models import Programme, Promise

    # The programme is the central office's; Kostanay's head and monitor work on it.
    for user in (world.head, world.monitor):
        assert world.promise in Promise.objects.visible_to(user)
        assert world.programme in Programme.objects.visible_to(user)
    contact = user_with_role("state_body_contact", tree.kostanay, "akimat-contact")
    assert not Promise.objects.visible_to(contact).exists()
    assert not Programme.objects.visible_to(contact).exists()
