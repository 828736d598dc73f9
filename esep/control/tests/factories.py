"""Records of party work for the tests: one of each kind in a branch, for tests that walk
through them all, and appeals to link to an issue."""

from __future__ import annotations

import datetime as dt

from esep.appeals.actions import register_appeal
from esep.appeals.models import Appeal, Category
from esep.appeals.tests.factories import CategoryFactory
from esep.control.instructions.actions import issue_instruction
from esep.control.issues.actions import raise_issue
from esep.control.meetings.actions import hold_meeting
from esep.control.posts.actions import open_post, record_visit
from esep.org.models import Branch, Person
from esep.receptions.tests.factories import plan

TODAY = dt.date(2026, 11, 23)  # a Monday: the day the tests that freeze time run on


def one_of_each(*, branch: Branch, head, deputy: Person, category: Category | None = None) -> dict:
    """A control post headed by `deputy` with a visit, the issue raised from it, a meeting
    and its instruction to the branch, and a reception: all of `branch`, made by `head`."""
    post = open_post(
        actor=head,
        branch=branch,
        territory=branch.territory,
        object_kind="hospital",
        object_name="Аурухана",
        address="Атырау",
        head=deputy,
        opened_on=dt.date(2026, 1, 10),
    )
    visit = record_visit(
        actor=head,
        post=post,
        visited_on=dt.date(2026, 2, 1),
        visitors=[deputy],
        findings="Лифт істемейді",
        situation=3,
    )
    issue = raise_issue(
        actor=head, visit=visit, title="Аурухана", category=category or CategoryFactory.create()
    )
    meeting = hold_meeting(actor=head, branch=branch, kind="urgent", held_on=dt.date(2026, 2, 2))
    instruction = issue_instruction(
        actor=head,
        branch=branch,
        text="Тексеру",
        deadline=dt.date(2099, 1, 1),
        executor_branch=branch,
        meeting=meeting,
    )
    reception = plan(branch, [deputy], day=dt.date(2026, 2, 3))
    return {
        "reception": reception,
        "post": post,
        "visit": visit,
        "issue": issue,
        "meeting": meeting,
        "instruction": instruction,
    }


def appeal_at(branch: Branch, category: Category, submitter: Person | None) -> Appeal:
    """A complaint brought to the branch's reception office on the 2nd of November 2026."""
    return register_appeal(
        actor=None,
        channel="reception_office",
        kind="complaint",
        category=category,
        territory=branch.territory,
        branch=branch,
        submitter=submitter,
        text="Ауладағы жол жөнделмеген",
        language="kk",
        received_at=dt.datetime(2026, 11, 2, 5, 0, tzinfo=dt.UTC),
    )
