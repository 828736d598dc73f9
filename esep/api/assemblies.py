"""The party's assemblies in the REST API: conferences (their quotas, agenda, roll of
delegates, the frozen roll, registration and quorum), their polls (preparation, candidates,
the vote, the counting commission's paper count, certification), a voter's own ballot, the
published ballots of a certified poll, the primaries (candidates, the vote, the list and its
rules) and the check of a conference's or primaries' hash-chained log.

Every step is the assemblies' own action (`assemblies.actions`), so a call is refused as
the console refuses it, with the action's code (`roll_frozen`, `no_quorum`,
`already_voted`, …): the record or the vote as it is now is a 409, values the action's rules
refuse a 422, a step the user's roles do not give on the record a 403. Staff read what
VIEW_ORG gives them in scope; a delegate or an elector reads the polls they may vote in and
casts their own ballot. Nothing here names anyone beyond their name — and nothing says who
voted how: an open vote's named ballots are counted, never listed; the published ballots are
receipts and choices only. The ballots of a certified poll and the log's check are public,
as their portal pages are.

Two operations carry a file and so read `multipart/form-data`, as a deputy's correction
does: the paper count with the counting commission's protocol, and a primaries' candidate
with their documents."""

from __future__ import annotations

import json
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
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esep.access.models import User
from esep.api.deputies import Refused, acted
from esep.api.forms import SLUG, _describe, as_form_data, body_of, checked
from esep.api.views import Scoped
from esep.assemblies import actions, rules
from esep.assemblies.models import (
    Ballot,
    Base,
    Campaign,
    Candidate,
    Conference,
    Delegate,
    Item,
    Majority,
    Option,
    Place,
    Poll,
    Quorum,
    Quota,
    Result,
)
from esep.assemblies.verify import owner, verify
from esep.deputies.models import Convocation, RepresentativeBody
from esep.deputies.registry.queries import bodies_visible_to, convocations_visible_to
from esep.org.models import Body, Branch, Person, subtree_q
from esep.org.roles import Capability

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
    "`not_member`, `invalid`; 403 to a user who may not run the conference",
    "poll": "409 `wrong_state`, `conference_closed`, `not_in_session`, `no_quorum`, "
    "`poll_open`, `no_candidates`, `not_election`, `already_entered`, `four_eyes`, "
    "`duplicate`; 422 `no_consent`, `does_not_add_up`, `more_than_entitled`, `invalid`, "
    "`required`, `bad_type`; 413 `too_large`; 403 to a user who may not run the poll",
    "cast": "409 `poll_not_open`, `not_registered`, `not_entitled`, `already_voted`; 422 "
    "`invalid`, `too_many`, `one_answer`",
    "primaries": "409 `wrong_state`, `nominations_closed`, `checks_failed`, `no_candidates`, "
    "`duplicate`; 422 `too_late`, `invalid`, `bad_type`; 413 `too_large`; 403 to a user who "
    "may not run the primaries",
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


FILE_CODES = {"bad_type": "protocol", "too_large": "protocol"}

# ---------------------------------------------------------------- forms


