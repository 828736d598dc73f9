"""The election programme in the REST API: programmes, promises, road maps, measures, their
indicators and observations, the proposed changes of status and verdict, and citizens'
proposals. Lists are the staff pages' declarations (`programme.plans.pages`,
`programme.proposals.pages`): the same records, filters and capability; steps are their
record pages' — recording an observation, proposing a change, approving or returning it,
deciding on a proposal — offered and refused as on the pages, done by the same actions.
Programmes, indicators and observations, which no staff list declares, are read from the
models through the same scoped querysets as their pages."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers

from esep.api.forms import LARGEST_ID, body_of
from esep.api.serializers import ModelSerializer, PersonalDataSerializer, WithSteps
from esep.api.views import (
    Creating,
    FromListing,
    Listed,
    Scoped,
    WithPageSteps,
    documented_steps,
)
from esep.programme import progress
from esep.programme.models import (
    Change,
    Evidence,
    HistoryEntry,
    Indicator,
    Measure,
    Milestone,
    Monitor,
    Observation,
    Programme,
    Promise,
    Proposal,
    RoadMap,
    Section,
)
from esep.programme.plans.forms import ProgrammeForm, RoadMapForm
from esep.programme.plans.pages import (
    CHANGE_PAGE,
    CHANGES,
    MEASURE_PAGE,
    MEASURES,
    NEW_PROGRAMME,
    PROGRAMME_PAGE,
    PROMISE_PAGE,
    PROMISES,
    ROAD_MAP_PAGE,
    ROAD_MAPS,
)
from esep.programme.proposals.forms import RegisterProposalForm
from esep.programme.proposals.pages import PROPOSAL_PAGE, PROPOSALS
from esep.programme.proposals.queries import author_contacts

# ---------------------------------------------------------------- serializers


class ProgressSerializer(serializers.Serializer):
    """Computed from the observations, never typed (`programme.progress`)."""

    attainment = serializers.FloatField(allow_null=True, help_text="0 to 1")
    pace = serializers.FloatField(allow_null=True, help_text="Attainment ÷ share of time gone")
    band = serializers.CharField(allow_null=True, help_text="The pace's band")
    needs_verdict = serializers.BooleanField(help_text="Past its deadline below its target")


class IndicatorProgressSerializer(serializers.Serializer):
    value = serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True)
    observed_on = serializers.DateField(allow_null=True)
    attainment = serializers.FloatField(allow_null=True)
    elapsed = serializers.FloatField()
    pace = serializers.FloatField(allow_null=True)
    band = serializers.CharField(allow_null=True)
    expected = serializers.DecimalField(max_digits=20, decimal_places=4)


def _progress(serializer: serializers.Serializer, record: Any) -> dict | None:
    found = serializer.context.get("progress", {}).get(record.pk)
    return None if found is None else ProgressSerializer(found).data


class Titled(WithSteps):
    title = serializers.CharField(read_only=True, help_text="In the language asked for")


class SectionSerializer(ModelSerializer):
    title = serializers.CharField(read_only=True)

    class Meta:
        model = Section
        fields = ["id", "number", "title", "title_kk", "title_ru", "title_en"]


class ProgrammeSerializer(Titled):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "branch",
            "election",
            "adopted_on",
            "sections",
            "steps",
        ]


class HistoryEntrySerializer(ModelSerializer):
    proposed_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    approved_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = HistoryEntry
        fields = [
            "id",
            "at",
            "old_status",
            "new_status",
            "old_verdict",
            "new_verdict",
            "broken_reason",
            "reason",
            "corrects",
            "change",
            "proposed_by",
            "approved_by",
        ]


class PromiseSerializer(WithSteps):
    text = serializers.CharField(read_only=True, help_text="In the language asked for")
    programme = serializers.SlugRelatedField(
        source="section.programme", slug_field="code", read_only=True
    )
    section = serializers.IntegerField(source="section.number", read_only=True)
    topics = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)

    class Meta:
        model = Promise
        fields = [
            "id",
            "programme",
            "section",
            "code",
            "text",
            "text_kk",
            "text_ru",
            "text_en",
            "topics",
            "territory",
            "due_on",
            "status",
            "verdict",
            "broken_reason",
            "steps",
        ]


class PromiseDetailSerializer(PromiseSerializer):
    progress = serializers.SerializerMethodField()
    history = HistoryEntrySerializer(many=True, read_only=True)
    road_maps = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()

    class Meta(PromiseSerializer.Meta):
        fields = [*PromiseSerializer.Meta.fields, "progress", "road_maps", "measures", "history"]

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, promise: Promise) -> dict | None:
        return _progress(self, promise)

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_road_maps(self, promise: Promise) -> list[int]:
        return self.context.get("road_maps", [])

    @extend_schema_field(serializers.ListField(child=serializers.IntegerField()))
    def get_measures(self, promise: Promise) -> list[int]:
        return self.context.get("measures", [])


class MonitorSerializer(ModelSerializer):
    person = serializers.CharField(source="person.full_name", read_only=True)

    class Meta:
        model = Monitor
        fields = ["id", "person", "since", "until"]


class RoadMapSerializer(Titled):
    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    promises = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = RoadMap
        fields = [
            "id",
            "code",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "programme",
            "branch",
            "territory",
            "approved_on",
            "promises",
            "steps",
        ]


class RoadMapDetailSerializer(RoadMapSerializer):
    progress = serializers.SerializerMethodField()
    monitors = MonitorSerializer(many=True, read_only=True)
    measures = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta(RoadMapSerializer.Meta):
        fields = [*RoadMapSerializer.Meta.fields, "progress", "measures", "monitors"]

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, road_map: RoadMap) -> dict | None:
        return _progress(self, road_map)


class MeasureSerializer(Titled):
    road_map = serializers.SlugRelatedField(slug_field="code", read_only=True)
    state_body = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    promises = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Measure
        fields = [
            "id",
            "road_map",
            "code",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "state_body",
            "deadline",
            "weight",
            "territory",
            "promises",
            "status",
            "verdict",
            "broken_reason",
            "steps",
        ]


class MeasureDetailSerializer(MeasureSerializer):
    progress = serializers.SerializerMethodField()
    responsible = serializers.StringRelatedField(many=True, read_only=True)
    indicators = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    history = HistoryEntrySerializer(many=True, read_only=True)

    class Meta(MeasureSerializer.Meta):
        fields = [
            *MeasureSerializer.Meta.fields,
            "progress",
            "responsible",
            "indicators",
            "history",
        ]

    @extend_schema_field(ProgressSerializer(allow_null=True))
    def get_progress(self, measure: Measure) -> dict | None:
        return _progress(self, measure)


class MilestoneSerializer(ModelSerializer):
    class Meta:
        model = Milestone
        fields = ["due_on", "value"]


class IndicatorSerializer(ModelSerializer):
    title = serializers.CharField(read_only=True)
    milestones = MilestoneSerializer(many=True, read_only=True)
    progress = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "id",
            "measure",
            "code",
            "title",
            "title_kk",
            "title_ru",
            "title_en",
            "unit",
            "direction",
            "band_low",
            "band_high",
            "baseline",
            "baseline_on",
            "target",
            "target_on",
            "aggregation",
            "milestones",
            "progress",
        ]

    @extend_schema_field(IndicatorProgressSerializer(allow_null=True))
    def get_progress(self, indicator: Indicator) -> dict | None:
        found = self.context.get("progress", {}).get(indicator.pk)
        return None if found is None else IndicatorProgressSerializer(found).data


class ObservationSerializer(ModelSerializer):
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    current = serializers.SerializerMethodField(help_text="Not replaced by a later value")

    class Meta:
        model = Observation
        fields = [
            "id",
            "indicator",
            "territory",
            "period_start",
            "period_end",
            "value",
            "numerator",
            "denominator",
            "kind",
            "source",
            "document_name",
            "document_sha256",
            "replaces",
            "current",
            "recorded_by",
            "recorded_at",
        ]

    def get_current(self, observation: Observation) -> bool:
        return not hasattr(observation, "replaced_by")


class EvidenceSerializer(ModelSerializer):
    class Meta:
        model = Evidence
        fields = [
            "id",
            "kind",
            "title",
            "url",
            "document_name",
            "document_sha256",
            "publisher",
            "published_on",
            "quote",
        ]


class ChangeSerializer(WithSteps):
    proposed_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    evidence = EvidenceSerializer(many=True, read_only=True)

    class Meta:
        model = Change
        fields = [
            "id",
            "promise",
            "measure",
            "status",
            "verdict",
            "broken_reason",
            "reason",
            "corrects",
            "state",
            "proposed_by",
            "proposed_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "evidence",
            "steps",
        ]


class ProposalSerializer(WithSteps):
    """A proposal as the register lists it (no text, no author)."""

    programme = serializers.SlugRelatedField(slug_field="code", read_only=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    merged_into = serializers.SlugRelatedField(slug_field="number", read_only=True, allow_null=True)

    class Meta:
        model = Proposal
        fields = [
            "id",
            "number",
            "tracking_code",
            "programme",
            "language",
            "channel",
            "category",
            "territory",
            "branch",
            "reception",
            "received_on",
            "decision",
            "decision_reason",
            "promise",
            "section",
            "merged_into",
            "decided_on",
            "created_at",
            "steps",
        ]


class AuthorSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="As given; empty when not given")
    personal_data = PersonalDataSerializer(
        allow_null=True, help_text="The contacts given, masked unless the role shows them"
    )


class ProposalDetailSerializer(ProposalSerializer):
    author = serializers.SerializerMethodField()

    class Meta(ProposalSerializer.Meta):
        fields = [*ProposalSerializer.Meta.fields, "text", "author"]

    @extend_schema_field(AuthorSerializer)
    def get_author(self, proposal: Proposal) -> dict:
        # As given with the proposal, never the matched person's record.
        shown = self.context.get("contacts", {}).get(proposal.pk)
        return {
            "name": proposal.author_name,
            "personal_data": None if shown is None else PersonalDataSerializer(shown).data,
        }


# ---------------------------------------------------------------- resources


def _today() -> Any:
    return timezone.localdate()


@extend_schema_view(
    list=extend_schema(summary="Election programmes"),
    retrieve=extend_schema(summary="One programme, with its sections and the steps open"),
    create=extend_schema(
        summary="Load an election programme",
        request=body_of(ProgrammeForm, "ProgrammeCreate"),
        responses={201: ProgrammeSerializer},
    ),
)
class ProgrammeViewSet(Creating, WithPageSteps):
    serializer_class = ProgrammeSerializer
    queryset = Programme.objects.none()  # the schema's model; get_queryset scopes it
    capability = PROGRAMME_PAGE.capability
    page = PROGRAMME_PAGE
    creation = NEW_PROGRAMME
    ordering_fields = ["adopted_on", "code", "id"]

    def get_queryset(self) -> QuerySet[Programme]:
        return (
            Programme.objects.visible_to(self.request.user)
            .select_related("branch")
            .prefetch_related("sections")
            .order_by("-adopted_on", "code")
        )


@extend_schema_view(
    list=extend_schema(summary="Promises, as their list page filters them"),
    retrieve=extend_schema(summary="One promise with its progress, road maps and history"),
)
class PromiseViewSet(Listed):
    queryset = Promise.objects.none()  # the schema's model; get_queryset scopes it
    listing = PROMISES
    page = PROMISE_PAGE
    ordering_fields = ["code", "due_on", "id"]

    def get_serializer_class(self) -> Any:
        return PromiseSerializer if self.action == "list" else PromiseDetailSerializer

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("topics")

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet):
            return {}
        user = self.request.user
        return {
            **super().context_for(instance),
            "progress": progress.promises_progress([instance], on=_today()),
            "road_maps": list(
                RoadMap.objects.visible_to(user)
                .filter(promises=instance)
                .values_list("pk", flat=True)
            ),
            "measures": list(
                Measure.objects.visible_to(user)
                .filter(promises=instance)
                .values_list("pk", flat=True)
            ),
        }


@extend_schema_view(
    list=extend_schema(summary="Road maps, as their list page filters them"),
    retrieve=extend_schema(summary="One road map with its progress, measures and monitors"),
    create=extend_schema(
        summary="Load a road map",
        request=body_of(RoadMapForm, "RoadMapCreate"),
        responses={201: RoadMapSerializer},
    ),
)
class RoadMapViewSet(FromListing):
    queryset = RoadMap.objects.none()  # the schema's model; get_queryset scopes it
    listing = ROAD_MAPS
    page = ROAD_MAP_PAGE
    ordering_fields = ["code", "approved_on", "id"]

    def get_serializer_class(self) -> Any:
        return RoadMapSerializer if self.action in ("list", "create") else RoadMapDetailSerializer

    def get_queryset(self) -> Any:
        found = super().get_queryset().prefetch_related("promises")
        if self.action != "list":
            found = found.prefetch_related("monitors__person", "measures")
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet) or self.action == "create":
            return {}
        return {
            **super().context_for(instance),
            "progress": progress.road_maps_progress([instance], on=_today()),
        }


@extend_schema_view(
    list=extend_schema(summary="Measures of the road maps, as their list page filters them"),
    retrieve=extend_schema(summary="One measure with its progress, indicators and history"),
)
class MeasureViewSet(Listed):
    queryset = Measure.objects.none()  # the schema's model; get_queryset scopes it
    listing = MEASURES
    page = MEASURE_PAGE
    ordering_fields = ["code", "deadline", "id"]

    def get_serializer_class(self) -> Any:
        return MeasureSerializer if self.action == "list" else MeasureDetailSerializer

    def get_queryset(self) -> Any:
        found = super().get_queryset().prefetch_related("promises")
        if self.action != "list":
            found = found.prefetch_related("responsible", "indicators", "history")
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet):
            return {}
        return {
            **super().context_for(instance),
            "progress": progress.measures_progress([instance], on=_today()),
        }


def _visible_indicators(user: Any) -> QuerySet[Indicator]:
    """The indicators of the measures the user sees (a monitor's road maps among them)."""
    return Indicator.objects.filter(measure__in=Measure.objects.visible_to(user).values("pk"))


@extend_schema_field({"type": "integer", "minimum": 1, "maximum": LARGEST_ID})
class IdFilter(django_filters.NumberFilter):
    """A record by its id: a whole number (one the user cannot see matches nothing)."""

    field_class = forms.IntegerField

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(min_value=1, max_value=LARGEST_ID, **kwargs)


class IndicatorFilterSet(django_filters.FilterSet):
    measure = IdFilter(label=_("Measure"), field_name="measure")

    class Meta:
        model = Indicator
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Target indicators of the measures the user sees"),
    retrieve=extend_schema(summary="One indicator with its milestones and progress today"),
)
class IndicatorViewSet(Scoped):
    serializer_class = IndicatorSerializer
    queryset = Indicator.objects.none()  # the schema's model; get_queryset scopes it
    filterset_class = IndicatorFilterSet
    ordering_fields = ["code", "id"]

    def get_queryset(self) -> QuerySet[Indicator]:
        return (
            _visible_indicators(self.request.user)
            .prefetch_related("milestones")
            .order_by("measure", "code", "pk")
        )

    def context_for(self, instance: Any) -> dict[str, Any]:
        many = list(instance) if isinstance(instance, list | QuerySet) else [instance]
        return {"progress": progress.indicators_progress(many, on=_today())}


