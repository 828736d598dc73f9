"""A record's state machine declared once: every allowed transition, the statuses it may
start from and the status it leads to. The record's actions ask it before they move the
record (and refuse what it does not allow), its page offers only what it allows, and each
transition taken is written as an event by the action."""

from __future__ import annotations

from collections.abc import Iterable, Mapping


class Lifecycle:
    def __init__(self, transitions: Mapping[str, tuple[Iterable[str], str]]) -> None:
        self.transitions: dict[str, tuple[frozenset[str], str]] = {
            name: (frozenset(sources), target) for name, (sources, target) in transitions.items()
        }

    def target_of(self, transition: str, current: str) -> str | None:
        """The status `transition` leads to from `current`, or None when it is not allowed."""
        sources, target = self.transitions[transition]
        return target if current in sources else None

    def allowed_from(self, current: str) -> list[str]:
        """The transitions that may be taken from `current`, in the order declared."""
        return [name for name, (sources, _target) in self.transitions.items() if current in sources]

    def transition_to(self, current: str, target: str) -> str | None:
        """The transition that takes a record from `current` to `target`, or None."""
        return next(
            (name for name in self.allowed_from(current) if self.transitions[name][1] == target),
            None,
        )

    def targets_from(self, current: str, order: Iterable[str]) -> list[str]:
        """The statuses a record may be moved to from `current`, in `order`."""
        reachable = {self.transitions[name][1] for name in self.allowed_from(current)}
        return [status for status in order if status in reachable]
