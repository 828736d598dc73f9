"""The public pages of the party's assemblies: anyone, without logging in, reads the
conferences whose votes are certified, a conference's page (its facts, the roll's SHA-256,
the agenda and each certified poll's counts), a certified poll's published list of ballots
(receipts and choices, with a search for one's own receipt and the whole list as CSV), the
check of a conference's or primaries' hash-chained log (what `esep verify-log` does, with
the entries and the whole log as JSON) and the primaries' page with their list and its rules.

Counts only: no page or file names who voted or how, a delegate or an elector; a ballot is
its receipt and its choices. Names shown are those public by their office — the elected
(their body's composition is public) and the primaries' registered candidates and list.
People are read with their names' columns alone (`rating.PUBLIC_PERSON`), so no IIN, birth
date, sex, phone, e-mail or address is even loaded. A named (open) vote's log entry carries
its voter: the pages and the file leave that key out (`public_payload`)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from esep.assemblies import actions, counting
from esep.assemblies.log import canonical
from esep.assemblies.models import (
    Ballot,
    Campaign,
    Candidate,
    Conference,
    Delegate,
    Item,
    LogEntry,
    Option,
    Place,
    Poll,
    Result,
)
from esep.assemblies.verify import checked, owner
from esep.lib.listing import paged
from esep.lib.tables import csv_lines
from esep.portal.rating import NAME_FIELDS

PER_PAGE = 100
BATCH = 5000
RECEIPT = re.compile(r"^[0-9a-f]{64}$")
# The key of a named vote's log entry that names its voter: never shown or published.
VOTER_KEY = "voter"
OPTION_FIELDS = (
    "id",
    "poll_id",
    "number",
    "kind",
    "votes",
    "paper_votes",
    "passed",
    "person_id",
    *(f"person__{name}" for name in NAME_FIELDS),
)


def public_options() -> Any:
    return Option.objects.select_related("person").only(*OPTION_FIELDS).order_by("number")


def option_label(option: Option, names: bool) -> str:
    """What a ballot's line is called in public: yes, no, abstain; a candidate by name where
    their name is public (`names`: the primaries' registered candidates; at a conference, the
    elected), otherwise by their number on the ballot."""
    if option.kind != Option.Kind.CANDIDATE:
        return option.get_kind_display()
    if option.person is not None and (names or option.passed):
        return option.person.full_name
    return _("candidate no. %(number)s") % {"number": option.number}


def names_public(poll: Poll) -> bool:
    """The primaries' candidates on the ballot are registered, and so public by name."""
    return poll.campaign_id is not None


# ---------------------------------------------------------------- the conferences


def conferences(request: HttpRequest) -> HttpResponse:
    """The conferences with at least one certified poll, newest first, with their delegates
    elected and registered and whether the quorum was met; and the primaries."""
    certified = Poll.objects.filter(item__conference=OuterRef("pk"), state=Poll.State.CERTIFIED)
    attendance = Delegate.Attendance
    records = (
        Conference.objects.filter(Exists(certified))
        .select_related("branch")
        .annotate(
            roll=Count("delegates"),
            in_hall=Count("delegates", filter=Q(delegates__attendance=attendance.IN_PERSON)),
            remote=Count("delegates", filter=Q(delegates__attendance=attendance.ONLINE)),
        )
        .order_by("-held_on", "-pk")
    )
    page = paged(records, request)
    rows = [
        (c, counting.quorum_met(c.quorum, c.in_hall + c.remote, c.roll)) for c in page.object_list
    ]
    campaigns = Campaign.objects.select_related("branch", "body").order_by("-vote_on", "-pk")
    return render(
        request,
        "portal/assemblies/conferences.html",
        {"page": page, "rows": rows, "campaigns": list(campaigns)},
    )


@dataclass(frozen=True)
class Line:
    """One line of a certified poll's result: the option's public label and its votes."""

    number: int
    label: str
    votes: int
    passed: bool | None


@dataclass
class PublicPoll:
    poll: Poll
    result: Result | None = None  # only a certified poll's
    lines: list[Line] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)


