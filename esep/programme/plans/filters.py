"""The filters of the programme's lists — promises, road maps, measures and the proposed
changes — for their pages, their exports and the REST API."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from esep.appeals.models import Category, StateBody
from esep.lib.folding import folded_contains
from esep.org.filters import BranchScopedFilterSet, branch_filter, territory_filter
from esep.org.models import Branch, subtree_q
from esep.org.roles import Capability
from esep.programme.models import (
    Change,
    Measure,
    Programme,
    Promise,
    RoadMap,
    Section,
    Status,
    Verdict,
)
from esep.programme.plans.queries import needs_verdict_q, overdue_q


def programmes(request: Any) -> QuerySet[Programme]:
    return Programme.objects.visible_to(request.user).order_by("-adopted_on", "code")


def programme_filter(
    field_name: str, choices: Any = programmes
) -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=choices,
        field_name=field_name,
        to_field_name="code",
        empty_label=_("Any"),
    )


def verdict_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Verdict"), choices=Verdict.choices, empty_label=_("Any")
    )


def status_filter() -> django_filters.ChoiceFilter:
    return django_filters.ChoiceFilter(
        label=_("Progress status"), choices=Status.choices, empty_label=_("Any")
    )


class SectionField(django_filters.fields.ModelChoiceField):
    """A section named with its programme, since several programmes number theirs alike."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.programme.code} · {obj.number}. {obj.title}"


class SectionChoice(django_filters.ModelChoiceFilter):
    field_class = SectionField


def sections(request: Any) -> QuerySet[Section]:
    return Section.objects.filter(programme__in=programmes(request)).select_related("programme")


class PromiseFilterSet(BranchScopedFilterSet):
    field_order = ["q", "programme", "section", "topic", "verdict", "status"]

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    programme = programme_filter("section__programme")
    section = SectionChoice(label=_("Section"), queryset=sections, empty_label=_("Any"))
    topic = django_filters.ModelChoiceFilter(
        label=_("Topic"),
        queryset=Category.objects.order_by("path"),
        to_field_name="code",
        empty_label=_("Any"),
        method="on_topic",
    )
    verdict = verdict_filter()
    status = status_filter()
    branch = None  # type: ignore[assignment]  # a promise's branch is its programme's

    def search(self, promises: QuerySet[Promise], name: str, text: str) -> QuerySet[Promise]:
        return promises.filter(
            Q(code__iexact=text.strip())
            | folded_contains("text_kk", text)
            | folded_contains("text_ru", text)
            | folded_contains("text_en", text)
        )

    def on_topic(
        self, promises: QuerySet[Promise], name: str, topic: Category
    ) -> QuerySet[Promise]:
        """Promises on the topic or any topic under it."""
        chosen = Category.objects.filter(path__startswith=topic.path).values("pk")
        return promises.filter(pk__in=Promise.objects.filter(topics__in=chosen).values("pk"))

    def arrange(self, promises: QuerySet[Promise]) -> QuerySet[Promise]:
        return promises.order_by("section__programme__adopted_on", "section__number", "code")


def programmes_of_road_maps(request: Any) -> QuerySet[Programme]:
    """The programmes the road maps the user sees carry out: a regional branch's staff and
    monitors follow the national programme without seeing its office's records."""
    seen = RoadMap.objects.visible_to(request.user).values("programme_id")
    return Programme.objects.filter(pk__in=seen).order_by("-adopted_on", "code")


class RoadMapFilterSet(BranchScopedFilterSet):
    field_order = ["q", "mine", "programme", "branch", "territory"]

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    mine = django_filters.BooleanFilter(
        label=_("Those I monitor"), widget=forms.CheckboxInput, method="monitored"
    )
    programme = programme_filter("programme", programmes_of_road_maps)
    territory = territory_filter()

    def search(self, road_maps: QuerySet[RoadMap], name: str, text: str) -> QuerySet[RoadMap]:
        return road_maps.filter(
            Q(code__icontains=text.strip())
            | folded_contains("title_kk", text)
            | folded_contains("title_ru", text)
            | folded_contains("title_en", text)
        )

    def monitored(self, road_maps: QuerySet[RoadMap], name: str, checked: bool) -> QuerySet:
        if not checked:
            return road_maps
        person_id = self.request.user.person_id
        return road_maps.filter(
            pk__in=RoadMap.objects.filter(
                monitors__person_id=person_id, monitors__until__isnull=True
            ).values("pk")
        )

    def arrange(self, road_maps: QuerySet[RoadMap]) -> QuerySet[RoadMap]:
        return road_maps.annotate(measure_count=Count("measures", distinct=True)).order_by(
            "programme", "code", "pk"
        )


