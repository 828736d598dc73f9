"""What the registry's staff pages show and allow, declared once for the HTML views and the
REST API: the lists of representative bodies, mandates and the deputies' inquiries,
initiatives and reports to voters; adding a body, a mandate and a deputy's work; and the
pages of a body (its convocations), a convocation (its sittings, and recording one with
every deputy's attendance), a sitting (its marks), a mandate (posts, its end, the faction,
the deputy's recorded work) and an inquiry (its answer), each offering only the steps
`rules` allow this user on it now.

Every change goes through `esep.deputies.actions`. Bodies and mandates are read with
VIEW_ORG in the body's branch subtree, the deputies' work with VIEW_WORK; a deputy reads their
own mandate and work; the fetches answer 404 outside that."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.deputies import actions, rules
from esep.deputies.models import (
    Convocation,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    RepresentativeBody,
    Sitting,
    VoterReport,
)
from esep.deputies.registry import forms as f
from esep.deputies.registry import queries as q
from esep.deputies.registry.filters import (
    BodyFilterSet,
    InitiativeFilterSet,
    InquiryFilterSet,
    MandateFilterSet,
    VoterReportFilterSet,
)
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing, paged
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability

# ---------------------------------------------------------------- fetches (404 outside)


def get_body_for_user(user: User, code: str) -> RepresentativeBody:
    """A body the user sees, or one they sit in."""
    return get_object_or_404(
        q.bodies_visible_to(user).select_related("branch", "territory"), code=code
    )


def get_convocation_for_user(user: User, pk: int) -> Convocation:
    return get_object_or_404(
        q.convocations_visible_to(user).select_related("body__branch", "body__territory"), pk=pk
    )


def get_sitting_for_user(user: User, pk: int) -> Sitting:
    return get_object_or_404(
        q.sittings_visible_to(user).select_related("convocation__body__branch"), pk=pk
    )


def get_mandate_for_user(user: User, pk: int) -> Mandate:
    return get_object_or_404(
        Mandate.objects.visible_to(user).select_related(
            "person", "party", "convocation__body__branch", "faction_post__body"
        ),
        pk=pk,
    )


def get_inquiry_for_user(user: User, pk: int) -> Inquiry:
    return get_object_or_404(
        q.work_visible_to(Inquiry.objects.all(), user).select_related(
            "mandate__person", "mandate__convocation__body__branch", "state_body"
        ),
        pk=pk,
    )


# ---------------------------------------------------------------- what a manager chooses


def managed_paths(user: User) -> list[str]:
    return user.scope_paths(Capability.MANAGE_DEPUTIES)


def managed_branches(user: User) -> QuerySet[Branch]:
    return Branch.objects.filter(subtree_q(managed_paths(user))).order_by("path")


def managed_convocations(user: User) -> QuerySet[Convocation]:
    return (
        Convocation.objects.filter(subtree_q(managed_paths(user), "body__branch__path"))
        .select_related("body")
        .order_by("body__level", "body__code", "-number")
    )


def managed_mandates(user: User) -> QuerySet[Mandate]:
    """The mandates whose holders' work the user records."""
    return (
        Mandate.objects.filter(subtree_q(managed_paths(user), "convocation__body__branch__path"))
        .select_related("person", "convocation__body")
        .order_by("person__surname", "person__given_name", "-convocation__number", "pk")
    )


def _with_mandate(request: Any, form: Any) -> dict[str, Any]:
    """A deputy's work added from their mandate's page comes with the mandate chosen."""
    chosen = request.GET.get("mandate", "")
    if chosen.isdigit() and not form.is_bound:
        form.initial["mandate"] = int(chosen)
    return {}


# ---------------------------------------------------------------- creation


def new_body(user: User) -> Step:
    return Step(
        gettext_lazy("Add a representative body"),
        lambda data=None, files=None: f.BodyForm(data, files, branches=managed_branches(user)),
        lambda d: actions.add_body(actor=user, **d),
        gettext_lazy("The representative body is added."),
    )


