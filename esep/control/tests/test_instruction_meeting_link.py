"""An instruction's page links the meeting that gave it only for a reader who may open that
meeting: its executor, a state body's contact, reads the meeting's name without a link to a
page that refuses them."""

from __future__ import annotations

import pytest

from esep.control.instructions import actions
from esep.control.meetings import actions as meetings
from esep.control.tests.factories import TODAY

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
