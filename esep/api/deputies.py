"""Deputies in the REST API: the representative bodies, their convocations and sittings, the
mandates, the deputies' inquiries, initiatives and reports to voters, the corrections of
their months, the rating's snapshots and the branches that compute and publish it. Lists are
the staff pages' declarations (`deputies.registry.pages`, `deputies.months.pages`): the same
records, filters and capability; steps are their record pages' — adding a convocation, a
post, ending a post or a mandate, recording a sitting and changing a mark, recording an
inquiry's answer, confirming or refusing a correction, recomputing and publishing a branch's
month — offered and refused as on the pages, done by the same actions. Convocations,
sittings and snapshots, which no staff list declares, are read through the same scoped
querysets as their pages.

A correction carries its evidence, a file, and JSON carries none: submitting one
(`POST corrections/`) is the API's one operation that reads `multipart/form-data`. It is the
month page's own step (`months.pages.correction_step`: the same form, and
`actions.submit_correction`, which checks the window, the component and the evidence); the
action's refusals are answered with their own codes (`window_closed`, `month_open`, …). The
rating's methodology versions are public to read, as the public methodology page is; a new
version is the central office's (`actions.add_method`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django import forms
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import permissions, serializers, status
from rest_framework.exceptions import ErrorDetail, PermissionDenied
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from esep.access.models import User
from esep.api.errors import Conflict, conflict
from esep.api.forms import LARGEST_ID, _describe, as_form_data, body_of, checked, keyed
from esep.api.programme import IdFilter
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import (
    FromListing,
    Listed,
    MadeFromListing,
    Scoped,
    WithPageSteps,
    documented_steps,
)
from esep.deputies import rating
from esep.deputies.models import (
    Attendance,
    Convocation,
    Correction,
    Initiative,
    Inquiry,
    Mandate,
    MandatePost,
    Method,
    RepresentativeBody,
    Sitting,
    Snapshot,
    VoterReport,
    Weight,
)
from esep.deputies.months.forms import MONTH_FORMATS, CorrectionForm, MethodForm
from esep.deputies.months.pages import (
    CORRECTION_PAGE,
    CORRECTIONS,
    NEW_METHOD,
    RATING_BRANCH_PAGE,
    correction_step,
    methods,
)
from esep.deputies.months.queries import months_of_mandates, rating_branches
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
from esep.lib.dates import month_start
from esep.lib.permissions import require
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


class BodyConvocationSerializer(ModelSerializer):
    class Meta:
        model = Convocation
        fields = ["id", "number", "elected_on", "started_on", "ended_on", "seats"]


class BodyDetailSerializer(BodySerializer):
    convocations = BodyConvocationSerializer(many=True, read_only=True)

    class Meta(BodySerializer.Meta):
        fields = [*BodySerializer.Meta.fields, "convocations"]


class MandatePostSerializer(ModelSerializer):
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


class AttendanceSerializer(ModelSerializer):
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


class SnapshotSerializer(ModelSerializer):
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
class InitiativeViewSet(MadeFromListing):
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
class VoterReportViewSet(MadeFromListing):
    serializer_class = VoterReportSerializer
    queryset = VoterReport.objects.none()  # the schema's model; get_queryset scopes it
    listing = VOTER_REPORTS
    ordering_fields = ["held_on", "id"]


# ---------------------------------------------------------------- an action's refusals

# What each code of the deputies' actions says, as a status: the record or the calendar as
# they are now (409), a file larger than esep keeps (413), the user's right (403); any other
# code is the values themselves, well formed but refused (422).
REFUSED_NOW = {"month_open", "window_closed", "not_in_office", "published", "duplicate"}


class Refused(Conflict):
    """An action's refusal answered with the action's own code (`window_closed`,
    `bad_type`, …) in `code`, its messages by field in `fields`."""

    def __init__(self, message: str, code: str, fields: dict[str, list[str]]) -> None:
        super().__init__(ErrorDetail(message, code=code), fields)
        if code == "too_large":
            self.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        elif code not in REFUSED_NOW:
            self.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY


def _code(error: DjangoValidationError) -> str:
    found = (
        [e.code for errors in error.error_dict.values() for e in errors]
        if hasattr(error, "error_dict")
        else [e.code for e in error.error_list]
    )
    return next((code for code in found if code), "conflict")


def acted(perform: Any, data: dict[str, Any], named: dict[str, str] | None = None) -> Any:
    """The action done with the form's cleaned data; its refusal with the action's code
    (a refusal of no field that `named` gives one by its code is that field's): a step the
    user may not take (`denied`) is a 403."""
    try:
        return perform(data)
    except DjangoValidationError as refused:
        messages = refused.messages
        code = _code(refused)
        if code == "denied":
            raise PermissionDenied(" ".join(messages)) from refused
        fields = conflict(refused).fields
        if not fields and code in (named or {}):
            fields = {(named or {})[code]: messages}
        raise Refused(" ".join(messages), code, fields) from refused


class ActionCodes:
    """A resource whose pages' steps and creation are its app's actions: a refusal is
    answered with the action's own code (`acted`), not the generic 409."""

    def performed(self, perform: Any, data: dict[str, Any]) -> Any:
        return acted(perform, data)


# ---------------------------------------------------------------- corrections

# A month as YYYY-MM (the years a date field reads).
MONTH = r"^(19|20)[0-9]{2}-(0[1-9]|1[0-2])$"


class CorrectionOf(forms.Form):
    """Whose month a correction is of: a mandate whose months the user sees (their own, or
    of the branches whose work they see), and the month."""

    mandate = forms.ModelChoiceField(label=_("Mandate"), queryset=Mandate.objects.none())
    month = forms.DateField(label=_("Month"), input_formats=["%Y-%m"])

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["mandate"].queryset = months_of_mandates(user)  # type: ignore[attr-defined]


def _multipart_fields() -> dict[str, serializers.Field]:
    """The correction's form as multipart fields: text, a file for the evidence; a value
    left out rather than null (a form field carries no null)."""
    fields: dict[str, serializers.Field] = {
        "mandate": serializers.IntegerField(
            min_value=1, max_value=LARGEST_ID, help_text="The deputy's mandate"
        ),
        "month": serializers.RegexField(MONTH, help_text="The month corrected, YYYY-MM"),
    }
    for name, field in CorrectionForm.base_fields.items():
        if isinstance(field, forms.FileField):
            fields[name] = serializers.FileField(
                help_text="The evidence: a PDF, a JPEG or PNG image, or a Word, Excel or "
                "OpenDocument file, at most 10 MB"
            )
        else:
            # Made again from its arguments without null (a serializer copies its fields
            # so, and a changed attribute would be lost).
            described = _describe(name, field)
            kwargs = {**described._kwargs, "allow_null": False}  # type: ignore[attr-defined]
            fields[name] = type(described)(*described._args, **kwargs)  # type: ignore[attr-defined]
    return fields


CorrectionSubmit = type("CorrectionSubmit", (serializers.Serializer,), _multipart_fields())


@extend_schema_view(
    list=extend_schema(summary="Corrections of deputies' months, as their queue filters them"),
    retrieve=extend_schema(summary="One correction with the steps open (confirm, refuse)"),
    create=extend_schema(
        summary="Submit a correction of a deputy's month, with its evidence",
        description=(
            "`multipart/form-data` (the evidence is a file: a PDF, a JPEG or PNG image, or a "
            "Word, Excel or OpenDocument file, at most 10 MB), the only operation that is "
            "not JSON. The deputy of their own mandate while the month's correction window "
            "is open (5 working days after the month), the branch's office at any time once "
            "the month is over; as the deputy's month page submits it. A count "
            "(`adjustment`, with a minus to subtract) or, for session attendance, the "
            "`sitting` and the `mark` it should have. Refused with the action's code: "
            "409 `month_open`, `window_closed`, `not_in_office`; 413 `too_large`; 422 "
            "`bad_type`, `not_correctable`; 403 to anyone else who sees the mandate; 404 "
            "naming `mandate` to those who do not."
        ),
        request={"multipart/form-data": CorrectionSubmit},
        responses={201: CorrectionSerializer},
    ),
)
class CorrectionViewSet(Listed):
    serializer_class = CorrectionSerializer
    queryset = Correction.objects.none()  # the schema's model; get_queryset scopes it
    listing = CORRECTIONS
    page = CORRECTION_PAGE
    ordering_fields = ["submitted_at", "month", "id"]

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("submitted_by", "decided_by")

    def get_parsers(self) -> list[Any]:
        # Called before the action is known (the request is made with them): read it from
        # the method, as the router maps it.
        request = getattr(self, "request", None)
        mapped = getattr(self, "action_map", None) or {}
        if request is not None and mapped.get(request.method.lower()) == "create":
            return [MultiPartParser()]
        return super().get_parsers()

    def create(self, request: Request) -> Response:
        """Submit a correction as the deputy's month page does."""
        user: User = request.user
        where = checked(CorrectionOf(request.POST, user=user))
        step = correction_step(user, where["mandate"], month_start(where["month"]))
        form = step.bound(request.POST, request.FILES, prefixed=False)
        # The file's checks (its kind, its size) name no field: they are the evidence's.
        file_codes = {"bad_type": "evidence", "too_large": "evidence"}
        made = acted(step.perform, checked(form), named=file_codes)
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)


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


