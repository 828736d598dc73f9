"""Elections in the REST API: the seats by Kazakhstan's rule as a call anyone may make
(`POST seats/`, the pure `elections.seats.allocate` that the pages and `esep seats` call),
and the elections themselves (`elections/`, by code): staff read those followed in the
branch subtrees where their role reads the work (`view_work`), and anyone the certified
ones, public as the portal's results page is. An election gives its rules, its protocol's
totals, its lists with their votes, shares and seats and, once certified, its winners by
their public names — never a candidate's IIN, birth date, age, contacts or address."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import permissions, serializers, viewsets
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from esep.api.errors import Unprocessable
from esep.api.forms import NOT_BLANK, SLUG
from esep.api.schema import AutoSchema
from esep.api.serializers import ModelSerializer
from esep.elections import queries
from esep.elections.lifecycle import State
from esep.elections.models import Candidate, Election, PartyList
from esep.elections.seat_refusals import message
from esep.elections.seats import Entry, Refused, Tie, allocate

# The largest numbers a call may give: more voters than any roll holds.
MOST_VOTES = 10**12
MOST_MANDATES = 1000
MOST_LISTS = 100
# A percentage from 0 to 100, to two places, written as text (as the threshold is kept).
PERCENT = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$"
# Which field a refusal of the rule concerns.
REFUSED_FIELD = {
    "mandates": "mandates",
    "threshold": "threshold",
    "tie": "tie",
    "duplicate": "lists",
    "votes": "lists",
    "negative": "lists",
    "base": "base",
}


# --- strict JSON types: a value of another type than the schema gives is a 400 ----------


class WholeNumber(serializers.IntegerField):
    """A JSON integer only (not "98", 98.0 or true, which DRF would read as 98)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return int(super().to_internal_value(data))