NEW_BODY = CreatePage(
    new_body,
    "deputies/registry/form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:body-new",
)


def new_mandate(user: User) -> Step:
    """Recording a deputy's mandate: the person among the people the user sees (the register
    holds them before they are elected), in a convocation of a body the user manages."""
    return Step(
        gettext_lazy("Add a mandate"),
        lambda data=None, files=None: f.MandateForm(
            data,
            files,
            people=Person.objects.visible_to(user).order_by("surname", "given_name", "pk"),
            convocations=managed_convocations(user),
            initial={"started_on": timezone.localdate()},
        ),
        lambda d: actions.add_mandate(actor=user, **d),
        gettext_lazy("The mandate is recorded."),
    )


def _with_convocation(request: Any, form: Any) -> dict[str, Any]:
    chosen = request.GET.get("convocation", "")
    if chosen.isdigit() and not form.is_bound:
        form.initial["convocation"] = int(chosen)
    return {}


NEW_MANDATE = CreatePage(
    new_mandate,
    "deputies/registry/form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:mandate-new",
    prepare=_with_convocation,
)


def new_inquiry(user: User) -> Step:
    return Step(
        gettext_lazy("Record a deputy's inquiry"),
        lambda data=None, files=None: f.InquiryForm(
            data, files, mandates=managed_mandates(user), initial={"sent_on": timezone.localdate()}
        ),
        lambda d: actions.record_inquiry(actor=user, **d),
        gettext_lazy("The inquiry is recorded."),
    )


NEW_INQUIRY = CreatePage(
    new_inquiry,
    "deputies/registry/form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:inquiry-new",
    next=lambda inquiry: inquiry.mandate,
    prepare=_with_mandate,
)


def new_initiative(user: User) -> Step:
    return Step(
        gettext_lazy("Record an initiative"),
        lambda data=None, files=None: f.InitiativeForm(
            data,
            files,
            mandates=managed_mandates(user),
            initial={"submitted_on": timezone.localdate()},
        ),
        lambda d: actions.record_initiative(actor=user, **d),
        gettext_lazy("The initiative is recorded."),
    )


NEW_INITIATIVE = CreatePage(
    new_initiative,
    "deputies/registry/form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:initiative-new",
    next=lambda initiative: initiative.mandate,
    prepare=_with_mandate,
)


def new_voter_report(user: User) -> Step:
    return Step(
        gettext_lazy("Record a report to voters"),
        lambda data=None, files=None: f.VoterReportForm(
            data, files, mandates=managed_mandates(user), initial={"held_on": timezone.localdate()}
        ),
        lambda d: actions.record_voter_report(actor=user, **d),
        gettext_lazy("The report to voters is recorded."),
    )


NEW_VOTER_REPORT = CreatePage(
    new_voter_report,
    "deputies/registry/form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:voter-report-new",
    next=lambda report: report.mandate,
    prepare=_with_mandate,
)


# ---------------------------------------------------------------- lists


BODIES = Listing(
    title=gettext_lazy("Representative bodies"),
    stem="representative-bodies",
    rows_template="deputies/registry/_body_rows.html",
    template="deputies/registry/list.html",
    records=lambda request: RepresentativeBody.objects.visible_to(request.user).select_related(
        "branch", "territory"
    ),
    filterset=BodyFilterSet,
    columns=q.BODY_COLUMNS,
    export_url="deputies:body-export",
    capability=Capability.VIEW_ORG,
    create=NEW_BODY,
)

