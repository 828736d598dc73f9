"""Background work of party control: the daily reminder of control deadlines, overdue
plans of measures and instructions near or past their deadline."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_tasks import task

from esep.access.recipients import BranchHeads, mail_each
from esep.appeals.actions import official_calendar
from esep.appeals.tasks import DUE_SOON_WORKING_DAYS, REMIND_AT_UTC
from esep.control.models import Instruction, Issue, Measure


def reminders(today: dt.date) -> dict[int, list[tuple[dt.date, str, str]]]:
    """By user to remind: (deadline, what, link) of every issue whose control deadline or
    plan is overdue or nearly due, and every instruction not yet accepted that is. Issues
    go to the controller and the branch heads above; instructions to the executor, the
    heads of the executing branch and the issuer."""
    last_day = official_calendar().add_working_days(today, DUE_SOON_WORKING_DAYS)
    heads = BranchHeads()
    by_user: dict[int, list[tuple[dt.date, str, str]]] = defaultdict(list)

    def remind(users: set[int | None], deadline: dt.date, what: str, link: str) -> None:
        for user in users - {None}:
            assert user is not None
            by_user[user].append((deadline, what, link))

    issues = Issue.objects.unresolved().select_related("branch")
    with translation.override("kk"):
        for issue in issues.filter(control_deadline__lte=last_day):
            users: set[int | None] = {*heads.over(issue.branch.path), issue.controller_id}
            assert issue.control_deadline is not None  # filtered on it
            link = reverse("control:issue", args=[issue.pk])
            remind(users, issue.control_deadline, _("Control: %s") % issue.title, link)
        late = Measure.objects.filter(
            done_on__isnull=True, deadline__lte=last_day, issue__in=issues
        ).select_related("issue__branch")
        for measure in late:
            issue = measure.issue
            users = {*heads.over(issue.branch.path), issue.controller_id}
            link = reverse("control:issue", args=[issue.pk])
            remind(users, measure.deadline, _("Measure: %s") % measure.text[:80], link)
        instructions = (
            Instruction.objects.open()
            .filter(deadline__lte=last_day)
            .select_related("executor_branch", "executor_person__user")
        )
        for instruction in instructions:
            users = {instruction.issued_by_id}
            if instruction.executor_branch is not None:
                users |= heads.over(instruction.executor_branch.path)
            person = instruction.executor_person
            if person is not None and hasattr(person, "user"):
                users.add(person.user.pk)
            link = reverse("control:instruction", args=[instruction.pk])
            remind(users, instruction.deadline, _("Instruction: %s") % instruction.text[:80], link)
    return by_user


@task()
def send_control_reminders(*, reschedule: bool = True) -> int:
    """E-mail each person the issues and instructions due within three working days or
    overdue; returns how many messages were sent. Enqueues itself for the next morning."""
    today = timezone.localdate()

    def compose(found: list[tuple[dt.date, str, str]]) -> tuple[str, list[str]]:
        items = sorted(found)
        overdue = sum(1 for deadline, _what, _link in items if deadline < today)
        subject = ngettext(
            "esep: %(count)d control item needs attention",
            "esep: %(count)d control items need attention",
            len(items),
        ) % {"count": len(items)}
        lines = [
            _("Overdue: %(overdue)d. Due within 3 working days: %(soon)d.")
            % {"overdue": overdue, "soon": len(items) - overdue}
        ] + [f"{deadline:%d.%m.%Y} — {what} ({link})" for deadline, what, link in items]
        return subject, lines

    sent = mail_each(reminders(today), compose)
    if reschedule:
        tomorrow = dt.datetime.combine(today + dt.timedelta(days=1), REMIND_AT_UTC, dt.UTC)
        send_control_reminders.using(run_after=tomorrow).enqueue(reschedule=True)
    return sent
