"""The figures' world: a year of appeals, receptions and party work in Atyrau and Kostanay,
each counted by hand in the tests that read it."""

import datetime as dt

import pytest

from esep.appeals import actions as appeal_actions
from esep.appeals.tests.factories import CategoryFactory
from esep.control.issues import actions as issue_actions
from esep.control.posts import actions as post_actions
from esep.org.models import Territory
from esep.org.tests.factories import PersonFactory, user_with_role
from esep.receptions import actions as reception_actions
from esep.receptions.tests.factories import plan

UTC = dt.UTC


@pytest.fixture
def world(tree):
    for territory in Territory.objects.all():
        territory.time_zone = "Asia/Almaty"  # UTC+5 since 2024, the whole country
        territory.save()
    tree.atyrau.refresh_from_db()
    officer = user_with_role("reception_officer", tree.central, "central-officer")
    category = CategoryFactory.create(code="roads")
    other = CategoryFactory.create(code="water")

    def appeal(
        branch, received_at, category=category, channel="reception_office", text="Жол", **extra
    ):
        return appeal_actions.register_appeal(
            actor=officer,
            channel=channel,
            kind="complaint",
            category=category,
            territory=branch.territory,
            branch=branch,
            submitter=PersonFactory.create(),
            text=text,
            language="kk",
            received_at=received_at,
            **extra,
        )

    def answer(a, outcome, on):
        appeal_actions.assign_appeal(actor=officer, appeal=a, assignee=officer)
        appeal_actions.start_work(actor=officer, appeal=a)
        appeal_actions.record_answer(
            actor=officer,
            appeal=a,
            outcome=outcome,
            answer="Жауап",
            answered_at=dt.datetime.combine(on, dt.time(6), UTC),
        )

    # In Atyrau and its city, in 2021:
    a1 = appeal(tree.atyrau, dt.datetime(2021, 3, 19, 5, tzinfo=UTC))  # Fri 19 March
    answer(a1, "resolved_positively", dt.date(2021, 3, 25))  # on time
    a2 = appeal(tree.atyrau_city, dt.datetime(2021, 6, 1, 5, tzinfo=UTC), other, "hotline")
    answer(a2, "explained", dt.date(2021, 7, 30))  # late: due 22 June
    a3 = appeal(tree.atyrau_city, dt.datetime(2021, 12, 31, 5, tzinfo=UTC))  # last day
    # 1 January 2021, 01:30 in Atyrau is still 31 December in UTC: registered in 2021
    # (on the next working day).
    a4 = appeal(tree.atyrau, dt.datetime(2020, 12, 31, 20, 30, tzinfo=UTC))
    # Outside: after hours on 31 December 2021 (registered in 2022), in 2020, in Kostanay.
    late = appeal(tree.atyrau, dt.datetime(2021, 12, 31, 14, 0, tzinfo=UTC))
    early = appeal(tree.atyrau, dt.datetime(2020, 12, 30, 5, tzinfo=UTC))
    elsewhere = appeal(tree.kostanay, dt.datetime(2021, 5, 5, 5, tzinfo=UTC))
    answer(elsewhere, "resolved_positively", dt.date(2021, 5, 6))
    head = user_with_role("branch_head", tree.atyrau, "atyrau-head")
    appeal_actions.take_under_control(
        actor=head, appeal=a3, deadline=dt.date(2022, 1, 20), reason="x"
    )
    appeal_actions.reopen_on_dispute(actor=officer, appeal=a1, reason="Келіспеймін")
    answer_again = a1
    appeal_actions.record_answer(
        actor=officer,
        appeal=answer_again,
        outcome="resolved_positively",
        answer="Қайта қаралды",
        answered_at=dt.datetime(2021, 4, 2, 6, tzinfo=UTC),
    )

    deputy = tree.members["atyrau"]
    # A mobile reception at 01:00 on 1 January local time (still 2020 in UTC) is in 2021.
    first = plan(tree.atyrau, [deputy], day=dt.date(2021, 1, 1), actor=officer)
    first.starts_at = dt.datetime(2020, 12, 31, 20, 0, tzinfo=UTC)
    first.save()
    office = plan(tree.atyrau_city, [deputy], day=dt.date(2021, 12, 31), kind="office")
    outside = plan(tree.atyrau, [deputy], day=dt.date(2022, 1, 5))
    at_mobile = appeal(tree.atyrau, dt.datetime(2021, 1, 5, 5, tzinfo=UTC), reception=first)
    answer(at_mobile, "resolved_positively", dt.date(2021, 1, 8))
    appeal(tree.atyrau, dt.datetime(2021, 1, 6, 5, tzinfo=UTC), reception=first)
    for reception, people in ((first, 40), (office, 12), (outside, 7)):
        reception_actions.record_held(actor=officer, reception=reception, people_received=people)
    post = post_actions.open_post(
        actor=officer,
        branch=tree.atyrau,
        territory=tree.atyrau.territory,
        object_kind="school",
        object_name="Мектеп",
        address="x",
        head=deputy,
        opened_on=dt.date(2021, 2, 1),
    )
    post_actions.record_visit(
        actor=officer,
        post=post,
        visited_on=dt.date(2021, 3, 1),
        visitors=[deputy],
        findings="x",
        situation=2,
    )
    issue = issue_actions.register_issue(
        actor=officer,
        title="Су",
        description="x",
        category=category,
        territory=tree.atyrau.territory,
        branch=tree.atyrau,
        source="civic_committee",
    )
    issue_actions.take_issue_under_control(
        actor=head,
        issue=issue,
        controller=head,
        deadline=dt.date(2021, 6, 1),
        reason="x",
        today=dt.date(2021, 4, 1),
    )
    return {
        "a": [a1, a2, a3, a4, at_mobile],
        "late": late,
        "early": early,
        "officer": officer,
        "appeal": appeal,  # registers one more in the same way
    }
