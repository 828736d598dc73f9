"""What the elections' staff pages show and allow, declared once for the HTML views and the
REST API: the elections a user follows (MANAGE_ELECTIONS records them, VIEW_WORK over the
branch subtree reads them), recording one, the campaigns, the akims' terms, and an
election's page — its rules, totals, the lists' seats and how they came, the candidates, the
constituencies' winners and the protocol — with the steps its branch's election
headquarters may take while it is open.

Candidates and akims are named (a candidate's name is public); their personal data is never
shown here."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, cast

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.deputies.models import Party, RepresentativeBody
from esep.elections import actions, queries, rules
from esep.elections import forms as f
from esep.elections.filters import CampaignFilterSet, ElectionFilterSet, TenureFilterSet
from esep.elections.lifecycle import State
from esep.elections.models import (
    Campaign,
    Candidate,
    CandidateQuerySet,
    Election,
    Kind,
    PartyList,
    System,
    Tally,
    Tenure,
)
from esep.elections.seats import Result
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing, paged
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.lib.tables import Column
from esep.org.actions import named_person
from esep.org.forms import NamedPersonForm
from esep.org.models import Branch, Person, Territory, subtree_q
from esep.org.roles import Capability

TALLIES_PER_PAGE = 50


def managed_branches(user: User) -> QuerySet[Branch]:
    """The branches whose elections the user records (MANAGE_ELECTIONS over the subtree)."""
    return Branch.objects.filter(subtree_q(user.scope_paths(Capability.MANAGE_ELECTIONS))).order_by(
        "path"
    )


def manages(user: User, election: Election) -> bool:
    return election.state == State.OPEN and rules.may_manage(user, election.branch)


# ---------------------------------------------------------------- the elections


def _elections(user: User) -> QuerySet[Election]:
    """The elections the user follows, with the sums of their protocols for the turnout."""
    return (
        Election.objects.visible_to(user)
        .select_related("campaign", "territory", "branch")
        .annotate(roll=Sum("tallies__registered_voters"), voted=Sum("tallies__took_part"))
    )


def get_election_for_user(user: User, pk: int) -> Election:
    return get_object_or_404(
        Election.objects.visible_to(user).select_related(
            "campaign", "territory", "branch", "body", "convocation", "certified_by"
        ),
        pk=pk,
    )


def turnout(election: Election) -> Decimal | None:
    return queries.percent(getattr(election, "voted", 0) or 0, getattr(election, "roll", 0) or 0)


ELECTION_COLUMNS = [
    Column(gettext_lazy("Code"), lambda e: e.code),
    Column(gettext_lazy("Election"), lambda e: e.title),
    Column(gettext_lazy("Election campaign"), lambda e: e.campaign.name),
    Column(gettext_lazy("Election day"), lambda e: e.held_on),
    Column(gettext_lazy("Branch"), lambda e: e.branch.name),
    Column(gettext_lazy("Seats"), lambda e: e.seats),
    Column(gettext_lazy("Seats shared among the party lists"), lambda e: e.list_seats),
    Column(gettext_lazy("Threshold, %"), lambda e: e.threshold),
    Column(gettext_lazy("State"), lambda e: e.get_state_display()),
    Column(gettext_lazy("Voters on the lists"), lambda e: e.roll or 0),
    Column(gettext_lazy("Voters who took part"), lambda e: e.voted or 0),
    Column(gettext_lazy("Turnout, %"), turnout),
]


def new_election(user: User) -> Step:
    paths = user.scope_paths(Capability.MANAGE_ELECTIONS)
    return Step(
        gettext_lazy("Record an election"),
        lambda data=None, files=None: f.ElectionForm(
            data,
            files,
            campaigns=Campaign.objects.order_by("-held_on", "code"),
            branches=managed_branches(user),
            territories=Territory.objects.order_by("path"),
            bodies=RepresentativeBody.objects.filter(subtree_q(paths, "branch__path")).order_by(
                "code"
            ),
        ),
        lambda d: actions.add_election(actor=user, **d),
        gettext_lazy("The election is recorded."),
    )


NEW_ELECTION = CreatePage(
    new_election,
    "elections/form.html",
    Capability.MANAGE_ELECTIONS,
    url_name="elections:election-new",
)


def _with_turnout(request: AuthedRequest, elections: Sequence[Election]) -> list[Election]:
    for election in elections:
        election.turnout = turnout(election)  # type: ignore[attr-defined]
    return list(elections)


ELECTIONS = Listing(
    title=gettext_lazy("Elections"),
    stem="elections",
    rows_template="elections/_election_rows.html",
    records=lambda request: _elections(request.user),
    filterset=ElectionFilterSet,
    columns=ELECTION_COLUMNS,
    export_url="elections:election-export",
    capability=Capability.VIEW_WORK,
    create=NEW_ELECTION,
    template="elections/list.html",
    rows=_with_turnout,
)


# ---------------------------------------------------------------- the campaigns


def _campaigns(request: AuthedRequest) -> QuerySet[Campaign]:
    """Every campaign (they are called nationally), with the elections the user follows in
    it and how many of those are certified."""
    followed = subtree_q(request.user.scope_paths(Capability.VIEW_WORK), "elections__branch__path")
    return Campaign.objects.annotate(
        followed=Count("elections", filter=followed),
        certified=Count("elections", filter=followed & Q(elections__state=State.CERTIFIED)),
    )


CAMPAIGN_COLUMNS = [
    Column(gettext_lazy("Code"), lambda c: c.code),
    Column(gettext_lazy("Election campaign"), lambda c: c.name),
    Column(gettext_lazy("Election day"), lambda c: c.held_on),
    Column(gettext_lazy("Elections you follow"), lambda c: c.followed),
    Column(gettext_lazy("Certified"), lambda c: c.certified),
]


def new_campaign(user: User) -> Step:
    """A campaign is called nationally: its page is the central office's."""
    if not rules.may_manage_nationally(user):
        raise PermissionDenied(_("Your role does not give access to this page."))
    return Step(
        gettext_lazy("Record an election campaign"),
        lambda data=None, files=None: f.CampaignForm(data, files),
        lambda d: actions.add_campaign(actor=user, **d),
        gettext_lazy("The election campaign is recorded."),
    )


