"""What the ethics cases' pages show and allow, declared once for the HTML views and the REST
API: the list, opening a case, and a case's page with the steps offered now — to the
branch's office (MANAGE_ETHICS over the case's branch), to the parent branch's office (the
review of a sanction) and to the member themself (their own answer, by the deadline)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.appeals.models import Appeal
from esep.audit.log import events_for
from esep.control.posts.models import ControlPost, Visit
from esep.ethics import actions
from esep.ethics import forms as f
from esep.ethics.filters import CaseFilterSet
from esep.ethics.lifecycle import Transition
from esep.ethics.models import EVENT_LABELS, REVIEW_DAYS, Case, Review
from esep.ethics.queries import CASE_COLUMNS
from esep.lib.folding import folded_contains
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Body, Branch, Membership, subtree_q
from esep.org.roles import Capability

FOUND_AT_MOST = 20


def _related(cases: QuerySet[Case]) -> QuerySet[Case]:
    return cases.select_related(
        "branch", "member__person", "member__branch", "sanction", "review", "body"
    )


def is_member_with_login(user: User) -> bool:
    """A user whose person is a party member: they may read their own cases."""
    person = user.person_id
    return person is not None and Membership.objects.filter(person_id=person).exists()


def cases_for(user: User) -> QuerySet[Case]:
    """The cases the user may read; a user with neither the role nor a membership of their
    own has no use of the list (403)."""
    if not user.can(Capability.VIEW_ETHICS) and not is_member_with_login(user):
        raise PermissionDenied(_("Your role does not give access to this page."))
    return _related(Case.objects.visible_to(user))


def get_case_for_user(user: User, pk: int) -> Case:
    return get_object_or_404(_related(Case.objects.visible_to(user)), pk=pk)


def managed_branches(user: User) -> QuerySet[Branch]:
    return Branch.objects.filter(subtree_q(user.scope_paths(Capability.MANAGE_ETHICS))).order_by(
        "path"
    )


def members_in_scope(user: User) -> QuerySet[Membership]:
    """The members a case may be opened about: of the branches the user keeps ethics cases
    for, active or suspended."""
    paths = user.scope_paths(Capability.MANAGE_ETHICS)
    return Membership.objects.filter(
        subtree_q(paths, "branch__path"),
        status__in=(Membership.Status.ACTIVE, Membership.Status.SUSPENDED),
    )


def new_case(user: User) -> Step:
    paths = user.scope_paths(Capability.MANAGE_ETHICS)
    return Step(
        gettext_lazy("Open an ethics case"),
        lambda data=None, files=None: f.CaseForm(
            data,
            files,
            branches=managed_branches(user),
            members=members_in_scope(user),
            appeals=Appeal.objects.visible_to(user),
            visits=Visit.objects.filter(post__in=ControlPost.objects.visible_to(user).values("pk")),
            bodies=Body.objects.filter(subtree_q(paths, "branch__path")).select_related("branch"),
            initial={"opened_on": timezone.localdate()},
        ),
        lambda d: actions.open_case(actor=user, **d),
        gettext_lazy("The ethics case is opened."),
    )


def _found_members(request: AuthedRequest, form: Any) -> dict[str, Any]:
    """The search for the member (`?find=`: a surname, or more of the name, or a card
    number) among the members in the user's scope; at most FOUND_AT_MOST."""
    text = request.GET.get("find", "").strip()[:100]
    found: list[Membership] = []
    if text:
        members = members_in_scope(request.user).select_related("person", "branch")
        named = Q(card_number=text)
        words = Q()
        for word in text.split():
            words &= (
                folded_contains("person__surname", word)
                | folded_contains("person__given_name", word)
                | folded_contains("person__patronymic", word)
            )
        found = list(members.filter(named | words).order_by("pk")[:FOUND_AT_MOST])
    return {"find": text, "found": found, "searched": bool(text)}


NEW_CASE = CreatePage(
    new_case,
    "ethics/case_form.html",
    Capability.MANAGE_ETHICS,
    url_name="ethics:case-new",
    prepare=_found_members,
)


CASES = Listing(
    title=gettext_lazy("Ethics cases"),
    stem="ethics-cases",
    rows_template="ethics/_case_rows.html",
    records=lambda request: cases_for(request.user),
    filterset=CaseFilterSet,
    columns=CASE_COLUMNS,
    export_url="ethics:case-export",
    create=NEW_CASE,
    template="ethics/list.html",
)


