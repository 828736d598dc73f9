"""What an election's records add up to: the protocol's totals, the seats the law gives the
lists (`seats.allocate` on those totals under the election's rules), and the winners'
predecessors — read by the pages, the certification, the figures and the API alike."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, QuerySet, Sum

from esep.elections import seats
from esep.elections.models import Base, Candidate, Election, Kind, PartyList, Tally, Votes


@dataclass(frozen=True)
class Totals:
    """The election's protocol summed: the roll, the voters who took part, invalid ballots,
    "against all", and the votes of each list and each candidate (by primary key)."""

    registered_voters: int = 0
    took_part: int = 0
    invalid: int = 0
    against_all: int = 0
    lists: dict[int, int] = field(default_factory=dict)
    candidates: dict[int, int] = field(default_factory=dict)
    rows: int = 0

    @property
    def list_votes(self) -> int:
        return sum(self.lists.values())

    @property
    def turnout(self) -> Decimal | None:
        """Percent of the roll who took part, to two places; None without a roll."""
        return percent(self.took_part, self.registered_voters)

    def share_of_lists(self, list_id: int) -> Decimal | None:
        """A list's percent of the votes cast for the lists (how the commission publishes
        it), to two places."""
        return percent(self.lists.get(list_id, 0), self.list_votes)


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in percent, to two places (half up, as the commissions round);
    None without a whole."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def totals(election: Election, *, constituency_id: int | None = None) -> Totals:
    """The sums of the election's protocol rows (of one constituency when given)."""
    tallies = Tally.objects.filter(election=election)
    if constituency_id is not None:
        tallies = tallies.filter(constituency_id=constituency_id)
    return _summed(tallies, [election.pk])[election.pk]


def totals_for(elections: Iterable[Election]) -> dict[int, Totals]:
    """`totals` of many elections at once (a list's page), in three queries: by the
    election's primary key, every election given (empty Totals where no row is recorded)."""
    ids = [election.pk for election in elections]
    return _summed(Tally.objects.filter(election__in=ids), ids)


def _summed(tallies: QuerySet[Tally], ids: list[int]) -> dict[int, Totals]:
    """The protocol rows given, summed by election: each of `ids` has its Totals."""
    sums = {
        row["election"]: row
        for row in tallies.order_by()
        .values("election")
        .annotate(
            registered=Sum("registered_voters"),
            took_part=Sum("took_part"),
            invalid=Sum("invalid"),
            against_all=Sum("against_all"),
            rows=Count("pk"),
        )
    }
    votes = Votes.objects.filter(tally__in=tallies.values("pk")).order_by()
    counted: dict[str, dict[int, dict[int, int]]] = {}
    for whom in ("party_list", "candidate"):
        counted[whom] = {pk: {} for pk in ids}
        for election_id, key, n in (
            votes.filter(**{f"{whom}__isnull": False})
            .values("tally__election", whom)
            .annotate(n=Sum("votes"))
            .values_list("tally__election", whom, "n")
        ):
            counted[whom][election_id][key] = n
    found = {}
    for pk in ids:
        row = sums.get(pk, {})
        found[pk] = Totals(
            registered_voters=row.get("registered") or 0,
            took_part=row.get("took_part") or 0,
            invalid=row.get("invalid") or 0,
            against_all=row.get("against_all") or 0,
            lists=counted["party_list"][pk],
            candidates=counted["candidate"][pk],
            rows=row.get("rows") or 0,
        )
    return found


def threshold_base(election: Election, counted: Totals) -> int | None:
    """What the threshold's percentage is of, by the election's rule (None: the lists'
    votes, `allocate`'s default)."""
    if election.base == Base.WITH_AGAINST_ALL:
        return counted.list_votes + counted.against_all
    if election.base == Base.TOOK_PART:
        return max(counted.took_part, counted.list_votes)
    return None


def allocation(election: Election, counted: Totals | None = None) -> seats.Result | None:
    """The list seats by the law on the election's totals; None where no seat is shared
    among lists."""
    if not election.list_seats:
        return None
    counted = counted or totals(election)
    lists = list(PartyList.objects.filter(election=election).order_by("registered"))
    entries = [seats.Entry(str(pl.pk), counted.lists.get(pl.pk, 0), pl.registered) for pl in lists]
    return seats.allocate(
        entries,
        election.list_seats,
        election.threshold,
        base=threshold_base(election, counted),
        tie=election.tie,
        runner_up=election.runner_up,
    )


def district_winners(
    election: Election, counted: Totals | None = None
) -> dict[int | None, list[int]]:
    """For each constituency (None: the election itself, an akim's), the standing candidates
    with most votes: one when decided, several when tied (the commission then calls a
    repeat vote; esep names no winner)."""
    counted = counted or totals(election)
    standing = Candidate.objects.filter(
        election=election, party_list__isnull=True, withdrawn_on__isnull=True
    ).values_list("pk", "constituency_id")
    best: dict[int | None, tuple[int, list[int]]] = {}
    for pk, constituency_id in standing:
        votes = counted.candidates.get(pk, 0)
        top, who = best.get(constituency_id, (-1, []))
        if votes > top:
            best[constituency_id] = (votes, [pk])
        elif votes == top:
            who.append(pk)
    return {c: who for c, (votes, who) in best.items() if votes > 0}


def is_single_seat(election: Election) -> bool:
    return election.kind == Kind.AKIM or election.system != "party_list"