def public_poll(poll: Poll) -> PublicPoll:
    """A poll as the public sees it: a certified one with its counts, any other by its title
    and state alone."""
    if poll.state != Poll.State.CERTIFIED:
        return PublicPoll(poll)
    names = names_public(poll)
    options = list(poll.options.all())
    return PublicPoll(
        poll,
        result=getattr(poll, "result", None),
        lines=[Line(o.number, option_label(o, names), o.votes or 0, o.passed) for o in options],
        elected=[
            o.person.full_name
            for o in options
            if o.kind == Option.Kind.CANDIDATE and o.passed and o.person is not None
        ],
    )


def conference(request: HttpRequest, code: str) -> HttpResponse:
    found = get_object_or_404(Conference.objects.select_related("branch"), code=code)
    registered, roll, needed, met = actions.quorum(found)
    in_hall = found.delegates.filter(attendance=Delegate.Attendance.IN_PERSON).count()
    polls = Poll.objects.select_related("result").prefetch_related(
        Prefetch("options", queryset=public_options())
    )
    items = Item.objects.filter(conference=found).prefetch_related(Prefetch("polls", polls))
    agenda = [(item, [public_poll(p) for p in item.polls.all()]) for item in items]
    return render(
        request,
        "portal/assemblies/conference.html",
        {
            "conference": found,
            "roll": roll,
            "registered": registered,
            "in_hall": in_hall,
            "online": registered - in_hall,
            "needed": needed,
            "met": met,
            "agenda": agenda,
        },
    )


# ---------------------------------------------------------------- a poll's published ballots


def certified_poll(pk: int) -> Poll:
    return get_object_or_404(
        Poll.objects.select_related("item__conference", "campaign"),
        pk=pk,
        state=Poll.State.CERTIFIED,
    )


def choices_of(poll: Poll, receipts: Sequence[str]) -> dict[str, list[int]]:
    """The option numbers chosen on the ballots with these receipts, as `ballot_rows` reads
    them, for one page of the published list rather than all of it."""
    chosen: dict[str, list[int]] = {r: [] for r in receipts}
    through = Ballot.choices.through.objects.filter(ballot__poll=poll, ballot__receipt__in=receipts)
    for receipt, number in through.values_list("ballot__receipt", "option__number"):
        chosen[receipt].append(number)
    return {r: sorted(numbers) for r, numbers in chosen.items()}


def published_rows(poll: Poll) -> Iterator[tuple[str, list[int]]]:
    """`actions.ballot_rows(poll)`, the published list in the order of its receipts, read a
    batch at a time (a primaries' poll may have hundreds of thousands of ballots)."""
    after = ""
    while True:
        receipts = list(
            Ballot.objects.filter(poll=poll, receipt__gt=after)
            .order_by("receipt")
            .values_list("receipt", flat=True)[:BATCH]
        )
        if not receipts:
            return
        chosen = choices_of(poll, receipts)
        yield from ((r, chosen[r]) for r in receipts)
        after = receipts[-1]


def labels_of(poll: Poll) -> dict[int, str]:
    names = names_public(poll)
    return {o.number: option_label(o, names) for o in public_options().filter(poll=poll)}


def poll_ballots(request: HttpRequest, pk: int) -> HttpResponse:
    """A certified poll's published ballots, a page at a time, and the search for a receipt."""
    poll = certified_poll(pk)
    labels = labels_of(poll)
    receipts = (
        Ballot.objects.filter(poll=poll).order_by("receipt").values_list("receipt", flat=True)
    )
    page = paged(receipts, request, per_page=PER_PAGE)
    shown = list(page.object_list)
    chosen = choices_of(poll, shown)
    rows = [(r, [(n, labels.get(n, str(n))) for n in chosen[r]]) for r in shown]
    asked = request.GET.get("receipt", "").strip().lower()
    search: dict[str, Any] = {}
    if asked:
        if not RECEIPT.match(asked):
            search["state"] = "error"
        elif Ballot.objects.filter(poll=poll, receipt=asked).exists():
            numbers = choices_of(poll, [asked])[asked]
            search.update(state="found", choices=[(n, labels.get(n, str(n))) for n in numbers])
        else:
            search["state"] = "missing"
    return render(
        request,
        "portal/assemblies/ballots.html",
        {
            "poll": poll,
            "chain": actions.chain_of(poll),
            "page": page,
            "rows": rows,
            "labels": sorted(labels.items()),
            "asked": asked,
            "search": search,
            "result": getattr(poll, "result", None),
        },
    )