# ---------------------------------------------------------------- the methodology


class WeightSerializer(ModelSerializer):
    name = serializers.SerializerMethodField(help_text="In the language asked for")
    explains = serializers.SerializerMethodField(
        help_text="What the component counts, in the language asked for"
    )
    share = serializers.SerializerMethodField(
        help_text="Whether the standard is a share (0 to 1) rather than a count in 30 days "
        "in office"
    )

    class Meta:
        model = Weight
        fields = ["component", "name", "explains", "share", "weight", "standard"]

    def get_name(self, weight: Weight) -> str:
        return capfirst(weight.get_component_display())

    def get_explains(self, weight: Weight) -> str:
        return str(rating.COMPONENTS[weight.component].explains)

    def get_share(self, weight: Weight) -> bool:
        return bool(rating.COMPONENTS[weight.component].share)


class MethodSerializer(ModelSerializer):
    """A version of the rating's methodology: the month it applies from (until the next
    version's), what changed, each component's weight and standard."""

    valid_until = serializers.SerializerMethodField(
        help_text="The first day of the last month it applies to; null: no later version"
    )
    notes = serializers.CharField(read_only=True, help_text="In the language asked for")
    weights = WeightSerializer(many=True, read_only=True)

    class Meta:
        model = Method
        fields = [
            "version",
            "valid_from",
            "valid_until",
            "notes",
            "notes_kk",
            "notes_ru",
            "notes_en",
            "weights",
            "created_at",
        ]

    def get_valid_until(self, method: Method) -> dt.date | None:
        later = [day for day in self.context.get("starts", []) if day > method.valid_from]
        return month_start(min(later) - dt.timedelta(days=1)) if later else None