class Bound(forms.Form):
    """A step's values, with the records they may name chosen for this user and record."""

    def __init__(self, *args: Any, user: User, record: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scope(user, record)

    def scope(self, user: User, record: Any) -> None:
        """Fills the record fields' querysets."""


class Names(Bound):
    """A record's name in the three languages (English may be left out)."""

    name_kk = forms.CharField(label=_("Name in Kazakh"), max_length=255)
    name_ru = forms.CharField(label=_("Name in Russian"), max_length=255)
    name_en = forms.CharField(label=_("Name in English"), max_length=255, required=False)


def _branches(form: forms.Form, user: User, *names: str) -> None:
    for name in names:
        form.fields[name].queryset = Branch.objects.visible_to(user)  # type: ignore[attr-defined]


def _people(form: forms.Form, user: User) -> None:
    form.fields["person"].queryset = Person.objects.visible_to(user)  # type: ignore[attr-defined]


def _branch_field(required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Branch (code)"),
        queryset=Branch.objects.none(),
        to_field_name="code",
        required=required,
    )


def _person_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Person (id)"), queryset=Person.objects.none())


class ConveneForm(Names):
    branch = _branch_field()
    number = forms.IntegerField(label=_("Number"), min_value=1, max_value=32767)
    kind = forms.ChoiceField(label=_("Kind"), choices=Conference.Kind.choices)
    held_on = forms.DateField(label=_("Date"))
    hall = forms.CharField(label=_("Hall"), max_length=255)
    online = forms.NullBooleanField(
        label=_("Delegates may take part online"), required=False, help_text=_("Yes if left out")
    )
    quorum = forms.ChoiceField(label=_("Quorum"), choices=Quorum.choices, required=False)
    members_per_delegate = forms.IntegerField(
        label=_("Members per delegate"), min_value=1, max_value=1_000_000, required=False
    )
    minimum_quota = forms.IntegerField(
        label=_("Delegates at least"), min_value=0, max_value=10_000, required=False
    )

    def scope(self, user: User, record: Any) -> None:
        _branches(self, user, "branch")


class QuotaForm(Bound):
    branch = _branch_field()
    seats = forms.IntegerField(label=_("Delegates"), min_value=0, max_value=10_000)

    def scope(self, user: User, record: Conference) -> None:
        self.fields["branch"].queryset = Branch.objects.filter(  # type: ignore[attr-defined]
            pk__in=record.quotas.values("branch")
        )


class ItemForm(Names):
    kind = forms.ChoiceField(label=_("Kind"), choices=Item.Kind.choices)
    speaker = forms.CharField(label=_("Speaker"), max_length=255, required=False)


class DelegateForm(Bound):
    person = _person_field()
    branch = _branch_field()
    elected_on = forms.DateField(label=_("Elected on"))
    protocol = forms.CharField(label=_("Meeting's protocol"), max_length=100, required=False)

    def scope(self, user: User, record: Any) -> None:
        _people(self, user)
        _branches(self, user, "branch")


class RemoveDelegateForm(Bound):
    delegate = forms.ModelChoiceField(label=_("Delegate (id)"), queryset=Delegate.objects.none())
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def scope(self, user: User, record: Conference) -> None:
        self.fields["delegate"].queryset = record.delegates.all()  # type: ignore[attr-defined]


class RegisterForm(RemoveDelegateForm):
    reason = None  # type: ignore[assignment]
    attendance = forms.ChoiceField(label=_("Attendance"), choices=Delegate.Attendance.choices)


class PollForm(Names):
    item = forms.ModelChoiceField(label=_("Agenda item (id)"), queryset=Item.objects.none())
    kind = forms.ChoiceField(label=_("Kind"), choices=Poll.Kind.choices)
    seats = forms.IntegerField(label=_("Seats"), min_value=1, max_value=500, required=False)
    majority = forms.ChoiceField(label=_("Majority"), choices=Majority.choices, required=False)
    base = forms.ChoiceField(label=_("Counted of"), choices=Base.choices, required=False)
    body_kind = forms.ChoiceField(
        label=_("Body elected"), choices=Body.Kind.choices, required=False
    )

    def scope(self, user: User, record: Any) -> None:
        self.fields["item"].queryset = Item.objects.filter(  # type: ignore[attr-defined]
            conference__in=Conference.objects.visible_to(user)
        )


class NominateForm(Bound):
    person = _person_field()
    consent_on = forms.DateField(label=_("Consent given on"), required=False)
    nominated_by = forms.CharField(label=_("Nominated by"), max_length=255, required=False)

    def scope(self, user: User, record: Any) -> None:
        _people(self, user)


class PaperCountForm(Bound):
    votes = forms.CharField(
        label=_("Votes"),
        max_length=20_000,
        help_text=_(
            'A JSON object: each line of the ballot by its number, and its votes, e.g. {"1": 3}'
        ),
    )
    valid = forms.IntegerField(label=_("Valid paper ballots"), min_value=0, max_value=10_000_000)
    invalid_ballots = forms.IntegerField(
        label=_("Invalid paper ballots"), min_value=0, max_value=10_000_000
    )
    protocol = forms.FileField(label=_("Counting protocol"))

    def clean_votes(self) -> dict[int, int]:
        try:
            read = json.loads(self.cleaned_data["votes"])
            votes = {int(n): int(v) for n, v in read.items()}
        except (ValueError, TypeError, AttributeError):
            raise forms.ValidationError(
                _('Give a JSON object of line numbers and votes, e.g. {"1": 3}.'), code="invalid"
            ) from None
        if any(not 0 < n < 32768 or not 0 <= v <= 10_000_000 for n, v in votes.items()):
            raise forms.ValidationError(
                _('Give a JSON object of line numbers and votes, e.g. {"1": 3}.'), code="invalid"
            )
        return votes


class CampaignForm(Names):
    branch = _branch_field()
    code = forms.SlugField(label=_("Code"), max_length=60)
    body = forms.ModelChoiceField(
        label=_("Representative body (code)"),
        queryset=RepresentativeBody.objects.none(),
        to_field_name="code",
    )
    previous = forms.ModelChoiceField(
        label=_("Previous convocation (id)"), queryset=Convocation.objects.none(), required=False
    )
    nominations_close_on = forms.DateField(label=_("Nominations close"))
    vote_on = forms.DateField(label=_("Vote"))
    places = forms.IntegerField(label=_("Places on the list"), min_value=1, max_value=1000)
    young_share = forms.DecimalField(
        label=_("Young candidates at least, %"),
        min_value=0,
        max_value=100,
        decimal_places=2,
        required=False,
    )
    women_share = forms.DecimalField(
        label=_("Women at least, %"), min_value=0, max_value=100, decimal_places=2, required=False
    )

    def scope(self, user: User, record: Any) -> None:
        _branches(self, user, "branch")
        self.fields["body"].queryset = bodies_visible_to(user)  # type: ignore[attr-defined]
        self.fields["previous"].queryset = convocations_visible_to(user)  # type: ignore[attr-defined]


class CandidateForm(Bound):
    person = _person_field()
    nominated_on = forms.DateField(label=_("Nominated on"))
    nominated_by = _branch_field(required=False)
    consent_on = forms.DateField(label=_("Consent given on"), required=False)
    documents = forms.FileField(label=_("Documents"), required=False)

    def scope(self, user: User, record: Any) -> None:
        _people(self, user)
        _branches(self, user, "nominated_by")


class CandidateChoiceForm(Bound):
    candidate = forms.ModelChoiceField(label=_("Candidate (id)"), queryset=Candidate.objects.none())

    def scope(self, user: User, record: Campaign) -> None:
        self.fields["candidate"].queryset = record.candidates.all()  # type: ignore[attr-defined]


class RefuseCandidateForm(CandidateChoiceForm):
    reason = forms.CharField(label=_("Reason"), max_length=500)


class StartVoteForm(Bound):
    choices = forms.IntegerField(
        label=_("Candidates a voter may choose"),
        min_value=1,
        max_value=1000,
        required=False,
        help_text=_("1 if left out"),
    )


def _multipart(form_class: type[forms.Form], name: str) -> type[serializers.Serializer]:
    """A form as multipart fields (for the schema): text, and a file for its file fields; a
    value left out rather than null (a form field carries no null)."""
    fields: dict[str, serializers.Field] = {}
    for field_name, field in form_class.base_fields.items():
        if isinstance(field, forms.FileField):
            fields[field_name] = serializers.FileField(
                required=field.required,
                help_text=f"{field.label}: a PDF, a JPEG or PNG image, or a Word, Excel or "
                "OpenDocument file, at most 10 MB",
            )
            continue
        described = _describe(field_name, field)
        kwargs = {**described._kwargs, "allow_null": False}  # type: ignore[attr-defined]
        fields[field_name] = type(described)(*described._args, **kwargs)  # type: ignore[attr-defined]
    return type(name, (serializers.Serializer,), fields)


def _values(request: Request, form_class: type[Bound], record: Any) -> dict[str, Any]:
    """The step's values, checked by its form (JSON, or multipart where a file is sent)."""
    if any(isinstance(f, forms.FileField) for f in form_class.base_fields.values()):
        form = form_class(request.POST, request.FILES, user=request.user, record=record)
    else:
        form = form_class(as_form_data(request.data), user=request.user, record=record)
    return checked(form)


# ---------------------------------------------------------------- serializers


class Named(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="In the language asked for")
    steps = serializers.SerializerMethodField(
        help_text="What this user may do to the record now (its step endpoints)"
    )

    def get_steps(self, record: Any) -> list[str]:
        return list(self.context.get("steps", {}).get(record.pk, []))


class QuorumSerializer(serializers.Serializer):
    registered = serializers.IntegerField(help_text="Delegates registered now")
    roll = serializers.IntegerField(help_text="Delegates elected (on the roll)")
    needed = serializers.IntegerField(help_text="The fewest registered that make the quorum")
    met = serializers.BooleanField()


class QuotaSerializer(serializers.Serializer):
    branch = serializers.CharField(source="branch.code")
    members = serializers.IntegerField(help_text="Active members when the quotas were counted")
    seats = serializers.IntegerField(help_text="Delegates it sends")


class ItemSerializer(serializers.ModelSerializer):
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


class DelegateSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="person.full_name", help_text="The delegate's name")
    branch = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="The sub-branch that elected them"
    )

    class Meta:
        model = Delegate
        fields = ["id", "name", "branch", "elected_on", "protocol", "attendance", "registered_at"]


