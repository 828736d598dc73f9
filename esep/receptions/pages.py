"""What the reception pages declare once, for the HTML pages and the REST API alike: the
staff list (records, filters, columns, export), a reception's page with the steps it offers
(record held, change, cancel) and the planning of new ones as a step."""

from __future__ import annotations

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability
from esep.receptions import actions
from esep.receptions.filters import ReceptionFilterSet
from esep.receptions.forms import (
    CancelForm,
    ChangeReceptionForm,
    HeldForm,
    PlanReceptionForm,
)
from esep.receptions.models import Reception, Status
from esep.receptions.queries import COLUMNS


def get_reception_for_user(user, pk: int) -> Reception:
    return get_object_or_404(
        Reception.objects.visible_to(user).select_related("branch", "territory", "created_by"),
        pk=pk,
    )


def new_receptions(user) -> Step:
    """Planning a reception, repeated weekly if asked (`actions.plan_receptions`). Performing
    it gives the receptions planned (the page and the API's create)."""
    paths = user.scope_paths(Capability.MANAGE_WORK)

    def perform(data: dict) -> list[Reception]:
        fields = {**data}
        return actions.plan_receptions(actor=user, weeks=fields.pop("repeat_weeks"), **fields)

    return Step(
        gettext_lazy("Plan a reception"),
        lambda data=None, files=None: PlanReceptionForm(
            data,
            files,
            branches=Branch.objects.filter(subtree_q(paths)).order_by("path"),
            receivers=Person.objects.office_holders(paths),
        ),
        perform,
        done=lambda planned: (
            ngettext(
                "%(count)d reception is planned.", "%(count)d receptions are planned.", len(planned)
            )
            % {"count": len(planned)}
        ),
    )


PLAN = CreatePage(
    new_receptions,
    "receptions/plan.html",
    Capability.MANAGE_WORK,
    url_name="receptions:plan",
    next=lambda planned: planned[0],  # the first of the weeks planned
)


RECEPTIONS = Listing(
    title=gettext_lazy("Receptions"),
    stem="receptions",
    rows_template="receptions/_rows.html",
    records=lambda request: Reception.objects.visible_to(request.user).select_related(
        "branch", "territory"
    ),
    filterset=ReceptionFilterSet,
    columns=COLUMNS,
    export_url="receptions:export",
    capability=Capability.VIEW_WORK,
    create=PLAN,
    links=[("receptions:schedule", gettext_lazy("Public schedule"))],
)


def _steps(request: AuthedRequest, reception: Reception) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not user.can(Capability.MANAGE_WORK, reception.branch.path):
        return steps
    if reception.status != Status.CANCELLED:
        registered = reception.appeals.count()
        steps["held"] = Step(
            gettext_lazy("Correct the number received")
            if reception.status == Status.HELD
            else gettext_lazy("Record as held"),
            lambda data=None, files=None: HeldForm(
                data, files, initial={"people_received": reception.people_received or registered}
            ),
            lambda d: actions.record_held(actor=user, reception=reception, **d),
            _("The reception is recorded as held."),
        )
    if reception.status == Status.PLANNED:
        steps["change"] = _change_step(user, reception)
        steps["cancel"] = Step(
            gettext_lazy("Cancel the reception"),
            lambda data=None, files=None: CancelForm(data, files),
            lambda d: actions.cancel_reception(actor=user, reception=reception, **d),
            _("The reception is cancelled."),
        )
    return steps


def _change_step(user, reception: Reception) -> Step:
    starts, ends = reception.local(reception.starts_at), reception.local(reception.ends_at)
    initial = {
        "place_type": reception.place_type,
        "address": reception.address,
        "day": starts.date(),
        "starts": starts.time(),
        "ends": ends.time(),
        "receivers": list(reception.receivers.values_list("pk", flat=True)),
        "notes": reception.notes,
    }

    def change(data: dict) -> Reception:
        starts_at, ends_at = actions.local_times(
            reception.territory, data.pop("day"), data.pop("starts"), data.pop("ends")
        )
        return actions.change_reception(
            actor=user, reception=reception, starts_at=starts_at, ends_at=ends_at, **data
        )

    return Step(
        gettext_lazy("Change the time, place or receivers"),
        lambda data=None, files=None: ChangeReceptionForm(
            data,
            files,
            initial=initial,
            receivers=Person.objects.filter(
                Q(pk__in=Person.objects.office_holders([reception.branch.path]).values("pk"))
                | Q(pk__in=reception.receivers.values("pk"))
            ).order_by("surname", "given_name"),
        ),
        change,
        _("The reception is changed."),
    )


def _context(request: AuthedRequest, reception: Reception, steps: list[Shown]) -> dict:
    appeals = reception.appeals.select_related("category").order_by("pk")
    registers = request.user.can(Capability.HANDLE_APPEALS, reception.branch.path)
    return {
        "reception": reception,
        "receivers": reception.receivers.order_by("surname"),
        "appeals": appeals,
        "outcomes": appeals.aggregate(
            total=Count("pk"), positive=Count("pk", filter=Q(outcome="resolved_positively"))
        ),
        "can_register": registers and reception.status != Status.CANCELLED,
    }


PAGE = RecordPage(
    template="receptions/detail.html",
    url_name="receptions:detail",
    fetch=get_reception_for_user,
    steps=_steps,
    context=_context,
    capability=Capability.VIEW_WORK,
)