MANDATES = Listing(
    title=gettext_lazy("Deputies' mandates"),
    stem="mandates",
    rows_template="deputies/registry/_mandate_rows.html",
    template="deputies/registry/list.html",
    records=lambda request: (
        Mandate.objects.visible_to(request.user)
        .select_related("person", "party", "convocation__body", "faction_post__body")
        .prefetch_related(Prefetch("posts", MandatePost.objects.order_by("started_on", "pk")))
    ),
    filterset=MandateFilterSet,
    columns=q.MANDATE_COLUMNS,
    export_url="deputies:mandate-export",
    capability=Capability.VIEW_ORG,
    create=NEW_MANDATE,
    rows=q.described,
)


def _work_records(model: Any) -> Any:
    def records(request: AuthedRequest) -> QuerySet:
        return q.work_visible_to(model.objects.all(), request.user).select_related(
            "mandate__person", "mandate__convocation__body"
        )

    return records


INQUIRIES = Listing(
    title=gettext_lazy("Deputies' inquiries"),
    stem="inquiries",
    rows_template="deputies/registry/_inquiry_rows.html",
    template="deputies/registry/list.html",
    records=lambda request: _work_records(Inquiry)(request).select_related("state_body"),
    filterset=InquiryFilterSet,
    columns=q.INQUIRY_COLUMNS,
    export_url="deputies:inquiry-export",
    capability=Capability.VIEW_WORK,
    create=NEW_INQUIRY,
)

INITIATIVES = Listing(
    title=gettext_lazy("Deputies' initiatives"),
    stem="initiatives",
    rows_template="deputies/registry/_initiative_rows.html",
    template="deputies/registry/list.html",
    records=_work_records(Initiative),
    filterset=InitiativeFilterSet,
    columns=q.INITIATIVE_COLUMNS,
    export_url="deputies:initiative-export",
    capability=Capability.VIEW_WORK,
    create=NEW_INITIATIVE,
)

VOTER_REPORTS = Listing(
    title=gettext_lazy("Deputies' reports to voters"),
    stem="voter-reports",
    rows_template="deputies/registry/_voter_report_rows.html",
    template="deputies/registry/list.html",
    records=_work_records(VoterReport),
    filterset=VoterReportFilterSet,
    columns=q.VOTER_REPORT_COLUMNS,
    export_url="deputies:voter-report-export",
    capability=Capability.VIEW_WORK,
    create=NEW_VOTER_REPORT,
)


# ---------------------------------------------------------------- a body


def body_steps(request: AuthedRequest, body: RepresentativeBody) -> dict[str, Step]:
    user = request.user
    if not rules.may_manage(user, body.branch):
        return {}
    latest = body.convocations.order_by("-number").first()
    return {
        "convocation": Step(
            gettext_lazy("Add a convocation"),
            lambda data=None, files=None: f.ConvocationForm(
                data,
                files,
                initial={
                    "number": latest.number + 1 if latest else 1,
                    "seats": latest.seats if latest else None,
                },
            ),
            lambda d: actions.add_convocation(actor=user, body=body, **d),
            _("The convocation is added."),
        )
    }


def _body_context(request: AuthedRequest, body: RepresentativeBody, steps: list[Shown]) -> dict:
    today = timezone.localdate()
    user = request.user
    current = q.current_convocation(body, today)
    mandates: list[Mandate] = []
    sittings: list[Sitting] = []
    if current is not None:
        mandates = list(
            q.in_office_on(current.mandates.all(), today)
            .select_related("person", "party", "faction_post__body")
            .prefetch_related(Prefetch("posts", MandatePost.objects.order_by("started_on")))
            .order_by("person__surname", "person__given_name", "pk")
        )
        sittings = list(current.sittings.order_by("-held_on", "-number")[:10])
    return {
        "body": body,
        "convocations": body.convocations.order_by("-number"),
        "current": current,
        "mandates": mandates,
        "sittings": sittings,
        "today": today,
        "may_add_mandate": rules.may_manage(user, body.branch) and current is not None,
        "may_record_sitting": current is not None and rules.may_record_sittings(user, current),
    }