class ObservationFilterSet(django_filters.FilterSet):
    indicator = IdFilter(label=_("Indicator"), field_name="indicator")
    measure = IdFilter(label=_("Measure"), field_name="indicator__measure")
    period_from = django_filters.DateFilter(
        label=_("Period from"), field_name="period_end", lookup_expr="gte"
    )
    period_to = django_filters.DateFilter(
        label=_("Period to"), field_name="period_end", lookup_expr="lte"
    )
    current = django_filters.BooleanFilter(
        label=_("Only those in force"), field_name="replaced_by", lookup_expr="isnull"
    )

    class Meta:
        model = Observation
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="Observations of the indicators the user sees (record one: a measure's "
        "`observation` step)"
    ),
    retrieve=extend_schema(summary="One observation"),
)
class ObservationViewSet(Scoped):
    serializer_class = ObservationSerializer
    queryset = Observation.objects.none()  # the schema's model; get_queryset scopes it
    filterset_class = ObservationFilterSet
    ordering_fields = ["period_end", "id"]

    def get_queryset(self) -> QuerySet[Observation]:
        return (
            Observation.objects.filter(
                indicator__in=_visible_indicators(self.request.user).values("pk")
            )
            .select_related("territory", "recorded_by", "replaced_by")
            .order_by("indicator", "period_end", "territory__path", "pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Proposed changes of status and verdict"),
    retrieve=extend_schema(summary="One proposed change with its evidence"),
)
class ChangeViewSet(Listed):
    serializer_class = ChangeSerializer
    queryset = Change.objects.none()  # the schema's model; get_queryset scopes it
    listing = CHANGES
    page = CHANGE_PAGE
    ordering_fields = ["proposed_at", "id"]

    def get_queryset(self) -> Any:
        return super().get_queryset().prefetch_related("evidence")


