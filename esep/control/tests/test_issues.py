import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from esep.appeals.tests.factories import CategoryFactory, StateBodyFactory
from esep.control.issues import actions
from esep.control.issues.models import Issue
from esep.control.tasks import reminders, send_control_reminders
from esep.control.tests.factories import TODAY, appeal_at
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]


def test_plan_of_measures_moves_the_issue_and_every_step_is_on_the_timeline(issue, officer):
    actions.set_state_body(actor=officer, issue=issue, state_body=StateBodyFactory.create())
    measure = actions.add_measure(
        actor=officer,
        issue=issue,
        text="Су құбырын ауыстыру",
        responsible="Атырау облысы ТКШ басқармасы",
        deadline=dt.date(2026, 12, 15),
    )
    issue.refresh_from_db()
    assert issue.status == Issue.Status.IN_WORK
    actions.complete_measure(
        actor=officer, measure=measure, done_on=TODAY, result="Құбыр ауыстырылды"
    )
    with pytest.raises(ValidationError):
        actions.change_issue_status(actor=officer, issue=issue, status="not_resolved")
    actions.change_issue_status(actor=officer, issue=issue, status="resolved")
    issue.refresh_from_db()
    assert (issue.status, issue.resolved_on) == ("resolved", TODAY)
    assert [e.action for e in issue.events.all()] == [
        "registered",
        "state_body",
        "measure_added",
        "status",
        "measure_done",
        "status",
    ]
    with pytest.raises(ValidationError):
        actions.add_measure(
            actor=officer, issue=issue, text="x", responsible="y", deadline=dt.date(2027, 1, 1)
        )


def test_cluster_of_appeals_becomes_an_issue(tree, officer):
    category = CategoryFactory.create()
    appeals = [appeal_at(tree.atyrau, category, PersonFactory.create()) for _ in range(3)]
    issue = actions.register_issue(
        actor=officer,
        title="Аялдама жоқ",
        description="Бірнеше тұрғын",
        category=category,
        territory=tree.atyrau.territory,
        branch=tree.atyrau,
        source=Issue.Source.APPEALS,
        appeals=appeals,
    )
    assert set(issue.appeals.all()) == set(appeals)
    last = issue.events.last()
    assert last is not None
    assert last.data["appeals"] == [a.number for a in appeals]


def test_control_and_overdue_flags(issue, officer, head):
    with pytest.raises(ValidationError):
        actions.take_issue_under_control(
            actor=head,
            issue=issue,
            controller=head,
            deadline=TODAY - dt.timedelta(days=1),
            reason="x",
        )
    actions.take_issue_under_control(
        actor=head, issue=issue, controller=head, deadline=TODAY, reason="Тұрғындар шағымы"
    )
    assert not Issue.objects.control_overdue(TODAY).exists()
    assert list(Issue.objects.control_overdue(TODAY + dt.timedelta(days=1))) == [issue]
    actions.add_measure(
        actor=officer, issue=issue, text="x", responsible="y", deadline=TODAY + dt.timedelta(days=2)
    )
    assert list(Issue.objects.plan_overdue(TODAY + dt.timedelta(days=3))) == [issue]
    assert list(Issue.objects.overdue(TODAY + dt.timedelta(days=3))) == [issue]


def test_reminders_reach_the_controller_and_heads(issue, officer, head, tree):
    actions.take_issue_under_control(
        actor=head, issue=issue, controller=head, deadline=TODAY + dt.timedelta(days=2), reason="x"
    )
    far = actions.register_issue(
        actor=officer,
        title="Алыс мерзім",
        description="x",
        category=issue.category,
        territory=issue.territory,
        branch=tree.atyrau,
        source="media",
    )
    actions.take_issue_under_control(
        actor=head, issue=far, controller=head, deadline=dt.date(2027, 3, 1), reason="x"
    )
    plan = reminders(TODAY)
    assert [what for _d, what, _l in plan[head.pk]] == ["Бақылау: " + issue.title]
    assert officer.pk not in plan
    assert send_control_reminders.call(reschedule=False) == 1
    assert mail.outbox[0].to == ["head@example.kz"]
    assert issue.title in mail.outbox[0].body


def test_issue_page_steps_and_scope(client, issue, officer, head, tree):
    client.force_login(user_with_role("analyst", tree.atyrau))
    page = client.get(issue.get_absolute_url())
    assert page.status_code == 200 and page.context["steps"] == []
    client.force_login(officer)
    names = [s.name for s in client.get(issue.get_absolute_url()).context["steps"]]
    assert "control" not in names and "measure" in names
    refused = client.post(
        reverse("control:issue-step", args=[issue.pk, "control"]),
        {"controller": head.pk, "deadline": "2026-12-31", "reason": "x"},
    )
    assert refused.status_code == 403
    bad = client.post(reverse("control:issue-step", args=[issue.pk, "link"]), {"appeals": "NOPE-1"})
    assert bad.status_code == 400 and "NOPE-1" in bad.content.decode()
    client.force_login(head)
    done = client.post(
        reverse("control:issue-step", args=[issue.pk, "control"]),
        {"controller": head.pk, "deadline": "2026-12-31", "reason": "Шұғыл жиын шешімі"},
    )
    assert done.status_code == 302
    issue.refresh_from_db()
    assert issue.control_deadline == dt.date(2026, 12, 31)
    client.force_login(user_with_role("branch_head", tree.kostanay))
    assert client.get(issue.get_absolute_url()).status_code == 404
    listed = client.get(reverse("control:issues")).context["page"].object_list
    assert issue not in listed


def test_issue_registered_through_the_page_and_exported(client, issue, officer, tree):
    client.force_login(officer)
    response = client.post(
        reverse("control:issue-new"),
        {
            "title": "Жарық жоқ",
            "description": "Көшеде шам жанбайды",
            "category": issue.category.code,
            "branch": "atyrau",
            "territory": tree.atyrau.territory.kato,
            "source": "public_council",
        },
    )
    created = Issue.objects.get(title="Жарық жоқ")
    assert response.status_code == 302 and response.url == created.get_absolute_url()
    rows = client.get(reverse("control:issues"), {"source": "public_council"}).context["page"]
    assert list(rows.object_list) == [created]
    xlsx = client.get(reverse("control:issue-export", args=["xlsx"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
