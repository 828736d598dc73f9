"""Party-list seats by Kazakhstan's rule — a pure function, with no database: the election's
pages, `esep seats` and the REST API all call `allocate`.

The rule (Constitutional Law "On Elections", article 97, for the Mazhilis; the maslikhats'
party lists are shared the same way):

1. A list takes part if it received at least the threshold (7% in 2021, 5% from 2023) of the
   election's base — what the percentage is of: by default the votes cast for the lists
   (`base=None`); an election may give another number, e.g. the voters who took part, or the
   valid votes with those "against all" where the ballot had that line.
2. The quota is the votes of the lists taking part divided by the mandates.
3. Each list gets the whole number of quotas its votes contain.
4. The mandates left go one by one to the lists with the largest remainders.
5. Equal remainders for the last mandate(s) are decided by the election's tie rule: by
   default the list registered earlier takes it (the law's rule); or the list with more
   votes, then the one registered earlier.

Where only one list passes, the law of 2007–2021 admitted the runner-up too
(`runner_up=True`): its votes divided by the quota are multiplied by 0.7, and it takes at
least two mandates. Where no list passes, no seat is given and the result says so.

Arithmetic is exact: shares and remainders are compared as integers (votes × mandates
against the total), never as rounded percentages, so a list exactly at the threshold
passes and ties are real ties."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction


class Tie(StrEnum):
    EARLIER_REGISTRATION = "earlier_registration"  # the law's rule: the default
    MORE_VOTES = "more_votes"  # then the list registered earlier


@dataclass(frozen=True)
class Entry:
    """A party's list: its name (or code), its votes, and its place in the order the lists
    were registered (1 = first)."""

    party: str
    votes: int
    registered: int = 0


@dataclass(frozen=True)
class Result:
    seats: dict[str, int]  # every party given, 0 for those without
    passing: list[str]  # the lists that took part, in the order given
    quota: Fraction | None  # None when no list passed
    base: int  # what the threshold's percentage was of
    by_remainder: list[str] = field(default_factory=list)  # who took the mandates left, in turn
    tied: list[str] = field(
        default_factory=list
    )  # lists whose equal remainders the tie rule decided

    @property
    def no_list_passed(self) -> bool:
        return not self.passing


class Refused(ValueError):
    """Input the rule cannot be applied to: the message says what (in English: the callers
    turn it into the user's language)."""


def allocate(
    entries: Sequence[Entry],
    mandates: int,
    threshold: Decimal | int | str,
    *,
    base: int | None = None,
    tie: Tie | str = Tie.EARLIER_REGISTRATION,
    runner_up: bool = False,
) -> Result:
    """The seats of each list (see the module's docstring for the rule)."""
    percent = Fraction(Decimal(str(threshold)))
    tie = Tie(tie)
    _check(entries, mandates, percent, base)
    total_cast = sum(e.votes for e in entries)
    base = total_cast if base is None else base
    seats = {e.party: 0 for e in entries}
    # At or above the threshold: votes / base ≥ threshold / 100, in integers.
    passing = [e for e in entries if base and e.votes * 100 >= percent * base]
    weaker: Entry | None = None
    if len(passing) == 1 and runner_up:
        others = sorted(
            (e for e in entries if e is not passing[0] and e.votes),
            key=lambda e: (-e.votes, e.registered),
        )
        if others:
            weaker = others[0]
    if not passing:
        return Result(seats, [], None, base)
    taking_part = passing + ([weaker] if weaker else [])
    total = sum(e.votes for e in taking_part)
    if total == 0:
        return Result(seats, [], None, base)
    quota = Fraction(total, mandates)
    # Each list's quotient (a correction of 0.7 for an admitted runner-up) as a fraction.
    quotient = {
        e.party: Fraction(e.votes) / quota * (Fraction(7, 10) if e is weaker else 1)
        for e in taking_part
    }
    for e in taking_part:
        seats[e.party] = int(quotient[e.party])
    if weaker is not None and seats[weaker.party] < 2:
        seats[weaker.party] = 2
    left = mandates - sum(seats.values())
    if left < 0:  # the runner-up's two mandates come out of the winner's share
        seats[passing[0].party] += left
        left = 0

    def rank(e: Entry) -> tuple:
        remainder = quotient[e.party] - int(quotient[e.party])
        if tie == Tie.MORE_VOTES:
            return (-remainder, -e.votes, e.registered)
        return (-remainder, e.registered)

    ranked = sorted(taking_part, key=rank)
    by_remainder = [e.party for e in ranked[: max(left, 0)]]
    for party in by_remainder:
        seats[party] += 1
    tied = _tied(ranked, left, quotient)
    return Result(seats, [e.party for e in taking_part], quota, base, by_remainder, tied)


def _tied(ranked: list[Entry], left: int, quotient: dict[str, Fraction]) -> list[str]:
    """The lists whose remainder equals the one at the cut, when the cut falls among them."""
    if left <= 0 or left >= len(ranked):
        return []

    def remainder(e: Entry) -> Fraction:
        return quotient[e.party] - int(quotient[e.party])

    at_cut = remainder(ranked[left - 1])
    if remainder(ranked[left]) != at_cut:
        return []
    return [e.party for e in ranked if remainder(e) == at_cut]


def _check(entries: Sequence[Entry], mandates: int, threshold: Fraction, base: int | None) -> None:
    if mandates < 1:
        raise Refused("the mandates must be at least 1")
    if not 0 <= threshold <= 100:
        raise Refused("the threshold is a percentage from 0 to 100")
    names = [e.party for e in entries]
    if len(set(names)) != len(names):
        raise Refused("a party is given twice")
    if any(e.votes < 0 for e in entries):
        raise Refused("votes cannot be negative")
    if base is not None and base < sum(e.votes for e in entries):
        raise Refused("the base is smaller than the votes cast for the lists")


def entries_of(rows: Iterable[tuple[str, int]]) -> list[Entry]:
    """Entries from (party, votes) rows, registered in the order given."""
    return [Entry(party, votes, index) for index, (party, votes) in enumerate(rows, start=1)]
