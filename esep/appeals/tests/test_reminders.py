import datetime as dt
from datetime import UTC

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from esep.appeals import actions
from esep.appeals.tasks import reminders, send_deadline_reminders
from esep.appeals.tests.factories import register
from esep.org.tests.factories import PersonFactory, user_with_role


@pytest.fixture
def staff(tree):
    officer = user_with_role("reception_officer", tree.atyrau, "rem-officer")
    head = user_with_role("branch_head", tree.atyrau, "rem-head")
    other_head = user_with_role("branch_head", tree.kostanay, "rem-other")
    for user in (officer, head, other_head):
        user.email = f"{user.username}@example.kz"
        user.save()
    return officer, head, other_head


@pytest.mark.django_db
def test_assignee_and_branch_heads_are_reminded_of_their_appeals(place, tree, staff):
    officer, head, other_head = staff
    overdue = register(place, dt.datetime(2021, 3, 1, 5, 0, tzinfo=UTC), PersonFactory.create())
    actions.assign_appeal(actor=head, appeal=overdue, assignee=officer)
    later = register(place, dt.datetime(2021, 4, 20, 5, 0, tzinfo=UTC), PersonFactory.create())
    plan = reminders(dt.date(2021, 3, 25))
    assert plan[officer.pk] == [overdue]
    assert plan[head.pk] == [overdue]
    assert other_head.pk not in plan
    assert later not in plan[head.pk]
    with time_machine.travel(dt.datetime(2021, 3, 25, 3, 0, tzinfo=UTC)):
        assert send_deadline_reminders.enqueue(reschedule=False).return_value == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["rem-head@example.kz", "rem-officer@example.kz"]
    assert overdue.number in mail.outbox[0].body


@pytest.mark.django_db(transaction=True)
def test_the_reminder_queues_itself_for_the_next_morning(settings, tree, staff):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    call_command("remind-deadlines")
    call_command("remind-deadlines")  # already scheduled: not twice
    # appeal deadlines, party-control deadlines, the programme's changes and verdicts, the
    # deputies' rating of the months still open to change, and the ethics cases' deadlines
    # and sanctions' terms
    assert DBTaskResult.objects.count() == 5
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    statuses = sorted(DBTaskResult.objects.values_list("status", flat=True))
    assert statuses == ["READY"] * 5 + ["SUCCESSFUL"] * 5
    for upcoming in DBTaskResult.objects.filter(status="READY"):
        assert upcoming.run_after.time() == dt.time(3, 0)
