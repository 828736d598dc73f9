"""What a user may do to an appeal as it stands, and doing it: one source for the appeal
page's forms and for the REST API's action endpoints, so both offer and refuse the same."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.forms import Form
from django.utils import timezone
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from esep.access.models import User
from esep.appeals import actions
from esep.appeals.forms import (
    AnswerForm,
    AssignForm,
    BodyAnswerForm,
    ControlForm,
    EscalateForm,
    ExtendForm,
    ForwardForm,
    NotifiedForm,
    RateForm,
    ReleaseForm,
    TransitionForm,
)
from esep.appeals.lifecycle import OPEN_STATUSES, Status, Transition
from esep.appeals.models import Appeal, PartyControl, StateBody
from esep.org.models import Branch
from esep.org.roles import Capability, roles_with

STEP_LABELS = {
    "forward": gettext_lazy("Forward to a state body"),
    "body-answer": gettext_lazy("Record the state body's answer"),
    "extend": gettext_lazy("Extend the deadline"),
    "notified": gettext_lazy("Record that the applicant was told"),
    "control": gettext_lazy("Take under party control"),
    "escalate": gettext_lazy("Escalate the control to the parent branch"),
    "release": gettext_lazy("Release from control with a result"),
    "rate": gettext_lazy("Record the applicant's rating"),
}
# Every step there is, with the form that carries it (for the API's schema).
FORMS: dict[str, type[Form]] = {
    Transition.ASSIGN: AssignForm,
    Transition.START: TransitionForm,
    Transition.ANSWER: AnswerForm,
    Transition.CLOSE: TransitionForm,
    Transition.REOPEN: TransitionForm,
    "forward": ForwardForm,
    "body-answer": BodyAnswerForm,
    "extend": ExtendForm,
    "notified": NotifiedForm,
    "control": ControlForm,
    "escalate": EscalateForm,
    "release": ReleaseForm,
    "rate": RateForm,
}


@dataclass
class Offer:
    """A step the user may take on the appeal now, and how to build its form."""

    label: StrOrPromise
    form_class: type[Form]
    initial: dict = field(default_factory=dict)
    kwargs: dict = field(default_factory=dict)
    prefix: str | None = None

    def blank(self) -> Form:
        return self.form_class(initial=self.initial, prefix=self.prefix, **self.kwargs)

    def bound(self, data: Any, *, prefixed: bool = True) -> Form:
        return self.form_class(data, prefix=self.prefix if prefixed else None, **self.kwargs)


@dataclass
class Offers:
    transitions: dict[str, Offer]
    steps: dict[str, Offer]
    active_control: PartyControl | None

    def get(self, name: str) -> Offer | None:
        return self.transitions.get(name) or self.steps.get(name)


def assignees_for(appeal: Appeal):
    """Who may be given the appeal: those handling appeals in its branch or above it."""
    return (
        User.objects.filter(
            is_active=True,
            grants__role__in=roles_with(Capability.HANDLE_APPEALS),
            grants__branch__in=Branch.objects.get_ancestors(appeal.branch)
            | Branch.objects.filter(pk=appeal.branch_id),
        )
        .distinct()
        .order_by("username")
    )


def offers_for(user: User, appeal: Appeal) -> Offers:
    """Only the steps this user may take on this appeal as it stands."""
    handles = user.can(Capability.HANDLE_APPEALS, appeal.branch.path)
    versioned = {"version": appeal.version}
    transitions: dict[str, Offer] = {}
    steps: dict[str, Offer] = {}
    active_control = appeal.controls.filter(released_at__isnull=True).first() or (
        PartyControl.objects.filter(group_id=appeal.group_id, released_at__isnull=True).first()
        if appeal.group_id
        else None
    )
    if not handles:
        return Offers(transitions, steps, active_control)
    for name in actions.available_transitions(appeal):
        label = str(Transition(name).label)
        if name == Transition.ASSIGN:
            kwargs = {"assignees": assignees_for(appeal)}
            offer = Offer(label, AssignForm, versioned, kwargs, name)
        else:
            offer = Offer(label, FORMS[name], versioned, prefix=name)
        transitions[name] = offer
    if appeal.status == Status.IN_PROGRESS:
        bodies = StateBody.objects.filter(is_active=True).order_by("code")
        steps["forward"] = Offer(
            STEP_LABELS["forward"],
            ForwardForm,
            {**versioned, "sent_on": timezone.localdate()},
            {"bodies": bodies},
        )
    unanswered = appeal.forwardings.filter(answered_on__isnull=True)
    if unanswered.exists():
        steps["body-answer"] = Offer(
            STEP_LABELS["body-answer"], BodyAnswerForm, kwargs={"choices": unanswered}
        )
    untold = appeal.extensions.filter(applicant_notified_on__isnull=True)
    if untold.exists():
        steps["notified"] = Offer(STEP_LABELS["notified"], NotifiedForm, kwargs={"choices": untold})
    if appeal.status in (Status.ANSWERED, Status.CLOSED):
        steps["rate"] = Offer(STEP_LABELS["rate"], RateForm, {"rating": appeal.rating})
    if user.can(Capability.DECIDE_APPEALS, appeal.branch.path):
        if appeal.status in OPEN_STATUSES:
            steps["extend"] = Offer(STEP_LABELS["extend"], ExtendForm, versioned)
        if active_control is None:
            steps["control"] = Offer(STEP_LABELS["control"], ControlForm)
        else:
            steps["escalate"] = Offer(STEP_LABELS["escalate"], EscalateForm)
            steps["release"] = Offer(STEP_LABELS["release"], ReleaseForm)
    return Offers(transitions, steps, active_control)


def perform(user: User, appeal: Appeal, offers: Offers, name: str, data: dict[str, Any]) -> None:
    """Take the step `name`, offered in `offers`, with its form's cleaned `data`. Raises the
    action's ValidationError (a stale copy among them) and changes nothing then."""
    data = dict(data)
    if "version" in data:  # the copy the user acted on: a stale one is refused
        appeal.version = data.pop("version")
    note = data.get("note", "")
    if name == Transition.ASSIGN:
        actions.assign_appeal(actor=user, appeal=appeal, assignee=data["assignee"], note=note)
    elif name == Transition.START:
        actions.start_work(actor=user, appeal=appeal, note=note)
    elif name == Transition.ANSWER:
        actions.record_answer(
            actor=user, appeal=appeal, outcome=data["outcome"], answer=data["answer"]
        )
    elif name == Transition.CLOSE:
        actions.close_appeal(actor=user, appeal=appeal, note=note)
    elif name == Transition.REOPEN:
        actions.reopen_on_dispute(actor=user, appeal=appeal, reason=note)
    elif name == "forward":
        actions.forward_to_state_body(actor=user, appeal=appeal, **data)
    elif name == "body-answer":
        actions.record_body_answer(actor=user, **data)
    elif name == "extend":
        actions.extend_deadline(actor=user, appeal=appeal, **data)
    elif name == "notified":
        actions.record_applicant_notified(actor=user, **data)
    elif name == "control":
        # An appeal linked with similar ones is controlled together with them.
        group = appeal.group if appeal.group_id else None
        actions.take_under_control(
            actor=user,
            group=group,
            appeal=None if group else appeal,
            deadline=data["deadline"],
            reason=data["reason"],
        )
    elif name in ("escalate", "release"):
        # Offered only while a control is active.
        assert offers.active_control is not None
        step = actions.escalate_control if name == "escalate" else actions.release_control
        step(actor=user, control=offers.active_control, **data)
    elif name == "rate":
        actions.rate_answer(actor=user, appeal=appeal, **data)
    else:
        raise ValueError(name)
