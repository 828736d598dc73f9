"""Members' ethics cases in the REST API: the list (its page's filters and records: the
cases of the branch subtrees where the user's role reads them, and a member's own), a case
with its sanction and review and the steps open to the user now, the steps themselves
(notice, answer, the member's own answer, no answer, decision, appeal, the appeal's
decision) and opening a case — all the staff pages' declarations
(`esep.ethics.pages`), so a call is offered and refused exactly as the page is. A refusal
of the actions (`forbidden_transition`, `late`, `too_late`, `not_lighter`, `term_required`,
`no_body`, …) is a 409 with the action's message; a step not offered now a 403. The member
is named; no personal data is served."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from esep.api.forms import body_of
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import FromListing, documented_steps
from esep.ethics.forms import CaseForm
from esep.ethics.models import Case, Review, Sanction
from esep.ethics.pages import CASE_PAGE, CASES


class SanctionSerializer(ModelSerializer):
    class Meta:
        model = Sanction
        fields = ["kind", "decided_kind", "starts_on", "ends_on", "state", "ended_on"]


class ReviewSerializer(ModelSerializer):
    body = serializers.IntegerField(source="body_id", read_only=True)

    class Meta:
        model = Review
        fields = ["filed_on", "grounds", "body", "decision", "new_kind", "number", "decided_on"]


class CaseSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    member = serializers.SerializerMethodField(help_text="The member's full name")
    card_number = serializers.CharField(source="member.card_number", read_only=True)
    sanction = serializers.SerializerMethodField()
    review = serializers.SerializerMethodField()

    class Meta:
        model = Case
        fields = [
            "id",
            "number",
            "branch",
            "member",
            "card_number",
            "source",
            "articles",
            "grounds",
            "opened_on",
            "state",
            "notified_on",
            "notice_channel",
            "answer_due",
            "answered_on",
            "decision",
            "decision_number",
            "sitting_on",
            "decided_on",
            "sanction",
            "review",
            "steps",
        ]

    def get_member(self, case: Case) -> str:
        return case.member.person.full_name

    def get_sanction(self, case: Case) -> dict[str, Any] | None:
        sanction = getattr(case, "sanction", None)
        return SanctionSerializer(sanction).data if sanction is not None else None

    def get_review(self, case: Case) -> dict[str, Any] | None:
        review = getattr(case, "review", None)
        return ReviewSerializer(review).data if review is not None else None


@extend_schema_view(
    list=extend_schema(summary="Ethics cases, as their list page filters them"),
    retrieve=extend_schema(summary="One ethics case with its sanction, review and open steps"),
    create=extend_schema(
        summary="Open an ethics case",
        description="As its page does (`manage_ethics`); the member by party card number.",
        request=body_of(CaseForm, "EthicsCaseCreate"),
        responses={201: CaseSerializer},
    ),
)
class CaseViewSet(FromListing):
    serializer_class = CaseSerializer
    queryset = Case.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["opened_on", "decided_on", "id"]
    listing = CASES
    page = CASE_PAGE


documented_steps(CaseViewSet, "EthicsCase")
