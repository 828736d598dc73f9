import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.control.instructions import actions
from esep.control.instructions.models import Instruction
from esep.control.tests.factories import TODAY
from esep.org.tests.factories import user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_report_returned_then_accepted(head, executor, tree):
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