NEW_CAMPAIGN = CreatePage(
    new_campaign,
    "elections/form.html",
    Capability.MANAGE_ELECTIONS,
    url_name="elections:campaign-new",
)


def _campaign_links(request: AuthedRequest) -> dict[str, Any]:
    national = rules.may_manage_nationally(request.user)
    return {"new_campaign_url": reverse(NEW_CAMPAIGN.url_name) if national else None}


CAMPAIGNS = Listing(
    title=gettext_lazy("Election campaigns"),
    stem="election-campaigns",
    rows_template="elections/_campaign_rows.html",
    records=_campaigns,
    filterset=CampaignFilterSet,
    columns=CAMPAIGN_COLUMNS,
    export_url="elections:campaign-export",
    capability=Capability.VIEW_WORK,
    template="elections/campaign_list.html",
    context=_campaign_links,
)


def get_campaign_for_user(user: User, code: str) -> Campaign:
    return get_object_or_404(Campaign, code=code)


def _campaign_context(request: AuthedRequest, campaign: Campaign, steps: list[Shown]) -> dict:
    winners = Prefetch(
        "candidates",
        queryset=Candidate.objects.winners().select_related("person", "party"),
        to_attr="winners",
    )
    elections = list(
        _elections(request.user)
        .filter(campaign=campaign)
        .prefetch_related(winners)
        .order_by("kind", "territory__path", "code")
    )
    _with_turnout(request, elections)
    return {
        "campaign": campaign,
        "elections": elections,
        "certified": sum(e.state == State.CERTIFIED for e in elections),
        "may_add": request.user.can(Capability.MANAGE_ELECTIONS),
    }


