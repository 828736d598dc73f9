"""Party-list seats by Kazakhstan's rule — a pure function, with no database: the election's
pages, `esep seats` and the REST API all call `allocate`.

The rule (the Constitutional Law "On Elections in the Republic of Kazakhstan", for the
Mazhilis; the maslikhats' party lists are shared the same way):

1. A list takes part if it received at least the threshold (7% until 2021, 5% from 2023) of
   the election's base — what the percentage is of: by default the votes cast for the lists
   (`base=None`); an election may give another number, e.g. the voters who took part, or
   the votes for the lists with those "against all" where the ballot had that line (2023).
   A list with no vote takes no part, whatever the threshold.
2. The quota is the votes of the lists taking part divided by the mandates.
3. Each list gets the whole number of quotas its votes contain.
4. The mandates left go one by one to the lists with the largest remainders.
5. Equal remainders for the last mandate(s) are decided by the election's tie rule: by
   default the list registered earlier takes it (the law's rule); or the list with more
   votes, then the one registered earlier. Lists given the same place in the order of
   registration (or none) are taken in the order given.

Where only one list passes, the law of 2009–2021 admitted the runner-up too
(`runner_up=True`): the list with the most votes after it (the one registered earlier of
two with equal votes) takes part with its quotient multiplied by 0.7 and at least two
mandates (never all of them: one at least stays with the list that passed). Its two
mandates, where its quotient gives fewer, come out of the passing list's share; the
mandates its reduced quotient leaves over go one each by the largest remainders, and any
still left to the list that passed. Where no list passes, no seat is given and the result
says so (`no_list_passed`).

Arithmetic is exact: shares are compared as integers (votes × 100 against the threshold ×
the base) and remainders as fractions, never as rounded percentages, so a list exactly at
the threshold passes and ties are real ties.

Input the rule cannot be applied to raises `Refused`, whose `code` says what
(`CODES`): the callers turn it into a message in the user's language."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from fractions import Fraction

RUNNER_UP_FACTOR = Fraction(7, 10)
RUNNER_UP_SEATS = 2


class Tie(StrEnum):
    EARLIER_REGISTRATION = "earlier_registration"  # the law's rule: the default
    MORE_VOTES = "more_votes"  # then the list registered earlier


@dataclass(frozen=True)
class Entry:
    """A party's list: its name (or code), its votes, and its place in the order the lists
    were registered (1 = first; 0 = not known: the order given)."""

    party: str
    votes: int
    registered: int = 0


@dataclass(frozen=True)
class Result:
    seats: dict[str, int]  # every party given, 0 for those without, in the order given
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


# What a refusal's `code` may be, and what it means (in English: callers translate).
CODES = {
    "mandates": "the mandates are a whole number, at least 1",
    "threshold": "the threshold is a percentage from 0 to 100",
    "tie": "the tie rule is earlier_registration or more_votes",
    "duplicate": "a party is given twice",
    "votes": "votes are whole numbers",
    "negative": "votes cannot be negative",
    "base": "the base is a whole number not smaller than the votes cast for the lists",
}


class Refused(ValueError):
    """Input the rule cannot be applied to: `code` says what (one of `CODES`), the message
    in English; the callers give the user the message in their language."""

    def __init__(self, code: str) -> None:
        super().__init__(CODES[code])
        self.code = code


def _percent(threshold: Decimal | int | str) -> Fraction:
    if isinstance(threshold, bool):
        raise Refused("threshold")
    try:
        number = Decimal(str(threshold).strip())
    except (InvalidOperation, ValueError):
        raise Refused("threshold") from None
    if not number.is_finite() or not 0 <= number <= 100:
        raise Refused("threshold")
    return Fraction(number)


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
    percent = _percent(threshold)
    if tie not in set(Tie):
        raise Refused("tie")
    tie = Tie(tie)
    _check(entries, mandates, base)
    total_cast = sum(e.votes for e in entries)
    base = total_cast if base is None else base
    seats = {e.party: 0 for e in entries}
    order = {e.party: index for index, e in enumerate(entries)}
    # At or above the threshold: votes / base ≥ threshold / 100, in exact numbers.
    passing = [e for e in entries if e.votes > 0 and e.votes * 100 >= percent * base]
    if not passing:
        return Result(seats, [], None, base)
    weaker: Entry | None = None
    if len(passing) == 1 and runner_up and mandates > 1:
        others = sorted(
            (e for e in entries if e is not passing[0] and e.votes > 0),
            key=lambda e: (-e.votes, _registered(e), order[e.party]),
        )
        weaker = others[0] if others else None
    taking_part = sorted(passing + ([weaker] if weaker else []), key=lambda e: order[e.party])
    quota = Fraction(sum(e.votes for e in taking_part), mandates)
    # Each list's quotient (reduced by 0.7 for an admitted runner-up), exact.
    quotient = {
        e.party: Fraction(e.votes) / quota * (RUNNER_UP_FACTOR if e is weaker else 1)
        for e in taking_part
    }
    for e in taking_part:
        seats[e.party] = int(quotient[e.party])

    def remainder(e: Entry) -> Fraction:
        return quotient[e.party] - int(quotient[e.party])

    if weaker is not None:
        least = min(RUNNER_UP_SEATS, mandates - 1)
        if seats[weaker.party] < least:
            seats[weaker.party] = least
            quotient[weaker.party] = Fraction(least)  # no remainder left to it
    left = mandates - sum(seats.values())
    if left < 0:  # the runner-up's mandates come out of the passing list's share
        seats[passing[0].party] += left
        left = 0

    def rank(e: Entry) -> tuple[Fraction, int, tuple[bool, int], int]:
        votes = -e.votes if tie == Tie.MORE_VOTES else 0
        return (-remainder(e), votes, _registered(e), order[e.party])

    ranked = sorted(taking_part, key=rank)
    by_remainder = [e.party for e in ranked[:left]]
    for party in by_remainder:
        seats[party] += 1
    if left > len(ranked):  # only where a runner-up's quotient was reduced
        seats[passing[0].party] += left - len(ranked)
    tied = _tied(ranked, left, remainder)
    return Result(seats, [e.party for e in taking_part], quota, base, by_remainder, tied)


def _registered(entry: Entry) -> tuple[bool, int]:
    """The list's place in the order of registration, sortable; one not known comes after
    all known."""
    return (entry.registered <= 0, entry.registered)


def _tied(ranked: list[Entry], left: int, remainder: Callable[[Entry], Fraction]) -> list[str]:
    """The lists whose remainder equals the one at the cut, when the cut falls among them
    (the tie rule decided which of them took a mandate)."""
    if left <= 0 or left >= len(ranked):
        return []
    at_cut = remainder(ranked[left - 1])
    if remainder(ranked[left]) != at_cut:
        return []
    return [e.party for e in ranked if remainder(e) == at_cut]


def _check(entries: Sequence[Entry], mandates: int, base: int | None) -> None:
    if isinstance(mandates, bool) or not isinstance(mandates, int) or mandates < 1:
        raise Refused("mandates")
    names = [e.party for e in entries]
    if len(set(names)) != len(names):
        raise Refused("duplicate")
    if any(isinstance(e.votes, bool) or not isinstance(e.votes, int) for e in entries):
        raise Refused("votes")
    if any(e.votes < 0 for e in entries):
        raise Refused("negative")
    if base is not None and (
        isinstance(base, bool) or not isinstance(base, int) or base < sum(e.votes for e in entries)
    ):
        raise Refused("base")


def entries_of(rows: Iterable[tuple[str, int]]) -> list[Entry]:
    """Entries from (party, votes) rows, registered in the order given."""
    return [Entry(party, votes, index) for index, (party, votes) in enumerate(rows, start=1)]
