"""Checking a conference's (or primaries') log against itself and against the records: what
`esep verify-log` prints and the public check page shows.

1. The chain: every entry follows the one before and its digest recomputes (log.py).
2. The roll: the frozen roll's SHA-256, recomputed from the delegates (or electors) now, is
   the one logged when it was frozen.
3. Each poll: its state is the last one the log gives it; once closed, its ballots are the
   logged ones — the same receipts with the same choices, and each receipt recomputes from
   its ballot — as many as the voters who took part; and its result, computed again from the
   ballots and the paper count, is the logged one.
4. Signed minutes: their SHA-256 is the logged one."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any

from django.core.cache import cache
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from esep.assemblies import actions, log
from esep.assemblies.log import Problem
from esep.assemblies.models import Campaign, Conference, Elector, LogEntry, Minutes, Poll

STATE_OF_ENTRY = {
    "poll_created": Poll.State.CREATED,
    "poll_opened": Poll.State.OPEN,
    "poll_closed": Poll.State.CLOSED,
    "poll_certified": Poll.State.CERTIFIED,
}


@dataclass
class Report:
    chain: str
    entries: int = 0
    head: str = ""
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def owner(code: str) -> Conference | Campaign | None:
    return (
        Conference.objects.filter(code=code).first() or Campaign.objects.filter(code=code).first()
    )


# How long a public page may show a check already made of a log whose head has not moved.
CHECK_KEPT_SECONDS = 60


def checked(code: str) -> Report:
    """`verify(code)` as the public pages ask it: a check of a log that has not grown since,
    made in the same language within the last minute, is shown again rather than made anew
    (a primaries' log holds hundreds of thousands of ballots, and the page is public)."""
    last = log.head(code)
    key = f"assemblies:verify:{code}:{last.digest if last else '-'}:{get_language()}"
    report = cache.get(key)
    if not isinstance(report, Report):
        report = verify(code)
        cache.set(key, report, CHECK_KEPT_SECONDS)
    return report


def verify(code: str) -> Report:
    report = Report(chain=code)
    report.entries, report.problems = log.chain_problems(code)
    last = log.head(code)
    report.head = last.digest if last else ""
    found = owner(code)
    if found is None:
        return report
    entries = list(
        LogEntry.objects.filter(chain=code)
        .exclude(kind="ballot")
        .order_by("seq")
        .values_list("seq", "kind", "payload")
    )
    report.problems += _roll(found, entries)
    polls = (
        Poll.objects.filter(item__conference=found)
        if isinstance(found, Conference)
        else Poll.objects.filter(campaign=found)
    )
    for poll in polls:
        report.problems += _poll(code, poll, entries)
    if isinstance(found, Conference):
        minutes = Minutes.objects.filter(conference=found, signed_at__isnull=False).first()
        if minutes is not None:
            report.problems += _minutes(minutes, entries)
    return report


def _last(entries: list[tuple[int, str, Any]], kind: str, poll: int | None = None) -> Any:
    for _seq, k, payload in reversed(entries):
        if k == kind and (poll is None or payload.get("poll") == poll):
            return payload
    return None


def _roll(found: Conference | Campaign, entries: list[tuple[int, str, Any]]) -> list[Problem]:
    logged = _last(entries, "roll_frozen")
    if logged is None:
        if found.roll_digest:
            return [Problem(None, _("The roll is frozen but the log does not say so."))]
        return []
    if isinstance(found, Conference):
        now = actions.roll_digest(found)
    else:
        people = sorted(Elector.objects.filter(campaign=found).values_list("person_id", flat=True))
        now = hashlib.sha256(log.canonical(people).encode()).hexdigest()
    if now != logged["digest"] or found.roll_digest != logged["digest"]:
        return [Problem(None, _("The roll is not the one frozen."))]
    return []


def _poll(code: str, poll: Poll, entries: list[tuple[int, str, Any]]) -> list[Problem]:
    problems = []
    label = _("poll %(number)s") % {"number": poll.pk}
    states = [
        STATE_OF_ENTRY[k]
        for _seq, k, p in entries
        if k in STATE_OF_ENTRY and p.get("poll") == poll.pk
    ]
    if not states or states[-1] != poll.state:
        problems.append(
            Problem(None, _("%(poll)s: its state is not the logged one.") % {"poll": label})
        )
    if poll.state in (Poll.State.CREATED, Poll.State.OPEN):
        return problems
    logged = sorted(
        (p["receipt"], sorted(p["choices"]))
        for p in LogEntry.objects.filter(chain=code, kind="ballot", payload__poll=poll.pk)
        .values_list("payload", flat=True)
        .iterator(chunk_size=10000)
    )
    stored = actions.ballot_rows(poll)
    if logged != stored:
        problems.append(
            Problem(None, _("%(poll)s: its ballots are not the logged ones.") % {"poll": label})
        )
    ids = dict(poll.ballots.values_list("receipt", "id"))
    for receipt, choices in stored:
        if actions.receipt_of(poll.pk, ids[receipt], choices) != receipt:
            problems.append(
                Problem(
                    None,
                    _("%(poll)s: a ballot's choices do not match its receipt.") % {"poll": label},
                )
            )
            break
    if poll.participations.count() != len(stored):
        problems.append(
            Problem(
                None,
                _("%(poll)s: the ballots do not match the voters who took part.") % {"poll": label},
            )
        )
    result = getattr(poll, "result", None)
    logged_result = _last(entries, "poll_result", poll.pk)
    if result is None or logged_result is None:
        problems.append(Problem(None, _("%(poll)s: it has no logged result.") % {"poll": label}))
    else:
        votes = actions.tally(poll)
        if actions.result_payload(poll, result, votes) != logged_result:
            problems.append(
                Problem(None, _("%(poll)s: its result is not the logged one.") % {"poll": label})
            )
    return problems


def _minutes(minutes: Minutes, entries: list[tuple[int, str, Any]]) -> list[Problem]:
    logged = _last(entries, "minutes_signed")
    if (
        logged is None
        or logged["digest"] != actions.minutes_digest(minutes)
        or minutes.digest != logged["digest"]
    ):
        return [Problem(None, _("The signed minutes are not the logged ones."))]
    return []
