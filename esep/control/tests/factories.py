"""One record of each kind of party work in a branch, for tests that walk through them all."""

from __future__ import annotations

import datetime as dt

from esep.appeals.models import Category
from esep.appeals.tests.factories import CategoryFactory
from esep.control import actions
from esep.org.models import Branch, Person
from esep.receptions.tests.factories import plan


def one_of_each(*, branch: Branch, head, deputy: Person, category: Category | None = None) -> dict:
    """A control post headed by `deputy` with a visit, the issue raised from it, a meeting
    and its instruction to the branch, and a reception: all of `branch`, made by `head`."""
    post = actions.open_post(
        actor=head,
        branch=branch,
        territory=branch.territory,
        object_kind="hospital",
        object_name="Аурухана",
        address="Атырау",
        head=deputy,
        opened_on=dt.date(2026, 1, 10),
    )
    visit = actions.record_visit(
        actor=head,
        post=post,
        visited_on=dt.date(2026, 2, 1),
        visitors=[deputy],
        findings="Лифт істемейді",
        situation=3,
    )
    issue = actions.raise_issue(
        actor=head, visit=visit, title="Аурухана", category=category or CategoryFactory()
    )
    meeting = actions.hold_meeting(
        actor=head, branch=branch, kind="urgent", held_on=dt.date(2026, 2, 2)
    )
    instruction = actions.issue_instruction(
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
