"""What the REST API returns: records as their pages show them, names in the language asked
for, related records by their codes. Personal data only as `esep.org.privacy` allows."""

from __future__ import annotations

import copy
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from esep.appeals.models import (
    Appeal,
    AppealEvent,
    Category,
    Extension,
    Forwarding,
    StateBody,
)
from esep.control.models import ControlPost, Instruction, Issue
from esep.figures.models import PublishedReport
from esep.org.models import Branch, Person, Territory
from esep.receptions.models import Reception


class ModelSerializer(serializers.ModelSerializer):
    """DRF's ModelSerializer with the fields it builds from the model built once per class,
    not on every instance (introspecting the model for each field: about a millisecond of an
    appeal's detail). Each serializer gets copies, as DRF gives each one copies of the
    fields declared on the class: a field is bound to the serializer that holds it. Every
    serializer of a model in esep is one of these."""

    def get_fields(self) -> dict[str, serializers.Field]:
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built  # this class's own, not a parent's
        return copy.deepcopy(built)


class Named(ModelSerializer):
    """A record with a name in three languages: `name` is the one asked for."""

    name = serializers.CharField(read_only=True)


class TerritorySerializer(Named):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Territory
        fields = ["kato", "name", "name_kk", "name_ru", "name_en", "level", "parent", "time_zone"]

    def get_parent(self, territory: Territory) -> str | None:
        # Materialised paths: the parent's KATO is read without a query per row.
        parents = self.context.get("kato_by_path", {})
        return parents.get(territory.path[: -Territory.steplen])


class BranchSerializer(Named):
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Branch
        fields = ["code", "name", "name_kk", "name_ru", "name_en", "kind", "territory", "parent"]

    def get_parent(self, branch: Branch) -> str | None:
        return self.context.get("code_by_path", {}).get(branch.path[: -Branch.steplen])


class CategorySerializer(Named):
    parent = serializers.SerializerMethodField()

    class Meta:
        model = Category
        fields = ["code", "name", "name_kk", "name_ru", "name_en", "parent"]

    def get_parent(self, category: Category) -> str | None:
        return self.context.get("code_by_path", {}).get(category.path[: -Category.steplen])


class StateBodySerializer(Named):
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)

    class Meta:
        model = StateBody
        fields = ["code", "name", "name_kk", "name_ru", "name_en", "territory", "is_active"]


class PersonalDataSerializer(serializers.Serializer):
    revealed = serializers.BooleanField(help_text="False: masked, as the user's role requires")
    iin = serializers.CharField()
    phone = serializers.CharField()
    email = serializers.CharField()
    address = serializers.CharField()
    birth_date = serializers.CharField()


def personal(serializer: serializers.Serializer, person: Person | None) -> dict | None:
    """The person's personal data as prepared (and logged) by the view for this user."""
    if person is None:
        return None
    shown = serializer.context["personal_data"][person.pk]
    return PersonalDataSerializer(shown).data


class PersonSerializer(ModelSerializer):
    personal_data = serializers.SerializerMethodField()
    membership = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id",
            "surname",
            "given_name",
            "patronymic",
            "sex",
            "membership",
            "personal_data",
        ]

    @extend_schema_field(PersonalDataSerializer)
    def get_personal_data(self, person: Person) -> dict | None:
        return personal(self, person)

    @extend_schema_field(
        {"type": "object", "nullable": True, "properties": {"branch": {}, "status": {}}}
    )
    def get_membership(self, person: Person) -> dict | None:
        membership = getattr(person, "membership", None)
        if membership is None:
            return None
        return {"branch": membership.branch.code, "status": membership.status}


class WithSteps(ModelSerializer):
    """A record of party work with the steps its page offers this user now."""

    steps = serializers.SerializerMethodField(
        help_text="What this user may do to the record now (its step endpoints)"
    )

    def get_steps(self, record: Any) -> list[str]:
        return list(self.context.get("steps", []))


class AppealSerializer(ModelSerializer):
    """An appeal as the inbox lists it (no text, no applicant)."""

    category = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    assignee = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)

    class Meta:
        model = Appeal
        fields = [
            "id",
            "number",
            "tracking_code",
            "kind",
            "channel",
            "category",
            "territory",
            "branch",
            "status",
            "outcome",
            "is_anonymous",
            "reports_crime",
            "language",
            "received_at",
            "registered_on",
            "due_on",
            "answered_at",
            "closed_at",
            "assignee",
            "controlled",
            "disputed",
            "rating",
            "version",
        ]


class EventSerializer(ModelSerializer):
    actor = serializers.SlugRelatedField(slug_field="username", read_only=True, allow_null=True)
    label = serializers.CharField(read_only=True)

    class Meta:
        model = AppealEvent
        fields = ["at", "action", "label", "from_status", "to_status", "actor", "note"]


class ForwardingSerializer(ModelSerializer):
    state_body = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Forwarding
        fields = [
            "id",
            "state_body",
            "outgoing_reference",
            "sent_on",
            "outside_competence",
            "applicant_told_on",
            "answer",
            "answered_on",
        ]


class ExtensionSerializer(ModelSerializer):
    decided_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Extension
        fields = [
            "id",
            "previous_due_on",
            "new_due_on",
            "reason",
            "decided_by",
            "notify_by",
            "applicant_notified_on",
        ]


