"""Deputies in the REST API: the representative bodies, their convocations and sittings, the
mandates, the deputies' inquiries, initiatives and reports to voters, the corrections of
their months, the rating's snapshots and the branches that compute and publish it. Lists are
the staff pages' declarations (`deputies.registry.pages`, `deputies.months.pages`): the same
records, filters and capability; steps are their record pages' — adding a convocation, a
post, ending a post or a mandate, recording a sitting and changing a mark, recording an
inquiry's answer, confirming or refusing a correction, recomputing and publishing a branch's
month — offered and refused as on the pages, done by the same actions. Convocations,
sittings and snapshots, which no staff list declares, are read through the same scoped
querysets as their pages. A correction is submitted on the deputy's month page only: it
carries its evidence, a file, and JSON carries no files."""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from esep.api.forms import body_of
from esep.api.programme import IdFilter
from esep.api.serializers import WithSteps
from esep.api.views import Creating, FromListing, Listed, Scoped, WithPageSteps, documented_steps
from esep.deputies.models import (
    Attendance,
    Convocation,
    Correction,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    RepresentativeBody,
    Sitting,
    Snapshot,
    VoterReport,
)
from esep.deputies.months.forms import MONTH_FORMATS
from esep.deputies.months.pages import CORRECTION_PAGE, CORRECTIONS, RATING_BRANCH_PAGE
from esep.deputies.months.queries import rating_branches
from esep.deputies.registry import queries as q
from esep.deputies.registry.forms import (
    BodyForm,
    InitiativeForm,
    InquiryForm,
    MandateForm,
    VoterReportForm,
)
from esep.deputies.registry.pages import (
    BODIES,
    BODY_PAGE,
    CONVOCATION_PAGE,
    INITIATIVES,
    INQUIRIES,
    INQUIRY_PAGE,
    MANDATE_PAGE,
    MANDATES,
    SITTING_PAGE,
    VOTER_REPORTS,
)
from esep.lib.listing import Listing
from esep.org.models import Branch

# ---------------------------------------------------------------- serializers


class ConvocationSerializer(WithSteps):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Convocation
        fields = ["id", "body", "number", "elected_on", "started_on", "ended_on", "seats", "steps"]


class BodySerializer(WithSteps):
    name = serializers.CharField(read_only=True, help_text="In the language asked for")
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = RepresentativeBody
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "level",
            "territory",
            "branch",
            "steps",
        ]


class BodyConvocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Convocation
        fields = ["id", "number", "elected_on", "started_on", "ended_on", "seats"]


class BodyDetailSerializer(BodySerializer):
    convocations = BodyConvocationSerializer(many=True, read_only=True)

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "convocations"]


class MandatePostSerializer(serializers.ModelSerializer):
    committee = serializers.CharField(read_only=True, help_text="In the language asked for")

    class Meta:
        model = MandatePost
        fields = [
            "id",
            "position",
            "committee",
            "committee_kk",
            "committee_ru",
            "committee_en",
            "started_on",
            "ended_on",
        ]


class FactionSerializer(serializers.Serializer):
    """The faction membership the mandate gives (a post in the branch's collegial body)."""

    body = serializers.IntegerField(source="body_id", help_text="The faction's collegial body")
    kind = serializers.CharField(source="body.kind")
    started_on = serializers.DateField()
    ended_on = serializers.DateField(allow_null=True)


class MandateSerializer(WithSteps):
    name = serializers.CharField(
        source="person.full_name", read_only=True, help_text="The deputy's name"
    )
    body = serializers.SlugRelatedField(
        source="convocation.body", slug_field="code", read_only=True
    )
    party = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    faction = FactionSerializer(source="faction_post", read_only=True, allow_null=True)
    posts = MandatePostSerializer(many=True, read_only=True)

    class Meta:
        model = Mandate
        fields = [
            "id",
            "person",
            "name",
            "body",
            "convocation",
            "kind",
            "district",
            "party",
            "started_on",
            "ended_on",
            "end_reason",
            "faction",
            "posts",
            "steps",
        ]


class AttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["mandate", "mark", "reason"]


class SittingSerializer(WithSteps):
    body = serializers.SlugRelatedField(
        source="convocation.body", slug_field="code", read_only=True
    )
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)

    class Meta:
        model = Sitting
        fields = ["id", "body", "convocation", "number", "held_on", "kind", "recorded_by", "steps"]


