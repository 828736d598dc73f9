import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esep.audit.log import events_for
from esep.control.instructions import actions
from esep.control.instructions.lifecycle import LIFECYCLE, Status, Transition
from esep.control.instructions.models import Instruction
from esep.control.tests.factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def give(tree, head, executor) -> Instruction:
    return actions.issue_instruction(
        actor=head,
        branch=tree.atyrau,
        text="Есеп беру",
        deadline=TODAY,
        executor_person=executor.person,
    )


def test_the_page_offers_the_steps_the_table_allows(client, tree, head, executor):
    instruction = give(tree, head, executor)

    def offered(user) -> list[str]:
        client.force_login(user)
        return [s.name for s in client.get(instruction.get_absolute_url()).context["steps"]]

    assert (offered(executor), offered(head)) == (["start", "report"], [])
    actions.start_instruction(actor=executor, instruction=instruction)
    assert (offered(executor), offered(head)) == (["report"], [])
    report = actions.report_execution(actor=executor, instruction=instruction, text="Жасалды")
    assert (offered(executor), offered(head)) == ([], ["decide"])
    actions.decide_report(actor=head, report=report, accept=False, comment="Акт жоқ")
    assert (offered(executor), offered(head)) == (["start", "report"], [])
    report = actions.report_execution(actor=executor, instruction=instruction, text="Акт бар")
    actions.decide_report(actor=head, report=report, accept=True, comment="")
    assert (offered(executor), offered(head)) == ([], [])


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(list(Transition)), max_size=10))
def test_no_sequence_of_steps_leaves_the_table(tree, head, executor, transitions):
    instruction = give(tree, head, executor)

    def decide(accept: bool) -> None:
        report = instruction.reports.last()
        if report is None:  # nothing reported: nothing to decide
            raise ValidationError("no report")
        actions.decide_report(actor=head, report=report, accept=accept, comment="Толық емес")

    calls = {
        Transition.START: lambda: actions.start_instruction(
            actor=executor, instruction=instruction
        ),
        Transition.REPORT: lambda: actions.report_execution(
            actor=executor, instruction=instruction, text="Орындалды"
        ),
        Transition.ACCEPT: lambda: decide(True),
        Transition.RETURN: lambda: decide(False),
    }
    expected: str = Status.ISSUED
    logged = ["instruction.issued"]
    for transition in transitions:
        sources, target = LIFECYCLE.transitions[transition]
        try:
            calls[transition]()
        except ValidationError:
            assert expected not in sources
        else:
            assert expected in sources
            expected = target
            logged.append(f"instruction.{target}")
        stored = Instruction.objects.get(pk=instruction.pk)
        assert stored.status == expected
        assert (stored.accepted_on is not None) == (stored.status == Status.ACCEPTED)
    assert [e.action for e in events_for(instruction).order_by("pk")] == logged
