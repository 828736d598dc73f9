"""What the appeal pages declare once, for the HTML pages and the REST API alike: the appeal's
page (fetched for the user, the steps it offers them now, each a form and an action) and the
registration of a new appeal. Views and the API only turn these into responses."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple, cast

from django.forms import Form, ModelChoiceField
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User, users_holding
from esep.appeals import actions
from esep.appeals.filters import SEARCH_LENGTH, InboxFilterSet
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
    RegisterAppealForm,
    ReleaseForm,
    TransitionForm,
)
from esep.appeals.lifecycle import OPEN_STATUSES, Status, Transition
from esep.appeals.models import RECEPTION_CHANNELS, Appeal, StateBody
from esep.appeals.queries import (
    ApplicantSearch,
    Deadline,
    deadline_of,
    official_calendar_for,
)
from esep.appeals.similarity import stored_suggestions
from esep.appeals.timeline import late_registration
from esep.lib.dates import format_local
from esep.lib.listing import Listing
from esep.lib.qr import qr_svg
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.lib.tables import Column
from esep.org.models import Branch, subtree_q
from esep.org.privacy import Given, PersonalData, given_data_for, log_found
from esep.org.roles import Capability

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from esep.receptions.models import Reception


def get_appeal_for_user(user: User, pk: int) -> Appeal:
    return get_object_or_404(
        Appeal.objects.visible_to(user).select_related(
            "category", "branch", "territory", "assignee", "submitter"
        ),
        pk=pk,
    )


def assignees_for(appeal: Appeal) -> Any:
    """Who may be given the appeal: those handling appeals in its branch or above it."""
    return users_holding(Capability.HANDLE_APPEALS, Branch.objects.and_above(appeal.branch))


def colleagues(user: User) -> Any:
    """Who appeals in the user's scope can be assigned to."""
    handled = Branch.objects.filter(subtree_q(user.scope_paths(Capability.HANDLE_APPEALS)))
    return users_holding(Capability.HANDLE_APPEALS, handled)


# --- the inbox ----------------------------------------------------------------------------


class InboxRow(NamedTuple):
    appeal: Appeal
    deadline: Deadline


class ExportRow(NamedTuple):
    appeal: Appeal
    personal: PersonalData | None  # the applicant's, as the user may see it


def _inbox_rows(request: Any, appeals: list[Appeal]) -> list[InboxRow]:
    """The page's rows with their deadlines; the appeals the search found by their
    applicant's personal data logged as its use."""
    _log_applicant_search(request, appeals)
    today, calendar = timezone.localdate(), official_calendar_for(request)
    return [InboxRow(a, deadline_of(a, today=today, calendar=calendar)) for a in appeals]


def _log_applicant_search(request: Any, appeals: list[Appeal]) -> None:
    text = request.GET.get("q", "")
    search = ApplicantSearch.of(text) if 0 < len(text) <= SEARCH_LENGTH else None
    paths = request.user.scope_paths(Capability.VIEW_PERSONAL_DATA)
    if not search or not paths:
        return
    log_found(
        request.user,
        (
            (a.submitter, search.found_by(a))
            for a in appeals
            if a.submitter is not None and a.branch.path.startswith(tuple(paths))
        ),
        page=request.path,
    )


def applicant_contacts(user: User, appeals: list[Appeal], *, page: str) -> dict[int, PersonalData]:
    """The contacts each appeal's applicant gave at intake, keyed by appeal id: masked unless
    the user's role shows personal data in the appeal's branch, each unmasked showing
    logged. Never the matched person's own record."""
    return given_data_for(
        user,
        (
            Given(
                key=a.pk,
                branch_path=a.branch.path,
                person=a.submitter,
                iin=a.contact_iin,
                phone=a.contact_phone,
                email=a.contact_email,
            )
            for a in appeals
            if a.submitter_id
        ),
        page=page,
    )


def _with_applicants(request: Any, appeals: list[Appeal]) -> list[ExportRow]:
    """The export's rows: the applicant's contacts masked unless the user may see them."""
    data = applicant_contacts(request.user, appeals, page=request.path)
    return [ExportRow(a, data.get(a.pk)) for a in appeals]


