"""Public elections as figures (`elections.*`): turnout, the party's share of the votes, its
seats, the single-seat contests it won, and who the winners are — new faces, the corps
renewed, their average age, the shares of women and of young winners.

An election counts once its results are certified, on its day (`held_on`). The protocol's
rows and votes are placed by the election's branch (and its territory); a winner by the
branch that nominated them where one did (the Almaty branch's deputies elected on the
national list are Almaty's), else by the election's branch — and by their constituency's
territory, else their nominating branch's, else the election's. Certified results are
public, so every user (and the public pages) counts all of them: the dashboard's scope
narrows them, not the user's access. The drill-down shows the elections' rows and the
winners by their public name and party, never anything of their personal data.

Everything is counted in the database from plain columns: the candidate's age on election
day as the commission published it (`Candidate.age`) and the person's sex — never a birth
date. Whether a winner held "such a post" on the eve of the election (the day before it)
is read from the akims' terms (`elections.Tenure`) and the deputies' mandates:

- new faces, of the party's winners: an akim who held no akim's office anywhere on the
  eve; a deputy with no mandate in the body's convocation current on the eve;
- the corps renewed, of all winners: an akim who did not hold that territory's office on
  the eve; a deputy with no mandate in the body's previous convocation (its number less
  one)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db.models import DateField, Exists, ExpressionWrapper, Func, OuterRef, Q
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from esep.deputies.models import Mandate
from esep.elections.lifecycle import State
from esep.elections.models import Candidate, Kind, Tally, Tenure, Votes
from esep.figures import registry
from esep.org.models import Person

# The figures in the order they are listed (the registry keeps this order).
ELECTIONS = [
    "elections.voters_registered",
    "elections.voters_took_part",
    "elections.turnout_share",
    "elections.votes_cast",
    "elections.party_votes",
    "elections.party_vote_share",
    "elections.winners",
    "elections.party_seats",
    "elections.contests_decided",
    "elections.contests_won",
    "elections.districts_won_share",
    "elections.party_winners_new",
    "elections.new_faces_share",
    "elections.winners_renewed",
    "elections.corps_renewed_share",
    "elections.winners_of_known_age",
    "elections.winners_average_age",
    "elections.winners_women",
    "elections.winners_women_share",
    "elections.winners_young",
    "elections.winners_young_share",
]
# The nine figures the results pages and the dashboard show (the others are their parts).
SHOWN: list[str] = [
    "elections.turnout_share",
    "elections.party_vote_share",
    "elections.party_seats",
    "elections.districts_won_share",
    "elections.new_faces_share",
    "elections.corps_renewed_share",
    "elections.winners_average_age",
    "elections.winners_women_share",
    "elections.winners_young_share",
]
# What the drill-down joins to show each source's records.
RELATED = {
    "election_tallies": ("election__territory", "territory", "constituency__territory"),
    "election_votes": (
        "tally__election__territory",
        "tally__territory",
        "tally__constituency__territory",
        "party_list__party",
        "candidate__person",
        "candidate__party",
    ),
    "election_winners": (
        "person",
        "party",
        "election__territory",
        "constituency__territory",
    ),
}


def _of_elections(name: str, records: Any, prefix: str) -> registry.Source:
    """A record of certified elections (`prefix`: the path to its election), placed by the
    election's day, branch, territory and body; broken down by type (what was elected), by
    election and by campaign."""
    return registry.Source(
        name=name,
        records=records,
        visible=lambda user: records(),
        public=True,
        date=f"{prefix}held_on",
        branch=f"{prefix}branch",
        territory=f"{prefix}territory",
        body=f"{prefix}body",
        fields=_election_fields(prefix),
    )


def _election_fields(prefix: str) -> dict[str, str]:
    return {
        "kind": f"{prefix}kind",
        "election": prefix.removesuffix("__"),
        "campaign": f"{prefix}campaign",
    }


def _tallies() -> registry.Source:
    """The protocols' rows of certified elections."""
    return _of_elections(
        "election_tallies",
        lambda: Tally.objects.filter(election__state=State.CERTIFIED),
        "election__",
    )


def _votes() -> registry.Source:
    """The votes for the lists and the candidates in the protocols of certified elections."""
    return _of_elections(
        "election_votes",
        lambda: Votes.objects.filter(tally__election__state=State.CERTIFIED),
        "tally__election__",
    )