def road_maps(request: Any) -> QuerySet[RoadMap]:
    return RoadMap.objects.visible_to(request.user).order_by("code")


class MeasureFilterSet(BranchScopedFilterSet):
    field_order = [
        "q",
        "road_map",
        "attention",
        "status",
        "verdict",
        "state_body",
        "branch",
        "territory",
    ]

    q = django_filters.CharFilter(label=_("Search"), max_length=100, method="search")
    road_map = django_filters.ModelChoiceFilter(
        label=_("Road map"), queryset=road_maps, to_field_name="code", empty_label=_("Any")
    )
    attention = django_filters.ChoiceFilter(
        label=_("Needs attention"),
        choices=[
            ("overdue", _("Past its deadline, not completed")),
            ("verdict", _("Past its deadline, not yet rated")),
        ],
        empty_label=_("Any"),
        method="needing_attention",
    )
    status = status_filter()
    verdict = verdict_filter()
    state_body = django_filters.ModelChoiceFilter(
        label=_("Responsible state body"),
        queryset=StateBody.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Any"),
    )
    branch = branch_filter(method="of_road_maps_branch")
    territory = territory_filter()

    def search(self, measures: QuerySet[Measure], name: str, text: str) -> QuerySet[Measure]:
        return measures.filter(
            Q(code__iexact=text.strip())
            | folded_contains("title_kk", text)
            | folded_contains("title_ru", text)
            | folded_contains("title_en", text)
        )

    def needing_attention(
        self, measures: QuerySet[Measure], name: str, attention: str
    ) -> QuerySet[Measure]:
        today = timezone.localdate()
        return measures.filter(
            overdue_q(today) if attention == "overdue" else needs_verdict_q(today)
        )

    def of_road_maps_branch(
        self, measures: QuerySet[Measure], name: str, branch: Branch
    ) -> QuerySet[Measure]:
        return measures.filter(road_map__branch__path__startswith=branch.path)

    def arrange(self, measures: QuerySet[Measure]) -> QuerySet[Measure]:
        return measures.order_by("road_map__code", "code", "pk")


class ChangeFilterSet(BranchScopedFilterSet):
    field_order = ["state", "mine", "subject"]

    state = django_filters.ChoiceFilter(
        label=_("State"), choices=Change.State.choices, empty_label=_("Any")
    )
    mine = django_filters.BooleanFilter(
        label=_("Those I may decide"), widget=forms.CheckboxInput, method="to_decide"
    )
    subject = django_filters.ChoiceFilter(
        label=_("Of"),
        choices=[("promise", _("Promises")), ("measure", _("Measures"))],
        empty_label=_("Promises and measures"),
        method="of_subject",
    )
    branch = None  # type: ignore[assignment]  # a change's branch is its record's

    def to_decide(self, changes: QuerySet[Change], name: str, checked: bool) -> QuerySet[Change]:
        """Pending changes of records the user manages, not proposed by them (as
        `rules.may_decide` says of each)."""
        if not checked:
            return changes
        user = self.request.user
        paths = user.scope_paths(Capability.MANAGE_PROGRAMME)
        managed = subtree_q(paths, "measure__road_map__branch__path") | subtree_q(
            paths, "promise__section__programme__branch__path"
        )
        return changes.filter(managed, state=Change.State.PENDING).exclude(proposed_by=user)

    def of_subject(self, changes: QuerySet[Change], name: str, subject: str) -> QuerySet[Change]:
        return changes.filter(**{f"{subject}__isnull": False})

    def arrange(self, changes: QuerySet[Change]) -> QuerySet[Change]:
        return changes.order_by("-proposed_at", "-pk")