def _revealed(row: ExportRow, field: str) -> str:
    personal = row.personal
    return getattr(personal, field) if personal is not None and personal.revealed else ""


def _inbox_context(request: Any) -> dict[str, Any]:
    handles = request.user.can(Capability.HANDLE_APPEALS)
    return {"can_register": handles, "assignees": colleagues(request.user) if handles else []}


INBOX = Listing(
    title=gettext_lazy("Appeals"),
    stem="appeals",
    template="appeals/inbox.html",
    rows_template="appeals/_inbox_rows.html",
    records=lambda request: Appeal.objects.visible_to(request.user).select_related(
        "category", "territory", "branch", "assignee", "submitter"
    ),
    filterset=InboxFilterSet,
    columns=[
        Column(gettext_lazy("Number"), lambda r: r.appeal.number),
        # Times on the clock of the appeal's territory, as the importer reads them back.
        Column(
            gettext_lazy("Received"),
            lambda r: format_local(r.appeal.received_at, r.appeal.territory.time_zone),
        ),
        Column(gettext_lazy("Registered on"), lambda r: r.appeal.registered_on),
        Column(gettext_lazy("Due"), lambda r: r.appeal.due_on),
        Column(gettext_lazy("Channel"), lambda r: r.appeal.get_channel_display()),
        Column(gettext_lazy("Type"), lambda r: r.appeal.get_kind_display()),
        Column(gettext_lazy("Category"), lambda r: r.appeal.category.name),
        Column(gettext_lazy("Territory"), lambda r: r.appeal.territory.name),
        Column(gettext_lazy("Branch"), lambda r: r.appeal.branch.name),
        Column(gettext_lazy("Status"), lambda r: r.appeal.get_status_display()),
        Column(gettext_lazy("Outcome"), lambda r: r.appeal.get_outcome_display()),
        Column(
            gettext_lazy("Answered"),
            lambda r: format_local(r.appeal.answered_at, r.appeal.territory.time_zone),
        ),
        Column(
            gettext_lazy("Applicant"),
            lambda r: r.appeal.applicant_name if r.personal and r.personal.revealed else "",
        ),
        Column(gettext_lazy("IIN"), lambda r: _revealed(r, "iin")),
        Column(gettext_lazy("Phone"), lambda r: _revealed(r, "phone")),
        Column(gettext_lazy("Text"), lambda r: r.appeal.text),
    ],
    export_url="appeals:export",
    capability=Capability.VIEW_APPEALS,
    context=_inbox_context,
    rows=_inbox_rows,
    export_rows=_with_applicants,
)


# --- the appeal's page --------------------------------------------------------------------

# Every step the appeal page can offer, with the form that carries it (the API's schema).
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


def _acting_on(appeal: Appeal, data: dict[str, Any]) -> dict[str, Any]:
    """The form's data less the version of the copy the user acted on, which the appeal
    takes: the action refuses a stale copy (actions.StaleAppeal)."""
    data = dict(data)
    if "version" in data:
        appeal.version = data.pop("version")
    return data


def _transition(user: User, appeal: Appeal, name: str) -> Step:
    """A step along the appeal's lifecycle (lifecycle.LIFECYCLE)."""
    kwargs: dict[str, Any] = {}
    if name == Transition.ASSIGN:
        kwargs["assignees"] = assignees_for(appeal)

    def form(data: Any = None, files: Any = None) -> Form:
        return FORMS[name](data, files, initial={"version": appeal.version}, **kwargs)

    def perform(data: dict[str, Any]) -> None:
        data = _acting_on(appeal, data)
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
        else:
            actions.reopen_on_dispute(actor=user, appeal=appeal, reason=note)

    # Several transitions' forms share field names on the page.
    return Step(Transition(name).label, form, perform, prefix=name)


