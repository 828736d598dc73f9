"""What the rating's staff pages show and allow, declared once: a deputy's month (its
components, the records behind each count, the correction window and their corrections,
and the correction they may submit while it is open); the corrections' queue and a
correction's page, where a branch officer — never the deputy, never the one who asked —
confirms or refuses it; a branch's months, which its office recomputes and publishes; the
methodology's versions, and a new version made by the central office.

Every change goes through the deputies' actions (or `rating.compute`); the pages only read."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.deputies import actions, rating, rules
from esep.deputies.models import Correction, Mandate, Method, Sitting, Snapshot, Weight
from esep.deputies.months import forms as f
from esep.deputies.months.filters import CorrectionFilterSet
from esep.deputies.months.queries import (
    CORRECTION_COLUMNS,
    asked,
    bodies_of,
    branch_months,
    counted,
    default_month,
    mandate_months,
    months_of_mandates,
    parts,
    previous_month,
    rating_branches,
)
from esep.lib.dates import month_end, month_start
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability

# ---------------------------------------------------------------- a deputy's month


def parse_month(text: str | None) -> dt.date | None:
    """A month given as YYYY-MM (or any day of it as YYYY-MM-DD); None if it is not one."""
    if not text:
        return None
    for pattern in f.MONTH_FORMATS:
        try:
            return month_start(dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    return None


def correction_step(user: User, mandate: Mandate, month: dt.date) -> Step:
    """Submitting a correction of the mandate's month: a count, or one sitting's mark."""
    sittings = Sitting.objects.filter(
        convocation=mandate.convocation_id, held_on__range=(month, month_end(month))
    ).order_by("held_on", "number")
    return Step(
        gettext_lazy("Submit a correction"),
        lambda data=None, files=None: f.CorrectionForm(data, files, sittings=sittings),
        lambda d: actions.submit_correction(
            actor=user, mandate=mandate, month=month, **f.CorrectionForm.correction(d)
        ),
        gettext_lazy("The correction is submitted: it counts once a branch officer confirms it."),
        multipart=True,
        prefix="correction",
    )


def may_correct(user: User, mandate: Mandate, month: dt.date, today: dt.date) -> bool:
    """Whether the correction form is offered: as the action allows (`rules`)."""
    _opens, closes = actions.correction_window(month)
    return not rules.correction_refused(user, mandate, month, today, closes)


def snapshot_for(mandate: Mandate, month: dt.date) -> Snapshot | None:
    """The mandate's month at its latest revision, computed now unless it is published (a
    published revision is frozen; what changed since is a later revision, computed here).
    Recomputing the same data changes nothing."""
    latest = (
        Snapshot.objects.filter(mandate=mandate, month=month)
        .current()
        .select_related("method", "publication")
        .first()
    )
    if latest is None or latest.publication_id is None:
        rating.compute(month, mandate_ids=[mandate.pk])
        latest = (
            Snapshot.objects.filter(mandate=mandate, month=month)
            .current()
            .select_related("method", "publication")
            .first()
        )
    return latest


class Chosen:
    """The mandate and month a month page shows, and the mandates and months to choose
    among."""

    def __init__(self, request: AuthedRequest) -> None:
        user = request.user
        self.today = timezone.localdate()
        visible = months_of_mandates(user)
        self.own = (
            list(visible.filter(person_id=user.person_id).order_by("-started_on", "-pk"))
            if user.person_id
            else []
        )
        asked_for = request.GET.get("mandate")
        if asked_for:
            if not asked_for.isdigit():
                raise Http404
            self.mandate: Mandate | None = get_object_or_404(visible, pk=int(asked_for))
        else:
            self.mandate = self.own[0] if self.own else None
        self.mandates = list(self.own)
        if self.mandate is not None and self.mandate not in self.mandates:
            self.mandates.insert(0, self.mandate)
        self.months = mandate_months(self.mandate, self.today) if self.mandate else []
        given = request.GET.get("month")
        month = parse_month(given)
        if given and month not in self.months:
            raise Http404
        self.month = month or default_month(self.months, self.today)

    def query(self) -> str:
        if self.mandate is None or self.month is None:
            return ""
        return f"?mandate={self.mandate.pk}&month={self.month:%Y-%m}"


def month_context(request: AuthedRequest, chosen: Chosen) -> dict[str, Any]:
    mandate, month, user, today = chosen.mandate, chosen.month, request.user, chosen.today
    context: dict[str, Any] = {
        "chosen": chosen,
        "month_choices": [(m.strftime("%Y-%m"), f.month_label(m)) for m in chosen.months],
        "title": _("My month in the rating"),
    }
    if mandate is None or month is None:
        return context
    opens, closes = actions.correction_window(month)
    snapshot = snapshot_for(mandate, month)
    published = (
        Snapshot.objects.filter(mandate=mandate, month=month)
        .latest_published()
        .select_related("publication")
        .first()
    )
    method = snapshot.method if snapshot else Method.for_month(month)
    context.update(
        mandate=mandate,
        month=month,
        month_over=month_end(month) < today,
        snapshot=snapshot,
        published=published if published and snapshot and published.pk != snapshot.pk else None,
        parts=parts(snapshot) if snapshot else [],
        method=method,
        rated=mandate.party is not None and mandate.party.is_own,
        days_in_office=mandate.days_in_office(month, month_end(month)),
        min_days=rating.MIN_DAYS,
        opens=opens,
        closes=closes,
        window_open=opens <= today <= closes,
        window_passed=today > closes,
        records=counted(mandate, month),
        corrections=mandate.corrections.filter(month=month)
        .select_related("sitting", "decided_by")
        .order_by("-submitted_at", "-pk"),
        own=rules.is_own(user, mandate),
    )
    if may_correct(user, mandate, month, today):
        context["step"] = correction_step(user, mandate, month)
    return context


# ---------------------------------------------------------------- corrections


def get_correction_for_user(user: User, pk: int) -> Correction:
    return get_object_or_404(
        Correction.objects.visible_to(user).select_related(
            "mandate__person",
            "mandate__convocation__body__branch",
            "sitting",
            "submitted_by",
            "decided_by",
        ),
        pk=pk,
    )


def _correction_rows(request: AuthedRequest, records: list[Correction]) -> list[Correction]:
    for correction in records:
        correction.asked = asked(correction)  # type: ignore[attr-defined]
    return records


CORRECTIONS = Listing(
    title=gettext_lazy("Corrections of deputies' months"),
    stem="corrections",
    rows_template="deputies/months/_correction_rows.html",
    template="deputies/months/list.html",
    records=lambda request: Correction.objects.visible_to(request.user).select_related(
        "mandate__person", "mandate__convocation__body", "sitting"
    ),
    filterset=CorrectionFilterSet,
    columns=CORRECTION_COLUMNS,
    export_url="deputies:correction-export",
    capability=None,  # a deputy sees their own; the office its branches'
    rows=_correction_rows,
)


def correction_steps(request: AuthedRequest, correction: Correction) -> dict[str, Step]:
    """Confirm or refuse: offered to those managing the body's branch, never to the deputy
    or to whoever asked (`rules.may_decide`)."""
    user = request.user
    if not rules.may_decide(user, correction):
        return {}
    return {
        "confirm": Step(
            gettext_lazy("Confirm the correction"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.confirm_correction(actor=user, correction=correction, **d),
            _("The correction is confirmed and the deputy's month recomputed."),
            prefix="confirm",
        ),
        "refuse": Step(
            gettext_lazy("Refuse the correction"),
            lambda data=None, files=None: f.RefuseForm(data, files),
            lambda d: actions.refuse_correction(actor=user, correction=correction, **d),
            _("The correction is refused."),
            prefix="refuse",
        ),
    }


def _correction_context(
    request: AuthedRequest, correction: Correction, steps: list[Shown]
) -> dict[str, Any]:
    opens, closes = actions.correction_window(correction.month)
    return {
        "correction": correction,
        "asked": asked(correction),
        "opens": opens,
        "closes": closes,
        "month_url": reverse("deputies:month")
        + f"?mandate={correction.mandate_id}&month={correction.month:%Y-%m}",
    }


CORRECTION_PAGE = RecordPage(
    template="deputies/months/correction_detail.html",
    url_name="deputies:correction",
    fetch=get_correction_for_user,
    steps=correction_steps,
    context=_correction_context,
    capability=None,  # the fetch is scoped: the deputy's own, the office's branches'
    forms={"confirm": f.ConfirmForm, "refuse": f.RefuseForm},
)


# ---------------------------------------------------------------- a branch's months


def get_rating_branch_for_user(user: User, pk: int) -> Branch:
    paths = [
        *user.scope_paths(Capability.VIEW_WORK),
        *user.scope_paths(Capability.MANAGE_DEPUTIES),
    ]
    return get_object_or_404(Branch.objects.filter(subtree_q(paths)), pk=pk)


def rating_branch_steps(request: AuthedRequest, branch: Branch) -> dict[str, Step]:
    """Recompute a month of the branch's bodies, or publish one whose window has closed:
    offered to those managing the branch's deputies."""
    user = request.user
    if not rules.may_manage(user, branch):
        return {}
    today = timezone.localdate()
    months = [row.month for row in branch_months(branch, today, actions.correction_window)]
    closed = [month for month in months if month_end(month) < today]

    def recompute(data: dict[str, Any]) -> str:
        done = rating.compute(data["month"], bodies=bodies_of(branch))
        if done.method is None:
            return _("No version of the methodology applies to this month.")
        return _(
            "The month is computed: %(created)d new, %(updated)d updated, %(unchanged)d unchanged."
        ) % {"created": done.created, "updated": done.updated, "unchanged": done.unchanged}

    def published(publication: Any) -> str:
        return _("Published: revision %(revision)d, deputies: %(deputies)d.") % {
            "revision": publication.revision,
            "deputies": publication.deputies,
        }

    return {
        "recompute": Step(
            gettext_lazy("Recompute a month"),
            lambda data=None, files=None: f.MonthForm(data, files, months=months),
            recompute,
            prefix="recompute",
        ),
        "publish": Step(
            gettext_lazy("Publish a month"),
            lambda data=None, files=None: f.MonthForm(
                data, files, months=closed, initial={"month": previous_month(today).isoformat()}
            ),
            lambda d: actions.publish_rating(actor=user, branch=branch, month=d["month"]),
            published,
            prefix="publish",
        ),
    }


