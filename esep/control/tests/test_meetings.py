import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control import actions
from esep.control.models import Instruction
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 23)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2026, 11, 23, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def head(tree):
    return user_with_role("branch_head", tree.atyrau, "atyrau-head")


@pytest.fixture
def meeting(tree, head):
    return actions.hold_meeting(
        actor=head, branch=tree.atyrau, kind="urgent", held_on=TODAY, participants=[]
    )


@pytest.fixture
def issue(tree, head):
    return actions.register_issue(
        actor=head,
        title="Жылу беру кешіктірілді",
        description="x",
        category=CategoryFactory(),
        territory=tree.atyrau.territory,
        branch=tree.atyrau,
        source="meeting",
    )


@pytest.fixture
def executor(tree):
    """A state-body contact: no role in the party's pages, only their own instructions."""
    person = PersonFactory(surname="Әкімдіков")
    user = user_with_role("state_body_contact", tree.atyrau, "akimat-contact")
    user.person = person
    user.save()
    return user


def test_agenda_links_issues_and_instructions_follow_them(meeting, issue, head, executor):
    item = actions.add_agenda_item(actor=head, meeting=meeting, title="Жылу", issue=issue)
    second = actions.add_agenda_item(actor=head, meeting=meeting, title="Әртүрлі")
    assert (item.number, second.number) == (1, 2)
    assert issue.events.last().action == "meeting"
    instruction = actions.issue_instruction(
        actor=head,
        branch=meeting.branch,
        text="Жылу беруді 1 желтоқсанға дейін қалпына келтіру",
        deadline=dt.date(2026, 12, 1),
        executor_person=executor.person,
        executor_state_body=StateBodyFactory(),
        agenda_item=item,
    )
    assert (instruction.meeting, instruction.issue) == (meeting, issue)
    with pytest.raises(ValidationError):
        actions.issue_instruction(
            actor=head, branch=meeting.branch, text="x", deadline=dt.date(2026, 12, 1)
        )
    with pytest.raises(ValidationError):
        actions.issue_instruction(
            actor=head,
            branch=meeting.branch,
            text="x",
            deadline=TODAY - dt.timedelta(days=1),
            executor_person=executor.person,
        )


def test_report_returned_then_accepted(meeting, head, executor, tree):
    instruction = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Есеп беру",
        deadline=dt.date(2026, 11, 30),
        executor_person=executor.person,
    )
    actions.start_instruction(actor=executor, instruction=instruction)
    first = actions.report_execution(actor=executor, instruction=instruction, text="Жасалды")
    with pytest.raises(ValidationError):
        actions.report_execution(actor=executor, instruction=instruction, text="Тағы")
    with pytest.raises(ValidationError):
        actions.decide_report(actor=head, report=first, accept=False, comment="  ")
    actions.decide_report(actor=head, report=first, accept=False, comment="Құжат жоқ")
    instruction.refresh_from_db()
    assert instruction.status == Instruction.Status.RETURNED
    pdf = SimpleUploadedFile("act.pdf", b"%PDF-1.4 act", content_type="application/pdf")
    second = actions.report_execution(
        actor=executor, instruction=instruction, text="Акт қоса берілді", upload=pdf
    )
    actions.decide_report(actor=head, report=second, accept=True, comment="")
    instruction.refresh_from_db()
    assert (instruction.status, instruction.accepted_on) == ("accepted", TODAY)
    assert not instruction.is_overdue(dt.date(2026, 12, 31))
    with pytest.raises(ValidationError):
        actions.decide_report(actor=head, report=second, accept=False, comment="x")


def test_overdue_is_computed_from_the_deadline(tree, head, executor):
    instruction = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="x",
        deadline=TODAY,
        executor_person=executor.person,
    )
    assert not Instruction.objects.overdue(TODAY).exists()
    assert list(Instruction.objects.overdue(TODAY + dt.timedelta(days=1))) == [instruction]
    assert instruction.is_overdue(TODAY + dt.timedelta(days=1))


def test_executor_sees_only_their_instructions_and_reports_through_the_page(
    client, tree, head, executor
):
    mine = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Менікі",
        deadline=TODAY,
        executor_person=executor.person,
    )
    other = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Басқа",
        deadline=TODAY,
        executor_branch=tree.atyrau_city,
    )
    client.force_login(executor)
    listed = client.get(reverse("control:instructions")).context["page"].object_list
    assert list(listed) == [mine]
    assert client.get(other.get_absolute_url()).status_code == 404
    page = client.get(mine.get_absolute_url())
    assert [s.name for s in page.context["steps"]] == ["start", "report"]
    empty = client.post(reverse("control:instruction-step", args=[mine.pk, "report"]), {"text": ""})
    assert empty.status_code == 400
    sent = client.post(
        reverse("control:instruction-step", args=[mine.pk, "report"]),
        {"text": "Орындалды", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")},
    )
    assert sent.status_code == 302
    report = mine.reports.get()
    assert client.get(reverse("control:report-file", args=[mine.pk, report.pk])).status_code == 200
    # The executor cannot accept their own report; the issuer can.
    assert (
        client.post(
            reverse("control:instruction-step", args=[mine.pk, "decide"]), {"decision": "accept"}
        ).status_code
        == 403
    )
    client.force_login(head)
    returned = client.post(
        reverse("control:instruction-step", args=[mine.pk, "decide"]), {"decision": "return"}
    )
    assert returned.status_code == 400  # a return needs a comment
    client.post(
        reverse("control:instruction-step", args=[mine.pk, "decide"]),
        {"decision": "return", "comment": "Фото қосыңыз"},
    )
    mine.refresh_from_db()
    assert mine.status == "returned"


def test_executing_branch_officers_see_and_report(client, tree, head):
    instruction = actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Қала",
        deadline=TODAY,
        executor_branch=tree.atyrau_city,
    )
    city_officer = user_with_role("reception_officer", tree.atyrau_city)
    client.force_login(city_officer)
    page = client.get(instruction.get_absolute_url())
    assert "report" in [s.name for s in page.context["steps"]]
    mine = client.get(reverse("control:instructions"), {"mine": "on"}).context["page"]
    assert list(mine.object_list) == [instruction]
    client.force_login(user_with_role("reception_officer", tree.kostanay))
    assert client.get(instruction.get_absolute_url()).status_code == 404


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
