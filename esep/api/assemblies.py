"""The party's assemblies in the REST API: conferences (their quotas, agenda, roll of
delegates, the frozen roll, registration and quorum), their polls (preparation, candidates,
the vote, the counting commission's paper count, certification), a voter's own ballot, the
published ballots of a certified poll, the primaries (candidates, the vote, the list and its
rules) and the check of a conference's or primaries' hash-chained log.

Lists, inputs and steps are the staff pages' declarations: the conferences' and the
primaries' lists and what makes one (`assemblies.conferences.pages.CONFERENCES`,
`assemblies.primaries.pages.CAMPAIGNS`: the same records, filters, order and capability),
the conference's, the primaries' and the poll's record pages with their steps (the same
`Step` objects: offered to the same people at the same stages, checked by the same forms,
done by the same actions), and the secretary's console for a delegate's registration and a
new poll; a delegate's own online registration is the voter's page's step. What no page
declares for staff is the API's own here: casting one's own ballot, the published ballots,
the quorum, the roll's and the candidates' lists, and the log's check.

Every step is the assemblies' own action (`assemblies.actions`), so a call is refused as
the page refuses it, with the action's code (`roll_frozen`, `no_quorum`,
`already_voted`, …): the record or the vote as it is now is a 409, values the action's rules
refuse a 422, a step not offered to the user on the record now a 403. Staff read what
VIEW_ORG gives them in scope; a delegate or an elector reads the polls they may vote in and
casts their own ballot. Nothing here names anyone beyond their name — and nothing says who
voted how: an open vote's named ballots are counted, never listed; the published ballots are
receipts and choices only. The ballots of a certified poll and the log's check are public,
as their portal pages are.

The steps whose page form takes a file read `multipart/form-data`, as their pages post them:
the paper count with the counting commission's protocol, and a primaries' candidate's
nomination and its completion with their documents."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import django_filters
from django import forms
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import permissions, serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esep.access.models import User
from esep.api.deputies import Refused, acted
from esep.api.errors import NotFoundIn
from esep.api.forms import SLUG, as_form_data, body_of, checked, keyed
from esep.api.serializers import ModelSerializer, WithSteps
from esep.api.views import FromListing, WithPageSteps, documented_steps
from esep.assemblies import actions, rules
from esep.assemblies.conferences.forms import ConveneForm
from esep.assemblies.conferences.pages import CONFERENCE_PAGE, CONFERENCES
from esep.assemblies.models import (
    Ballot,
    Campaign,
    Candidate,
    Conference,
    Delegate,
    Item,
    Option,
    Place,
    Poll,
    Quota,
    Result,
)
from esep.assemblies.polls.forms import PollForm, RegisterForm
from esep.assemblies.polls.pages import CONSOLE, POLL_PAGE, own_seats, register_online
from esep.assemblies.primaries.forms import CampaignForm
from esep.assemblies.primaries.pages import CAMPAIGN_PAGE, CAMPAIGNS
from esep.assemblies.verify import owner, verify
from esep.lib.steps import Step, offered, refuse

# ---------------------------------------------------------------- the actions' refusals

# The actions' codes that the record or the vote as it is now gives (409); any other code
# is the values themselves, well formed but refused (422); `denied` is a 403.
REFUSED_NOW = {
    "roll_frozen",
    "conference_closed",
    "empty_roll",
    "wrong_state",
    "poll_open",
    "not_in_session",
    "no_quorum",
    "no_candidates",
    "not_election",
    "hall_only",
    "poll_not_open",
    "not_registered",
    "not_entitled",
    "already_voted",
    "already_entered",
    "four_eyes",
    "nominations_closed",
    "checks_failed",
    "quota_filled",
    "below_roll",
    "duplicate",
}

CODES = {
    "conference": "409 `roll_frozen`, `conference_closed`, `empty_roll`, `wrong_state`, "
    "`poll_open`, `hall_only`, `quota_filled`, `below_roll`, `duplicate`; 422 `no_quota`, "
    "`not_member`, `invalid`; 403 to a user the step is not offered to now",
    "poll": "409 `wrong_state`, `conference_closed`, `not_in_session`, `no_quorum`, "
    "`poll_open`, `no_candidates`, `not_election`, `already_entered`, `four_eyes`, "
    "`duplicate`; 422 `no_consent`, `does_not_add_up`, `more_than_entitled`, `invalid`, "
    "`required`, `bad_type`; 413 `too_large`; 403 to a user the step is not offered to now",
    "cast": "409 `poll_not_open`, `not_registered`, `not_entitled`, `already_voted`; 422 "
    "`invalid`, `too_many`, `one_answer`",
    "primaries": "409 `wrong_state`, `nominations_closed`, `checks_failed`, `no_candidates`, "
    "`duplicate`; 422 `too_late`, `invalid`, `bad_type`; 413 `too_large`; 403 to a user the "
    "step is not offered to now",
}


def done(perform: Callable[[], Any], named: dict[str, str] | None = None) -> Any:
    """The action done; its refusal answered with its own code (`deputies.acted`), the
    status by what the code says of the assemblies' records."""
    try:
        return acted(lambda _data: perform(), {}, named)
    except Refused as refused:
        code = refused.get_codes()
        if code == "too_large":
            refused.status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
        elif code in REFUSED_NOW:
            refused.status_code = status.HTTP_409_CONFLICT
        else:
            refused.status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
        raise