def appeal_steps(request: Any, appeal: Appeal) -> dict[str, Step]:
    """Only the steps this user may take on this appeal as it stands: the lifecycle's
    transitions, then the steps that do not move the status."""
    user: User = request.user
    steps: dict[str, Step] = {}
    if not user.can(Capability.HANDLE_APPEALS, appeal.branch.path):
        return steps
    for name in actions.available_transitions(appeal):
        steps[name] = _transition(user, appeal, name)
    versioned = {"version": appeal.version}
    # Dates are checked against today on the clock of the appeal's territory.
    today = actions.local_today(appeal)
    if appeal.status == Status.IN_PROGRESS:
        bodies = StateBody.objects.filter(is_active=True).order_by("code")
        steps["forward"] = Step(
            gettext_lazy("Forward to a state body"),
            lambda data=None, files=None: ForwardForm(
                data,
                files,
                initial={**versioned, "sent_on": today},
                bodies=bodies,
                today=today,
            ),
            lambda d: actions.forward_to_state_body(
                actor=user, appeal=appeal, **_acting_on(appeal, d)
            ),
        )
    # Whether there are any is asked of the forwardings and extensions already read with
    # the appeal (the page and the API read them), not of the database again.
    unanswered = appeal.forwardings.filter(answered_on__isnull=True)
    if any(f.answered_on is None for f in appeal.forwardings.all()):
        steps["body-answer"] = Step(
            gettext_lazy("Record the state body's answer"),
            lambda data=None, files=None: BodyAnswerForm(
                data, files, choices=unanswered, today=today
            ),
            lambda d: actions.record_body_answer(actor=user, **d),
        )
    untold = appeal.extensions.filter(applicant_notified_on__isnull=True)
    if any(e.applicant_notified_on is None for e in appeal.extensions.all()):
        steps["notified"] = Step(
            gettext_lazy("Record that the applicant was told"),
            lambda data=None, files=None: NotifiedForm(data, files, choices=untold, today=today),
            lambda d: actions.record_applicant_notified(actor=user, **d),
        )
    if appeal.answer_open_to_opinion:
        steps["rate"] = Step(
            gettext_lazy("Record the applicant's rating"),
            lambda data=None, files=None: RateForm(data, files, initial={"rating": appeal.rating}),
            lambda d: actions.rate_answer(actor=user, appeal=appeal, **d),
        )
    if user.can(Capability.DECIDE_APPEALS, appeal.branch.path):
        steps.update(_decisions(user, appeal))
    return steps


def _decisions(user: User, appeal: Appeal) -> dict[str, Step]:
    """The branch head's steps: extending the deadline and party control."""
    steps: dict[str, Step] = {}
    if appeal.status in OPEN_STATUSES:
        steps["extend"] = Step(
            gettext_lazy("Extend the deadline"),
            lambda data=None, files=None: ExtendForm(
                data, files, initial={"version": appeal.version}
            ),
            lambda d: actions.extend_deadline(actor=user, appeal=appeal, **_acting_on(appeal, d)),
        )
    control = appeal.active_control()
    if control is None:
        # An appeal linked with similar ones is taken under control together with them.
        group = appeal.group if appeal.group_id else None
        steps["control"] = Step(
            gettext_lazy("Take under party control"),
            lambda data=None, files=None: ControlForm(
                data, files, today=actions.local_today(appeal)
            ),
            lambda d: actions.take_under_control(
                actor=user,
                group=group,
                appeal=None if group else appeal,
                deadline=d["deadline"],
                reason=d["reason"],
            ),
        )
    else:
        steps["escalate"] = Step(
            gettext_lazy("Escalate the control to the parent branch"),
            lambda data=None, files=None: EscalateForm(data, files),
            lambda d: actions.escalate_control(actor=user, control=control, **d),
        )
        steps["release"] = Step(
            gettext_lazy("Release from control with a result"),
            lambda data=None, files=None: ReleaseForm(data, files),
            lambda d: actions.release_control(actor=user, control=control, **d),
        )
    return steps


