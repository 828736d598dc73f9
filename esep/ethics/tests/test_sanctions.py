"""A sanction changes the membership through org's actions, expires on its date by the
daily task, and its appeal to the parent branch's body upholds, annuls or lightens it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from esep.ethics import actions
from esep.ethics.models import ANSWER_WORKING_DAYS, Case, Sanction
from esep.ethics.tasks import lift_expired_sanctions
from esep.ethics.tests.conftest import TODAY
from esep.org.models import Membership

pytestmark = pytest.mark.django_db


def status(member):
    return Membership.objects.get(pk=member.pk).status


def travel(day):
    return time_machine.travel(dt.datetime.combine(day, dt.time(6, 0), tzinfo=dt.UTC), tick=False)


def test_notice_sets_the_deadline_in_working_days_and_mails_the_member_in_kk_and_ru(
    case, head, member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        actions.notify_member(actor=head, case=case, notified_on=TODAY, channel="email")
    case.refresh_from_db()
    # Ten working days from Monday 2 March 2020: 8 March (Sunday) is a holiday, moved to
    # Monday 9 March — the deadline is 17 March.
    assert ANSWER_WORKING_DAYS == 10
    assert (case.state, case.answer_due) == ("notified", dt.date(2020, 3, 17))
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [member.person.email]
    assert case.number in message.subject
    assert "17.03.2020" in message.body
    # Both languages, the subject's and the text's.
    assert message.subject == f"{case.number} әдеп ісі / Дело по этике {case.number}"
    assert "әдеп ісі қозғалды" in message.body and "дело по этике" in message.body


def test_suspension_suspends_from_its_start_and_expires_on_its_date(case, head, member, decide):
    decide(case, head, "suspension", ends_on=dt.date(2020, 6, 1))
    assert status(member) == "suspended"
    change = member.changes.order_by("pk").last()
    assert (change.kind, change.on) == ("suspended", TODAY)
    assert actions.lift_expired(on=dt.date(2020, 5, 31)) == 0
    assert status(member) == "suspended"
    with travel(dt.date(2020, 6, 1)):
        assert lift_expired_sanctions.call(reschedule=False) == 1
    sanction = Sanction.objects.get(case=case)
    assert (sanction.state, sanction.ended_on) == ("expired", dt.date(2020, 6, 1))
    assert status(member) == "active"
    change = member.changes.order_by("pk").last()
    assert (change.kind, change.on) == ("reinstated", dt.date(2020, 6, 1))


def test_a_warning_lasts_one_year_by_default_and_leaves_the_membership(case, head, member, decide):
    decide(case, head, "warning")
    sanction = Sanction.objects.get(case=case)
    assert sanction.ends_on == dt.date(2021, 3, 2)
    assert status(member) == "active"
    assert actions.lift_expired(on=dt.date(2021, 3, 2)) == 1
    assert Sanction.objects.get(case=case).state == "expired"


def test_exclusion_expels_and_has_no_term(case, head, member, decide):
    decide(case, head, "exclusion", ends_on=None)
    assert status(member) == "expelled"
    assert Sanction.objects.get(case=case).ends_on is None
    assert actions.lift_expired(on=dt.date(2030, 1, 1)) == 0


def test_a_suspension_without_its_term_is_refused_and_changes_nothing(case, head, member, decide):
    with pytest.raises(ValidationError) as refused:
        decide(case, head, "suspension")
    assert refused.value.error_dict["ends_on"][0].code == "term_required"
    assert status(member) == "active"
    assert not Sanction.objects.exists()


def test_appeal_upheld_keeps_the_sanction(case, head, central, member, decide):
    decide(case, head, "suspension", ends_on=dt.date(2020, 9, 1))
    review = actions.file_review(actor=head, case=case, filed_on=TODAY, grounds="Қатаң.")
    assert review.body.branch.code == "central"  # the parent branch's body
    actions.decide_review(
        actor=central, case=case, decision="upheld", number="R-1", decided_on=TODAY, reasoning="."
    )
    assert Case.objects.get(pk=case.pk).state == "reviewed"
    assert Sanction.objects.get(case=case).state == "in_force"
    assert status(member) == "suspended"


def test_appeal_annulling_an_exclusion_gives_the_membership_back(
    case, head, central, member, decide
):
    decide(case, head, "exclusion")
    assert status(member) == "expelled"
    actions.file_review(actor=head, case=case, filed_on=TODAY, grounds="Дәлел жоқ.")
    actions.decide_review(
        actor=central, case=case, decision="annulled", number="R-2", decided_on=TODAY, reasoning="."
    )
    assert Sanction.objects.get(case=case).state == "annulled"
    assert status(member) == "active"
    assert member.changes.order_by("pk").last().kind == "reinstated"
    assert not Case.objects.filter(pk=case.pk).sanctioned().exists()


def test_appeal_changing_an_exclusion_to_a_reprimand_gives_the_membership_back(
    case, head, central, member, decide
):
    decide(case, head, "exclusion")
    actions.file_review(actor=head, case=case, filed_on=TODAY, grounds="Тым қатаң.")
    actions.decide_review(
        actor=central,
        case=case,
        decision="changed",
        new_kind="reprimand",
        number="R-3",
        decided_on=TODAY,
        reasoning=".",
    )
    sanction = Sanction.objects.get(case=case)
    assert (sanction.kind, sanction.decided_kind, sanction.state) == (
        "reprimand",
        "exclusion",
        "changed",
    )
    assert sanction.ends_on == dt.date(2021, 3, 2)
    assert status(member) == "active"
    assert Case.objects.filter(pk=case.pk).sanctioned().exists()


def test_a_review_may_not_make_the_sanction_heavier(case, head, central, decide):
    decide(case, head, "reprimand")
    actions.file_review(actor=head, case=case, filed_on=TODAY, grounds=".")
    with pytest.raises(ValidationError) as refused:
        actions.decide_review(
            actor=central,
            case=case,
            decision="changed",
            new_kind="exclusion",
            number="R-4",
            decided_on=TODAY,
            reasoning=".",
        )
    assert refused.value.error_dict["new_kind"][0].code == "not_lighter"


def test_an_appeal_after_thirty_days_is_refused(case, head, decide):
    decide(case, head, "warning")
    with travel(TODAY + dt.timedelta(days=40)), pytest.raises(ValidationError) as refused:
        actions.file_review(
            actor=head, case=case, filed_on=TODAY + dt.timedelta(days=31), grounds="."
        )
    assert refused.value.error_dict["filed_on"][0].code == "too_late"


def test_a_late_answer_is_refused_and_the_daily_task_records_none_came(case, head):
    actions.notify_member(actor=head, case=case, notified_on=TODAY, channel="phone")
    case.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        actions.record_answer(
            actor=head, case=case, answer="...", answered_on=case.answer_due + dt.timedelta(1)
        )
    assert refused.value.error_dict["answered_on"][0].code == "late"
    assert "17.03.2020" in refused.value.error_dict["answered_on"][0].messages[0]
    assert actions.lapse_unanswered(on=dt.date(2020, 3, 17)) == 0
    assert actions.lapse_unanswered(on=dt.date(2020, 3, 18)) == 1
    assert Case.objects.get(pk=case.pk).state == "unanswered"


def test_a_case_cannot_be_decided_before_the_member_was_heard(case, head):
    with pytest.raises(ValidationError) as refused:
        actions.decide_case(
            actor=head,
            case=case,
            sitting_on=TODAY,
            decision="no_breach",
            number="1",
            decided_on=TODAY,
            reasoning=".",
        )
    assert refused.value.code == "forbidden_transition"


def test_the_bureau_decides_where_the_branch_has_no_ethics_commission(tree, head, member, frozen):
    case = actions.open_case(
        actor=head,
        member=member,
        branch=tree.atyrau,
        source="body",
        raised_by=tree.bureau,
        grounds=".",
        articles="3.1",
        opened_on=TODAY,
    )
    assert actions.deciding_body(tree.atyrau) == tree.bureau
    assert case.number == "ETH-ATYRAU-2020-001"


def test_a_case_is_handled_by_the_members_branch_or_one_above(tree, head, frozen):
    other = tree.members["kostanay"].membership
    with pytest.raises(ValidationError) as refused:
        actions.open_case(
            actor=head,
            member=other,
            branch=tree.atyrau,
            source="media",
            media_note="x",
            grounds=".",
            articles="1",
            opened_on=TODAY,
        )
    assert refused.value.error_dict["branch"][0].code == "wrong_branch"