class ActionCodes:
    """A resource whose pages' steps are the assemblies' actions: a refusal is answered
    with the action's own code (`done`); `files` names the field a file's refusal
    (`bad_type`, `too_large`) concerns."""

    files: dict[str, str] = {}

    def performed(self, perform: Any, data: dict[str, Any]) -> Any:
        return done(lambda: perform(data), self.files)


def described(page: Any, codes: str) -> dict[str, str]:
    """Each of a record page's steps described by the action's codes it is refused with."""
    return {name: f"Refused with the action's code: {codes}." for name in page.forms}


# ---------------------------------------------------------------- serializers


class Named(WithSteps):
    """A record named in three languages, with the steps its page offers this user now (on
    its detail)."""

    name = serializers.CharField(read_only=True, help_text="In the language asked for")


class QuorumSerializer(serializers.Serializer):
    registered = serializers.IntegerField(help_text="Delegates registered now")
    roll = serializers.IntegerField(help_text="Delegates elected (on the roll)")
    needed = serializers.IntegerField(help_text="The fewest registered that make the quorum")
    met = serializers.BooleanField()


class QuotaSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="The quota's id: the step `set-quota` names it")
    branch = serializers.CharField(source="branch.code")
    members = serializers.IntegerField(help_text="Active members when the quotas were counted")
    seats = serializers.IntegerField(help_text="Delegates it sends")


class ItemSerializer(ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language asked for")
    polls = serializers.PrimaryKeyRelatedField(many=True, read_only=True)

    class Meta:
        model = Item
        fields = [
            "id",
            "number",
            "kind",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "speaker",
            "polls",
        ]


class ConferenceSerializer(Named):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Conference
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "branch",
            "number",
            "kind",
            "held_on",
            "hall",
            "online",
            "quorum",
            "state",
            "roll_digest",
            "roll_frozen_at",
            "opened_at",
            "closed_at",
            "steps",
        ]


class ConferenceDetailSerializer(ConferenceSerializer):
    quotas = QuotaSerializer(many=True, read_only=True)
    items = ItemSerializer(many=True, read_only=True)
    attendance = serializers.SerializerMethodField(
        help_text="The quorum now: registered, on the roll, needed, met"
    )

    class Meta(ConferenceSerializer.Meta):
        fields = [
            *ConferenceSerializer.Meta.fields,
            "members_per_delegate",
            "minimum_quota",
            "quotas",
            "items",
            "attendance",
        ]

    @extend_schema_field(QuorumSerializer)
    def get_attendance(self, conference: Conference) -> dict[str, Any]:
        return _quorum(conference)


def _quorum(conference: Conference) -> dict[str, Any]:
    registered, roll, needed, met = actions.quorum(conference)
    return {"registered": registered, "roll": roll, "needed": needed, "met": met}