class YesNo(serializers.BooleanField):
    """A JSON true or false only (not "yes" or 1)."""

    def to_internal_value(self, data: Any) -> bool:
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class Text(serializers.RegexField):
    """A JSON string only (not a number DRF would read as its text)."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class Choice(serializers.ChoiceField):
    def to_internal_value(self, data: Any) -> Any:
        if not isinstance(data, str):
            self.fail("invalid_choice", input=data)
        return super().to_internal_value(data)


# --- the seats ------------------------------------------------------------------------


class ListVotesSerializer(serializers.Serializer):
    party = Text(NOT_BLANK, max_length=200, help_text="The party's name or code")
    votes = WholeNumber(min_value=0, max_value=MOST_VOTES, help_text="Votes cast for its list")


class SeatsRequestSerializer(serializers.Serializer):
    mandates = WholeNumber(
        min_value=1, max_value=MOST_MANDATES, help_text="The mandates shared among the lists"
    )
    threshold = Text(
        PERCENT, help_text='The threshold, percent, as text with up to two decimals: "7"'
    )
    tie = Choice(
        choices=[t.value for t in Tie],
        required=False,
        default=Tie.EARLIER_REGISTRATION.value,
        help_text="Who takes a mandate on equal remainders: the list registered earlier (the "
        "law's rule, the default; here the one given earlier) or the one with more votes",
    )
    base = WholeNumber(
        min_value=0,
        max_value=MOST_VOTES * MOST_LISTS,
        required=False,
        allow_null=True,
        default=None,
        help_text="What the threshold's percentage is of (null: the lists' votes); not "
        "smaller than the lists' votes (else 422)",
    )
    runner_up = YesNo(
        required=False,
        default=False,
        help_text="Admit the runner-up list when only one passes (the law of 2009–2021)",
    )
    lists = serializers.ListField(
        child=ListVotesSerializer(),
        min_length=1,
        max_length=MOST_LISTS,
        help_text="The lists in the order they were registered; each party once (else 422)",
    )


class SeatsResultSerializer(serializers.Serializer):
    seats = serializers.DictField(
        child=serializers.IntegerField(), help_text="Each party given: its seats, in order"
    )
    passing = serializers.ListField(
        child=serializers.CharField(), help_text="The lists that took part, in order"
    )
    quota = serializers.CharField(
        allow_null=True, help_text="Votes per mandate, to two places (null: no list passed)"
    )
    base = serializers.IntegerField(help_text="What the threshold's percentage was of")
    by_remainder = serializers.ListField(
        child=serializers.CharField(), help_text="Who took the mandates left, in turn"
    )
    tied = serializers.ListField(
        child=serializers.CharField(),
        help_text="The lists whose equal remainders the tie rule decided",
    )
    no_list_passed = serializers.BooleanField()


def two_places(number: Fraction | Decimal | None) -> str | None:
    if number is None:
        return None
    if isinstance(number, Fraction):
        number = Decimal(number.numerator) / Decimal(number.denominator)
    return str(number.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


class SeatsSchema(AutoSchema):
    def error_statuses(self) -> list[int]:
        # Open to anyone, but a signed-in browser session's POST without its CSRF token is
        # refused (403), as every POST of the API may be.
        return sorted({*super().error_statuses(), 403})


class SeatsView(APIView):
    """The seats by Kazakhstan's rule for the votes given: open to anyone, as it reads no
    record."""

    permission_classes = [permissions.AllowAny]
    schema = SeatsSchema()

    @extend_schema(
        summary="Party-list seats by Kazakhstan's rule: public, no token",
        description="Lists at or above the threshold (of `base`, by default of the lists' "
        "votes) take part; the quota is their votes divided by the mandates; each takes "
        "its whole quotas, the mandates left go by the largest remainders, equal ones by "
        "`tie`. The same function as `esep seats` and the election pages. A party given "
        "twice, or a `base` smaller than the lists' votes, is a 422.",
        request=SeatsRequestSerializer,
        responses={200: SeatsResultSerializer},
        tags=["elections"],
    )
    def post(self, request: Request) -> Response:
        given = SeatsRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        data = given.validated_data
        entries = [
            Entry(row["party"], row["votes"], place)
            for place, row in enumerate(data["lists"], start=1)
        ]
        try:
            result = allocate(
                entries,
                data["mandates"],
                data["threshold"],
                base=data["base"],
                tie=data["tie"],
                runner_up=data["runner_up"],
            )
        except Refused as refused:
            raise Unprocessable({REFUSED_FIELD[refused.code]: [message(refused)]}) from None
        return Response(
            {
                "seats": result.seats,
                "passing": result.passing,
                "quota": two_places(result.quota),
                "base": result.base,
                "by_remainder": result.by_remainder,
                "tied": result.tied,
                "no_list_passed": result.no_list_passed,
            }
        )


# --- the elections ----------------------------------------------------------------------


class TotalsSerializer(serializers.Serializer):
    registered_voters = serializers.IntegerField(help_text="Voters on the lists")
    took_part = serializers.IntegerField(help_text="Voters who took part")
    turnout = serializers.CharField(allow_null=True, help_text="Percent, two places")
    invalid = serializers.IntegerField(help_text="Invalid ballots")
    against_all = serializers.IntegerField(help_text="“Against all”, where the ballot had it")
    list_votes = serializers.IntegerField(help_text="Votes cast for the lists")


class ListResultSerializer(serializers.Serializer):
    party = serializers.CharField(help_text="The party's code")
    party_name = serializers.CharField(help_text="In the language asked for")
    party_name_kk = serializers.CharField()
    party_name_ru = serializers.CharField()
    party_name_en = serializers.CharField()
    registered = serializers.IntegerField(help_text="Its place in the order of registration")
    votes = serializers.IntegerField()
    share = serializers.CharField(
        allow_null=True, help_text="Percent of the votes for the lists, two places"
    )
    seats = serializers.IntegerField(allow_null=True, help_text="Once certified")


class WinnerSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="The public name: surname, name, patronymic")
    party = serializers.CharField(allow_null=True, help_text="Code; null: self-nominated")
    list_place = serializers.IntegerField(allow_null=True, help_text="A list candidate's place")
    constituency = serializers.IntegerField(
        allow_null=True, help_text="A district's number, where elected in one"
    )


class ElectionSerializer(ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="code", read_only=True)
    campaign_name = serializers.CharField(source="campaign.name", read_only=True)
    territory = serializers.SlugRelatedField(slug_field="kato", read_only=True)
    territory_name = serializers.CharField(source="territory.name", read_only=True)
    branch = serializers.SlugRelatedField(slug_field="code", read_only=True)
    threshold = serializers.CharField(read_only=True, help_text="Percent, two places")
    totals = serializers.SerializerMethodField()
    lists = serializers.SerializerMethodField()
    winners = serializers.SerializerMethodField()

    class Meta:
        model = Election
        fields = [
            "code",
            "title",
            "campaign",
            "campaign_name",
            "kind",
            "office",
            "territory",
            "territory_name",
            "branch",
            "held_on",
            "term_starts_on",
            "seats",
            "list_seats",
            "system",
            "threshold",
            "base",
            "tie",
            "runner_up",
            "has_against_all",
            "law_version",
            "state",
            "totals",
            "lists",
            "winners",
        ]

    def _totals(self, election: Election) -> queries.Totals:
        found: dict[int, queries.Totals] = self.context.get("totals", {})
        if election.pk not in found:
            found.update(queries.totals_for([election]))
        return found[election.pk]

    @extend_schema_field(TotalsSerializer)
    def get_totals(self, election: Election) -> dict[str, Any]:
        counted = self._totals(election)
        return {
            "registered_voters": counted.registered_voters,
            "took_part": counted.took_part,
            "turnout": two_places(counted.turnout),
            "invalid": counted.invalid,
            "against_all": counted.against_all,
            "list_votes": counted.list_votes,
        }

    @extend_schema_field(ListResultSerializer(many=True))
    def get_lists(self, election: Election) -> list[dict[str, Any]]:
        counted = self._totals(election)
        certified = election.state == State.CERTIFIED
        return [
            {
                "party": pl.party.code,
                "party_name": pl.party.name,
                "party_name_kk": pl.party.name_kk,
                "party_name_ru": pl.party.name_ru,
                "party_name_en": pl.party.name_en,
                "registered": pl.registered,
                "votes": counted.lists.get(pl.pk, 0),
                "share": two_places(counted.share_of_lists(pl.pk)),
                "seats": pl.seats if certified else None,
            }
            for pl in election.lists.all()
        ]

    @extend_schema_field(WinnerSerializer(many=True))
    def get_winners(self, election: Election) -> list[dict[str, Any]]:
        if election.state != State.CERTIFIED:
            return []
        return [
            {
                "name": c.person.full_name,
                "party": c.party.code if c.party else None,
                "list_place": c.position,
                "constituency": c.constituency.number if c.constituency else None,
            }
            for c in election.candidates.all()
            if c.elected
        ]


@extend_schema_view(
    list=extend_schema(
        summary="Elections: the certified ones to anyone, those followed in the user's scope "
        "to staff",
        tags=["elections"],
    ),
    retrieve=extend_schema(
        summary="One election: its rules, totals, lists and, once certified, its winners",
        tags=["elections"],
    ),
)
class ElectionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ElectionSerializer
    permission_classes = [permissions.AllowAny]  # the certified ones are public
    queryset = Election.objects.none()  # the schema's model; get_queryset scopes it
    lookup_field = "code"
    lookup_value_regex = SLUG.strip("^$")

    def get_queryset(self) -> QuerySet[Election]:
        user = self.request.user
        shown = Q(state=State.CERTIFIED)
        if user.is_authenticated:
            shown |= Q(pk__in=Election.objects.visible_to(user).values("pk"))
        return (
            Election.objects.filter(shown)
            .select_related("campaign", "territory", "branch")
            .prefetch_related(
                Prefetch("lists", PartyList.objects.select_related("party").order_by("registered")),
                Prefetch(
                    "candidates",
                    Candidate.objects.filter(elected=True)
                    .select_related("person", "party", "constituency")
                    .order_by("party_list__registered", "position", "constituency__number", "pk"),
                ),
            )
            .order_by("-held_on", "kind", "code")
        )

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            many = list(args[0]) if kwargs.get("many") else [args[0]]
            kwargs["context"] = {
                **self.get_serializer_context(),
                "totals": queries.totals_for(many),
            }
        return super().get_serializer(*args, **kwargs)
