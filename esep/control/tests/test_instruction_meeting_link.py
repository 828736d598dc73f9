"""An instruction's and an issue's page link a meeting only for a reader who may open that
meeting: its executor, a state body's contact, reads the meeting's name without a link to a
page that refuses them."""

from __future__ import annotations

import pytest

from esep.appeals.tests.factories import CategoryFactory
from esep.control.instructions import actions
from esep.control.issues.actions import register_issue
from esep.control.issues.models import Issue
from esep.control.meetings import actions as meetings
from esep.control.tests.factories import TODAY
from esep.org.tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_the_meeting_is_linked_for_who_may_open_it_and_named_for_the_executor(
    client, tree, head, executor
):
    meeting = meetings.hold_meeting(
        actor=head, branch=tree.atyrau, kind="urgent", held_on=TODAY, participants=[]
    )
    item = meetings.add_agenda_item(actor=head, meeting=meeting, title="Жылу")
    instruction = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Жылуды қалпына келтіру",
        deadline=TODAY,
        executor_person=executor.person,
        agenda_item=item,
    )
    link = f'href="{meeting.get_absolute_url()}"'
    client.force_login(executor)
    page = client.get(instruction.get_absolute_url()).content.decode()
    assert link not in page and str(meeting) in page
    assert client.get(meeting.get_absolute_url()).status_code in (403, 404)
    client.force_login(head)
    assert link in client.get(instruction.get_absolute_url()).content.decode()


def test_an_issue_names_a_meeting_above_the_readers_branch_without_a_link(client, tree, head):
    issue = register_issue(
        actor=head,
        title="Ақсайда су жоқ",
        description="Су құбыры жөнделмеген.",
        category=CategoryFactory.create(),
        territory=tree.atyrau_city.territory,
        branch=tree.atyrau_city,
        source=Issue.Source.CIVIC_COMMITTEE,
    )
    meeting = meetings.hold_meeting(
        actor=head, branch=tree.atyrau, kind="urgent", held_on=TODAY, participants=[]
    )
    meetings.add_agenda_item(actor=head, meeting=meeting, title="Су", issue=issue)
    link = f'href="{meeting.get_absolute_url()}"'
    client.force_login(user_with_role("deputy", tree.atyrau_city, "city-deputy"))
    page = client.get(issue.get_absolute_url())
    assert page.status_code == 200
    assert link not in page.content.decode() and str(meeting) in page.content.decode()
    assert client.get(meeting.get_absolute_url()).status_code in (403, 404)
    client.force_login(head)
    assert link in client.get(issue.get_absolute_url()).content.decode()