class SittingDetailSerializer(SittingSerializer):
    attendance = AttendanceSerializer(many=True, read_only=True)

    class Meta(SittingSerializer.Meta):
        fields = [*SittingSerializer.Meta.fields, "attendance"]


class DeputyWorkSerializer(WithSteps):
    """A record of a deputy's work, with whose it is."""

    name = serializers.CharField(
        source="mandate.person.full_name", read_only=True, help_text="The deputy's name"
    )
    body = serializers.SlugRelatedField(
        source="mandate.convocation.body", slug_field="code", read_only=True
    )
    recorded_by = serializers.SlugRelatedField(slug_field="username", read_only=True)


class InquirySerializer(DeputyWorkSerializer):
    state_body = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Inquiry
        fields = [
            "id",
            "mandate",
            "name",
            "body",
            "state_body",
            "subject",
            "sent_on",
            "answered_on",
            "answer",
            "recorded_by",
            "steps",
        ]


class InitiativeSerializer(DeputyWorkSerializer):
    class Meta:
        model = Initiative
        fields = [
            "id",
            "mandate",
            "name",
            "body",
            "kind",
            "title",
            "submitted_on",
            "outcome",
            "recorded_by",
        ]


class VoterReportSerializer(DeputyWorkSerializer):
    class Meta:
        model = VoterReport
        fields = [
            "id",
            "mandate",
            "name",
            "body",
            "held_on",
            "place",
            "people_attending",
            "recorded_by",
        ]


class CorrectionSerializer(WithSteps):
    name = serializers.CharField(
        source="mandate.person.full_name", read_only=True, help_text="The deputy's name"
    )
    body = serializers.SlugRelatedField(
        source="mandate.convocation.body", slug_field="code", read_only=True
    )
    submitted_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Correction
        fields = [
            "id",
            "mandate",
            "name",
            "body",
            "month",
            "component",
            "adjustment",
            "sitting",
            "mark",
            "explanation",
            "evidence_name",
            "evidence_sha256",
            "state",
            "submitted_by",
            "submitted_at",
            "decided_by",
            "decided_at",
            "decision_note",
            "steps",
        ]


class SnapshotSerializer(serializers.ModelSerializer):
    """One deputy's month of the rating as computed (the deputy's age is the figures' only,
    never shown one by one)."""

    name = serializers.CharField(
        source="mandate.person.full_name", read_only=True, help_text="The deputy's name"
    )
    body = serializers.SlugRelatedField(
        source="mandate.convocation.body", slug_field="code", read_only=True
    )
    method = serializers.IntegerField(source="method.version", read_only=True)
    published = serializers.SerializerMethodField(help_text="Published, and so frozen")
    components = serializers.JSONField(
        read_only=True,
        help_text="By component: weight, standard, available, raw, normalised, score "
        "(decimals as text)",
    )

    class Meta:
        model = Snapshot
        fields = [
            "id",
            "mandate",
            "name",
            "body",
            "month",
            "revision",
            "method",
            "days_in_office",
            "level",
            "role",
            "components",
            "score",
            "band",
            "peers",
            "data_hash",
            "computed_at",
            "published",
        ]

    def get_published(self, snapshot: Snapshot) -> bool:
        return snapshot.publication_id is not None


class RatingBranchSerializer(WithSteps):
    name = serializers.CharField(read_only=True, help_text="In the language asked for")

    class Meta:
        model = Branch
        fields = ["id", "code", "name", "steps"]


# ---------------------------------------------------------------- resources


class ListedWithoutPage(Creating):
    """A list declaration whose records have no page of their own (initiatives, reports to
    voters): the list, its filters and capability, and the creation its page offers."""

    listing: Listing

    @property
    def capability(self) -> Any:  # type: ignore[override]
        return self.listing.capability

    def get_queryset(self) -> Any:
        return self.listing.records(self.request)

    @property
    def filterset_class(self) -> Any:
        return self.listing.filterset

    @property
    def creation(self) -> Any:  # type: ignore[override]
        return self.listing.create