class DelegateSerializer(ModelSerializer):
    name = serializers.CharField(source="person.full_name", help_text="The delegate's name")
    branch = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The sub-branch that elected them"
    )

    class Meta:
        model = Delegate
        fields = ["id", "name", "branch", "elected_on", "protocol", "attendance", "registered_at"]


class OptionSerializer(ModelSerializer):
    label = serializers.SerializerMethodField(help_text="The candidate's name, or the answer")
    votes = serializers.IntegerField(
        allow_null=True, help_text="Online and paper votes; null until the poll closes"
    )
    passed = serializers.BooleanField(
        allow_null=True, help_text="Elected or adopted; null until the poll closes"
    )

    class Meta:
        model = Option
        fields = ["number", "kind", "label", "nominated_by", "votes", "paper_votes", "passed"]

    def get_label(self, option: Option) -> str:
        return option.person.full_name if option.person is not None else option.get_kind_display()


class ResultSerializer(ModelSerializer):
    class Meta:
        model = Result
        fields = [
            "entitled",
            "roll",
            "voted",
            "valid",
            "invalid",
            "base",
            "needed",
            "outcome",
            "tied",
            "computed_at",
        ]


class PollSerializer(Named):
    conference = serializers.SlugRelatedField(
        source="item.conference", slug_field="code", read_only=True, allow_null=True
    )
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Poll
        fields = [
            "id",
            "conference",
            "item",
            "campaign",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "kind",
            "body_kind",
            "seats",
            "majority",
            "base",
            "state",
            "source",
            "opened_at",
            "closed_at",
            "certified_at",
            "steps",
        ]


class PollDetailSerializer(PollSerializer):
    options = OptionSerializer(many=True, read_only=True)
    result = serializers.SerializerMethodField(help_text="Computed when the poll closed; else null")
    protocol_sha256 = serializers.CharField(
        source="protocol_digest", help_text="The counting protocol's SHA-256 (paper count)"
    )

    class Meta(PollSerializer.Meta):
        fields = [*PollSerializer.Meta.fields, "options", "result", "protocol_sha256"]

    @extend_schema_field(ResultSerializer(allow_null=True))
    def get_result(self, poll: Poll) -> dict[str, Any] | None:
        result = getattr(poll, "result", None)
        return None if result is None else ResultSerializer(result).data


class BallotSerializer(serializers.Serializer):
    """A published ballot: its receipt and its choices — never its voter."""

    receipt = serializers.CharField(help_text="The voter's receipt (SHA-256)")
    choices = serializers.ListField(
        child=serializers.IntegerField(), help_text="The ballot's lines chosen, by number"
    )


class CastSerializer(serializers.Serializer):
    choices = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=32767),
        max_length=500,
        help_text="The lines of the ballot chosen, by number: one answer in a motion, up to the "
        "seats in an election",
    )


class ReceiptSerializer(serializers.Serializer):
    poll = serializers.IntegerField()
    receipt = serializers.CharField(
        help_text="Keep it: it is found with the ballot's choices in the poll's published ballots"
    )


class CampaignSerializer(Named):
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    poll = serializers.SerializerMethodField(help_text="The vote's poll, once it has started")

    class Meta:
        model = Campaign
        fields = [
            "code",
            "name",
            "name_kk",
            "name_ru",
            "name_en",
            "branch",
            "body",
            "previous",
            "nominations_close_on",
            "vote_on",
            "places",
            "young_share",
            "women_share",
            "state",
            "roll_digest",
            "poll",
            "steps",
        ]

    def get_poll(self, campaign: Campaign) -> int | None:
        poll = getattr(campaign, "poll", None)
        return None if poll is None else poll.pk


class PlaceSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    candidate = serializers.IntegerField(source="candidate_id")
    name = serializers.CharField(source="candidate.person.full_name")
    votes = serializers.IntegerField()