BODY_PAGE = RecordPage(
    template="deputies/registry/body_detail.html",
    url_name="deputies:body",
    fetch=get_body_for_user,
    steps=body_steps,
    context=_body_context,
    capability=None,  # the fetch is scoped to the bodies the user sees
    forms={"convocation": f.ConvocationForm},
    key=lambda body: body.code,
)


# ---------------------------------------------------------------- a convocation and its sittings


def _held_on(request: AuthedRequest, convocation: Convocation) -> Any:
    """The day whose deputies the sitting's form lists: the one posted, or asked for, or
    today within the convocation's term."""
    asked = parse_date(request.POST.get("sitting-held_on") or request.GET.get("held_on") or "")
    if asked is not None:
        return asked
    today = timezone.localdate()
    if convocation.ended_on is not None and convocation.ended_on < today:
        return convocation.ended_on
    return today


def convocation_steps(request: AuthedRequest, convocation: Convocation) -> dict[str, Step]:
    user = request.user
    if not rules.may_record_sittings(user, convocation):
        return {}
    held_on = _held_on(request, convocation)
    deputies = list(
        q.in_office_on(convocation.mandates.all(), held_on)
        .select_related("person")
        .order_by("person__surname", "person__given_name", "pk")
    )
    latest = convocation.sittings.order_by("-number").values_list("number", flat=True).first()

    def perform(data: dict[str, Any]) -> Sitting:
        return actions.record_sitting(
            actor=user, convocation=convocation, **f.sitting_of(deputies, data)
        )

    return {
        "sitting": Step(
            gettext_lazy("Record a sitting"),
            lambda data=None, files=None: f.SittingForm(
                data,
                files,
                deputies=deputies,
                initial={"number": (latest or 0) + 1, "held_on": held_on},
            ),
            perform,
            _("The sitting and its attendance are recorded."),
            prefix="sitting",
        )
    }


def _convocation_context(
    request: AuthedRequest, convocation: Convocation, steps: list[Shown]
) -> dict:
    page = paged(convocation.sittings.order_by("-held_on", "-number"), request)
    return {
        "convocation": convocation,
        "body": convocation.body,
        "page": page,
        "sitting_step": next((s for s in steps if s.name == "sitting"), None),
        "steps": [s for s in steps if s.name != "sitting"],
        "mandates_url": reverse("deputies:mandates") + f"?convocation={convocation.pk}&on=",
    }


CONVOCATION_PAGE = RecordPage(
    template="deputies/registry/convocation_detail.html",
    url_name="deputies:convocation",
    fetch=get_convocation_for_user,
    steps=convocation_steps,
    context=_convocation_context,
    capability=None,
)


def sitting_steps(request: AuthedRequest, sitting: Sitting) -> dict[str, Step]:
    user = request.user
    if not rules.may_record_sittings(user, sitting.convocation):
        return {}
    mandates = q.in_office_on(sitting.convocation.mandates.all(), sitting.held_on)
    return {
        "attendance": Step(
            gettext_lazy("Change a deputy's mark"),
            lambda data=None, files=None: f.AttendanceForm(
                data,
                files,
                mandates=mandates.select_related("person").order_by(
                    "person__surname", "person__given_name", "pk"
                ),
            ),
            lambda d: actions.set_attendance(actor=user, sitting=sitting, **d),
            _("The mark is changed."),
        )
    }


def _sitting_context(request: AuthedRequest, sitting: Sitting, steps: list[Shown]) -> dict:
    marks = list(
        sitting.attendance.select_related("mandate__person").order_by(
            "mandate__person__surname", "mandate__person__given_name", "pk"
        )
    )
    return {
        "sitting": sitting,
        "convocation": sitting.convocation,
        "body": sitting.convocation.body,
        "marks": marks,
    }


SITTING_PAGE = RecordPage(
    template="deputies/registry/sitting_detail.html",
    url_name="deputies:sitting",
    fetch=get_sitting_for_user,
    steps=sitting_steps,
    context=_sitting_context,
    capability=None,
    forms={"attendance": f.AttendanceForm},
)


