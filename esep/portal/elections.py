"""The public results of elections: anyone, without logging in, in Kazakh, Russian or
English, reads the certified elections by campaign; a campaign's page with the party's
figures for its elections (the registry's `elections.*` figures for that campaign) and each
election's winners and parties; and an election's page with its turnout, the votes and
shares of the lists and candidates, the seats, a chart, the constituencies won and the
winners.

Only certified elections are public: an election still being counted is not found (404),
nor a campaign with none certified. A candidate is shown by their public name and party,
nothing else of them — no IIN, birth date, age, phone or address (their age is averaged by
the figures, never shown). A campaign's figures about its winners (new faces, renewal,
age, women, young) are shown only where at least 5 winners are counted, the public figures'
rule for small counts (`esep.figures.public.withholding`): a share of fewer says too much
of each one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from esep.elections import queries
from esep.elections.models import Campaign, Candidate, Election, PartyList
from esep.elections.seats import Refused
from esep.figures import charts, grammar
from esep.figures.compute import Scope, compute
from esep.figures.periods import Period
from esep.figures.public import Shown, country, withholding
from esep.figures.registry import Figure, get
from esep.org.models import Branch, Person

# A campaign's figures, each with the figure whose count it is built from and so guarded by
# (None: the campaign's official totals — turnout, votes, seats — always shown).
CAMPAIGN_FIGURES: list[tuple[str, str | None]] = [
    ("elections.turnout_share", None),
    ("elections.party_vote_share", None),
    ("elections.party_seats", None),
    ("elections.districts_won_share", "elections.contests_decided"),
    ("elections.new_faces_share", "elections.party_seats"),
    ("elections.corps_renewed_share", "elections.winners"),
    ("elections.winners_average_age", "elections.winners_of_known_age"),
    ("elections.winners_women_share", "elections.winners"),
    ("elections.winners_young_share", "elections.winners"),
]


def _named(candidates: Any) -> Any:
    """Candidates with their person's name, party and constituency: the person's personal
    data is not even read (the pages show a public name only)."""
    return candidates.select_related("person", "party", "constituency__territory").defer(
        *(f"person__{name}" for name in (*Person.PERSONAL_FIELDS, "iin_digest", "phone_digest"))
    )


def _winners() -> Prefetch:
    return Prefetch(
        "candidates",
        queryset=_named(Candidate.objects.winners()).order_by(
            "party_list__registered", "position", "constituency__number", "pk"
        ),
        to_attr="winners",
    )


def certified_elections() -> Any:
    return Election.objects.certified().select_related("territory", "campaign")


# ---------------------------------------------------------------- the list


def index(request: HttpRequest) -> HttpResponse:
    """The campaigns with certified elections, newest first, each with those elections."""
    elections = certified_elections().order_by("kind", "territory__path", "code")
    campaigns = (
        Campaign.objects.filter(elections__state=Election.State.CERTIFIED)
        .distinct()
        .prefetch_related(Prefetch("elections", queryset=elections, to_attr="shown"))
        .order_by("-held_on", "code")
    )
    return render(request, "portal/elections.html", {"campaigns": campaigns})


# ---------------------------------------------------------------- a campaign


@dataclass(frozen=True)
class Line:
    """One figure of a campaign as the public sees it."""

    figure: Figure
    shown: Shown


def campaign_figures(campaign: Campaign) -> list[Line]:
    """The registry's figures for the campaign's certified elections: computed over the
    whole country for the days its elections were held, broken down by campaign, this
    campaign's group read. A figure about the winners built from fewer than 5 of them is
    withheld; the share of districts won is left out where no single-seat contest was."""
    days = campaign.elections.certified().aggregate(first=Min("held_on"), last=Max("held_on"))
    top = country()
    root = top if top is not None else Branch.objects.get_first_root_node()
    if days["first"] is None or root is None:
        return []
    codes = [code for code, _guard in CAMPAIGN_FIGURES]
    guards = [guard for _code, guard in CAMPAIGN_FIGURES if guard]
    values = compute(
        codes + guards,
        Scope(root),
        Period(days["first"], days["last"]),
        breakdown="campaign",
    )
    key = str(campaign.pk)

    def of(code: str) -> Any:
        return values.get(code, {}).get(key)

    lines = []
    for code, guard in CAMPAIGN_FIGURES:
        figure = get(code)
        why = ""
        if guard is not None:
            counted = of(guard) or 0
            if code == "elections.districts_won_share" and not counted:
                continue  # no single-seat contest in this campaign
            why = withholding([counted])[0]
        lines.append(Line(figure, Shown(of(code), figure.unit, why)))
    return lines


def campaign(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Campaign.objects.certified(), code=code)
    elections = list(
        certified_elections()
        .filter(campaign=found)
        .prefetch_related(_winners())
        .order_by("kind", "territory__path", "code")
    )
    for one in elections:
        one.by_party = _seats_by_party(one.winners)  # type: ignore[attr-defined]
    return render(
        request,
        "portal/election_campaign.html",
        {"campaign": found, "lines": campaign_figures(found), "elections": elections},
    )


# ---------------------------------------------------------------- an election


def percent(value: Any) -> str:
    """A share as the commission publishes it, to two places, in the page's language:
    71.09 → 71,09% (kk, ru), 71.09% (en)."""
    if value is None:
        return "—"
    return grammar.decimal(value, (get_language() or "kk")[:2], places=2) + "%"


@dataclass(frozen=True)
class ListRow:
    party_list: PartyList
    votes: int
    share: Any
    passed: bool | None  # None: not known (the rule refused the numbers)

    @property
    def share_shown(self) -> str:
        return percent(self.share)


@dataclass(frozen=True)
class CandidateRow:
    candidate: Candidate
    votes: int
    share: Any

    @property
    def share_shown(self) -> str:
        return percent(self.share)


@dataclass(frozen=True)
class Contest:
    """A single-seat contest (the akim's election, a constituency) or a multi-member
    constituency: its candidates by votes, the winners marked."""

    label: str
    candidates: list[CandidateRow]


def _share(part: int, whole: int) -> Any:
    if not whole:
        return None
    return round(100 * part / whole, 2)


def public_election(code: str) -> Election:
    return get_object_or_404(
        certified_elections().select_related("body").prefetch_related(_winners()), code=code
    )


def results(election: Election) -> dict[str, Any]:
    """What an election's page shows: the protocol's totals, each list's votes, share and
    seats, each contest's candidates with their votes, the winners."""
    counted = queries.totals(election)
    try:
        allocation = queries.allocation(election, counted)
    except Refused:
        allocation = None
    passing = set(allocation.passing) if allocation is not None else None
    lists = [
        ListRow(
            pl,
            counted.lists.get(pl.pk, 0),
            counted.share_of_lists(pl.pk),
            None if passing is None else str(pl.pk) in passing,
        )
        for pl in election.lists.select_related("party").order_by("registered")
    ]
    lists.sort(key=lambda row: -row.votes)
    standing = _named(
        Candidate.objects.standing().filter(election=election, party_list__isnull=True)
    ).order_by("constituency__number", "pk")
    contests: dict[int | None, list[Candidate]] = {}
    for candidate in standing:
        contests.setdefault(candidate.constituency_id, []).append(candidate)
    shown: list[Contest] = []
    for candidates in contests.values():
        total = sum(counted.candidates.get(c.pk, 0) for c in candidates)
        rows = sorted(
            (CandidateRow(c, counted.candidates.get(c.pk, 0), None) for c in candidates),
            key=lambda row: -row.votes,
        )
        rows = [CandidateRow(r.candidate, r.votes, _share(r.votes, total)) for r in rows]
        constituency = candidates[0].constituency
        label = str(constituency) if constituency is not None else election.territory.name
        shown.append(Contest(label, rows))
    winners = election.winners  # type: ignore[attr-defined]
    return {
        "counted": counted,
        "turnout": percent(counted.turnout),
        "lists": lists,
        "contests": shown,
        "winners": winners,
        "seats_by_party": _seats_by_party(winners),
        "has_chart": bool(lists and counted.list_votes)
        or any(row.votes for contest in shown for row in contest.candidates),
    }


def _seats_by_party(winners: list[Candidate]) -> list[tuple[str, int]]:
    """The winners counted by party (self-nominated together), most first."""
    counts: dict[str, int] = {}
    for winner in winners:
        name = winner.party.name if winner.party else _("self-nominated")
        counts[name] = counts.get(name, 0) + 1
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def election(request: HttpRequest, code: str) -> HttpResponse:
    found = public_election(code)
    return render(request, "portal/election.html", {"election": found, **results(found)})


def chart(request: HttpRequest, code: str) -> HttpResponse:
    """The lists' shares of the votes (or, without lists, the candidates' votes), as an
    image; the page holds the same numbers as a table."""
    found = public_election(code)
    shown = results(found)
    if shown["lists"]:
        labels = [row.party_list.party.name for row in shown["lists"]]
        series = [(_("Share of the votes, %"), [float(row.share or 0) for row in shown["lists"]])]
        title = _("The party lists' shares of the votes")
    else:
        rows = [row for contest in shown["contests"] for row in contest.candidates]
        labels = [row.candidate.person.full_name for row in rows]
        series = [(_("Votes"), [row.votes for row in rows])]
        title = _("The candidates' votes")
    svg = charts.bars(title, labels, series)
    response = HttpResponse(svg, content_type="image/svg+xml")
    response["Cache-Control"] = "public, max-age=300"
    return response
