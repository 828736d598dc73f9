import datetime as dt
from datetime import UTC

import pytest
from django.core.exceptions import ValidationError

from esep.appeals import actions
from esep.appeals.models import Appeal
from esep.appeals.tests.factories import register
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
AT = dt.datetime(2021, 3, 19, 5, 0, tzinfo=UTC)


def test_a_group_of_similar_appeals_is_taken_under_control_and_escalated(place, tree):
    head = user_with_role("branch_head", tree.atyrau, "ctl-head")
    appeals = [register(place, AT, PersonFactory.create()) for _ in range(3)]
    group = actions.group_appeals(actor=head, appeals=appeals, title="Көше жарығы жоқ")
    control = actions.take_under_control(
        actor=head, group=group, deadline=dt.date(2021, 4, 30), reason="Жаппай шағым"
    )
    assert set(Appeal.objects.under_control()) == set(appeals)
    with pytest.raises(ValidationError):
        actions.take_under_control(
            actor=head, appeal=appeals[0], deadline=dt.date(2021, 4, 30), reason="x"
        )
    actions.escalate_control(actor=head, control=control, reason="Облыс деңгейі")
    control.refresh_from_db()
    assert control.branch == tree.central
    actions.release_control(actor=head, control=control, result="Шамдар орнатылды")
    assert not Appeal.objects.under_control().exists()
    steps = list(appeals[0].events.values_list("action", flat=True))
    assert steps == [
        "registered",
        "grouped",
        "taken_under_control",
        "control_escalated",
        "control_released",
    ]


def test_the_root_branch_cannot_escalate_further(place, tree):
    head = user_with_role("central_admin", tree.central, "ctl-admin")
    appeal = register(place, AT, PersonFactory.create())
    control = actions.take_under_control(
        actor=head, appeal=appeal, deadline=dt.date(2021, 4, 1), reason="r"
    )
    actions.escalate_control(actor=head, control=control, reason="up")
    with pytest.raises(ValidationError):
        actions.escalate_control(actor=head, control=control, reason="up again")


def test_a_repeat_appeal_is_linked_to_the_answer_it_contests(place, tree):
    officer = user_with_role("reception_officer", tree.atyrau, "rep-officer")
    citizen = PersonFactory.create()
    first = register(place, AT, citizen)
    actions.assign_appeal(actor=officer, appeal=first, assignee=officer)
    actions.start_work(actor=officer, appeal=first)
    actions.record_answer(
        actor=officer,
        appeal=first,
        outcome="refused",
        answer="Негіз жоқ",
        answered_at=dt.datetime(2021, 4, 1, 5, 0, tzinfo=UTC),
    )
    again = register(place, dt.datetime(2021, 4, 20, 5, 0, tzinfo=UTC), citizen)
    someone_else = register(
        place, dt.datetime(2021, 4, 20, 5, 0, tzinfo=UTC), PersonFactory.create()
    )
    assert again.repeat_of == first
    assert someone_else.repeat_of is None


def test_linking_needs_two_appeals(place, tree):
    head = user_with_role("branch_head", tree.atyrau, "grp-head")
    with pytest.raises(ValidationError):
        actions.group_appeals(
            actor=head, appeals=[register(place, AT, PersonFactory.create())], title="x"
        )


def test_the_active_control_is_asked_of_the_controls_only_for_an_appeal_ever_controlled(
    place, tree, django_assert_num_queries
):
    head = user_with_role("branch_head", tree.atyrau, "ctl-active")
    alone, own, *grouped = [register(place, AT, PersonFactory.create()) for _ in range(4)]
    # Never under control: nothing to ask the database (most appeals' pages).
    with django_assert_num_queries(0):
        assert alone.active_control() is None
    control = actions.take_under_control(
        actor=head, appeal=own, deadline=dt.date(2021, 4, 30), reason="r"
    )
    group = actions.group_appeals(actor=head, appeals=grouped, title="Су жоқ")
    by_group = actions.take_under_control(
        actor=head, group=group, deadline=dt.date(2021, 4, 30), reason="r"
    )
    own.refresh_from_db()
    assert own.active_control() == control
    # A member of a group under control: the group's, found though the member has none.
    member = Appeal.objects.get(pk=grouped[0].pk)
    assert member.controlled and member.active_control() == by_group
    # Joining the group later brings the appeal under its control, and its page finds it.
    actions.group_appeals(actor=head, appeals=[grouped[1], alone], title="")
    alone.refresh_from_db()
    assert alone.active_control() == by_group
    actions.release_control(actor=head, control=by_group, result="done")
    alone.refresh_from_db()
    assert alone.controlled and alone.active_control() is None
