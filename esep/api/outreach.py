"""Outreach in the REST API: campaigns, their plan lines, meetings with voters and
door-to-door rounds.

Lists, their filters and what makes one are the staff pages' declarations
(`outreach.pages.CAMPAIGNS`, `PLANS`, `MEETINGS`, `ROUNDS` with their creation pages): the
same records (VIEW_WORK over the branch subtree), filters (campaign, branch, territory,
month) and order; `POST` runs the same creation step behind MANAGE_WORK, checked by the
same form and done by the same action, so a refusal carries the action's code
(`outside_period`, `outside_territory`, `negative`, `speaker_outside`, `duplicate_code`,
`period_reversed`: values the rules refuse, 422) as the deputies' resources answer theirs
(`api.deputies.acted`). A campaign reads with its meetings held and people reached; a
meeting names who spoke, by name only."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers

from esep.api.deputies import ActionCodes
from esep.api.forms import body_of
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import FromListing, MadeFromListing
from esep.outreach.forms import CampaignForm, MeetingForm, PlanForm, RoundForm
from esep.outreach.models import Campaign, Meeting, Plan, Round
from esep.outreach.pages import CAMPAIGN_PAGE, CAMPAIGNS, MEETINGS, PLANS, ROUNDS


class OutreachCampaignSerializer(WithSteps):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    # Counted as the list's page counts them (`Campaign.objects.with_counts`).
    meetings_held = serializers.IntegerField(source="meeting_count", read_only=True)
    people_reached = serializers.IntegerField(read_only=True)

    class Meta:
        model = Campaign
        fields = [
            "id",
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "branch",
            "kind",
            "starts_on",
            "ends_on",
            "meetings_held",
            "people_reached",
            "steps",
        ]


class PlanSerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)

    class Meta:
        model = Plan
        fields = ["id", "campaign", "territory", "meetings", "households", "people"]


class SpeakerSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(source="full_name", read_only=True)


class MeetingSerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    speakers = SpeakerSerializer(many=True, read_only=True)

    class Meta:
        model = Meeting
        fields = [
            "id",
            "campaign",
            "territory",
            "held_on",
            "place",
            "people",
            "speakers",
            "topic",
            "note",
        ]


class RoundSerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)

    class Meta:
        model = Round
        fields = ["id", "campaign", "territory", "held_on", "households", "people", "volunteers"]


ID = r"[0-9]{1,18}"


@extend_schema_view(
    list=extend_schema(summary="Outreach campaigns"),
    create=extend_schema(
        summary="Open an outreach campaign",
        request=body_of(CampaignForm, "OutreachCampaignCreate"),
        responses={201: OutreachCampaignSerializer},
    ),
)
class OutreachCampaignViewSet(ActionCodes, FromListing):
    serializer_class = OutreachCampaignSerializer
    queryset = Campaign.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["starts_on", "id"]
    listing = CAMPAIGNS
    page = CAMPAIGN_PAGE


@extend_schema_view(
    list=extend_schema(summary="Outreach plan lines"),
    create=extend_schema(
        summary="Set a campaign's plan line for a territory (changed where it has one)",
        request=body_of(PlanForm, "OutreachPlanCreate"),
        responses={201: PlanSerializer},
    ),
)
class OutreachPlanViewSet(ActionCodes, MadeFromListing):
    serializer_class = PlanSerializer
    queryset = Plan.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["id"]
    listing = PLANS


@extend_schema_view(
    list=extend_schema(summary="Meetings with voters"),
    create=extend_schema(
        summary="Record a meeting with voters",
        request=body_of(MeetingForm, "OutreachMeetingCreate"),
        responses={201: MeetingSerializer},
    ),
)
class OutreachMeetingViewSet(ActionCodes, MadeFromListing):
    serializer_class = MeetingSerializer
    queryset = Meeting.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["held_on", "id"]
    listing = MEETINGS
    # Its key is the activity's (a one-to-one link, which the database's integer range does
    # not guard as a plain id is): at most 18 digits, a longer one is no record here.
    lookup_value_regex = ID


@extend_schema_view(
    list=extend_schema(summary="Door-to-door rounds"),
    create=extend_schema(
        summary="Record a door-to-door round",
        request=body_of(RoundForm, "OutreachRoundCreate"),
        responses={201: RoundSerializer},
    ),
)
class OutreachRoundViewSet(ActionCodes, MadeFromListing):
    serializer_class = RoundSerializer
    queryset = Round.objects.none()  # the schema's model; get_queryset scopes it
    ordering_fields = ["held_on", "id"]
    listing = ROUNDS
    # Its key is the activity's (a one-to-one link, which the database's integer range does
    # not guard as a plain id is): at most 18 digits, a longer one is no record here.
    lookup_value_regex = ID