def _method_fields() -> dict[str, serializers.Field]:
    """The new version's form with a weight and a standard of every component (its form
    adds them as it is made)."""
    return {name: _describe(name, field) for name, field in MethodForm().fields.items()}


@extend_schema_view(
    list=extend_schema(
        summary="The rating's methodology, every version: public, no token",
        description=(
            "Each version with the month it applies from (a month keeps the version it was "
            "computed with), what changed and each component's weight and standard "
            "(decimals as text); as the public methodology page shows them."
        ),
    ),
    retrieve=extend_schema(summary="One version of the methodology: public, no token"),
    create=extend_schema(
        summary="Record a new version of the methodology (the central office)",
        description=(
            "Applies from the first day of a month no published month has reached; a "
            "component given neither weight nor standard is not counted. Only the central "
            "office (403 to others)."
        ),
        request=type("MethodCreate", (serializers.Serializer,), _method_fields()),
        responses={201: MethodSerializer},
    ),
)
class MethodViewSet(Scoped):
    serializer_class = MethodSerializer
    queryset = Method.objects.none()  # the schema's model; get_queryset reads them
    lookup_field = "version"
    lookup_value_regex = r"[0-9]+"
    ordering_fields = ["valid_from", "version"]

    def get_permissions(self) -> list[Any]:
        if self.action == "create":
            return [permissions.IsAuthenticated()]
        return [permissions.AllowAny()]  # public, as the methodology page is

    def get_queryset(self) -> QuerySet[Method]:
        return methods()

    def context_for(self, instance: Any) -> dict[str, Any]:
        return {"starts": list(Method.objects.values_list("valid_from", flat=True))}

    def create(self, request: Request) -> Response:
        """Record a version as the new version's page does."""
        user: User = request.user
        require(user, NEW_METHOD.capability)
        step = NEW_METHOD.creation(user)
        form = keyed(step.form(as_form_data(request.data), None))
        made = acted(step.perform, checked(form))
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)


for _viewset, _noun in (
    (RepresentativeBodyViewSet, "RepresentativeBody"),
    (CorrectionViewSet, "Correction"),
    (RatingBranchViewSet, "RatingBranch"),
    (MandateViewSet, "Mandate"),
    (SittingViewSet, "Sitting"),
    (InquiryViewSet, "Inquiry"),
):
    documented_steps(_viewset, _noun)
