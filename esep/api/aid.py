"""Aid campaigns in the REST API: campaigns (with their money), the families helped,
deliveries and partners' contributions.

Campaigns and households are the staff pages' declarations (`aid.pages.CAMPAIGNS`,
`HOUSEHOLDS`, their record pages and creation pages): the same records (VIEW_AID over the
branch subtree), filters (a household found by number or by the head's exact IIN's digest)
and order; `POST` and the steps (a campaign's `contribution`, a household's `delivery`) run
the pages' own steps behind MANAGE_AID, refused with the actions' codes (`duplicate_head`,
`duplicate_address`, `balance`, `out_of_period`, `not_taking_part`, …; `denied` a 403).
Deliveries and contributions are read here (VIEW_AID, filtered by campaign) and made by
their creation pages' steps.

No answer holds an IIN, a phone or an address: a household names its head by name only
(the household's page shows the rest, masked or logged, and the API does not)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from esep.aid.filters import ContributionFilterSet, DeliveryFilterSet
from esep.aid.forms import (
    CampaignForm,
    HouseholdForm,
    NewContributionForm,
    NewDeliveryForm,
)
from esep.aid.models import Campaign, Contribution, Delivery, Household
from esep.aid.pages import (
    CAMPAIGN_PAGE,
    CAMPAIGNS,
    HOUSEHOLD_PAGE,
    HOUSEHOLDS,
    NEW_CONTRIBUTION,
    NEW_DELIVERY,
)
from esep.api.deputies import ActionCodes
from esep.api.forms import body_of
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import Creating, FromListing, documented_steps
from esep.org.roles import Capability

CODES = (
    "`denied` (403), `duplicate_head`, `duplicate_address`, `not_taking_part`, `balance`, "
    "`out_of_period`, `kind`, `required`"
)


class AidCampaignSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    branches = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="The branches taking part; none: the running branch's whole subtree",
    )
    name = serializers.CharField(read_only=True, help_text="In the language asked for")
    households = serializers.IntegerField(source="household_count", read_only=True)
    received = serializers.IntegerField(source="received_sum", read_only=True)
    delivered = serializers.IntegerField(source="delivered_sum", read_only=True)
    balance = serializers.IntegerField(source="balance_sum", read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "branch",
            "branches",
            "starts_on",
            "ends_on",
            "kinds",
            "households",
            "received",
            "delivered",
            "balance",
            "steps",
        ]


class AidHouseholdSerializer(WithSteps):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    head = serializers.CharField(
        source="head.full_name", read_only=True, help_text="The head's name (no IIN, no contacts)"
    )
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    deliveries = serializers.SerializerMethodField()
    delivered = serializers.SerializerMethodField(help_text="The deliveries' value, tenge")

    class Meta:
        model = Household
        fields = [
            "id",
            "campaign",
            "number",
            "head",
            "members",
            "category",
            "territory",
            "branch",
            "repeat_reason",
            "registered_on",
            "deliveries",
            "delivered",
            "steps",
        ]

    def get_deliveries(self, household: Household) -> int:
        found = getattr(household, "delivery_count", None)
        return household.deliveries.count() if found is None else int(found)

    def get_delivered(self, household: Household) -> int:
        if hasattr(household, "delivered_amount"):
            return int(household.delivered_amount or 0)
        return sum(household.deliveries.values_list("amount", flat=True))


class AidDeliverySerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    household = serializers.IntegerField(source="household.number", read_only=True)
    household_id = serializers.IntegerField(read_only=True)
    delivered_by = serializers.CharField(source="deliverer", read_only=True)

    class Meta:
        model = Delivery
        fields = [
            "id",
            "campaign",
            "household",
            "household_id",
            "delivered_on",
            "kind",
            "amount",
            "delivered_by",
            "confirmation",
            "reference",
        ]


class AidContributionSerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    partner = serializers.CharField(source="partner.name", read_only=True)
    partner_kind = serializers.CharField(source="partner.kind", read_only=True)

    class Meta:
        model = Contribution
        fields = ["id", "campaign", "partner", "partner_kind", "received_on", "amount", "note"]


@extend_schema_view(
    list=extend_schema(summary="Aid campaigns, as their list page filters them"),
    retrieve=extend_schema(summary="One aid campaign with its money, and the steps open"),
    create=extend_schema(
        summary="Create an aid campaign",
        description=f"As its page does (`manage_aid`). Refused with the action's code: {CODES}.",
        request=body_of(CampaignForm, "AidCampaignCreate"),
        responses={201: AidCampaignSerializer},
    ),
)
class AidCampaignViewSet(ActionCodes, FromListing):
    serializer_class = AidCampaignSerializer
    queryset = Campaign.objects.none()  # the schema's model; get_queryset scopes it
    listing = CAMPAIGNS
    page = CAMPAIGN_PAGE
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["starts_on", "code"]

    def get_queryset(self) -> QuerySet[Campaign]:
        return super().get_queryset().prefetch_related("branches")


@extend_schema_view(
    list=extend_schema(
        summary="Families helped, as their list page filters them (no IIN in any answer)"
    ),
    retrieve=extend_schema(summary="One family helped, and the steps open"),
    create=extend_schema(
        summary="Register a family in a campaign",
        description=f"As its page does (`manage_aid`). Refused with the action's code: {CODES}.",
        request=body_of(HouseholdForm, "AidHouseholdCreate"),
        responses={201: AidHouseholdSerializer},
    ),
)
class AidHouseholdViewSet(ActionCodes, FromListing):
    serializer_class = AidHouseholdSerializer
    queryset = Household.objects.none()  # the schema's model; get_queryset scopes it
    listing = HOUSEHOLDS
    page = HOUSEHOLD_PAGE
    ordering_fields = ["number", "registered_on", "id"]


def _visible_households(user: Any) -> QuerySet[Household]:
    return Household.objects.visible_to(user)


@extend_schema_view(
    list=extend_schema(summary="Aid deliveries of the families the user sees"),
    retrieve=extend_schema(summary="One aid delivery"),
    create=extend_schema(
        summary="Record a delivery to a family (by its campaign and number)",
        description=f"As its page does (`manage_aid`). Refused with the action's code: {CODES}.",
        request=body_of(NewDeliveryForm, "AidDeliveryCreate"),
        responses={201: AidDeliverySerializer},
    ),
)
class AidDeliveryViewSet(ActionCodes, Creating):
    serializer_class = AidDeliverySerializer
    queryset = Delivery.objects.none()  # the schema's model; get_queryset scopes it
    capability = Capability.VIEW_AID
    creation = NEW_DELIVERY
    filterset_class = DeliveryFilterSet
    ordering_fields = ["delivered_on", "id"]

    def get_queryset(self) -> QuerySet[Delivery]:
        return (
            Delivery.objects.filter(household__in=_visible_households(self.request.user))
            .select_related("campaign", "household", "volunteer")
            .order_by("-delivered_on", "-pk")
        )


@extend_schema_view(
    list=extend_schema(summary="Partners' contributions to the campaigns the user sees"),
    retrieve=extend_schema(summary="One contribution"),
    create=extend_schema(
        summary="Record a partner's contribution to a campaign",
        description="As its page does, by the campaign's office (`manage_aid` over its branch).",
        request=body_of(NewContributionForm, "AidContributionCreate"),
        responses={201: AidContributionSerializer},
    ),
)
class AidContributionViewSet(ActionCodes, Creating):
    serializer_class = AidContributionSerializer
    queryset = Contribution.objects.none()  # the schema's model; get_queryset scopes it
    capability = Capability.VIEW_AID
    creation = NEW_CONTRIBUTION
    filterset_class = ContributionFilterSet
    ordering_fields = ["received_on", "id"]

    def get_queryset(self) -> QuerySet[Contribution]:
        return (
            Contribution.objects.filter(campaign__in=Campaign.objects.visible_to(self.request.user))
            .select_related("campaign", "partner")
            .order_by("-received_on", "-pk")
        )


documented_steps(AidCampaignViewSet, "AidCampaign")
documented_steps(AidHouseholdViewSet, "AidHousehold")