def poll_ballots_file(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    """The whole published list of a certified poll's ballots as CSV, streamed."""
    poll = certified_poll(pk)
    labels = labels_of(poll)
    rows = (
        [r, " ".join(str(n) for n in numbers), "; ".join(labels.get(n, str(n)) for n in numbers)]
        for r, numbers in published_rows(poll)
    )
    response = StreamingHttpResponse(
        csv_lines(["receipt", "choices", "labels"], rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="esep-poll-{poll.pk}-ballots.csv"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ---------------------------------------------------------------- the log and its check


def public_payload(payload: Any) -> Any:
    """A log entry's payload as published: a named vote's voter left out."""
    if isinstance(payload, dict):
        return {k: v for k, v in payload.items() if k != VOTER_KEY}
    return payload


def _log_owner(code: str) -> Conference | Campaign:
    found = owner(code)
    if found is None:
        raise Http404
    return found


def assembly_log(request: HttpRequest, code: str) -> HttpResponse:
    """The check `esep verify-log CODE` makes, and the log's entries a page at a time."""
    found = _log_owner(code)
    entries = LogEntry.objects.filter(chain=code).order_by("seq")
    page = paged(entries, request, per_page=PER_PAGE)
    rows = [(e, canonical(public_payload(e.payload))) for e in page.object_list]
    return render(
        request,
        "portal/assemblies/log.html",
        {
            "code": code,
            "owner": found,
            "is_conference": isinstance(found, Conference),
            "report": checked(code),
            "page": page,
            "rows": rows,
        },
    )


def _log_json(code: str) -> Iterator[str]:
    yield "["
    first = True
    entries = LogEntry.objects.filter(chain=code).order_by("seq")
    for entry in entries.iterator(chunk_size=BATCH):
        record = {
            "chain": entry.chain,
            "seq": entry.seq,
            "kind": entry.kind,
            "payload": public_payload(entry.payload),
            "prev": entry.prev,
            "digest": entry.digest,
        }
        yield ("" if first else ",") + "\n" + json.dumps(record, ensure_ascii=False)
        first = False
    yield "\n]\n"


def assembly_log_file(request: HttpRequest, code: str) -> StreamingHttpResponse:
    """The whole log as JSON, streamed, so anyone can recompute its chain."""
    _log_owner(code)
    response = StreamingHttpResponse(_log_json(code), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="esep-log-{code}.json"'
    response["Access-Control-Allow-Origin"] = "*"
    return response


# ---------------------------------------------------------------- the primaries


@dataclass(frozen=True)
class ListRule:
    label: str
    share: Decimal
    minimum: Decimal | None
    kept: bool | None


def primaries(request: HttpRequest, code: str) -> HttpResponse:
    campaign = get_object_or_404(
        Campaign.objects.select_related("branch", "body", "previous"), code=code
    )
    candidates = (
        Candidate.objects.filter(campaign=campaign, state=Candidate.State.REGISTERED)
        .select_related("person")
        .only("id", "campaign_id", "person_id", *(f"person__{n}" for n in NAME_FIELDS))
        .order_by(*(f"person__{n}" for n in NAME_FIELDS), "pk")
    )
    poll = Poll.objects.filter(campaign=campaign).select_related("result").first()
    context: dict[str, Any] = {
        "campaign": campaign,
        "candidates": [c.person.full_name for c in candidates],
        "poll": poll,
        "result": getattr(poll, "result", None) if poll is not None else None,
        "listed": campaign.state == Campaign.State.LISTED,
    }
    if campaign.state == Campaign.State.LISTED:
        places = list(
            Place.objects.filter(campaign=campaign)
            .select_related("candidate__person")
            .only(
                "id",
                "campaign_id",
                "number",
                "votes",
                "candidate_id",
                "candidate__person_id",
                *(f"candidate__person__{n}" for n in NAME_FIELDS),
            )
            .order_by("number")
        )
        check = actions.check_campaign_list(campaign, [p.candidate.person_id for p in places])
        context.update(
            places=[(p.number, p.candidate.person.full_name, p.votes) for p in places],
            check=check,
            rules=list_rules(check),
        )
    return render(request, "portal/assemblies/primaries.html", context)


def list_rules(check: counting.ListCheck) -> list[ListRule]:
    rules = [
        ListRule(_("Young candidates"), check.young_share, check.young_minimum, check.young_ok)
    ]
    if check.women_minimum is not None:
        rules.append(ListRule(_("Women"), check.women_share, check.women_minimum, check.women_ok))
    return rules