def appeal_context(request: Any, appeal: Appeal, steps: list[Shown]) -> dict[str, Any]:
    """Everything the appeal page shows; built only when a page is rendered, since it logs
    the showing of personal data."""
    user: User = request.user
    handles = user.can(Capability.HANDLE_APPEALS, appeal.branch.path)
    # Found once, when the appeal arrived (similarity.py): read, never computed, here.
    similar = [(other, round(score * 100)) for other, score in stored_suggestions(appeal, user)]
    submitter_data = applicant_contacts(user, [appeal], page=request.path).get(appeal.pk)
    # The page lays out the lifecycle's transitions apart from the other steps.
    laid_out = [(s.name, s.label, s.form) for s in steps]
    return {
        "appeal": appeal,
        "deadline": deadline_of(
            appeal, today=timezone.localdate(), calendar=actions.official_calendar()
        ),
        "submitter_data": submitter_data,
        # A repeat links to the earlier appeal only where the user may read it.
        "repeat_of": Appeal.objects.visible_to(user).filter(pk=appeal.repeat_of_id).first()
        if appeal.repeat_of_id
        else None,
        "similar": similar,
        "can_group": handles and bool(similar),
        "linked": Appeal.objects.filter(group_id=appeal.group_id).exclude(pk=appeal.pk)
        if appeal.group_id
        else [],
        "events": appeal.events.select_related("actor"),
        # Why an appeal received after hours or on a day off is registered on a later day.
        "late_registration": late_registration(appeal, actions.official_calendar()),
        "forwardings": appeal.forwardings.select_related("state_body"),
        "attachments": appeal.attachments.all(),
        "can_attach": handles,
        "extensions": appeal.extensions.select_related("decided_by"),
        "controls": appeal.controls.select_related("controller", "branch"),
        "transition_forms": [step for step in laid_out if step[0] in Transition.values],
        "step_forms": [step for step in laid_out if step[0] not in Transition.values],
    }


APPEAL_PAGE = RecordPage(
    template="appeals/detail.html",
    url_name="appeals:detail",
    fetch=get_appeal_for_user,
    steps=appeal_steps,
    context=appeal_context,
    forms=FORMS,
)


def new_appeal(user: User) -> Step:
    """Registering an appeal brought to the branch (staff page and API alike)."""

    def perform(data: dict[str, Any]) -> Appeal:
        return actions.register_brought(
            actor=user, **{k: v for k, v in data.items() if k != "consent"}
        )

    return Step(
        gettext_lazy("Register an appeal"),
        lambda data=None, files=None: RegisterAppealForm.for_user(user, data),
        perform,
        done=lambda appeal: _("Appeal %(number)s is registered.") % {"number": appeal.number},
    )


def _registering(request: Any, form: Form) -> dict[str, Any]:
    """The registration form in the user's language; opened from a reception, with its
    place and channel, and the reception shown beside it."""
    form.initial["language"] = request.LANGUAGE_CODE
    receptions = cast(
        "QuerySet[Reception]", cast(ModelChoiceField, form.fields["reception"]).queryset
    )
    at = receptions.filter(pk=request.GET.get("reception") or 0).first()
    if at is not None:
        form.initial.update(
            reception=at.pk,
            branch=at.branch.code,
            territory=at.territory.kato,
            channel=RECEPTION_CHANNELS[at.kind],
        )
    chosen = form["reception"].value()
    return {"reception": receptions.filter(pk=chosen).first() if chosen else None}


REGISTER = CreatePage(
    new_appeal,
    "appeals/register.html",
    Capability.HANDLE_APPEALS,
    # Registered at a reception: back to it, for the next visitor.
    next=lambda appeal: appeal.reception or reverse("appeals:detail", args=[appeal.pk]),
    url_name="appeals:register",
    prepare=_registering,
)


def tracking_address(request: HttpRequest, appeal: Appeal) -> tuple[str, SafeString]:
    """What a receipt prints to follow the appeal by: the public tracking page's absolute
    address in the active language, and its QR code."""
    url = request.build_absolute_uri(reverse("portal:track-detail", args=[appeal.tracking_code]))
    return url, qr_svg(url, title=_("QR code of the appeal's tracking page"))