class OptionSerializer(serializers.ModelSerializer):
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


class ResultSerializer(serializers.ModelSerializer):
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


class CandidateSerializer(serializers.ModelSerializer):
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


# ---------------------------------------------------------------- the steps open now


def conference_steps(user: User, conference: Conference) -> list[str]:
    if not rules.may_run(user, conference.branch):
        return []
    steps: dict[str, list[str]] = {
        Conference.State.CONVENED: [
            "quotas",
            "quota",
            "item",
            "delegate",
            "remove-delegate",
            "freeze",
        ],
        Conference.State.FROZEN: ["item", "register", "open"],
        Conference.State.OPEN: ["item", "register", "close"],
    }
    return steps.get(conference.state, [])


def poll_steps(user: User, poll: Poll) -> list[str]:
    steps = []
    if rules.may_run(user, rules.owner_branch(poll)):
        if poll.state == Poll.State.CREATED:
            steps += ["nominate", "open"] if poll.is_election and poll.item_id else ["open"]
        elif poll.state == Poll.State.OPEN and poll.item_id:
            steps.append("close")
        elif poll.state == Poll.State.CLOSED and poll.entered_by_id is None:
            steps.append("paper-count")
        if rules.may_certify(user, poll):
            steps.append("certify")
    if not rules.vote_refused(user, poll):
        steps.append("cast")
    return steps