# ---------------------------------------------------------------- a mandate


def mandate_steps(request: AuthedRequest, mandate: Mandate) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not rules.may_manage(user, mandate.convocation.body.branch):
        return steps
    today = timezone.localdate()
    if mandate.ended_on is None:
        steps["post"] = Step(
            gettext_lazy("Add a post"),
            lambda data=None, files=None: f.PostForm(data, files, initial={"started_on": today}),
            lambda d: actions.add_post(actor=user, mandate=mandate, **d),
            _("The post is added."),
            prefix="post",
        )
    held = mandate.posts.filter(ended_on__isnull=True)
    if held.exists():
        steps["end-post"] = Step(
            gettext_lazy("End a post's term"),
            lambda data=None, files=None: f.EndPostForm(
                data, files, posts=held, initial={"ended_on": today}
            ),
            lambda d: actions.end_post(actor=user, **d),
            _("The post's term is ended."),
            prefix="end-post",
        )
    if mandate.ended_on is None:
        steps["end"] = Step(
            gettext_lazy("End the mandate"),
            lambda data=None, files=None: f.EndMandateForm(
                data, files, initial={"ended_on": today}
            ),
            lambda d: actions.end_mandate(actor=user, mandate=mandate, **d),
            _("The mandate is ended, and with it the faction membership it gave."),
            prefix="end",
        )
    return steps


def _mandate_context(request: AuthedRequest, mandate: Mandate, steps: list[Shown]) -> dict:
    user = request.user
    work = q.sees_work(user, mandate)
    may_record = rules.may_manage(user, mandate.convocation.body.branch)
    context: dict[str, Any] = {
        "mandate": mandate,
        "body": mandate.convocation.body,
        "posts": mandate.posts.order_by("-started_on", "pk"),
        "faction": mandate.faction_post,
        "sees_work": work,
        "own": rules.is_own(user, mandate),
        "may_record": may_record,
    }
    if work:
        context.update(
            inquiries=mandate.inquiries.select_related("state_body").order_by("-sent_on")[:20],
            initiatives=mandate.initiatives.order_by("-submitted_on")[:20],
            voter_reports=mandate.voter_reports.order_by("-held_on")[:20],
            attendance=q.attendance_summary(mandate),
            absences=mandate.attendance.exclude(mark="present")
            .select_related("sitting")
            .order_by("-sitting__held_on")[:20],
        )
    return context


MANDATE_PAGE = RecordPage(
    template="deputies/registry/mandate_detail.html",
    url_name="deputies:mandate",
    fetch=get_mandate_for_user,
    steps=mandate_steps,
    context=_mandate_context,
    capability=None,  # a deputy reads their own mandate; staff the mandates they see
    forms={"post": f.PostForm, "end-post": f.EndPostForm, "end": f.EndMandateForm},
)


# ---------------------------------------------------------------- an inquiry


def inquiry_steps(request: AuthedRequest, inquiry: Inquiry) -> dict[str, Step]:
    user = request.user
    if inquiry.answered_on is not None or not rules.may_manage(
        user, inquiry.mandate.convocation.body.branch
    ):
        return {}
    return {
        "answer": Step(
            gettext_lazy("Record the answer"),
            lambda data=None, files=None: f.AnswerForm(
                data, files, initial={"answered_on": timezone.localdate()}
            ),
            lambda d: actions.record_inquiry_answer(actor=user, inquiry=inquiry, **d),
            _("The answer is recorded."),
        )
    }


INQUIRY_PAGE = RecordPage(
    template="deputies/registry/inquiry_detail.html",
    url_name="deputies:inquiry",
    fetch=get_inquiry_for_user,
    steps=inquiry_steps,
    context=lambda request, inquiry, steps: {"inquiry": inquiry, "mandate": inquiry.mandate},
    capability=None,
    forms={"answer": f.AnswerForm},
)