@extend_schema_view(
    list=extend_schema(summary="Representative bodies, as their list page filters them"),
    retrieve=extend_schema(summary="One representative body with its convocations"),
    create=extend_schema(
        summary="Add a representative body",
        request=body_of(BodyForm, "RepresentativeBodyCreate"),
        responses={201: BodySerializer},
    ),
)
class RepresentativeBodyViewSet(FromListing):
    queryset = RepresentativeBody.objects.none()  # the schema's model; get_queryset scopes it
    listing = BODIES
    page = BODY_PAGE
    # Addressed by its code, as its page is; the URL's parameter keeps the name the steps
    # take (`pk`, shown as `id`).
    lookup_field = "code"
    lookup_url_kwarg = "pk"
    lookup_value_regex = r"[\w-]+"
    ordering_fields = ["code", "level"]

    def get_serializer_class(self) -> Any:
        return BodySerializer if self.action in ("list", "create") else BodyDetailSerializer

    def get_queryset(self) -> Any:
        found = super().get_queryset()
        if self.action not in ("list", "create"):
            found = found.prefetch_related(
                Prefetch("convocations", Convocation.objects.order_by("-number"))
            )
        return found


class ConvocationFilterSet(django_filters.FilterSet):
    body = django_filters.CharFilter(
        label=_("Representative body"), field_name="body__code", max_length=60
    )

    class Meta:
        model = Convocation
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Convocations of the representative bodies the user sees"),
    retrieve=extend_schema(
        summary="One convocation; its step `sitting` records a sitting with every deputy's "
        "mark (`mark_<mandate id>`, `reason_<mandate id>`) of the deputies in office on "
        "the day given as `?held_on=` (today by default), as its page does"
    ),
)
class ConvocationViewSet(WithPageSteps):
    serializer_class = ConvocationSerializer
    queryset = Convocation.objects.none()  # the schema's model; get_queryset scopes it
    page = CONVOCATION_PAGE
    filterset_class = ConvocationFilterSet
    ordering_fields = ["started_on", "number", "id"]

    def get_queryset(self) -> QuerySet[Convocation]:
        return (
            q.convocations_visible_to(self.request.user)
            .select_related("body__branch")
            .order_by("body__level", "body__code", "-number")
        )


@extend_schema_view(
    list=extend_schema(summary="Deputies' mandates, as their list page filters them"),
    retrieve=extend_schema(summary="One mandate with its posts and faction membership"),
    create=extend_schema(
        summary="Record a mandate",
        request=body_of(MandateForm, "MandateCreate"),
        responses={201: MandateSerializer},
    ),
)
class MandateViewSet(FromListing):
    serializer_class = MandateSerializer
    queryset = Mandate.objects.none()  # the schema's model; get_queryset scopes it
    listing = MANDATES
    page = MANDATE_PAGE
    ordering_fields = ["started_on", "id"]


class SittingFilterSet(django_filters.FilterSet):
    convocation = IdFilter(label=_("Convocation"), field_name="convocation")
    body = django_filters.CharFilter(
        label=_("Representative body"), field_name="convocation__body__code", max_length=60
    )
    since = django_filters.DateFilter(label=_("From"), field_name="held_on", lookup_expr="gte")
    until = django_filters.DateFilter(label=_("To"), field_name="held_on", lookup_expr="lte")

    class Meta:
        model = Sitting
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(summary="Sittings of the convocations the user sees"),
    retrieve=extend_schema(summary="One sitting with every deputy's mark"),
)
class SittingViewSet(WithPageSteps):
    queryset = Sitting.objects.none()  # the schema's model; get_queryset scopes it
    page = SITTING_PAGE
    filterset_class = SittingFilterSet
    ordering_fields = ["held_on", "number", "id"]

    def get_serializer_class(self) -> Any:
        return SittingSerializer if self.action == "list" else SittingDetailSerializer

    def get_queryset(self) -> QuerySet[Sitting]:
        found = (
            q.sittings_visible_to(self.request.user)
            .select_related("convocation__body__branch", "recorded_by")
            .order_by("-held_on", "-number", "pk")
        )
        if self.action != "list":
            found = found.prefetch_related("attendance")
        return found


