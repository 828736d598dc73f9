import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from esep.appeals.tests.factories import StateBodyFactory
from esep.control.instructions.actions import issue_instruction
from esep.control.instructions.models import Instruction
from esep.control.meetings import actions
from esep.control.tests.factories import TODAY
from esep.org.tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


@pytest.fixture
def meeting(tree, head):
    return actions.hold_meeting(
        actor=head, branch=tree.atyrau, kind="urgent", held_on=TODAY, participants=[]
    )


def test_agenda_links_issues_and_instructions_follow_them(meeting, issue, head, executor):
    item = actions.add_agenda_item(actor=head, meeting=meeting, title="Жылу", issue=issue)
    second = actions.add_agenda_item(actor=head, meeting=meeting, title="Әртүрлі")
    assert (item.number, second.number) == (1, 2)
    assert issue.events.last().action == "meeting"
    instruction = issue_instruction(
        actor=head,
        branch=meeting.branch,
        text="Жылу беруді 1 желтоқсанға дейін қалпына келтіру",
        deadline=dt.date(2026, 12, 1),
        executor_person=executor.person,
        executor_state_body=StateBodyFactory.create(),
        agenda_item=item,
    )
    assert (instruction.meeting, instruction.issue) == (meeting, issue)
    with pytest.raises(ValidationError):
        issue_instruction(
            actor=head, branch=meeting.branch, text="x", deadline=dt.date(2026, 12, 1)
        )
    with pytest.raises(ValidationError):
        issue_instruction(
            actor=head,
            branch=meeting.branch,
            text="x",
            deadline=TODAY - dt.timedelta(days=1),
            executor_person=executor.person,
        )


def test_meeting_page_gives_instructions(client, tree, meeting, head, issue):
    client.force_login(head)
    client.post(
        reverse("control:meeting-step", args=[meeting.pk, "item"]),
        {"title": "Жылу", "issue": issue.pk, "appeal": ""},
    )
    item = meeting.items.get()
    response = client.post(
        reverse("control:meeting-step", args=[meeting.pk, "instruction"]),
        {
            "text": "Тексеру",
            "branch": "atyrau",
            "agenda_item": item.pk,
            "executor_branch": "atyrau-city",
            "deadline": "2026-12-04",
            "given_by": tree.members["atyrau"].pk,  # the bureau's chair
        },
    )
    assert response.status_code == 302
    instruction = Instruction.objects.get()
    assert (instruction.meeting, instruction.issue, instruction.issued_by) == (meeting, issue, head)
    assert instruction.given_by == tree.members["atyrau"]
    page = client.get(instruction.get_absolute_url()).content.decode()
    assert tree.members["atyrau"].full_name in page
    none = client.post(
        reverse("control:meeting-step", args=[meeting.pk, "instruction"]),
        {"text": "Ешкімге", "branch": "atyrau", "deadline": "2026-12-04"},
    )
    assert none.status_code == 400 and Instruction.objects.count() == 1
    client.post(
        reverse("control:meeting-step", args=[meeting.pk, "minutes"]), {"minutes": "Хаттама"}
    )
    meeting.refresh_from_db()
    assert meeting.minutes == "Хаттама"
    client.force_login(user_with_role("analyst", tree.atyrau))
    assert (
        client.post(
            reverse("control:meeting-step", args=[meeting.pk, "minutes"]), {"minutes": "x"}
        ).status_code
        == 403
    )
    rows = client.get(reverse("control:meetings")).context["page"].object_list
    assert [(m, m.item_count, m.instruction_count) for m in rows] == [(meeting, 1, 1)]
    csv = client.get(reverse("control:meeting-export", args=["csv"])).content.decode("utf-8-sig")
    assert "23.11.2026" in csv