def _manages(user: User, branch: Branch | None) -> bool:
    return branch is not None and user.can(Capability.MANAGE_ETHICS, branch.path)


def case_steps(request: AuthedRequest, case: Case) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    today = timezone.localdate()
    office = _manages(user, case.branch)
    parent = Branch.objects.get_parent(case.branch)
    parent_office = _manages(user, parent)
    own = bool(user.person_id) and user.person_id == case.member.person_id
    if office and case.allows(Transition.NOTIFY):
        steps["notify"] = Step(
            gettext_lazy("Record the notice to the member"),
            lambda data=None, files=None: f.NoticeForm(data, files, initial={"notified_on": today}),
            lambda d: actions.notify_member(actor=user, case=case, **d),
            _("The notice is recorded."),
        )
    if case.allows(Transition.ANSWER):
        if office:
            steps["answer"] = Step(
                gettext_lazy("Record the member's answer"),
                lambda data=None, files=None: f.AnswerForm(
                    data, files, initial={"answered_on": min(today, case.answer_due or today)}
                ),
                lambda d: actions.record_answer(actor=user, case=case, **d),
                _("The answer is recorded."),
            )
        if own and case.answer_due and today <= case.answer_due:
            steps["own-answer"] = Step(
                gettext_lazy("Give your answer"),
                lambda data=None, files=None: f.OwnAnswerForm(data, files),
                lambda d: actions.record_answer(
                    actor=user, case=case, answer=d["answer"], answered_on=today
                ),
                _("Your answer is recorded."),
            )
        if office and case.answer_due and today > case.answer_due:
            steps["no-answer"] = Step(
                gettext_lazy("Record that no answer came"),
                lambda data=None, files=None: f.NoAnswerForm(data, files, initial={"on": today}),
                lambda d: actions.record_no_answer(actor=user, case=case, **d),
                _("The case goes to the body without an answer."),
            )
    if office and case.allows(Transition.DECIDE):
        steps["decide"] = Step(
            gettext_lazy("Record the body's decision"),
            lambda data=None, files=None: f.DecisionForm(
                data, files, initial={"sitting_on": today, "decided_on": today}
            ),
            lambda d: actions.decide_case(actor=user, case=case, **d),
            _("The decision is recorded."),
        )
    sanction = getattr(case, "sanction", None)
    if (
        (office or parent_office)
        and case.allows(Transition.APPEAL)
        and sanction is not None
        and parent is not None
    ):
        steps["review"] = Step(
            gettext_lazy("Record the member's appeal of the sanction"),
            lambda data=None, files=None: f.ReviewFilingForm(
                data, files, initial={"filed_on": today}
            ),
            lambda d: actions.file_review(actor=user, case=case, **d),
            _("The appeal is recorded and goes to the parent branch's body."),
        )
    if parent_office and case.allows(Transition.REVIEW):
        steps["review-decision"] = Step(
            gettext_lazy("Record the appeal's decision"),
            lambda data=None, files=None: f.ReviewDecisionForm(
                data, files, initial={"decided_on": today}
            ),
            lambda d: actions.decide_review(actor=user, case=case, **d),
            _("The appeal's decision is recorded."),
        )
    return steps


def _case_context(request: AuthedRequest, case: Case, steps: list[Shown]) -> dict[str, Any]:
    user = request.user
    # The member's other cases, only those this reader may see on their own.
    history = list(
        _related(Case.objects.visible_to(user))
        .filter(member_id=case.member_id)
        .exclude(pk=case.pk)
        .order_by("-opened_on", "-pk")
    )
    events = list(events_for(case).order_by("pk"))
    for event in events:
        event.label = str(EVENT_LABELS.get(event.action, event.action))  # type: ignore[attr-defined]
    return {
        "case": case,
        "sanction": getattr(case, "sanction", None),
        "review": Review.objects.filter(case=case).select_related("body__branch").first(),
        "history": history,
        "events": events,
        "review_days": REVIEW_DAYS,
        "is_own": bool(user.person_id) and user.person_id == case.member.person_id,
    }


CASE_PAGE = RecordPage(
    template="ethics/case_detail.html",
    url_name="ethics:case",
    fetch=get_case_for_user,
    steps=case_steps,
    context=_case_context,
    forms={
        "notify": f.NoticeForm,
        "answer": f.AnswerForm,
        "own-answer": f.OwnAnswerForm,
        "no-answer": f.NoAnswerForm,
        "decide": f.DecisionForm,
        "review": f.ReviewFilingForm,
        "review-decision": f.ReviewDecisionForm,
    },
)