@extend_schema_view(
    list=extend_schema(summary="Deputies' inquiries, as their list page filters them"),
    retrieve=extend_schema(summary="One inquiry with its answer"),
    create=extend_schema(
        summary="Record a deputy's inquiry",
        request=body_of(InquiryForm, "InquiryCreate"),
        responses={201: InquirySerializer},
    ),
)
class InquiryViewSet(FromListing):
    serializer_class = InquirySerializer
    queryset = Inquiry.objects.none()  # the schema's model; get_queryset scopes it
    listing = INQUIRIES
    page = INQUIRY_PAGE
    ordering_fields = ["sent_on", "id"]


@extend_schema_view(
    list=extend_schema(summary="Deputies' initiatives, as their list page filters them"),
    retrieve=extend_schema(summary="One initiative"),
    create=extend_schema(
        summary="Record an initiative",
        request=body_of(InitiativeForm, "InitiativeCreate"),
        responses={201: InitiativeSerializer},
    ),
)
class InitiativeViewSet(ListedWithoutPage):
    serializer_class = InitiativeSerializer
    queryset = Initiative.objects.none()  # the schema's model; get_queryset scopes it
    listing = INITIATIVES
    ordering_fields = ["submitted_on", "id"]


@extend_schema_view(
    list=extend_schema(summary="Deputies' reports to voters, as their list page filters them"),
    retrieve=extend_schema(summary="One report to voters"),
    create=extend_schema(
        summary="Record a report to voters",
        request=body_of(VoterReportForm, "VoterReportCreate"),
        responses={201: VoterReportSerializer},
    ),
)
class VoterReportViewSet(ListedWithoutPage):
    serializer_class = VoterReportSerializer
    queryset = VoterReport.objects.none()  # the schema's model; get_queryset scopes it
    listing = VOTER_REPORTS
    ordering_fields = ["held_on", "id"]


@extend_schema_view(
    list=extend_schema(summary="Corrections of deputies' months, as their queue filters them"),
    retrieve=extend_schema(summary="One correction with the steps open (confirm, refuse)"),
)
class CorrectionViewSet(Listed):
    serializer_class = CorrectionSerializer
    queryset = Correction.objects.none()  # the schema's model; get_queryset scopes it
    listing = CORRECTIONS
    page = CORRECTION_PAGE
    ordering_fields = ["submitted_at", "month", "id"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("submitted_by", "decided_by")


class SnapshotFilterSet(django_filters.FilterSet):
    month = django_filters.DateFilter(
        label=_("Month"), field_name="month", input_formats=MONTH_FORMATS
    )
    mandate = IdFilter(label=_("Mandate"), field_name="mandate")
    body = django_filters.CharFilter(
        label=_("Representative body"), field_name="mandate__convocation__body__code", max_length=60
    )
    published = django_filters.BooleanFilter(
        label=_("Published"), field_name="publication", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Snapshot
        fields: list[str] = []


@extend_schema_view(
    list=extend_schema(
        summary="The rating's monthly snapshots the user sees: each deputy-month at its "
        "latest revision (an earlier one by its id)"
    ),
    retrieve=extend_schema(summary="One snapshot"),
)
class SnapshotViewSet(Scoped):
    serializer_class = SnapshotSerializer
    queryset = Snapshot.objects.none()  # the schema's model; get_queryset scopes it
    filterset_class = SnapshotFilterSet
    ordering_fields = ["month", "score", "id"]

    def get_queryset(self) -> QuerySet[Snapshot]:
        found = Snapshot.objects.visible_to(self.request.user)
        if self.action == "list":
            found = found.current()
        return found.select_related("mandate__person", "mandate__convocation__body", "method")


@extend_schema_view(
    list=extend_schema(summary="The branches whose deputies' rating the user follows"),
    retrieve=extend_schema(summary="One branch's rating, with the steps open"),
)
class RatingBranchViewSet(WithPageSteps):
    serializer_class = RatingBranchSerializer
    queryset = Branch.objects.none()  # the schema's model; get_queryset scopes it
    page = RATING_BRANCH_PAGE

    def get_queryset(self) -> QuerySet[Branch]:
        return rating_branches(self.request.user)


for _viewset, _noun in (
    (RepresentativeBodyViewSet, "RepresentativeBody"),
    (CorrectionViewSet, "Correction"),
    (RatingBranchViewSet, "RatingBranch"),
    (MandateViewSet, "Mandate"),
    (SittingViewSet, "Sitting"),
    (InquiryViewSet, "Inquiry"),
):
    documented_steps(_viewset, _noun)