def _winners() -> registry.Source:
    """The winners of certified elections: placed by the branch that nominated them, else
    the election's; by their constituency's territory, else the nominating branch's, else
    the election's. By type: what was elected; by party: the party they stood for."""

    def records() -> Any:
        return Candidate.objects.filter(elected=True, election__state=State.CERTIFIED).annotate(
            placed_branch=Coalesce("nominated_by", "election__branch"),
            placed_branch_path=Coalesce("nominated_by__path", "election__branch__path"),
            placed_territory=Coalesce(
                "constituency__territory", "nominated_by__territory", "election__territory"
            ),
            placed_territory_path=Coalesce(
                "constituency__territory__path",
                "nominated_by__territory__path",
                "election__territory__path",
            ),
        )

    return registry.Source(
        name="election_winners",
        records=records,
        visible=lambda user: records(),
        public=True,
        date="election__held_on",
        branch="placed_branch",
        territory="placed_territory",
        branch_path="placed_branch_path",
        territory_path="placed_territory_path",
        body="election__body",
        fields={**_election_fields("election__"), "party": "party"},
    )


def _eve(field_name: str) -> Any:
    """The day before the election (`field_name` its day, outer), as a date on every
    database (SQLite's date arithmetic gives a date and time, which compares as text)."""
    day_before = ExpressionWrapper(
        OuterRef(field_name) - dt.timedelta(days=1), output_field=DateField()
    )
    return Func(day_before, function="DATE", output_field=DateField())


def _held_on_the_eve(started: str, ended: str) -> Q:
    """A term (its start and end fields) held on the day before the outer election."""
    eve = _eve("election__held_on")
    return Q(**{f"{started}__lte": eve}) & (
        Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": eve})
    )


def _akim_on_the_eve(**same: Any) -> Exists:
    """The winner held an akim's term on the eve (of the same office and territory when
    `same` says so)."""
    return Exists(
        Tenure.objects.filter(
            _held_on_the_eve("started_on", "ended_on"), person=OuterRef("person"), **same
        )
    )


def _new_face(today: dt.date) -> Q:
    """Of the party's winners, those who held no such post on the eve: an akim no akim's
    office anywhere; a deputy no mandate in the body's convocation current then."""
    akim = Q(election__kind=Kind.AKIM) & ~Q(_akim_on_the_eve())
    mandate = Mandate.objects.filter(
        _held_on_the_eve("convocation__started_on", "convocation__ended_on"),
        person=OuterRef("person"),
        convocation__body=OuterRef("election__body"),
    )
    deputy = ~Q(election__kind=Kind.AKIM) & ~Q(Exists(mandate))
    return Q(party__is_own=True) & (akim | deputy)


def _renewed(today: dt.date) -> Q:
    """Of all winners, those who are not who held that post on the eve: an akim who did not
    hold the territory's office; a deputy with no mandate in the body's previous
    convocation."""
    akim = Q(election__kind=Kind.AKIM) & ~Q(
        _akim_on_the_eve(
            office=OuterRef("election__office"), territory=OuterRef("election__territory")
        )
    )
    mandate = Mandate.objects.filter(
        person=OuterRef("person"),
        convocation__body=OuterRef("election__body"),
        convocation__number=OuterRef("election__convocation__number") - 1,
    )
    deputy = ~Q(election__kind=Kind.AKIM) & ~Q(Exists(mandate))
    return akim | deputy


def _single_seat(today: dt.date) -> Q:
    """A winner of a single-seat contest: an akim's election, or a constituency of one
    seat (a list's winners and a multi-member constituency's are not)."""
    return Q(party_list__isnull=True) & (
        Q(election__kind=Kind.AKIM) | Q(constituency__isnull=False, constituency__seats=1)
    )


