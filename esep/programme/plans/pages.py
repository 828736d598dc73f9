"""What the programme's staff pages show and allow, declared once for the HTML views and the
REST API: the lists of promises, road maps, measures and proposed changes; loading a
programme and a road map; and the pages of a programme, a promise, a road map, a measure
and a proposed change with the steps open to this user on them now.

Monitors hold no capability: what they may do comes from their assignment to a road map
(`rules`). The road maps', measures' and changes' pages and lists therefore ask for no
capability — their fetches and records are scoped to what the user sees, a monitor's own
road maps among them — while the programme's and the promises' ask for the party work."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing, paged
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability
from esep.programme import charts, progress
from esep.programme.models import (
    Change,
    HistoryEntry,
    Indicator,
    Measure,
    Programme,
    Promise,
    RoadMap,
)
from esep.programme.plans import actions, rules
from esep.programme.plans import forms as f
from esep.programme.plans.filters import (
    ChangeFilterSet,
    MeasureFilterSet,
    PromiseFilterSet,
    RoadMapFilterSet,
)
from esep.programme.plans.queries import (
    CHANGE_COLUMNS,
    MEASURE_COLUMNS,
    PROMISE_COLUMNS,
    ROAD_MAP_COLUMNS,
    changes_visible_to,
    put_progress,
    with_progress,
)

# ---------------------------------------------------------------- fetches (404 outside)


def get_programme_for_user(user: User, pk: int) -> Programme:
    return get_object_or_404(Programme.objects.visible_to(user).select_related("branch"), pk=pk)


def get_promise_for_user(user: User, pk: int) -> Promise:
    return get_object_or_404(
        Promise.objects.visible_to(user).select_related("section__programme__branch", "territory"),
        pk=pk,
    )


def get_road_map_for_user(user: User, pk: int) -> RoadMap:
    return get_object_or_404(
        RoadMap.objects.visible_to(user).select_related("programme", "branch", "territory"),
        pk=pk,
    )


def get_measure_for_user(user: User, pk: int) -> Measure:
    return get_object_or_404(
        Measure.objects.visible_to(user).select_related(
            "road_map__branch", "road_map__programme", "state_body", "territory"
        ),
        pk=pk,
    )


def get_change_for_user(user: User, pk: int) -> Change:
    return get_object_or_404(
        changes_visible_to(user).select_related(
            "promise__section__programme__branch",
            "measure__road_map__branch",
            "proposed_by",
            "decided_by",
            "corrects",
        ),
        pk=pk,
    )


def _managed_branches(user: User) -> QuerySet[Branch]:
    return Branch.objects.filter(subtree_q(user.scope_paths(Capability.MANAGE_PROGRAMME)))


def _history(**subject: Any) -> QuerySet[HistoryEntry]:
    return HistoryEntry.objects.filter(**subject).select_related(
        "proposed_by", "approved_by", "corrects"
    )


# ---------------------------------------------------------------- creation


def new_programme(user: User) -> Step:
    return Step(
        gettext_lazy("Load an election programme"),
        lambda data=None, files=None: f.ProgrammeForm(
            data, files, branches=_managed_branches(user).order_by("path")
        ),
        lambda d: actions.add_programme(actor=user, **d),
        gettext_lazy("The programme is loaded."),
    )


NEW_PROGRAMME = CreatePage(
    new_programme,
    "programme/form.html",
    Capability.MANAGE_PROGRAMME,
    url_name="programme:programme-new",
)


def new_road_map(user: User) -> Step:
    """Loading a road map. A branch's regional road map carries out the national programme,
    adopted above it: every programme and its promises are offered (they are public)."""
    return Step(
        gettext_lazy("Load a road map"),
        lambda data=None, files=None: f.RoadMapForm(
            data,
            files,
            branches=_managed_branches(user).order_by("path"),
            programmes=Programme.objects.order_by("-adopted_on", "code"),
            promises=Promise.objects.select_related("section__programme").order_by(
                "section__programme__code", "section__number", "code"
            ),
        ),
        lambda d: actions.add_road_map(actor=user, **d),
        gettext_lazy("The road map is loaded."),
    )


NEW_ROAD_MAP = CreatePage(
    new_road_map,
    "programme/form.html",
    Capability.MANAGE_PROGRAMME,
    url_name="programme:road-map-new",
)


# ---------------------------------------------------------------- lists


def _promise_list_context(request: AuthedRequest) -> dict[str, Any]:
    # Each row links its programme: the page reads no list of programmes of its own.
    return {"may_load": request.user.can(Capability.MANAGE_PROGRAMME)}


PROMISES = Listing(
    title=gettext_lazy("Promises of the programme"),
    stem="promises",
    rows_template="programme/_promise_rows.html",
    template="programme/promise_list.html",
    records=lambda request: Promise.objects.visible_to(request.user).select_related(
        "section__programme", "territory"
    ),
    filterset=PromiseFilterSet,
    columns=PROMISE_COLUMNS,
    export_url="programme:promise-export",
    capability=None,  # monitors hold none: the records are scoped to what the user sees
    context=_promise_list_context,
    rows=with_progress(progress.promises_progress),
)

ROAD_MAPS = Listing(
    title=gettext_lazy("Road maps"),
    stem="road-maps",
    rows_template="programme/_road_map_rows.html",
    template="programme/list.html",
    records=lambda request: RoadMap.objects.visible_to(request.user).select_related(
        "programme", "branch", "territory"
    ),
    filterset=RoadMapFilterSet,
    columns=ROAD_MAP_COLUMNS,
    export_url="programme:road-map-export",
    capability=None,  # monitors hold none: the records are theirs to see
    create=NEW_ROAD_MAP,
    rows=with_progress(progress.road_maps_progress),
)

MEASURES = Listing(
    title=gettext_lazy("Measures of the road maps"),
    stem="measures",
    rows_template="programme/_measure_rows.html",
    template="programme/list.html",
    records=lambda request: Measure.objects.visible_to(request.user).select_related(
        "road_map", "state_body", "territory"
    ),
    filterset=MeasureFilterSet,
    columns=MEASURE_COLUMNS,
    export_url="programme:measure-export",
    capability=None,
    rows=with_progress(progress.measures_progress),
)

CHANGES = Listing(
    title=gettext_lazy("Proposed changes of status and verdict"),
    stem="changes",
    rows_template="programme/_change_rows.html",
    template="programme/list.html",
    records=lambda request: changes_visible_to(request.user).select_related(
        "promise__section__programme",
        "measure__road_map",
        "proposed_by",
        "decided_by",
    ),
    filterset=ChangeFilterSet,
    columns=CHANGE_COLUMNS,
    export_url="programme:change-export",
    capability=None,
)


# ---------------------------------------------------------------- the programme


def programme_steps(request: AuthedRequest, programme: Programme) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not rules.may_manage(user, programme.branch):
        return steps
    steps["section"] = Step(
        gettext_lazy("Add a section"),
        lambda data=None, files=None: f.SectionForm(
            data, files, initial={"number": programme.sections.count() + 1}
        ),
        lambda d: actions.add_section(actor=user, programme=programme, **d),
        _("The section is added."),
    )
    sections = programme.sections.all()
    if sections.exists():
        steps["promise"] = Step(
            gettext_lazy("Add a promise"),
            lambda data=None, files=None: f.PromiseForm(
                data,
                files,
                sections=sections,
                initial={"territory": programme.branch.territory.kato},
            ),
            lambda d: actions.add_promise(actor=user, **d),
            _("The promise is added."),
        )
    return steps


def _programme_context(
    request: AuthedRequest, programme: Programme, steps: list[Shown]
) -> dict[str, Any]:
    sections = list(
        programme.sections.prefetch_related(
            Prefetch("promises", Promise.objects.select_related("territory"))
        )
    )
    promises = [promise for section in sections for promise in section.promises.all()]
    put_progress(promises, progress.promises_progress, timezone.localdate())
    return {
        "programme": programme,
        "sections": sections,
        "road_maps": RoadMap.objects.visible_to(request.user)
        .filter(programme=programme)
        .select_related("branch"),
    }


PROGRAMME_PAGE = RecordPage(
    template="programme/programme_detail.html",
    url_name="programme:programme",
    fetch=get_programme_for_user,
    steps=programme_steps,
    context=_programme_context,
    capability=None,  # monitors hold none: the fetch is scoped to what the user sees
    forms={"section": f.SectionForm, "promise": f.PromiseForm},
)


# ---------------------------------------------------------------- changes proposed


def _change_step(user: User, subject: Promise | Measure) -> Step:
    history = subject.history.all()  # type: ignore[union-attr]
    return Step(
        gettext_lazy("Propose a change of status or verdict"),
        lambda data=None, files=None: f.ChangeForm(data, files, history=history),
        lambda d: actions.propose_change(actor=user, subject=subject, **f.ChangeForm.change(d)),
        _("The change is proposed: it takes effect once another person approves it."),
        multipart=True,
    )


# ---------------------------------------------------------------- a promise


def promise_steps(request: AuthedRequest, promise: Promise) -> dict[str, Step]:
    if rules.may_propose(request.user, promise):
        return {"change": _change_step(request.user, promise)}
    return {}


def _promise_context(request: AuthedRequest, promise: Promise, steps: list[Shown]) -> dict:
    today = timezone.localdate()
    road_maps = list(
        RoadMap.objects.visible_to(request.user)
        .filter(promises=promise)
        .select_related("branch", "territory")
    )
    # A page of its measures at a time, each page's progress computed for its rows only.
    page = paged(
        Measure.objects.visible_to(request.user)
        .filter(promises=promise)
        .select_related("road_map", "state_body", "territory")
        .order_by("road_map__code", "code", "pk"),
        request,
    )
    measures = put_progress(list(page.object_list), progress.measures_progress, today)
    put_progress(road_maps, progress.road_maps_progress, today)
    return {
        "promise": promise,
        "progress": progress.promises_progress([promise], on=today).get(promise.pk),
        "topics": promise.topics.all(),
        "road_maps": road_maps,
        "page": page,
        "measures": measures,
        "today": today,
        "history": _history(promise=promise),
        # Only the pending changes this reader may open: those of a national promise are
        # the central office's business, not a regional reader's.
        "pending": changes_visible_to(request.user)
        .filter(promise=promise, state=Change.State.PENDING)
        .select_related("proposed_by"),
    }


PROMISE_PAGE = RecordPage(
    template="programme/promise_detail.html",
    url_name="programme:promise",
    fetch=get_promise_for_user,
    steps=promise_steps,
    context=_promise_context,
    capability=None,  # monitors hold none: the fetch is scoped to what the user sees
    forms={"change": f.ChangeForm},
)


# ---------------------------------------------------------------- a road map


def _members(road_map: RoadMap) -> QuerySet[Person]:
    """Who may be assigned: active members of the road map's branch subtree not already
    following it."""
    following = rules.active_monitors().filter(road_map=road_map).values("person_id")
    return (
        Person.objects.filter(
            membership__status="active",
            membership__branch__path__startswith=road_map.branch.path,
        )
        .exclude(pk__in=following)
        .order_by("surname", "given_name", "pk")
    )


def road_map_steps(request: AuthedRequest, road_map: RoadMap) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not rules.may_manage(user, road_map.branch):
        return steps
    today = timezone.localdate()
    steps["measure"] = Step(
        gettext_lazy("Add a measure"),
        lambda data=None, files=None: f.MeasureForm(
            data,
            files,
            people=Person.objects.office_holders([road_map.branch.path]),
            promises=Promise.objects.filter(section__programme=road_map.programme_id),
            initial={"territory": road_map.territory.kato},
        ),
        lambda d: actions.add_measure(actor=user, road_map=road_map, **d),
        _("The measure is added."),
    )
    steps["monitor"] = Step(
        gettext_lazy("Assign a monitor"),
        lambda data=None, files=None: f.AssignMonitorForm(
            data, files, people=_members(road_map), initial={"since": today}
        ),
        lambda d: actions.assign_monitor(actor=user, road_map=road_map, **d),
        _("The monitor is assigned."),
    )
    active = rules.active_monitors().filter(road_map=road_map).select_related("person")
    if active.exists():
        steps["end-monitor"] = Step(
            gettext_lazy("End a monitor's assignment"),
            lambda data=None, files=None: f.EndMonitorForm(
                data, files, monitors=active, initial={"until": today}
            ),
            lambda d: actions.end_monitor(actor=user, **d),
            _("The assignment is ended."),
        )
    return steps


def _road_map_context(request: AuthedRequest, road_map: RoadMap, steps: list[Shown]) -> dict:
    today = timezone.localdate()
    # A page of its measures at a time, each page's progress computed for its rows only;
    # the road map's own progress reads them all.
    page = paged(
        road_map.measures.select_related("state_body", "territory").order_by("code", "pk"),
        request,
    )
    measures = put_progress(list(page.object_list), progress.measures_progress, today)
    promises = list(road_map.promises.select_related("section__programme"))
    return {
        "road_map": road_map,
        "progress": progress.road_maps_progress([road_map], on=today).get(road_map.pk),
        "page": page,
        "measures": measures,
        "today": today,
        "monitors": road_map.monitors.select_related("person").order_by(
            "until", "person__surname", "person__given_name"
        ),
        "promises": promises,
        # The promises this reader may open: the others are named, not linked.
        "open_promises": set(
            Promise.objects.visible_to(request.user)
            .filter(pk__in=[p.pk for p in promises])
            .values_list("pk", flat=True)
        ),
        "monitoring": rules.monitors(request.user, road_map),
        # The spreadsheet imports: measures and indicators by the programme office, the
        # observations by it and the road map's monitors.
        "may_import_measures": rules.may_manage(request.user, road_map.branch),
        "may_import_observations": rules.may_record(request.user, road_map),
    }


ROAD_MAP_PAGE = RecordPage(
    template="programme/road_map_detail.html",
    url_name="programme:road-map",
    fetch=get_road_map_for_user,
    steps=road_map_steps,
    context=_road_map_context,
    capability=None,  # monitors hold none: the fetch is scoped to what the user sees
    forms={
        "measure": f.MeasureForm,
        "monitor": f.AssignMonitorForm,
        "end-monitor": f.EndMonitorForm,
    },
)


# ---------------------------------------------------------------- a measure


def measure_steps(request: AuthedRequest, measure: Measure) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    road_map = measure.road_map
    if rules.may_manage(user, road_map.branch):
        steps["indicator"] = Step(
            gettext_lazy("Add an indicator"),
            lambda data=None, files=None: f.IndicatorForm(data, files),
            lambda d: actions.add_indicator(actor=user, measure=measure, **d),
            _("The indicator is added."),
        )
    indicators = measure.indicators.all()
    if rules.may_record(user, road_map) and indicators.exists():
        steps["observation"] = Step(
            gettext_lazy("Record an observation"),
            lambda data=None, files=None: f.ObservationForm(
                data,
                files,
                indicators=indicators,
                initial={"territory": measure.territory.kato},
            ),
            lambda d: actions.record_observation(actor=user, **d),
            _("The observation is recorded."),
            multipart=True,
        )
    if rules.may_propose(user, measure):
        steps["change"] = _change_step(user, measure)
    return steps


def _measure_context(request: AuthedRequest, measure: Measure, steps: list[Shown]) -> dict:
    today = timezone.localdate()
    indicators: list[Indicator] = list(measure.indicators.prefetch_related("milestones"))
    computed = progress.indicators_progress(indicators, on=today)
    series = progress.indicators_series(indicators, on=today)
    observed = defaultdict(list)
    for observation in (
        rules.current_observations()
        .filter(indicator__measure=measure)
        .select_related("territory", "recorded_by")
        .order_by("period_end", "territory__path", "pk")
    ):
        observed[observation.indicator_id].append(observation)
    for indicator in indicators:
        indicator.progress = computed.get(indicator.pk)  # type: ignore[attr-defined]
        indicator.observed = observed[indicator.pk]  # type: ignore[attr-defined]
        # The regions added up, one value a period: what the chart and its table show.
        indicator.series = series.get(indicator.pk, [])  # type: ignore[attr-defined]
        # Every text in the chart is escaped where it is written (charts.py).
        chart = charts.indicator_chart(indicator, computed.get(indicator.pk), indicator.series)  # type: ignore[attr-defined]
        indicator.chart = mark_safe(chart)  # type: ignore[attr-defined]
    return {
        "measure": measure,
        "road_map": measure.road_map,
        "progress": progress.measures_progress([measure], on=today).get(measure.pk),
        "indicators": indicators,
        "today": today,
        "responsible": measure.responsible.order_by("surname", "given_name"),
        "promises": measure.promises.select_related("section__programme"),
        "open_promises": set(
            Promise.objects.visible_to(request.user)
            .filter(measures=measure)
            .values_list("pk", flat=True)
        ),
        "history": _history(measure=measure),
        "pending": measure.changes.filter(state=Change.State.PENDING).select_related("proposed_by"),
    }


MEASURE_PAGE = RecordPage(
    template="programme/measure_detail.html",
    url_name="programme:measure",
    fetch=get_measure_for_user,
    steps=measure_steps,
    context=_measure_context,
    capability=None,  # monitors hold none: the fetch is scoped to what the user sees
    forms={"indicator": f.IndicatorForm, "observation": f.ObservationForm, "change": f.ChangeForm},
)


# ---------------------------------------------------------------- a proposed change


def change_steps(request: AuthedRequest, change: Change) -> dict[str, Step]:
    """Approve or return: offered to those managing the record's branch, never to whoever
    proposed the change (four eyes)."""
    user = request.user
    if not rules.may_decide(user, change):
        return {}
    return {
        "approve": Step(
            gettext_lazy("Approve the change"),
            lambda data=None, files=None: f.ApproveForm(data, files),
            lambda d: actions.approve_change(actor=user, change=change, **d),
            _("The change is approved and written into the history."),
        ),
        "return": Step(
            gettext_lazy("Return the change"),
            lambda data=None, files=None: f.ReturnForm(data, files),
            lambda d: actions.return_change(actor=user, change=change, **d),
            _("The change is returned to its proposer."),
        ),
    }


def _change_context(request: AuthedRequest, change: Change, steps: list[Shown]) -> dict:
    subject = change.subject
    # Whoever proposed it sees it even once they no longer see its record: named, not linked.
    visible = Promise if isinstance(subject, Promise) else Measure
    open_subject = visible.objects.visible_to(request.user).filter(pk=subject.pk).exists()
    return {
        "change": change,
        "subject": subject,
        "open_subject": open_subject,
        "evidence": change.evidence.all(),
        "entry": HistoryEntry.objects.filter(change=change).first(),
    }


CHANGE_PAGE = RecordPage(
    template="programme/change_detail.html",
    url_name="programme:change",
    fetch=get_change_for_user,
    steps=change_steps,
    context=_change_context,
    capability=None,
    forms={"approve": f.ApproveForm, "return": f.ReturnForm},
)
