import datetime as dt
from datetime import UTC

import pytest
import time_machine
from django.core.exceptions import ValidationError

from esep.appeals import actions
from esep.appeals.tests.factories import StateBodyFactory, register
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_progress(place, tree):
    officer = user_with_role("reception_officer", tree.atyrau, "fwd-officer")
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    return appeal


def test_forwarding_and_the_bodys_answer_are_on_the_timeline(in_progress):
    body = StateBodyFactory.create()
    forwarding = actions.forward_to_state_body(
        actor=None,
        appeal=in_progress,
        state_body=body,
        outgoing_reference="01-12/345",
        sent_on=dt.date(2021, 3, 25),
    )
    actions.record_body_answer(
        actor=None, forwarding=forwarding, answer="Жол жөнделеді", answered_on=dt.date(2021, 4, 2)
    )
    actions_seen = list(in_progress.events.values_list("action", flat=True))
    assert actions_seen[-2:] == ["forwarded", "body_answered"]
    assert in_progress.status == "in_progress"


def test_handover_outside_competence_later_than_three_working_days_is_flagged(in_progress):
    body = StateBodyFactory.create()
    actions.forward_to_state_body(
        actor=None,
        appeal=in_progress,
        state_body=body,
        outgoing_reference="A-1",
        sent_on=dt.date(2021, 3, 29),
        outside_competence=True,
        applicant_told_on=dt.date(2021, 3, 29),
    )
    # Registered 19 March; three working days (25, 26, 29 March) end on the 29th: on time.
    assert in_progress.events.last().data["late"] is False
    actions.forward_to_state_body(
        actor=None,
        appeal=in_progress,
        state_body=body,
        outgoing_reference="A-2",
        sent_on=dt.date(2021, 3, 30),
        outside_competence=True,
        applicant_told_on=dt.date(2021, 3, 29),
    )
    assert in_progress.events.last().data["late"] is True


def test_a_handover_must_say_when_the_applicant_was_told(in_progress):
    with pytest.raises(ValidationError) as exc:
        actions.forward_to_state_body(
            actor=None,
            appeal=in_progress,
            state_body=StateBodyFactory.create(),
            outgoing_reference="A-3",
            sent_on=dt.date(2021, 3, 26),
            outside_competence=True,
        )
    assert exc.value.code == "applicant_not_told"
    assert not in_progress.forwardings.exists()


def test_only_an_appeal_in_progress_is_forwarded(place, tree):
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    with pytest.raises(ValidationError):
        actions.forward_to_state_body(
            actor=None,
            appeal=appeal,
            state_body=StateBodyFactory.create(),
            outgoing_reference="x",
            sent_on=dt.date(2021, 3, 25),
        )


@time_machine.travel(dt.datetime(2021, 4, 5, 6, 0, tzinfo=UTC))
def test_branch_head_extends_with_reasons_up_to_two_months(in_progress, tree):
    head = user_with_role("branch_head", tree.atyrau, "ext-head")
    extension = actions.extend_deadline(
        actor=head, appeal=in_progress, new_due_on=dt.date(2021, 5, 14), reason="Сараптама қажет"
    )
    assert in_progress.due_on == dt.date(2021, 5, 14)
    # Decided Monday 5 April: the applicant must be told by Thursday 8 April.
    assert extension.notify_by == dt.date(2021, 4, 8)
    with pytest.raises(ValidationError) as exc:
        actions.extend_deadline(
            actor=head, appeal=in_progress, new_due_on=dt.date(2021, 5, 20), reason="Тағы"
        )
    assert exc.value.code == "too_long"  # registered 19 March: 19 May at the latest
    actions.record_applicant_notified(
        actor=head, extension=extension, notified_on=dt.date(2021, 4, 9)
    )
    assert in_progress.events.last().data == {"late": True}


def test_an_officer_cannot_extend(in_progress, tree):
    officer = user_with_role("reception_officer", tree.atyrau, "ext-officer")
    with pytest.raises(ValidationError) as exc:
        actions.extend_deadline(
            actor=officer, appeal=in_progress, new_due_on=dt.date(2021, 5, 1), reason="x"
        )
    assert exc.value.code == "not_branch_head"


def test_an_extension_needs_a_reason(in_progress, tree):
    head = user_with_role("branch_head", tree.atyrau, "ext-head2")
    with pytest.raises(ValidationError):
        actions.extend_deadline(
            actor=head, appeal=in_progress, new_due_on=dt.date(2021, 5, 1), reason=" "
        )