def figures() -> list[registry.Figure]:
    Figure, Unit = registry.Figure, registry.Unit
    tallies, votes, winners = _tallies(), _votes(), _winners()
    own = Q(party__is_own=True)
    return [
        Figure(
            "elections.voters_registered",
            _("Voters on the lists"),
            _("Voters on the lists of the elections held in the period, results certified."),
            Unit.PEOPLE,
            tallies,
            total=("sum", "registered_voters"),
        ),
        Figure(
            "elections.voters_took_part",
            _("Voters who took part"),
            _("Voters who took part in the elections held in the period, results certified."),
            Unit.PEOPLE,
            tallies,
            total=("sum", "took_part"),
        ),
        Figure(
            "elections.turnout_share",
            _("Turnout"),
            _("Voters who took part as a share of the voters on the lists of those elections."),
            Unit.PERCENT,
            numerator="elections.voters_took_part",
            denominator="elections.voters_registered",
        ),
        Figure(
            "elections.votes_cast",
            _("Votes for lists and candidates"),
            _(
                "Votes cast for the party lists and the candidates in the elections held in "
                "the period, results certified."
            ),
            Unit.COUNT,
            votes,
            total=("sum", "votes"),
        ),
        Figure(
            "elections.party_votes",
            _("Votes for the party"),
            _("Of those votes, the votes for the party's lists and candidates."),
            Unit.COUNT,
            votes,
            lambda today: Q(party_list__party__is_own=True) | Q(candidate__party__is_own=True),
            total=("sum", "votes"),
        ),
        Figure(
            "elections.party_vote_share",
            _("Party's share of the votes"),
            _("Votes for the party's lists and candidates as a share of all their votes."),
            Unit.PERCENT,
            numerator="elections.party_votes",
            denominator="elections.votes_cast",
        ),
        Figure(
            "elections.winners",
            _("Winners"),
            _(
                "Candidates elected in the elections held in the period, results certified: "
                "deputies on lists and in districts, and akims."
            ),
            Unit.PEOPLE,
            winners,
        ),
        Figure(
            "elections.party_seats",
            _("Seats won by the party"),
            _("Of the winners, the party's: its list seats, districts and akims."),
            Unit.PEOPLE,
            winners,
            lambda today: own,
        ),
        Figure(
            "elections.contests_decided",
            _("Single-seat contests decided"),
            _(
                "Akims' elections and single-member constituencies held in the period, results "
                "certified, each with its winner."
            ),
            Unit.COUNT,
            winners,
            _single_seat,
        ),
        Figure(
            "elections.contests_won",
            _("Single-seat contests won by the party"),
            _("Of those contests, the ones the party's candidate won."),
            Unit.COUNT,
            winners,
            lambda today: _single_seat(today) & own,
        ),
        Figure(
            "elections.districts_won_share",
            _("Share of districts won by the party"),
            _("Single-seat contests won by the party's candidate as a share of those decided."),
            Unit.PERCENT,
            numerator="elections.contests_won",
            denominator="elections.contests_decided",
        ),
        Figure(
            "elections.party_winners_new",
            _("New faces among the party's winners"),
            _(
                "Of the party's winners, those who held no such post on the day before the "
                "election: an akim no akim's office anywhere, a deputy no mandate in the "
                "body's convocation of that day."
            ),
            Unit.PEOPLE,
            winners,
            _new_face,
        ),
        Figure(
            "elections.new_faces_share",
            _("New faces among the party's winners, share"),
            _("The party's winners new to such a post as a share of all its winners."),
            Unit.PERCENT,
            numerator="elections.party_winners_new",
            denominator="elections.party_seats",
        ),
        Figure(
            "elections.winners_renewed",
            _("Winners renewing the corps"),
            _(
                "Of all winners, those who did not hold that post on the day before the "
                "election: an akim not the holder of the territory's office, a deputy with no "
                "mandate in the body's previous convocation."
            ),
            Unit.PEOPLE,
            winners,
            _renewed,
        ),
        Figure(
            "elections.corps_renewed_share",
            _("Renewal of the corps"),
            _("Winners who did not hold that post before as a share of all winners."),
            Unit.PERCENT,
            numerator="elections.winners_renewed",
            denominator="elections.winners",
        ),
        Figure(
            "elections.winners_of_known_age",
            _("Winners of known age"),
            _("Winners whose age on election day the commission published."),
            Unit.PEOPLE,
            winners,
            lambda today: Q(age__isnull=False),
        ),
        Figure(
            "elections.winners_average_age",
            _("Winners' average age"),
            _("The average age on election day of the winners whose age is known."),
            Unit.YEARS,
            winners,
            total=("avg", "age"),
        ),
        Figure(
            "elections.winners_women",
            _("Women among the winners"),
            _("Winners who are women."),
            Unit.PEOPLE,
            winners,
            lambda today: Q(person__sex=Person.Sex.FEMALE),
        ),
        Figure(
            "elections.winners_women_share",
            _("Share of women among the winners"),
            _("Women as a share of all winners."),
            Unit.PERCENT,
            numerator="elections.winners_women",
            denominator="elections.winners",
        ),
        Figure(
            "elections.winners_young",
            _("Young winners"),
            _("Winners under the young age (35) on election day."),
            Unit.PEOPLE,
            winners,
            lambda today: Q(age__lt=settings.ESEP_YOUNG_AGE),
        ),
        Figure(
            "elections.winners_young_share",
            _("Share of young winners"),
            _("Young winners as a share of all winners."),
            Unit.PERCENT,
            numerator="elections.winners_young",
            denominator="elections.winners",
        ),
    ]
