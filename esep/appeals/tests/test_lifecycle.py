import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esep.appeals import actions
from esep.appeals.lifecycle import LIFECYCLE, OPEN_STATUSES, Status, Transition
from esep.appeals.models import Appeal, CalendarDay
from esep.appeals.tests.factories import register
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC


def test_friday_before_nauryz_is_due_after_the_holidays(place, tree):
    # Friday 19 March 2021, 10:00 in Atyrau: registered that day. 22-24 March are Nauryz
    # and its observed day, so the working days are 25, 26, 29, 30, 31 March, 1, 2, 5-9,
    # 12, 13 and 14 April: due on the 14th.
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    assert appeal.registered_on == dt.date(2021, 3, 19)
    assert appeal.due_on == dt.date(2021, 4, 14)


def test_after_hours_arrival_is_registered_next_working_day(place, tree):
    # 20:00 in Atyrau on Friday 19 March 2021 → registered Thursday 25 March.
    appeal = register(place, dt.datetime(2021, 3, 19, 15, 0, tzinfo=UTC), tree.members["atyrau"])
    assert appeal.registered_on == dt.date(2021, 3, 25)


def test_the_decreed_working_saturday_counts(place, tree):
    # Friday 25 June 2021: 28-30 June, 1-3 July (Saturday the 3rd worked by decree), 5-6
    # July off (the 3rd's day off and Capital Day), then 7-9 and 12-16 and 19 July.
    appeal = register(place, dt.datetime(2021, 6, 25, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    assert appeal.due_on == dt.date(2021, 7, 19)


def test_an_admin_added_day_off_moves_the_deadline(place, tree):
    CalendarDay.objects.create(day=dt.date(2021, 4, 12), kind="day_off", note="Decree")
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    assert appeal.due_on == dt.date(2021, 4, 15)


def test_numbers_are_readable_and_sequential_per_branch_and_year(place, tree):
    first = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    second = register(place, dt.datetime(2021, 3, 19, 6, 0, tzinfo=UTC), tree.members["atyrau"])
    assert (first.number, second.number) == ("ATYRAU-2021-00001", "ATYRAU-2021-00002")
    assert first.tracking_code != second.tracking_code and len(first.tracking_code) == 10
    assert not set(first.tracking_code) & set("0O1IL2Z5S8B")


def test_anonymous_appeal_is_registered_but_not_considered(place):
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC))
    assert appeal.is_anonymous and not appeal.is_considered
    crime = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), reports_crime=True)
    assert crime.is_considered


def test_the_full_path_leaves_a_timeline(place, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    actions.start_work(actor=officer, appeal=appeal)
    actions.record_answer(
        actor=officer, appeal=appeal, outcome="resolved_positively", answer="Жөнделді"
    )
    actions.close_appeal(actor=officer, appeal=appeal)
    actions.reopen_on_dispute(actor=None, appeal=appeal, reason="Жөнделмеді")
    steps = list(appeal.events.values_list("action", "from_status", "to_status"))
    assert steps == [
        ("registered", "", "registered"),
        ("assign", "registered", "assigned"),
        ("start", "assigned", "in_progress"),
        ("answer", "in_progress", "answered"),
        ("close", "answered", "closed"),
        ("reopen", "closed", "in_progress"),
    ]
    appeal.refresh_from_db()
    assert (appeal.status, appeal.outcome, appeal.closed_at) == ("in_progress", "", None)


def test_a_forbidden_transition_is_a_clear_error_and_changes_nothing(place, tree):
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    with pytest.raises(ValidationError) as exc:
        actions.close_appeal(actor=None, appeal=appeal)
    assert exc.value.code == "forbidden_transition"
    appeal.refresh_from_db()
    assert appeal.status == "registered" and appeal.events.count() == 1


def test_a_change_from_a_stale_copy_is_refused(place, tree):
    officer = user_with_role("reception_officer", tree.atyrau)
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    stale = Appeal.objects.get(pk=appeal.pk)
    actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
    with pytest.raises(actions.StaleAppeal):
        actions.assign_appeal(actor=officer, appeal=stale, assignee=officer)
    assert Appeal.objects.get(pk=appeal.pk).events.count() == 2


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(list(Transition)), max_size=12))
def test_no_sequence_of_actions_reaches_an_invalid_state(place, tree, steps):
    officer = user_with_role("reception_officer", tree.atyrau, "hyp-officer")
    appeal = register(place, dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC), tree.members["atyrau"])
    calls = {
        Transition.ASSIGN: lambda: actions.assign_appeal(
            actor=officer, appeal=appeal, assignee=officer
        ),
        Transition.START: lambda: actions.start_work(actor=officer, appeal=appeal),
        Transition.ANSWER: lambda: actions.record_answer(
            actor=officer, appeal=appeal, outcome="explained", answer="Түсіндірілді"
        ),
        Transition.CLOSE: lambda: actions.close_appeal(actor=officer, appeal=appeal),
        Transition.REOPEN: lambda: actions.reopen_on_dispute(actor=None, appeal=appeal, reason="r"),
    }
    expected: str = Status.REGISTERED
    for step in steps:
        sources, target = LIFECYCLE.transitions[step]
        try:
            calls[step]()
        except ValidationError:
            assert expected not in sources
        else:
            assert expected in sources
            expected = target
        stored = Appeal.objects.get(pk=appeal.pk)
        assert stored.status == expected
        # Invariants of every reachable state.
        assert (stored.status in ("answered", "closed")) == bool(stored.outcome)
        assert (stored.status == "closed") == (stored.closed_at is not None)
        assert stored.status in OPEN_STATUSES or stored.answered_at is not None
    assert appeal.events.count() == 1 + sum(
        1 for e in appeal.events.all() if e.action != "registered"
    )