CAMPAIGN_PAGE = RecordPage(
    template="elections/campaign_detail.html",
    url_name="elections:campaign",
    fetch=get_campaign_for_user,
    steps=lambda request, campaign: {},
    context=_campaign_context,
    capability=Capability.VIEW_WORK,
    key=lambda campaign: campaign.code,
)


# ---------------------------------------------------------------- an election's page


@dataclass
class ListRow:
    """A list's line of the result: its votes and share, whether it passed the threshold,
    its whole quotas and remainder (in votes), and its seats — won when certified, else
    those it would take if certified now."""

    party_list: PartyList
    votes: int
    share: Decimal | None
    passed: bool
    whole: int | None
    remainder: Decimal | None
    by_remainder: bool
    tied: bool
    seats: int | None


def list_rows(election: Election, counted: queries.Totals, result: Result | None) -> list[ListRow]:
    rows = []
    for party_list in election.lists.select_related("party").order_by("registered"):
        key = str(party_list.pk)
        votes = counted.lists.get(party_list.pk, 0)
        passed = result is not None and key in result.passing
        whole = remainder = None
        if passed and result is not None and result.quota:
            quotient = Fraction(votes) / result.quota
            if key == result.passing[-1] and votes * 100 < election.threshold * result.base:
                quotient *= Fraction(7, 10)  # the runner-up admitted under the old law
            whole = int(quotient)
            remainder = _decimal((quotient - whole) * result.quota)
        if election.state == State.CERTIFIED:
            seats = party_list.seats
        else:
            seats = result.seats.get(key, 0) if result is not None else None
        rows.append(
            ListRow(
                party_list=party_list,
                votes=votes,
                share=counted.share_of_lists(party_list.pk),
                passed=passed,
                whole=whole,
                remainder=remainder,
                by_remainder=result is not None and key in result.by_remainder,
                tied=result is not None and key in result.tied,
                seats=seats,
            )
        )
    return rows


def _decimal(value: Fraction) -> Decimal:
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def _candidates(election: Election) -> CandidateQuerySet:
    return cast(
        CandidateQuerySet,
        Candidate.objects.filter(election=election).select_related(
            "person", "party", "party_list__party", "constituency__territory", "nominated_by"
        ),
    )


def _person(user: User, data: dict[str, Any]) -> Person:
    """The person a form names (`org.forms.NamedPersonForm`), its fields taken out of `data`:
    found by IIN or recorded from the names, as an award's nominee is."""
    return named_person(
        actor=user, **{name: data.pop(name) for name in NamedPersonForm.PERSON_FIELDS}
    )


@transaction.atomic
def _register_candidate(user: User, election: Election, data: dict[str, Any]) -> Candidate:
    """The candidate found or recorded, then registered: both or neither."""
    person = _person(user, data)
    return actions.register_candidate(actor=user, election=election, person=person, **data)


