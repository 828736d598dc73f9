"""Use cases of ethics cases: opening one, notifying the member and recording their answer
(or that none came by the deadline), the body's decision with its sanction, the member's
appeal of it to the parent branch's body and that body's decision, and sanctions lifted when
their term ends. Each is atomic, moves the case only as its lifecycle allows, and writes an
event; a sanction changes the membership only through `org.actions.change_membership_status`.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from esep.appeals.actions import official_calendar
from esep.appeals.models import Appeal
from esep.audit.log import record_event
from esep.control.posts.models import Visit
from esep.ethics.lifecycle import LIFECYCLE, State, Transition
from esep.ethics.models import (
    ANSWER_WORKING_DAYS,
    DEFAULT_TERM_YEARS,
    REVIEW_DAYS,
    WEIGHT,
    Case,
    Review,
    Sanction,
)
from esep.ethics.notice import send_notice
from esep.lib.checks import invalid, required
from esep.org.actions import change_membership_status
from esep.org.models import Body, Branch, Membership

if TYPE_CHECKING:
    from esep.access.models import User


Kind = Sanction.Kind
MEMBER = Membership.Status


# ---------------------------------------------------------------- helpers


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().select_related("branch", "member").get(pk=case.pk)


def _move(actor: User | None, case: Case, transition: str, fields: list[str], **changes) -> None:
    """Take the (locked) case along `transition` if its lifecycle allows it from where the
    case is; save `fields` with the new state and write the event."""
    target = LIFECYCLE.target_of(transition, case.state)
    if target is None:
        raise ValidationError(
            _("A case that is “%(state)s” cannot take this step."),
            params={"state": case.get_state_display()},
            code="forbidden_transition",
        )
    before, case.state = case.state, target
    case.save(update_fields=["state", *fields])
    record_event(
        actor=actor,
        action=EVENTS[transition],
        obj=case,
        changes={"state": [before, target], **changes},
    )


EVENTS: dict[str, str] = {
    Transition.NOTIFY: "ethics.member_notified",
    Transition.ANSWER: "ethics.answered",
    Transition.LAPSE: "ethics.answer_lapsed",
    Transition.DECIDE: "ethics.decided",
    Transition.APPEAL: "ethics.review_filed",
    Transition.REVIEW: "ethics.reviewed",
}


def one_year_on(day: dt.date) -> dt.date:
    """The same day DEFAULT_TERM_YEARS later (29 February: the 28th)."""
    try:
        return day.replace(year=day.year + DEFAULT_TERM_YEARS)
    except ValueError:
        return day.replace(year=day.year + DEFAULT_TERM_YEARS, day=28)


def deciding_body(branch: Branch) -> Body | None:
    """The body that decides the branch's cases: its ethics commission, or its bureau where
    it has none."""
    bodies = {b.kind: b for b in Body.objects.filter(branch=branch)}
    return bodies.get(Body.Kind.ETHICS_COMMISSION) or bodies.get(Body.Kind.BUREAU)


def reviewing_body(branch: Branch) -> Body | None:
    """The body a sanction of the branch's is appealed to: the parent branch's deciding body."""
    parent = Branch.objects.get_parent(branch)
    return deciding_body(parent) if parent is not None else None


def next_number(branch: Branch, year: int) -> str:
    """The case's number: ETH-<BRANCH>-<year>-<seq>, the sequence counted per branch and year.
    The branch's row is locked for the opening's transaction, so two cases opened at once
    in one branch take one number each rather than one refused by the unique number."""
    Branch.objects.select_for_update().get(pk=branch.pk)
    prefix = f"ETH-{branch.code.upper()[:24]}-{year}-"
    taken = set(Case.objects.filter(number__startswith=prefix).values_list("number", flat=True))
    n = len(taken) + 1
    while f"{prefix}{n:03d}" in taken:
        n += 1
    return f"{prefix}{n:03d}"


def answer_deadline(notified_on: dt.date) -> dt.date:
    return official_calendar().add_working_days(notified_on, ANSWER_WORKING_DAYS)


# ---------------------------------------------------------------- opening and notice


@transaction.atomic
def open_case(
    *,
    actor: User | None,
    member: Membership,
    branch: Branch,
    source: str,
    grounds: str,
    articles: str,
    opened_on: dt.date,
    appeal: Appeal | None = None,
    visit: Visit | None = None,
    media_note: str = "",
    raised_by: Body | None = None,
) -> Case:
    required(grounds=grounds, articles=articles)
    if member.status not in (MEMBER.ACTIVE, MEMBER.SUSPENDED):
        raise invalid(
            "member", _("Only a member of the party can face an ethics case."), "not_member"
        )
    if not member.branch.path.startswith(branch.path):
        raise invalid(
            "branch",
            _("The case is handled by the member's branch or one above it."),
            "wrong_branch",
        )
    links: dict[str, tuple[str, object]] = {
        Case.Source.APPEAL: ("appeal", appeal),
        Case.Source.CONTROL_FINDING: ("visit", visit),
        Case.Source.MEDIA: ("media_note", media_note.strip()),
        Case.Source.BODY: ("raised_by", raised_by),
    }
    if source not in links:
        raise invalid("source", _("Choose the source."), "invalid")
    field, link = links[source]
    if not link:
        raise invalid(
            field,
            _("Give what the case comes from: the appeal, the finding, the report or the body."),
            "source_missing",
        )
    if opened_on > timezone.localdate():
        raise invalid("opened_on", _("The date cannot be in the future."), "future")
    case = Case.objects.create(
        number=next_number(branch, opened_on.year),
        branch=branch,
        member=member,
        source=source,
        appeal=appeal if source == Case.Source.APPEAL else None,
        visit=visit if source == Case.Source.CONTROL_FINDING else None,
        media_note=media_note.strip() if source == Case.Source.MEDIA else "",
        raised_by=raised_by if source == Case.Source.BODY else None,
        grounds=grounds.strip(),
        articles=articles.strip(),
        opened_on=opened_on,
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    record_event(actor=actor, action="ethics.case_opened", obj=case, changes={"source": source})
    return case


@transaction.atomic
def notify_member(*, actor: User | None, case: Case, notified_on: dt.date, channel: str) -> Case:
    """Record that the member was told of the case and how; their deadline to answer is
    ANSWER_WORKING_DAYS working days on. A member with an e-mail is also sent the notice."""
    case = _locked(case)
    if channel not in Case.Channel.values:
        raise invalid("channel", _("Choose how the member was notified."), "invalid")
    if notified_on < case.opened_on or notified_on > timezone.localdate():
        raise invalid(
            "notified_on", _("The notice falls between the case's opening and today."), "bad_date"
        )
    case.notified_on, case.notice_channel = notified_on, channel
    case.answer_due = answer_deadline(notified_on)
    _move(
        actor,
        case,
        Transition.NOTIFY,
        ["notified_on", "notice_channel", "answer_due"],
        channel=channel,
        answer_due=case.answer_due.isoformat(),
    )
    if case.member.person.email:
        # Queued once the case is saved; the worker sends it (a mail server that is down
        # never undoes the notice, nor fails the page).
        number = case.pk
        transaction.on_commit(lambda: send_notice.enqueue(case_id=number))
    return case


@transaction.atomic
def record_answer(*, actor: User | None, case: Case, answer: str, answered_on: dt.date) -> Case:
    """The member's answer, given by the deadline (the office records one given on paper; a
    member with an esep login gives it themself)."""
    case = _locked(case)
    required(answer=answer)
    if case.answer_due and answered_on > case.answer_due:
        late = ValidationError(
            _("The deadline to answer was %(due)s."),
            params={"due": case.answer_due.strftime("%d.%m.%Y")},
            code="late",
        )
        raise ValidationError({"answered_on": late})
    if case.notified_on and answered_on < case.notified_on:
        raise invalid("answered_on", _("The answer cannot come before the notice."), "bad_date")
    case.answer, case.answered_on = answer.strip(), answered_on
    _move(actor, case, Transition.ANSWER, ["answer", "answered_on"])
    return case


@transaction.atomic
def record_no_answer(*, actor: User | None, case: Case, on: dt.date) -> Case:
    """The deadline passed with no answer: the body may decide without it."""
    case = _locked(case)
    if case.answer_due is None or on <= case.answer_due:
        raise ValidationError(
            _("The member may still answer until %(due)s."),
            params={"due": case.answer_due.strftime("%d.%m.%Y") if case.answer_due else ""},
            code="not_yet",
        )
    _move(actor, case, Transition.LAPSE, [])
    return case


def lapse_unanswered(*, on: dt.date) -> int:
    """Every notified case whose deadline to answer passed before `on`: no answer."""
    late = Case.objects.filter(state=State.NOTIFIED, answer_due__lt=on)
    count = 0
    for case in late:
        record_no_answer(actor=None, case=case, on=on)
        count += 1
    return count


# ---------------------------------------------------------------- decision and sanction


def _sanction_term(kind: str, starts_on: dt.date, ends_on: dt.date | None) -> dt.date | None:
    if kind == Kind.EXCLUSION:
        return None
    if kind == Kind.SUSPENSION and ends_on is None:
        raise invalid(
            "ends_on", _("A suspension needs its term: give the day it ends."), "term_required"
        )
    ends_on = ends_on or one_year_on(starts_on)
    if ends_on <= starts_on:
        raise invalid("ends_on", _("The term ends after it starts."), "bad_term")
    return ends_on


TAKES: dict[str, str] = {Kind.SUSPENSION: MEMBER.SUSPENDED, Kind.EXCLUSION: MEMBER.EXPELLED}


def _membership_follows(
    actor: User | None, case: Case, before: str, after: str, on: dt.date, reason: str
) -> None:
    """Bring the member's membership from what sanction kind `before` made it (`""`: none)
    to what kind `after` makes it, from `on`: a suspension suspends, an exclusion expels, and
    what a heavier kind took away is given back (reinstated) when it is lifted, annulled or
    made lighter. A status this case did not cause (the member left, or another case's
    sanction) is left as it is."""
    membership = Membership.objects.get(pk=case.member_id)
    taken, wanted = TAKES.get(before), TAKES.get(after)
    if taken == wanted:
        return
    if taken is not None and membership.status == taken:
        membership = change_membership_status(
            actor=actor, membership=membership, change="reinstated", on=on, reason=reason
        )
    active = (MEMBER.ACTIVE, MEMBER.SUSPENDED)
    if wanted is not None and membership.status in active and membership.status != wanted:
        change = "suspended" if wanted == MEMBER.SUSPENDED else "expelled"
        change_membership_status(
            actor=actor, membership=membership, change=change, on=on, reason=reason
        )


@transaction.atomic
def decide_case(
    *,
    actor: User | None,
    case: Case,
    sitting_on: dt.date,
    decision: str,
    number: str,
    decided_on: dt.date,
    reasoning: str,
    kind: str = "",
    starts_on: dt.date | None = None,
    ends_on: dt.date | None = None,
) -> Case:
    """The deciding body's decision at its sitting: no breach, or a sanction, which changes
    the membership at once for a suspension (suspended from its start) or an exclusion
    (expelled)."""
    case = _locked(case)
    required(number=number, reasoning=reasoning)
    body = deciding_body(case.branch)
    if body is None:
        raise ValidationError(
            _("The branch has neither an ethics commission nor a bureau to decide."),
            code="no_body",
        )
    if decision not in Case.Decision.values:
        raise invalid("decision", _("Choose the decision."), "invalid")
    today = timezone.localdate()
    if not (case.opened_on <= sitting_on <= decided_on <= today):
        raise invalid(
            "decided_on",
            _(
                "The sitting and the decision fall between the case's opening and today, "
                "the decision not before the sitting."
            ),
            "bad_date",
        )
    case.body, case.sitting_on, case.decision = body, sitting_on, decision
    case.decision_number, case.decided_on = number.strip(), decided_on
    case.reasoning = reasoning.strip()
    sanction = None
    if decision == Case.Decision.SANCTION:
        if kind not in Kind.values:
            raise invalid("kind", _("Choose the sanction."), "kind_required")
        starts_on = starts_on or decided_on
        if starts_on < decided_on or starts_on > today:
            raise invalid(
                "starts_on", _("The sanction starts between the decision and today."), "bad_date"
            )
        term = _sanction_term(kind, starts_on, ends_on)
        sanction = Sanction(case=case, kind=kind, starts_on=starts_on, ends_on=term)
    _move(
        actor,
        case,
        Transition.DECIDE,
        ["body", "sitting_on", "decision", "decision_number", "decided_on", "reasoning"],
        decision=decision,
        kind=kind if sanction else "",
    )
    if sanction is not None:
        sanction.save()
        reason = _("Ethics case %(number)s: %(kind)s") % {
            "number": case.number,
            "kind": sanction.get_kind_display(),
        }
        _membership_follows(actor, case, "", sanction.kind, sanction.starts_on, reason)
    return case


# ---------------------------------------------------------------- review


@transaction.atomic
def file_review(*, actor: User | None, case: Case, filed_on: dt.date, grounds: str) -> Review:
    """The member's appeal of the sanction to the parent branch's body, within REVIEW_DAYS
    days of the decision."""
    case = _locked(case)
    required(grounds=grounds)
    if case.decision != Case.Decision.SANCTION:
        raise ValidationError(_("Only a sanction can be appealed."), code="no_sanction")
    body = reviewing_body(case.branch)
    if body is None:
        raise ValidationError(_("There is no body above this branch to appeal to."), code="no_body")
    assert case.decided_on is not None
    last_day = case.decided_on + dt.timedelta(days=REVIEW_DAYS)
    if not (case.decided_on <= filed_on <= min(last_day, timezone.localdate())):
        raise ValidationError(
            {
                "filed_on": ValidationError(
                    _(
                        "A sanction may be appealed within %(days)s days of the decision, "
                        "until %(last)s."
                    ),
                    params={"days": REVIEW_DAYS, "last": last_day.strftime("%d.%m.%Y")},
                    code="too_late",
                )
            }
        )
    review = Review.objects.create(case=case, filed_on=filed_on, grounds=grounds.strip(), body=body)
    _move(actor, case, Transition.APPEAL, [], body=body.pk)
    return review


@transaction.atomic
def decide_review(
    *,
    actor: User | None,
    case: Case,
    decision: str,
    number: str,
    decided_on: dt.date,
    reasoning: str,
    new_kind: str = "",
    ends_on: dt.date | None = None,
) -> Review:
    """The parent branch's body decides the appeal: the sanction upheld, annulled (the
    membership given back), or changed to a lighter kind (the membership as that kind
    leaves it: given back, or suspended)."""
    case = _locked(case)
    review = Review.objects.select_for_update().get(case=case)
    sanction = Sanction.objects.select_for_update().select_related("case").get(case=case)
    required(number=number, reasoning=reasoning)
    if decision not in Review.Decision.values:
        raise invalid("decision", _("Choose the decision."), "invalid")
    if not (review.filed_on <= decided_on <= timezone.localdate()):
        raise invalid(
            "decided_on", _("The decision falls between the appeal and today."), "bad_date"
        )
    reason = _("Ethics case %(number)s: review %(decision)s") % {
        "number": case.number,
        "decision": number.strip(),
    }
    if decision == Review.Decision.CHANGED:
        if new_kind not in Kind.values or WEIGHT[new_kind] >= WEIGHT[sanction.kind]:
            raise invalid(
                "new_kind", _("Choose a sanction lighter than the one decided."), "not_lighter"
            )
        before = sanction.kind if sanction.in_force else ""
        sanction.ends_on = _sanction_term(new_kind, sanction.starts_on, ends_on)
        sanction.decided_kind, sanction.kind = sanction.kind, new_kind
        sanction.state = Sanction.State.CHANGED
        if sanction.ends_on and sanction.ends_on <= decided_on:
            # Its lighter term is already over: lifted on the review's day.
            sanction.state, sanction.ended_on = Sanction.State.EXPIRED, decided_on
            _membership_follows(actor, case, before, "", decided_on, reason)
        else:
            _membership_follows(actor, case, before, new_kind, decided_on, reason)
    elif decision == Review.Decision.ANNULLED:
        before = sanction.kind if sanction.in_force else ""
        sanction.state, sanction.ended_on = Sanction.State.ANNULLED, decided_on
        _membership_follows(actor, case, before, "", decided_on, reason)
    sanction.save()
    review.decision, review.number, review.decided_on = decision, number.strip(), decided_on
    review.reasoning = reasoning.strip()
    review.new_kind = new_kind if decision == Review.Decision.CHANGED else ""
    review.save()
    _move(actor, case, Transition.REVIEW, [], decision=decision, new_kind=review.new_kind)
    return review


# ---------------------------------------------------------------- expiry


@transaction.atomic
def lift_expired(*, on: dt.date) -> int:
    """Every sanction in force whose term ended by `on` expires; a suspended member is
    reinstated on the day the term ends. The number lifted."""
    ended = (
        Sanction.objects.select_for_update()
        .filter(
            state__in=(Sanction.State.IN_FORCE, Sanction.State.CHANGED),
            ends_on__isnull=False,
            ends_on__lte=on,
        )
        .select_related("case")
    )
    count = 0
    for sanction in ended:
        assert sanction.ends_on is not None
        sanction.state, sanction.ended_on = Sanction.State.EXPIRED, sanction.ends_on
        sanction.save(update_fields=["state", "ended_on"])
        if sanction.kind == Kind.SUSPENSION:
            reason = _("Ethics case %(number)s: the suspension's term ended") % {
                "number": sanction.case.number
            }
            _membership_follows(None, sanction.case, sanction.kind, "", sanction.ends_on, reason)
        record_event(
            actor=None,
            action="ethics.sanction_expired",
            obj=sanction.case,
            changes={"kind": sanction.kind, "ends_on": sanction.ends_on.isoformat()},
        )
        count += 1
    return count