class ApplicantSerializer(serializers.Serializer):
    surname = serializers.CharField()
    given_name = serializers.CharField()
    patronymic = serializers.CharField()
    personal_data = PersonalDataSerializer()


class AppealDetailSerializer(WithSteps, AppealSerializer):
    """The whole appeal, as its page shows it to this user."""

    applicant = serializers.SerializerMethodField()
    events = EventSerializer(many=True, read_only=True)
    forwardings = ForwardingSerializer(many=True, read_only=True)
    extensions = ExtensionSerializer(many=True, read_only=True)

    class Meta(AppealSerializer.Meta):
        fields = [
            *AppealSerializer.Meta.fields,
            "text",
            "answer",
            "applicant",
            "events",
            "forwardings",
            "extensions",
            "steps",
        ]

    @extend_schema_field(ApplicantSerializer(allow_null=True))
    def get_applicant(self, appeal: Appeal) -> dict | None:
        if appeal.submitter_id is None:
            return None
        # As given at intake, never the matched person's record (their names included).
        shown = self.context["applicant_contacts"][appeal.pk]
        return {
            "surname": appeal.applicant_surname,
            "given_name": appeal.applicant_given_name,
            "patronymic": appeal.applicant_patronymic,
            "personal_data": PersonalDataSerializer(shown).data,
        }


class ReceptionSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    receivers = serializers.StringRelatedField(many=True, read_only=True)
    appeals = serializers.IntegerField(source="appeal_count", read_only=True)

    class Meta:
        model = Reception
        fields = [
            "id",
            "branch",
            "territory",
            "kind",
            "place_type",
            "address",
            "starts_at",
            "ends_at",
            "day",
            "status",
            "cancel_reason",
            "people_received",
            "receivers",
            "appeals",
            "steps",
        ]


class ControlPostSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    head = serializers.StringRelatedField(read_only=True, allow_null=True)
    visits = serializers.IntegerField(source="visit_count", read_only=True)

    class Meta:
        model = ControlPost
        fields = [
            "id",
            "branch",
            "territory",
            "object_kind",
            "object_name",
            "address",
            "head",
            "opened_on",
            "closed_on",
            "status",
            "visits",
            "steps",
        ]


class IssueSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True, allow_null=True)
    category = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    state_body = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    controller = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "title",
            "description",
            "category",
            "territory",
            "branch",
            "source",
            "state_body",
            "status",
            "status_reason",
            "controller",
            "control_deadline",
            "taken_under_control_on",
            "resolved_on",
            "created_at",
            "steps",
        ]


class InstructionSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    executor_branch = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    executor_state_body = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True
    )
    executor_person = serializers.StringRelatedField(read_only=True, allow_null=True)
    given_by = serializers.StringRelatedField(read_only=True, allow_null=True)

    class Meta:
        model = Instruction
        fields = [
            "id",
            "text",
            "branch",
            "meeting",
            "issue",
            "given_by",
            "executor_branch",
            "executor_person",
            "executor_state_body",
            "deadline",
            "status",
            "issued_on",
            "accepted_on",
            "steps",
        ]


class FigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    unit = serializers.CharField()
    definition = serializers.CharField()
    group = serializers.CharField(required=False, help_text="The breakdown's group, if any")
    group_label = serializers.CharField(required=False)
    drill_down = serializers.URLField(help_text="The records the value counts")


# "from" and "to" as the query names them (not Python names: declared through a mapping).
FiguresSerializer = type(
    "FiguresSerializer",
    (serializers.Serializer,),
    {
        "scope": serializers.CharField(),
        "scope_name": serializers.CharField(),
        "from": serializers.DateField(),
        "to": serializers.DateField(),
        "breakdown": serializers.CharField(allow_null=True),
        "results": FigureSerializer(many=True),
    },
)


class PublishedFigureSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    definition = serializers.CharField()
    unit = serializers.CharField()
    value = serializers.FloatField(allow_null=True)


class PublishedReportSerializer(ModelSerializer):
    title = serializers.CharField(read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    scope_name = serializers.CharField(read_only=True)
    figures = serializers.SerializerMethodField()
    intact = serializers.SerializerMethodField(
        help_text="The stored SHA-256 still matches the content"
    )

    class Meta:
        model = PublishedReport
        fields = [
            "id",
            "title",
            "branch",
            "scope",
            "scope_name",
            "period_start",
            "period_end",
            "figures",
            "press_kk",
            "press_ru",
            "published_at",
            "sha256",
            "intact",
        ]

    @extend_schema_field(PublishedFigureSerializer(many=True))
    def get_figures(self, report: PublishedReport) -> list[dict[str, Any]]:
        return report.figures_in(self.context.get("language", "kk"))

    def get_intact(self, report: PublishedReport) -> bool:
        return report.intact


class IndexSerializer(serializers.Serializer):
    resources = serializers.DictField(
        child=serializers.URLField(), help_text="Each resource's list, by its name"
    )
    schema = serializers.URLField(help_text="This OpenAPI 3 schema")
    docs = serializers.URLField(help_text="The browsable documentation")