@extend_schema_view(
    list=extend_schema(summary="Citizens' proposals to the programme (the register)"),
    retrieve=extend_schema(summary="One proposal, its author's contacts as the role allows"),
    create=extend_schema(
        summary="Register a proposal brought to staff",
        request=body_of(RegisterProposalForm, "ProposalCreate"),
        responses={201: ProposalSerializer},
    ),
)
class ProposalViewSet(FromListing):
    queryset = Proposal.objects.none()  # the schema's model; get_queryset scopes it
    listing = PROPOSALS
    page = PROPOSAL_PAGE
    ordering_fields = ["received_on", "number", "id"]

    def get_serializer_class(self) -> Any:
        return ProposalSerializer if self.action in ("list", "create") else ProposalDetailSerializer

    def context_for(self, instance: Any) -> dict[str, Any]:
        if isinstance(instance, list | QuerySet) or self.action == "create":
            return {}
        user = self.request.user
        return {
            **super().context_for(instance),
            "contacts": author_contacts(user, [instance], page=self.request.path),
        }


for _viewset, _noun in (
    (ProgrammeViewSet, "Programme"),
    (PromiseViewSet, "Promise"),
    (RoadMapViewSet, "RoadMap"),
    (MeasureViewSet, "Measure"),
    (ChangeViewSet, "Change"),
    (ProposalViewSet, "Proposal"),
):
    documented_steps(_viewset, _noun)