def election_steps(request: AuthedRequest, election: Election) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not manages(user, election):
        return steps
    today = timezone.localdate()
    territories = Territory.objects.filter(path__startswith=election.territory.path).order_by(
        "path"
    )
    if election.system != System.PARTY_LIST and election.kind != Kind.AKIM:
        steps["constituency"] = Step(
            gettext_lazy("Add a constituency"),
            lambda data=None, files=None: f.ConstituencyForm(
                data,
                files,
                territories=territories,
                initial={"number": election.constituencies.count() + 1},
            ),
            lambda d: actions.add_constituency(actor=user, election=election, **d),
            gettext_lazy("The constituency is added."),
        )
    if election.list_seats:
        registered = election.lists.values("party_id")
        steps["list"] = Step(
            gettext_lazy("Register a party's list"),
            lambda data=None, files=None: f.PartyListForm(
                data, files, parties=Party.objects.exclude(pk__in=registered)
            ),
            lambda d: actions.register_list(actor=user, election=election, **d),
            gettext_lazy("The list is registered."),
        )
    steps["candidate"] = Step(
        gettext_lazy("Register a candidate"),
        lambda data=None, files=None: f.CandidateForm(
            data,
            files,
            election=election,
            branches=Branch.objects.filter(path__startswith=election.branch.path).order_by("path"),
            initial={"registered_on": min(today, election.held_on)},
        ),
        lambda d: _register_candidate(user, election, d),
        gettext_lazy("The candidate is registered."),
    )
    standing = _candidates(election).standing()
    if standing.exists():
        steps["withdraw"] = Step(
            gettext_lazy("Record a candidate's withdrawal"),
            lambda data=None, files=None: f.WithdrawalForm(
                data, files, candidates=standing, initial={"withdrawn_on": today}
            ),
            lambda d: actions.withdraw_candidate(actor=user, **d),
            gettext_lazy("The withdrawal is recorded."),
        )
    steps["tally"] = Step(
        gettext_lazy("Record a protocol row"),
        lambda data=None, files=None: f.TallyForm(
            data, files, election=election, territories=territories
        ),
        lambda d: actions.record_tally(actor=user, election=election, **d),
        gettext_lazy("The protocol row is recorded."),
    )
    tallies = election.tallies.select_related("constituency__territory", "territory")
    if tallies.exists():
        steps["remove-tally"] = Step(
            gettext_lazy("Remove a protocol row"),
            lambda data=None, files=None: f.RemoveTallyForm(data, files, tallies=tallies),
            lambda d: actions.remove_tally(actor=user, **d),
            gettext_lazy("The protocol row is removed."),
        )
    steps["certify"] = Step(
        gettext_lazy("Certify the results"),
        lambda data=None, files=None: f.CertifyForm(data, files),
        lambda d: actions.certify(actor=user, election=election),
        gettext_lazy("The results are certified: the winners are named."),
    )
    return steps


def _url(name: str, key: Any) -> str | None:
    """The page's address, None while the page is not in the URLconf (the protocol's import
    and the public results are other modules' pages)."""
    try:
        return reverse(name, args=[key])
    except NoReverseMatch:
        return None


def _election_context(request: AuthedRequest, election: Election, steps: list[Shown]) -> dict:
    counted = queries.totals(election)
    result = queries.allocation(election, counted)
    lists = list_rows(election, counted, result) if election.list_seats else []
    candidates = list(_candidates(election))
    for candidate in candidates:
        candidate.votes_won = counted.candidates.get(candidate.pk)  # type: ignore[attr-defined]
    by_pk = {c.pk: c for c in candidates}
    leading = (
        queries.district_winners(election, counted) if queries.is_single_seat(election) else {}
    )
    constituencies = list(election.constituencies.select_related("territory"))
    for constituency in constituencies:
        constituency.standing = [  # type: ignore[attr-defined]
            c for c in candidates if c.constituency_id == constituency.pk
        ]
        constituency.leading = [  # type: ignore[attr-defined]
            by_pk[pk] for pk in leading.get(constituency.pk, []) if pk in by_pk
        ]
    tallies = paged(
        Tally.objects.filter(election=election)
        .select_related("constituency", "territory")
        .prefetch_related("votes")
        .order_by("constituency__number", "territory__path", "station", "pk"),
        request,
        TALLIES_PER_PAGE,
    )
    lists_shown = [row.party_list for row in lists] or list(election.lists.select_related("party"))
    single = [c for c in candidates if c.party_list_id is None]
    rows = []
    for tally in tallies.object_list:
        got = {(v.party_list_id, v.candidate_id): v.votes for v in tally.votes.all()}
        rows.append(
            {
                "tally": tally,
                "lists": [got.get((pl.pk, None)) for pl in lists_shown],
                "candidates": [got.get((None, c.pk)) for c in single],
            }
        )
    may_manage = manages(request.user, election)
    return {
        "election": election,
        "counted": counted,
        "result": result,
        "quota": _decimal(result.quota) if result is not None and result.quota else None,
        "lists": lists,
        "candidates": candidates,
        "akim_leading": [by_pk[pk] for pk in leading.get(None, []) if pk in by_pk],
        "constituencies": constituencies,
        "tallies": tallies,
        "page": tallies,
        "tally_rows": rows,
        "tally_lists": lists_shown,
        "tally_candidates": single,
        "against_all_share": queries.percent(counted.against_all, counted.took_part),
        "invalid_share": queries.percent(counted.invalid, counted.took_part),
        "import_url": _url("elections:protocol-import", election.pk) if may_manage else None,
        "public_url": (
            _url("portal:election", election.code) if election.state == State.CERTIFIED else None
        ),
        "tenure": Tenure.objects.filter(election=election).select_related("person").first(),
    }