def _rating_branch_context(
    request: AuthedRequest, branch: Branch, steps: list[Shown]
) -> dict[str, Any]:
    return {
        "branch": branch,
        "months": branch_months(branch, timezone.localdate(), actions.correction_window),
        "bodies": bodies_of(branch),
    }


RATING_BRANCH_PAGE = RecordPage(
    template="deputies/months/branch_months.html",
    url_name="deputies:rating-branch",
    fetch=get_rating_branch_for_user,
    steps=rating_branch_steps,
    context=_rating_branch_context,
    capability=None,  # the fetch is scoped to the branches whose work the user sees
    forms={"recompute": f.MonthForm, "publish": f.MonthForm},
)


def rating_months_context(request: AuthedRequest) -> dict[str, Any]:
    user = request.user
    if not (user.can(Capability.VIEW_WORK) or user.can(Capability.MANAGE_DEPUTIES)):
        raise PermissionDenied(_("Your role does not give access to this page."))
    return {"branches": rating_branches(user)}


# ---------------------------------------------------------------- the methodology


def methods() -> QuerySet[Method]:
    return Method.objects.prefetch_related(
        Prefetch("weights", Weight.objects.order_by("-weight", "component"))
    ).order_by("-valid_from")


def methods_context(request: AuthedRequest) -> dict[str, Any]:
    user = request.user
    if not (user.can(Capability.VIEW_WORK) or user.can(Capability.MANAGE_DEPUTIES)):
        raise PermissionDenied(_("Your role does not give access to this page."))
    return {
        "methods": methods(),
        "components": [
            (spec.component.label, spec.explains, spec.share) for spec in rating.COMPONENTS.values()
        ],
        "may_add": rules.may_manage_nationally(user),
        "min_days": rating.MIN_DAYS,
        "min_peers": rating.MIN_PEERS,
    }


def new_method(user: User) -> Step:
    latest = Method.objects.order_by("-valid_from").prefetch_related("weights").first()
    weights = {w.component: (w.weight, w.standard) for w in latest.weights.all()} if latest else {}
    return Step(
        gettext_lazy("A new version of the methodology"),
        lambda data=None, files=None: f.MethodForm(data, files, initial_weights=weights),
        lambda d: actions.add_method(actor=user, **f.MethodForm.method(d)),
        gettext_lazy("The new version is recorded; it applies from its month on."),
    )


NEW_METHOD = CreatePage(
    new_method,
    "deputies/months/method_form.html",
    Capability.MANAGE_DEPUTIES,
    url_name="deputies:method-new",
    next=lambda made: reverse("deputies:methods"),
)


def new_method_page(request: AuthedRequest) -> HttpResponse:
    """Only the central office makes a version (`rules.may_manage_nationally`)."""
    if not rules.may_manage_nationally(request.user):
        raise PermissionDenied(_("Your role does not give access to this page."))
    return NEW_METHOD.page(request)