class ListCheckSerializer(serializers.Serializer):
    """The list rules as `counting.check_list` checks them."""

    places = serializers.IntegerField()
    young = serializers.IntegerField()
    women = serializers.IntegerField()
    new = serializers.IntegerField(help_text="Held no mandate of the party in the convocation")
    young_share = serializers.DecimalField(max_digits=5, decimal_places=1)
    women_share = serializers.DecimalField(max_digits=5, decimal_places=1)
    renewal_share = serializers.DecimalField(max_digits=5, decimal_places=1)
    young_minimum = serializers.DecimalField(max_digits=5, decimal_places=2)
    women_minimum = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    young_ok = serializers.BooleanField()
    women_ok = serializers.BooleanField(allow_null=True, help_text="null: no share of women set")
    ok = serializers.BooleanField(help_text="Every rule kept")


class CampaignDetailSerializer(CampaignSerializer):
    list = serializers.SerializerMethodField(help_text="The list formed; empty until it is")
    list_check = serializers.SerializerMethodField(
        help_text="The list rules checked on the list formed; null until it is"
    )

    class Meta(CampaignSerializer.Meta):
        fields = [*CampaignSerializer.Meta.fields, "list", "list_check"]

    @extend_schema_field(PlaceSerializer(many=True))
    def get_list(self, campaign: Campaign) -> Any:
        return PlaceSerializer(self._places(campaign), many=True).data

    @extend_schema_field(ListCheckSerializer(allow_null=True))
    def get_list_check(self, campaign: Campaign) -> dict[str, Any] | None:
        places = self._places(campaign)
        if not places:
            return None
        check = actions.check_campaign_list(campaign, [p.candidate.person_id for p in places])
        return dict(ListCheckSerializer(check).data)

    def _places(self, campaign: Campaign) -> Sequence[Place]:
        return tuple(
            Place.objects.filter(campaign=campaign)
            .select_related("candidate__person")
            .order_by("number")
        )


class CandidateSerializer(ModelSerializer):
    name = serializers.CharField(source="person.full_name", help_text="The candidate's name")
    nominated_by = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    documents_sha256 = serializers.CharField(source="documents_digest")
    checks = serializers.JSONField(
        help_text="What registration checked: consent, documents, age, member (true or false)"
    )

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "state",
            "nominated_on",
            "nominated_by",
            "consent_on",
            "documents_sha256",
            "checks",
        ]


class ProblemSerializer(serializers.Serializer):
    seq = serializers.IntegerField(allow_null=True, help_text="The log entry's number, if one")
    message = serializers.CharField(help_text="In the language asked for")


class LogCheckSerializer(serializers.Serializer):
    chain = serializers.CharField(help_text="The conference's or the primaries' code")
    entries = serializers.IntegerField()
    head = serializers.CharField(help_text="The last entry's digest")
    ok = serializers.BooleanField(help_text="The chain holds and the records are the logged ones")
    problems = ProblemSerializer(many=True)


# ---------------------------------------------------------------- resources

# --- conferences --------------------------------------------------------------------------


C = CODES["conference"]


def registration(request: Any, conference: Conference) -> Step | None:
    """Registering a delegate on the conference: the secretary's console step for its
    office (`polls.pages.CONSOLE`, any delegate of the roll, in the hall, online or absent),
    else a delegate's own online registration (the voter's page's step) for whoever holds a
    seat on it; None for anyone else."""
    console = CONSOLE.steps(request, conference)
    if "register" in console:
        return console["register"]
    if own_seats(request.user).filter(conference=conference).exists():
        return register_online(request.user)
    return None


