import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from esep.appeals.tests.factories import CategoryFactory
from esep.control.issues import actions
from esep.control.issues.lifecycle import LIFECYCLE, Status
from esep.control.issues.models import Issue
from esep.control.tests.factories import TODAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_a_move_the_lifecycle_does_not_allow_is_refused_and_leaves_no_trace(issue, officer):
    actions.change_issue_status(actor=officer, issue=issue, status="resolved")
    events = issue.events.count()
    for status in ("open", "not_resolved"):
        with pytest.raises(ValidationError) as refused:
            actions.change_issue_status(actor=officer, issue=issue, status=status, reason="x")
        assert refused.value.code == "forbidden_transition"
    issue.refresh_from_db()
    assert (issue.status, issue.resolved_on, issue.status_reason) == ("resolved", TODAY, "")
    assert issue.events.count() == events
    # Reopened, it goes back into work, never back to open.
    actions.change_issue_status(actor=officer, issue=issue, status="in_work", reason="Су жоқ")
    issue.refresh_from_db()
    assert (issue.status, issue.resolved_on) == ("in_work", None)
    assert issue.events.last().data == {"before": "resolved", "after": "in_work"}
    with pytest.raises(ValidationError):
        actions.change_issue_status(actor=officer, issue=issue, status="open")
    assert issue.events.count() == events + 1


def test_the_page_offers_only_the_statuses_the_lifecycle_allows(client, issue, officer):
    client.force_login(officer)

    def offered() -> list[str]:
        steps = client.get(issue.get_absolute_url()).context["steps"]
        form = next(step.form for step in steps if step.name == "status")
        return [value for value, _label in form.fields["status"].choices]

    assert offered() == ["in_work", "resolved", "not_resolved"]
    actions.change_issue_status(actor=officer, issue=issue, status="resolved")
    assert offered() == ["in_work"]
    back = client.post(reverse("control:issue-step", args=[issue.pk, "status"]), {"status": "open"})
    assert back.status_code == 400
    issue.refresh_from_db()
    assert issue.status == "resolved"
    assert issue.events.filter(action="status").count() == 1


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(Status.values), max_size=8))
def test_no_sequence_of_status_changes_leaves_the_table(tree, officer, statuses):
    issue = actions.register_issue(
        actor=officer,
        title="Жол жөнделмеген",
        description="x",
        category=CategoryFactory.create(),
        territory=tree.atyrau.territory,
        branch=tree.atyrau,
        source=Issue.Source.MEDIA,
    )
    expected = Status.OPEN
    for status in statuses:
        allowed = LIFECYCLE.transition_to(expected, status) is not None
        try:
            actions.change_issue_status(actor=officer, issue=issue, status=status, reason="Себеп")
        except ValidationError:
            assert not allowed
        else:
            assert allowed
            expected = status
        stored = Issue.objects.get(pk=issue.pk)
        assert stored.status == expected
        assert (stored.resolved_on is not None) == stored.is_closed
        assert (stored.status_reason != "") == (stored.status == Status.NOT_RESOLVED)
    moves = [(e.data["before"], e.data["after"]) for e in issue.events.filter(action="status")]
    assert all(LIFECYCLE.transition_to(before, after) for before, after in moves)
