"""Sections other apps add to a branch's page. org is the lowest floor of the domain and may
not ask the apps above it what a branch has done; each of them registers its section when
its app is ready, and the page includes the sections the user may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from esep.lib.http import AuthedRequest
from esep.org.models import Branch


@dataclass(frozen=True)
class Section:
    template: str  # included in the branch page; reads what `context` gives as `section`
    # (request, branch) → what the template reads; None: this user is not shown the section.
    context: Callable[[AuthedRequest, Branch], dict[str, Any] | None]


# Keyed by template, so an app made ready twice (as tests may) adds its section once.
_sections: dict[str, Section] = {}


def register(section: Section) -> None:
    _sections[section.template] = section


def shown(request: AuthedRequest, branch: Branch) -> list[tuple[str, dict[str, Any]]]:
    """(template, what it reads) of each section this user is shown, in registration order."""
    found = ((s.template, s.context(request, branch)) for s in _sections.values())
    return [(template, context) for template, context in found if context is not None]
