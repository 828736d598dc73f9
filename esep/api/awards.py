"""The party's awards in the REST API: the catalogue, the nominations (their list page's
filters and records: those of the branch subtrees whose party work or awards the user reads),
a nomination with the steps open to the user now, the steps themselves (grant, refuse,
consent, ceremony) and nominating — the staff pages' declarations (`esep.awards.pages`), so a
call is offered and refused exactly as the page is. A refusal of the actions (`duplicate`,
`level`, `granting_body`, `certificate_taken`, `decided`, `iin_other_name`, …) is a 409 with
the action's message; a step not offered now a 403. The person is named; no personal data is
served."""

from __future__ import annotations

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from esep.api.forms import body_of
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import FromListing, Scoped, documented_steps
from esep.awards.forms import NominationForm
from esep.awards.models import Award, Nomination
from esep.awards.pages import NOMINATION_PAGE, NOMINATIONS
from esep.org.roles import Capability


class AwardSerializer(ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language asked for")

    class Meta:
        model = Award
        fields = ["code", "kind", "level", "name", "name_kk", "name_ru", "name_en", "is_active"]


class NominationSerializer(WithSteps):
    person = serializers.SerializerMethodField(help_text="The person's full name")
    award = serializers.SlugRelatedField(slug_field="code", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    granting_body = serializers.IntegerField(
        source="granting_body_id", read_only=True, allow_null=True
    )
    ceremony = serializers.IntegerField(source="ceremony_id", read_only=True, allow_null=True)

    class Meta:
        model = Nomination
        fields = [
            "id",
            "person",
            "award",
            "branch",
            "grounds",
            "grounds_ru",
            "ceremony",
            "status",
            "granting_body",
            "decision_number",
            "decided_on",
            "refusal_reason",
            "certificate_number",
            "consent_to_publish",
            "consent_on",
            "created_at",
            "steps",
        ]

    def get_person(self, nomination: Nomination) -> str:
        return nomination.person.full_name


@extend_schema_view(
    list=extend_schema(summary="The awards' catalogue"),
    retrieve=extend_schema(summary="One award of the catalogue"),
)
class AwardViewSet(Scoped):
    serializer_class = AwardSerializer
    queryset = Award.objects.none()  # the schema's model
    capability = Capability.VIEW_WORK
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    filter_backends: list = []

    def get_queryset(self) -> QuerySet[Award]:
        return Award.objects.order_by("code")


@extend_schema_view(
    list=extend_schema(summary="Award nominations, as their list page filters them"),
    retrieve=extend_schema(summary="One nomination with its decision and open steps"),
    create=extend_schema(
        summary="Nominate a person for an award",
        description="As its page does (`manage_awards`); the person found by IIN, or recorded.",
        request=body_of(NominationForm, "NominationCreate"),
        responses={201: NominationSerializer},
    ),
)
class NominationViewSet(FromListing):
    serializer_class = NominationSerializer
    queryset = Nomination.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["created_at", "decided_on", "id"]
    listing = NOMINATIONS
    page = NOMINATION_PAGE


documented_steps(NominationViewSet, "Nomination")