@extend_schema_view(
    list=extend_schema(summary="Conferences, as their list page filters them"),
    retrieve=extend_schema(
        summary="One conference with its quotas, agenda and quorum now, and the steps open"
    ),
    create=extend_schema(
        summary="Convene a conference",
        description=f"As its page does, by the branch's office (`manage_conferences`). "
        f"Refused with the action's code: {C}.",
        request=body_of(ConveneForm, "ConferenceCreate"),
        responses={201: ConferenceDetailSerializer},
    ),
)
class ConferenceViewSet(ActionCodes, FromListing):
    queryset = Conference.objects.none()  # the schema's model; get_queryset scopes it
    listing = CONFERENCES
    page = CONFERENCE_PAGE
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["held_on", "number", "code"]

    @property
    def capability(self) -> Any:  # type: ignore[override]
        # A delegate registers themself online on their own conference, holding no role.
        if getattr(self, "action", None) == "step_register":
            return None
        return self.listing.capability

    def get_serializer_class(self) -> Any:
        return ConferenceSerializer if self.action == "list" else ConferenceDetailSerializer

    def get_queryset(self) -> Any:
        found = super().get_queryset()
        user = self.request.user
        if self.action == "step_register" and getattr(user, "person_id", None):
            own = Delegate.objects.filter(person_id=user.person_id).values("conference")
            found = Conference.objects.filter(Q(pk__in=found.values("pk")) | Q(pk__in=own))
            found = found.select_related("branch")
        if self.action != "list":
            found = found.prefetch_related(
                Prefetch("quotas", Quota.objects.select_related("branch").order_by("branch__path")),
                Prefetch("items", Item.objects.order_by("number").prefetch_related("polls")),
            )
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        context = super().context_for(instance)
        if "steps" in context and registration(self.request, instance) is not None:
            context["steps"] = [*context["steps"], "register"]
        return context

    @extend_schema(
        summary="A conference's roll of delegates (names only)",
        responses={200: DelegateSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="delegates", url_name="delegates")
    def delegates(self, request: Request, code: str | None = None) -> Response:
        conference = self.get_object()
        found = conference.delegates.select_related("person", "branch").order_by(
            "branch__path", "person__surname", "person__given_name", "pk"
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(DelegateSerializer(page, many=True).data)

    @extend_schema(summary="The quorum now", responses={200: QuorumSerializer}, filters=False)
    @action(detail=True, methods=["get"], url_path="quorum", url_name="quorum")
    def quorum(self, request: Request, code: str | None = None) -> Response:
        return Response(_quorum(self.get_object()))

    @extend_schema(
        summary="Conference: register",
        description="Register a delegate: the office marks any delegate of the roll as its "
        "console does (`attendance`: in the hall, online or absent); a delegate holding no "
        "role registers their own seat online, as on their own page (`attendance` is then "
        "online, whatever is sent; another's seat is no record they may use: 404). "
        f"Refused with the action's code: {C}.",
        request=body_of(RegisterForm, "ConferenceRegisterStep"),
    )
    @action(detail=True, methods=["post"], url_path="steps/register", url_name="step-register")
    def step_register(self, request: Request, code: str | None = None) -> Response:
        conference = self.get_object()
        step = registration(request, conference)
        if step is None:
            raise refuse()
        values = checked(keyed(step.bound(as_form_data(request.data), prefixed=False)))
        if values["delegate"].conference_id != conference.pk:
            raise NotFoundIn({"delegate": [str(_("No delegate of this conference has this id."))]})
        self.performed(step.perform, values)
        return Response(self.get_serializer(self.get_object()).data)


# --- polls --------------------------------------------------------------------------------


class PollFilterSet(django_filters.FilterSet):
    conference = django_filters.CharFilter(
        label=_("Conference"), field_name="item__conference__code", max_length=60
    )
    campaign = django_filters.CharFilter(
        label=_("Primaries"), field_name="campaign__code", max_length=60
    )
    state = django_filters.ChoiceFilter(label=_("State"), choices=Poll.State.choices)

    class Meta:
        model = Poll
        fields: list[str] = []


P = CODES["poll"]


def _entitled_q(user: User) -> Q:
    """The polls a delegate or an elector may vote in (or has)."""
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Q(pk__in=[])
    return Q(item__conference__in=Conference.objects.filter(delegates__person_id=person_id)) | Q(
        campaign__in=Campaign.objects.filter(electors__person_id=person_id)
    )


class PollItem(forms.Form):
    """The agenda item a new poll is on: one of a conference the user sees."""

    item = forms.ModelChoiceField(label=_("Agenda item"), queryset=Item.objects.none())

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["item"].queryset = Item.objects.filter(  # type: ignore[attr-defined]
            conference__in=Conference.objects.visible_to(user)
        )


@extend_schema_view(
    list=extend_schema(
        summary="Polls the user sees: of the conferences and primaries in their scope, and "
        "those they may vote in as a delegate or an elector"
    ),
    retrieve=extend_schema(
        summary="One poll with its ballot's lines and, once closed, the votes and the result"
    ),
    create=extend_schema(
        summary="Prepare a poll on an agenda item",
        description="As the conference's console does (its step `poll`), by the branch's "
        "office until the conference closes. A motion (open or secret) gets its yes, no and "
        "abstain; an election its candidates by the step `nominate`. Refused with the "
        f"action's code: {P}.",
        request=body_of(PollForm, "PollCreate"),
        responses={201: PollDetailSerializer},
    ),
)
class PollViewSet(ActionCodes, WithPageSteps):
    queryset = Poll.objects.none()  # the schema's model; get_queryset scopes it
    page = POLL_PAGE
    filterset_class = PollFilterSet
    ordering_fields = ["opened_at", "id"]
    files = {"bad_type": "protocol", "too_large": "protocol"}
    multipart_steps = frozenset({"paper"})

    def get_permissions(self) -> list[Any]:
        if getattr(self, "action", None) == "ballots":
            return [permissions.AllowAny()]  # published, as the portal's page is
        return super().get_permissions()

    def get_serializer_class(self) -> Any:
        return PollSerializer if self.action == "list" else PollDetailSerializer

    def get_queryset(self) -> QuerySet[Poll]:
        user = self.request.user
        if self.action == "ballots":
            return Poll.objects.filter(state=Poll.State.CERTIFIED)
        found = Poll.objects.filter(
            Q(pk__in=Poll.objects.visible_to(user).values("pk")) | _entitled_q(user)
        )
        found = found.select_related(
            "item__conference__branch", "campaign__branch", "entered_by", "certified_by"
        ).order_by("-pk")
        if self.action != "list":
            found = found.select_related("result").prefetch_related(
                Prefetch("options", Option.objects.select_related("person").order_by("number"))
            )
        return found

    def context_for(self, instance: Any) -> dict[str, Any]:
        context = super().context_for(instance)
        # The voter's own: casting a ballot, where the rules let them now.
        if "steps" in context and not rules.vote_refused(self.request.user, instance):
            context["steps"] = [*context["steps"], "cast"]
        return context

    def create(self, request: Request) -> Response:
        """Prepare a poll as the conference's console does."""
        data = as_form_data(request.data)
        item = checked(PollItem(data, user=request.user))["item"]
        step = offered(CONSOLE.steps(request, item.conference), "poll")
        made = self.performed(step.perform, checked(keyed(step.bound(data, prefixed=False))))
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Cast your own ballot, as a delegate or an elector",
        description="The token's user votes for themself, once: a second ballot is refused "
        "(409 `already_voted`, by the database). Answers the ballot's receipt, which the voter "
        "finds with its choices in the poll's published ballots. Refused with the action's "
        f"code: {CODES['cast']}.",
        request=CastSerializer,
        responses={201: ReceiptSerializer},
    )
    @action(detail=True, methods=["post"], url_path="cast", url_name="cast")
    def cast(self, request: Request, pk: str | None = None) -> Response:
        poll = self.get_object()
        body = CastSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        numbers = sorted(set(body.validated_data["choices"]))
        choices = list(poll.options.filter(number__in=numbers))
        if len(choices) != len(numbers):
            raise ValidationError({"choices": [_("Choose from this poll's ballot.")]})
        ballot = done(lambda: actions.cast(actor=request.user, poll=poll, choices=choices))
        return Response({"poll": poll.pk, "receipt": ballot.receipt}, status=201)

    @extend_schema(
        summary="The published ballots of a certified poll: public, no token",
        description="Each ballot's receipt and choices, in the order of their receipts — "
        "never who cast it. A poll not certified is a 404.",
        responses={200: BallotSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="ballots", url_name="ballots")
    def ballots(self, request: Request, pk: str | None = None) -> Response:
        poll = self.get_object()
        found = Ballot.objects.filter(poll=poll).order_by("receipt").values_list("pk", "receipt")
        page = self.paginate_queryset(found)
        ids = [pk for pk, _receipt in page]
        chosen: dict[Any, list[int]] = {pk: [] for pk in ids}
        through = Ballot.choices.through.objects.filter(ballot_id__in=ids)
        for ballot_id, number in through.values_list("ballot_id", "option__number"):
            chosen[ballot_id].append(number)
        rows = [{"receipt": r, "choices": sorted(chosen[pk])} for pk, r in page]
        return self.get_paginated_response(BallotSerializer(rows, many=True).data)


# --- primaries ----------------------------------------------------------------------------


R = CODES["primaries"]


@extend_schema_view(
    list=extend_schema(summary="Primaries, as their list page filters them"),
    retrieve=extend_schema(
        summary="One primaries with its list and the list rules' check, once formed"
    ),
    create=extend_schema(
        summary="Open primaries for an election",
        description="As their page does, by the branch's office (`manage_conferences`), for "
        f"a representative body in its territory. Refused with the action's code: {R}.",
        request=body_of(CampaignForm, "PrimariesCreate"),
        responses={201: CampaignDetailSerializer},
    ),
)
class CampaignViewSet(ActionCodes, FromListing):
    queryset = Campaign.objects.none()  # the schema's model; get_queryset scopes it
    listing = CAMPAIGNS
    page = CAMPAIGN_PAGE
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["vote_on", "code"]
    files = {"bad_type": "documents", "too_large": "documents"}
    multipart_steps = frozenset({"nominate", "complete"})

    def get_serializer_class(self) -> Any:
        return CampaignSerializer if self.action == "list" else CampaignDetailSerializer

    def get_queryset(self) -> Any:
        return super().get_queryset().select_related("poll")

    @extend_schema(
        summary="The primaries' candidates (names only) with their registration's checks",
        responses={200: CandidateSerializer(many=True)},
        filters=False,
    )
    @action(detail=True, methods=["get"], url_path="candidates", url_name="candidates")
    def candidates(self, request: Request, code: str | None = None) -> Response:
        campaign = self.get_object()
        found = campaign.candidates.select_related("person", "nominated_by").order_by(
            "person__surname", "person__given_name", "pk"
        )
        page = self.paginate_queryset(found)
        return self.get_paginated_response(CandidateSerializer(page, many=True).data)


documented_steps(ConferenceViewSet, "Conference", described(CONFERENCE_PAGE, C))
documented_steps(
    PollViewSet,
    "Poll",
    {
        **described(POLL_PAGE, P),
        "paper": "The counting commission's paper count, as the poll's page enters it: "
        "`votes_<number>` for each line of the ballot (its `options`), `valid`, "
        "`invalid_ballots` and the signed `protocol` (a file). Refused with the action's "
        f"code: {P}.",
    },
)
documented_steps(CampaignViewSet, "Primaries", described(CAMPAIGN_PAGE, R))


# --- the log's check ----------------------------------------------------------------------


class LogCheckView(APIView):
    """A conference's or primaries' hash-chained log checked against itself and the
    records (`assemblies.verify`): public, as the portal's check page is."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        summary="Check a conference's or primaries' log: public, no token",
        description="As `esep verify-log CODE` does: every entry follows the one before and "
        "its digest recomputes; the frozen roll, each poll's state, ballots and result and "
        "the signed minutes are the logged ones. `ok` is false with the `problems` found.",
        parameters=[
            OpenApiParameter(
                "code",
                {"type": "string", "pattern": SLUG, "maxLength": 60},
                OpenApiParameter.PATH,
                description="The conference's or the primaries' code",
            )
        ],
        responses={200: LogCheckSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        report = verify(code)
        if owner(code) is None and not report.entries:
            raise Http404
        return Response(
            {
                "chain": report.chain,
                "entries": report.entries,
                "head": report.head,
                "ok": report.ok,
                "problems": [{"seq": p.seq, "message": str(p.message)} for p in report.problems],
            }
        )