ELECTION_PAGE = RecordPage(
    template="elections/election_detail.html",
    url_name="elections:election",
    fetch=get_election_for_user,
    steps=election_steps,
    context=_election_context,
    forms={
        "constituency": f.ConstituencyForm,
        "list": f.PartyListForm,
        "candidate": f.CandidateForm,
        "withdraw": f.WithdrawalForm,
        "tally": f.TallyForm,
        "certify": f.CertifyForm,
    },
)


# ---------------------------------------------------------------- the akims' terms


def _territory_paths(user: User) -> list[str]:
    """The territories of the branches where the user reads the work (all for a
    superuser)."""
    paths = user.scope_paths(Capability.VIEW_WORK)
    if "" in paths:
        return [""]
    return list(
        Branch.objects.filter(path__in=paths).values_list("territory__path", flat=True).distinct()
    )


def _tenures(request: AuthedRequest) -> QuerySet[Tenure]:
    """The akims' terms in the territories of the user's branches."""
    return Tenure.objects.filter(
        subtree_q(_territory_paths(request.user), "territory__path")
    ).select_related("person", "territory", "election__territory")


def _tenure_end(tenure: Tenure) -> dt.date | None:
    return tenure.ended_on


TENURE_COLUMNS = [
    Column(gettext_lazy("Territory"), lambda t: t.territory.name),
    Column(gettext_lazy("Akim of"), lambda t: t.get_office_display()),
    Column(gettext_lazy("Akim"), lambda t: t.person.full_name),
    Column(gettext_lazy("Term start"), lambda t: t.started_on),
    Column(gettext_lazy("Term end"), _tenure_end),
    Column(
        gettext_lazy("Elected at"),
        lambda t: t.election.title if t.election else _("appointed"),
    ),
]


def new_tenure(user: User) -> Step:
    branches = managed_branches(user).select_related("territory")
    territory_paths = list(branches.values_list("territory__path", flat=True))
    return Step(
        gettext_lazy("Record an appointed akim's term"),
        lambda data=None, files=None: f.TenureForm(
            data,
            files,
            branches=branches,
            territories=Territory.objects.filter(subtree_q(territory_paths)).order_by("path"),
        ),
        lambda d: _record_tenure(user, d),
        gettext_lazy("The akim's term is recorded."),
    )


@transaction.atomic
def _record_tenure(user: User, data: dict[str, Any]) -> Tenure:
    """The akim found or recorded, then their term: both or neither."""
    return actions.record_tenure(actor=user, person=_person(user, data), **data)


NEW_TENURE = CreatePage(
    new_tenure,
    "elections/form.html",
    Capability.MANAGE_ELECTIONS,
    url_name="elections:tenure-new",
    next=lambda made: "elections:tenures",
)

TENURES = Listing(
    title=gettext_lazy("Akims' terms"),
    stem="akims-terms",
    rows_template="elections/_tenure_rows.html",
    records=_tenures,
    filterset=TenureFilterSet,
    columns=TENURE_COLUMNS,
    export_url="elections:tenure-export",
    capability=Capability.VIEW_WORK,
    create=NEW_TENURE,
    template="elections/list.html",
)