def campaign_steps(user: User, campaign: Campaign) -> list[str]:
    if not rules.may_run_campaign(user, campaign):
        return []
    if campaign.state == Campaign.State.NOMINATION:
        return ["nominate", "register", "refuse", "start-vote"]
    if campaign.state == Campaign.State.VOTING:
        return ["close-vote"]
    poll = getattr(campaign, "poll", None)
    if campaign.state == Campaign.State.COUNTED and poll and poll.state == Poll.State.CERTIFIED:
        return ["form-list"]
    return []


# ---------------------------------------------------------------- resources


class Assembly(Scoped):
    """A resource whose detail lists the steps open to the user now (`stepper`), and whose
    steps are its actions (`step`)."""

    stepper: Callable[[User, Any], list[str]]
    list_serializer: type[serializers.Serializer]
    detail_serializer: type[serializers.Serializer]
    # The step operations that carry a file: they read multipart/form-data.
    multipart: frozenset[str] = frozenset()

    def get_serializer_class(self) -> Any:
        return self.list_serializer if self.action == "list" else self.detail_serializer

    def context_for(self, instance: Any) -> dict[str, Any]:
        records = list(instance) if isinstance(instance, list | QuerySet) else [instance]
        user = self.request.user
        return {"steps": {r.pk: type(self).stepper(user, r) for r in records if hasattr(r, "pk")}}

    def get_parsers(self) -> list[Any]:
        # Called before the action is known: read it from the method, as the router maps it.
        request = getattr(self, "request", None)
        mapped = getattr(self, "action_map", None) or {}
        if request is not None and mapped.get(request.method.lower()) in self.multipart:
            return [MultiPartParser()]
        return super().get_parsers()

    def step(
        self,
        request: Request,
        perform: Callable[[User, Any, dict[str, Any]], Any],
        form_class: type[Bound] | None = None,
        named: dict[str, str] | None = None,
    ) -> Response:
        """The action done on the record with the step's values; the record as it is after."""
        record = self.get_object()
        values = _values(request, form_class, record) if form_class else {}
        done(lambda: perform(request.user, record, values), named)
        return Response(self.get_serializer(self.get_object()).data)


