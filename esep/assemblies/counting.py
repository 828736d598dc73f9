"""The arithmetic of a vote, in pure functions the actions, the pages and the tests share: the
quorum, the base a majority is counted of, the votes a motion or a candidate needs, the
outcome of a poll, and the primaries' list rules. Integers and decimals only — a share at its
edge (exactly half, exactly two thirds, 19.9% against 20%) is decided exactly.

- Quorum: more than half of the elected delegates are registered (2·r > n), or at least two
  thirds (3·r ≥ 2·n).
- The base: the valid ballots cast ("of those voting", abstentions included), the delegates
  registered when the poll closed ("present"), or all elected delegates ("elected").
- More than half of a base b needs ⌊b/2⌋+1 votes; at least two thirds needs ⌈2b/3⌉; with a
  base of 0 nothing passes. "The most votes" (the primaries) has no threshold: it ranks.
- A motion is adopted when its "yes" reaches what it needs.
- An election fills its seats with the candidates who reach what they need, most votes first;
  candidates tied for the last seat(s), more of them than seats left, are none of them
  elected: the seat stays open for a new round, and the result says it was a tie."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal


def quorum_needed(rule: str, roll: int) -> int:
    """The fewest registered delegates that make the quorum of a roll of `roll`."""
    if rule == "two_thirds":
        return -(-2 * roll // 3)
    return roll // 2 + 1


def quorum_met(rule: str, registered: int, roll: int) -> bool:
    return roll > 0 and registered >= quorum_needed(rule, roll)


def base_of(base: str, *, valid: int, present: int, roll: int) -> int:
    return {"voting": valid, "present": present, "elected": roll}[base]


def needed(majority: str, base: int) -> int:
    """The fewest votes that pass; more than the base can hold when nothing can pass."""
    if majority == "plurality":
        return 1
    if base == 0:
        return 1
    if majority == "two_thirds":
        return -(-2 * base // 3)
    return base // 2 + 1


@dataclass(frozen=True)
class Decision:
    outcome: str
    base: int
    needed: int
    passed: dict[int, bool]  # option number → elected or adopted
    tied: bool = False


def decide(
    *,
    kind: str,
    seats: int,
    majority: str,
    base: str,
    votes: Mapping[int, int],
    kinds: Mapping[int, str],
    valid: int,
    present: int,
    roll: int,
) -> Decision:
    """The outcome of a poll from its votes per option (`votes`, keyed by option number,
    with each option's kind in `kinds`)."""
    counted_of = base_of(base, valid=valid, present=present, roll=roll)
    need = needed(majority, counted_of)
    if kind != "election":
        yes = next((n for n, k in kinds.items() if k == "yes"), None)
        adopted = yes is not None and votes.get(yes, 0) >= need
        passed = {n: (adopted if n == yes else False) for n in kinds}
        return Decision("adopted" if adopted else "rejected", counted_of, need, passed)
    if majority == "plurality":
        return Decision("ranked", counted_of, need, {n: False for n in kinds})
    reaching = sorted(
        (n for n in kinds if votes.get(n, 0) >= need), key=lambda n: (-votes.get(n, 0), n)
    )
    elected: set[int] = set()
    tied = False
    if len(reaching) <= seats:
        elected = set(reaching)
    else:
        last = votes.get(reaching[seats - 1], 0)
        above = [n for n in reaching if votes.get(n, 0) > last]
        level = [n for n in reaching if votes.get(n, 0) == last]
        elected = set(above)
        if len(above) + len(level) <= seats:
            elected |= set(level)
        else:
            tied = True
    if len(elected) == seats:
        outcome = "elected"
    elif elected:
        outcome = "partly"
    else:
        outcome = "not_elected"
    return Decision(outcome, counted_of, need, {n: n in elected for n in kinds}, tied)


def ranking(votes: Mapping[int, int], numbers: Sequence[int]) -> list[int]:
    """The options by votes, most first; equal votes keep the ballot's order."""
    return sorted(numbers, key=lambda n: (-votes.get(n, 0), n))


# ---------------------------------------------------------------- the primaries' list rules


@dataclass(frozen=True)
class Entry:
    """A place on a list, for its rules: whether its candidate is young, a woman, and new
    (held no mandate of the party in the previous convocation)."""

    young: bool
    woman: bool
    new: bool


@dataclass(frozen=True)
class ListCheck:
    places: int
    young: int
    women: int
    new: int
    young_minimum: Decimal
    women_minimum: Decimal | None

    @staticmethod
    def share(part: int, whole: int) -> Decimal:
        return (Decimal(100) * part / whole).quantize(Decimal("0.1")) if whole else Decimal(0)

    @property
    def young_share(self) -> Decimal:
        return self.share(self.young, self.places)

    @property
    def women_share(self) -> Decimal:
        return self.share(self.women, self.places)

    @property
    def renewal_share(self) -> Decimal:
        return self.share(self.new, self.places)

    @property
    def young_ok(self) -> bool:
        # Exact: 100·young ≥ minimum·places, so 19.9% never rounds up to 20%.
        return self.places > 0 and 100 * self.young >= self.young_minimum * self.places

    @property
    def women_ok(self) -> bool | None:
        if self.women_minimum is None:
            return None
        return self.places > 0 and 100 * self.women >= self.women_minimum * self.places

    @property
    def ok(self) -> bool:
        return self.young_ok and self.women_ok is not False


def check_list(
    entries: Sequence[Entry], young_minimum: Decimal, women_minimum: Decimal | None
) -> ListCheck:
    return ListCheck(
        places=len(entries),
        young=sum(e.young for e in entries),
        women=sum(e.woman for e in entries),
        new=sum(e.new for e in entries),
        young_minimum=Decimal(young_minimum),
        women_minimum=None if women_minimum is None else Decimal(women_minimum),
    )