def _step(summary: str, codes: str, form: type[Bound] | None, name: str, **kw: Any) -> Any:
    """A step's operation in the schema: `POST <key>/steps/<name>/`."""
    if form is None:
        request: Any = None
    elif any(isinstance(f, forms.FileField) for f in form.base_fields.values()):
        request = {"multipart/form-data": _multipart(form, name)}
    else:
        request = body_of(form, name)
    return extend_schema(
        summary=summary,
        description=f"Refused with the action's code: {codes}.",
        request=request,
        **kw,
    )


def _posted(name: str) -> Any:
    return action(detail=True, methods=["post"], url_path=f"steps/{name}", url_name=f"step-{name}")


# --- conferences --------------------------------------------------------------------------


class ConferenceFilterSet(django_filters.FilterSet):
    branch = django_filters.CharFilter(label=_("Branch"), field_name="branch__code", max_length=40)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Conference.State.choices)

    class Meta:
        model = Conference
        fields: list[str] = []


C = CODES["conference"]


@extend_schema_view(
    list=extend_schema(summary="Conferences of the branches the user sees"),
    retrieve=extend_schema(
        summary="One conference with its quotas, agenda and quorum now, and the steps open"
    ),
    create=extend_schema(
        summary="Convene a conference",
        description=f"By the branch's office (`manage_conferences`). Refused with the "
        f"action's code: {C}.",
        request=body_of(ConveneForm, "ConferenceCreate"),
        responses={201: ConferenceDetailSerializer},
    ),
)
class ConferenceViewSet(Assembly):
    queryset = Conference.objects.none()  # the schema's model; get_queryset scopes it
    list_serializer = ConferenceSerializer
    detail_serializer = ConferenceDetailSerializer
    stepper = staticmethod(conference_steps)
    filterset_class = ConferenceFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["held_on", "number", "code"]

    @property
    def capability(self) -> Any:  # type: ignore[override]
        # A delegate registers themself online on their own conference, holding no role.
        return None if getattr(self, "action", None) == "step_register" else Capability.VIEW_ORG

    def get_queryset(self) -> QuerySet[Conference]:
        user = self.request.user
        found = Conference.objects.visible_to(user)
        if self.action == "step_register" and getattr(user, "person_id", None):
            own = Conference.objects.filter(delegates__person_id=user.person_id)
            found = Conference.objects.filter(Q(pk__in=found.values("pk")) | Q(pk__in=own))
        found = found.select_related("branch").order_by("-held_on", "code")
        if self.action != "list":
            found = found.prefetch_related(
                Prefetch("quotas", Quota.objects.select_related("branch")), "items__polls"
            )
        return found

    def create(self, request: Request) -> Response:
        """Convene a conference."""
        values = _values(request, ConveneForm, None)
        given = {k: v for k, v in values.items() if v not in (None, "")}
        made = done(lambda: actions.convene(actor=request.user, **given))
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)

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

    @_step("Count the sub-branches' delegate quotas from their members", C, None, "")
    @_posted("quotas")
    def step_quotas(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.count_quotas(actor=u, conference=c))

    @_step("Set a sub-branch's quota", C, QuotaForm, "ConferenceQuotaStep")
    @_posted("quota")
    def step_quota(self, request: Request, code: str | None = None) -> Response:
        def perform(user: User, conference: Conference, values: dict[str, Any]) -> Any:
            quota = conference.quotas.get(branch=values["branch"])
            return actions.set_quota(actor=user, quota=quota, seats=values["seats"])

        return self.step(request, perform, QuotaForm)

    @_step("Add an item to the agenda", C, ItemForm, "ConferenceItemStep")
    @_posted("item")
    def step_item(self, request: Request, code: str | None = None) -> Response:
        return self.step(
            request, lambda u, c, v: actions.add_item(actor=u, conference=c, **v), ItemForm
        )

    @_step("Add a delegate elected by a sub-branch", C, DelegateForm, "ConferenceDelegateStep")
    @_posted("delegate")
    def step_delegate(self, request: Request, code: str | None = None) -> Response:
        return self.step(
            request,
            lambda u, c, v: actions.add_delegate(actor=u, conference=c, **v),
            DelegateForm,
        )

    @_step("Remove a delegate from the roll", C, RemoveDelegateForm, "ConferenceRemoveDelegateStep")
    @_posted("remove-delegate")
    def step_remove_delegate(self, request: Request, code: str | None = None) -> Response:
        return self.step(
            request,
            lambda u, c, v: actions.remove_delegate(actor=u, **v),
            RemoveDelegateForm,
        )

    @_step("Freeze the roll (its SHA-256 is published)", C, None, "")
    @_posted("freeze")
    def step_freeze(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.freeze_roll(actor=u, conference=c))

    @_step("Open the conference", C, None, "")
    @_posted("open")
    def step_open(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.open_conference(actor=u, conference=c))

    @_step("Close the conference", C, None, "")
    @_posted("close")
    def step_close(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.close_conference(actor=u, conference=c))

    @_step(
        "Register a delegate: the office in the hall, a delegate themself online",
        C,
        RegisterForm,
        "ConferenceRegisterStep",
    )
    @_posted("register")
    def step_register(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.register(actor=u, **v), RegisterForm)


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
        description="A motion (open or secret) gets its yes, no and abstain; an election its "
        f"candidates by the step `nominate`. Refused with the action's code: {P}.",
        request=body_of(PollForm, "PollCreate"),
        responses={201: PollDetailSerializer},
    ),
)
class PollViewSet(Assembly):
    queryset = Poll.objects.none()  # the schema's model; get_queryset scopes it
    list_serializer = PollSerializer
    detail_serializer = PollDetailSerializer
    stepper = staticmethod(poll_steps)
    filterset_class = PollFilterSet
    ordering_fields = ["opened_at", "id"]
    multipart = frozenset({"step_paper_count"})

    def get_permissions(self) -> list[Any]:
        if getattr(self, "action", None) == "ballots":
            return [permissions.AllowAny()]  # published, as the portal's page is
        return super().get_permissions()

    def get_queryset(self) -> QuerySet[Poll]:
        user = self.request.user
        if self.action == "ballots":
            return Poll.objects.filter(state=Poll.State.CERTIFIED)
        found = Poll.objects.filter(
            Q(pk__in=Poll.objects.visible_to(user).values("pk")) | _entitled_q(user)
        )
        found = found.select_related("item__conference__branch", "campaign__branch").order_by("-pk")
        if self.action != "list":
            found = found.select_related("result").prefetch_related(
                Prefetch("options", Option.objects.select_related("person").order_by("number"))
            )
        return found

    def create(self, request: Request) -> Response:
        """Prepare a poll on an agenda item."""
        values = _values(request, PollForm, None)
        given = {k: v for k, v in values.items() if v not in (None, "")}
        made = done(lambda: actions.create_poll(actor=request.user, **given))
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)

    @_step("Nominate a candidate (with their consent)", P, NominateForm, "PollNominateStep")
    @_posted("nominate")
    def step_nominate(self, request: Request, pk: str | None = None) -> Response:
        return self.step(
            request, lambda u, p, v: actions.nominate(actor=u, poll=p, **v), NominateForm
        )

    @_step("Open the vote", P, None, "")
    @_posted("open")
    def step_open(self, request: Request, pk: str | None = None) -> Response:
        return self.step(request, lambda u, p, v: actions.open_poll(actor=u, poll=p))

    @_step("Close the vote: the result is computed", P, None, "")
    @_posted("close")
    def step_close(self, request: Request, pk: str | None = None) -> Response:
        return self.step(request, lambda u, p, v: actions.close_poll(actor=u, poll=p))

    @_step(
        "Enter the counting commission's paper count, with its protocol",
        P,
        PaperCountForm,
        "PollPaperCountStep",
    )
    @_posted("paper-count")
    def step_paper_count(self, request: Request, pk: str | None = None) -> Response:
        def perform(user: User, poll: Poll, values: dict[str, Any]) -> Any:
            return actions.enter_paper_count(actor=user, poll=poll, **values)

        return self.step(request, perform, PaperCountForm, FILE_CODES)

    @_step("Certify the result (not by whoever entered the paper count)", P, None, "")
    @_posted("certify")
    def step_certify(self, request: Request, pk: str | None = None) -> Response:
        return self.step(request, lambda u, p, v: actions.certify(actor=u, poll=p))

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


class CampaignFilterSet(django_filters.FilterSet):
    branch = django_filters.CharFilter(label=_("Branch"), field_name="branch__code", max_length=40)
    state = django_filters.ChoiceFilter(label=_("State"), choices=Campaign.State.choices)

    class Meta:
        model = Campaign
        fields: list[str] = []


R = CODES["primaries"]


@extend_schema_view(
    list=extend_schema(summary="Primaries of the branches the user sees"),
    retrieve=extend_schema(
        summary="One primaries with its list and the list rules' check, once formed"
    ),
    create=extend_schema(
        summary="Open primaries for an election",
        description=f"By the branch's office. Refused with the action's code: {R}.",
        request=body_of(CampaignForm, "PrimariesCreate"),
        responses={201: CampaignDetailSerializer},
    ),
)
class CampaignViewSet(Assembly):
    queryset = Campaign.objects.none()  # the schema's model; get_queryset scopes it
    list_serializer = CampaignSerializer
    detail_serializer = CampaignDetailSerializer
    stepper = staticmethod(campaign_steps)
    capability = Capability.VIEW_ORG
    filterset_class = CampaignFilterSet
    lookup_field = "code"
    lookup_value_regex = r"[-a-zA-Z0-9_]+"
    ordering_fields = ["vote_on", "code"]
    multipart = frozenset({"step_nominate"})

    def get_queryset(self) -> QuerySet[Campaign]:
        paths = self.request.user.scope_paths(Capability.VIEW_ORG)
        return (
            Campaign.objects.filter(subtree_q(paths, "branch__path"))
            .select_related("branch", "body", "poll")
            .order_by("-vote_on", "code")
        )

    def create(self, request: Request) -> Response:
        """Open primaries."""
        values = _values(request, CampaignForm, None)
        given = {k: v for k, v in values.items() if v not in (None, "")}
        made = done(lambda: actions.open_campaign(actor=request.user, **given))
        read = self.get_queryset().get(pk=made.pk)
        return Response(self.get_serializer(read).data, status=status.HTTP_201_CREATED)

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

    @_step(
        "Nominate a candidate, with their documents (multipart)",
        R,
        CandidateForm,
        "PrimariesNominateStep",
    )
    @_posted("nominate")
    def step_nominate(self, request: Request, code: str | None = None) -> Response:
        def perform(user: User, campaign: Campaign, values: dict[str, Any]) -> Any:
            return actions.nominate_candidate(actor=user, campaign=campaign, **values)

        files = {"bad_type": "documents", "too_large": "documents"}
        return self.step(request, perform, CandidateForm, files)

    @_step(
        "Register a candidate: every check must pass",
        R,
        CandidateChoiceForm,
        "PrimariesRegisterStep",
    )
    @_posted("register")
    def step_register(self, request: Request, code: str | None = None) -> Response:
        return self.step(
            request,
            lambda u, c, v: actions.register_candidate(actor=u, **v),
            CandidateChoiceForm,
        )

    @_step("Refuse a candidate, with the reason", R, RefuseCandidateForm, "PrimariesRefuseStep")
    @_posted("refuse")
    def step_refuse(self, request: Request, code: str | None = None) -> Response:
        return self.step(
            request,
            lambda u, c, v: actions.refuse_candidate(actor=u, **v),
            RefuseCandidateForm,
        )

    @_step(
        "Close the nominations, freeze the electors' roll and start the vote",
        R,
        StartVoteForm,
        "PrimariesStartVoteStep",
    )
    @_posted("start-vote")
    def step_start_vote(self, request: Request, code: str | None = None) -> Response:
        def perform(user: User, campaign: Campaign, values: dict[str, Any]) -> Any:
            return actions.start_vote(
                actor=user, campaign=campaign, choices=values.get("choices") or 1
            )

        return self.step(request, perform, StartVoteForm)

    @_step("Close the vote (its poll is then certified)", R, None, "")
    @_posted("close-vote")
    def step_close_vote(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.close_vote(actor=u, campaign=c))

    @_step("Form the list from the certified vote; the list rules checked", R, None, "")
    @_posted("form-list")
    def step_form_list(self, request: Request, code: str | None = None) -> Response:
        return self.step(request, lambda u, c, v: actions.form_list(actor=u, campaign=c))


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
