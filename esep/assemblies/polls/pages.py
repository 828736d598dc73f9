"""What the polls' pages show and allow, declared once: the conference secretary's console
on the day (the quorum live, the roll and its registration, the agenda's polls, a new poll,
opening and closing the vote, how many have voted), a poll's page (its terms and candidates,
the counting commission's paper count, certification, the computed result) and the voter's
own pages (their conferences and open polls, the ballot and its receipt).

Every change goes through `esep.assemblies.actions`. Staff read conferences and polls with
VIEW_ORG in the branch's subtree and act with MANAGE_CONFERENCES there (`rules.may_run`); a
voter reaches only the polls of the conferences they are a delegate of and of the primaries
whose roll they are on. The fetches answer 404 outside that. Nothing here shows who voted
how: the console and the poll's page count participations, never read a ballot's voter."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.assemblies import actions, rules
from esep.assemblies.models import (
    Conference,
    Delegate,
    Elector,
    Option,
    Participation,
    Poll,
    Result,
)
from esep.assemblies.polls import forms as f
from esep.lib.http import AuthedRequest
from esep.lib.steps import RecordPage, Shown, Step
from esep.org.models import Membership, Person, PersonQuerySet

# ---------------------------------------------------------------- fetches (404 outside)


def get_conference_for_user(user: User, code: str) -> Conference:
    return get_object_or_404(
        Conference.objects.visible_to(user).select_related("branch"), code=code
    )


def get_poll_for_user(user: User, pk: int) -> Poll:
    return get_object_or_404(
        Poll.objects.visible_to(user).select_related(
            "item__conference__branch", "campaign__branch", "entered_by", "certified_by"
        ),
        pk=pk,
    )


def within_reach(person_id: int | None) -> Q:
    """The polls a person may be entitled to: their conferences' and their primaries'."""
    if person_id is None:
        return Q(pk__in=[])
    return Q(
        item__conference__in=Delegate.objects.filter(person_id=person_id).values("conference")
    ) | Q(campaign__in=Elector.objects.filter(person_id=person_id).values("campaign"))


def get_poll_for_voter(user: User, pk: int) -> Poll:
    return get_object_or_404(
        Poll.objects.filter(within_reach(user.person_id)).select_related(
            "item__conference", "campaign"
        ),
        pk=pk,
    )


def has_voted(user: User, poll: Poll) -> bool:
    if user.person_id is None:
        return False
    return Participation.objects.filter(poll=poll, person_id=user.person_id).exists()


# ---------------------------------------------------------------- the console


def live(conference: Conference) -> dict[str, Any]:
    """What the console refreshes every few seconds: the quorum now, and how many have
    voted in the open poll (a count only)."""
    registered, roll, needed, met = actions.quorum(conference)
    current = (
        Poll.objects.filter(item__conference=conference, state=Poll.State.OPEN)
        .annotate(voted=Count("participations"))
        .first()
    )
    return {
        "conference": conference,
        "registered": registered,
        "roll": roll,
        "needed": needed,
        "met": met,
        "current": current,
    }


def console_steps(request: AuthedRequest, conference: Conference) -> dict[str, Step]:
    user = request.user
    if not rules.may_run(user, conference.branch):
        return {}
    steps: dict[str, Step] = {}
    if conference.state in (Conference.State.FROZEN, Conference.State.OPEN):
        roll = conference.delegates.select_related("person").order_by(
            "person__surname", "person__given_name", "pk"
        )
        steps["register"] = Step(
            gettext_lazy("Mark a delegate"),
            lambda data=None, files=None: f.RegisterForm(data, files, delegates=roll),
            lambda d: actions.register(actor=user, **d),
            lambda delegate: (
                _("%(name)s: %(attendance)s.")
                % {
                    "name": delegate.person.full_name,
                    "attendance": delegate.get_attendance_display(),
                }
            ),
            prefix="register",
        )
    if conference.state != Conference.State.CLOSED:
        steps["poll"] = Step(
            gettext_lazy("Create a poll"),
            lambda data=None, files=None: f.PollForm(
                data, files, items=conference.items.order_by("number")
            ),
            lambda d: actions.create_poll(actor=user, **d),
            _("The poll is created."),
            prefix="poll",
        )
    polls = Poll.objects.filter(item__conference=conference).order_by("item__number", "pk")
    prepared = polls.filter(state=Poll.State.CREATED)
    if conference.state == Conference.State.OPEN and prepared.exists():
        steps["open"] = Step(
            gettext_lazy("Open the vote"),
            lambda data=None, files=None: f.PollChoiceForm(data, files, polls=prepared),
            lambda d: actions.open_poll(actor=user, **d),
            _("The vote is open."),
            prefix="open",
        )
    voting = polls.filter(state=Poll.State.OPEN)
    if voting.exists():
        steps["close"] = Step(
            gettext_lazy("Close the vote"),
            lambda data=None, files=None: f.PollChoiceForm(data, files, polls=voting),
            lambda d: actions.close_poll(actor=user, **d),
            _("The vote is closed and its result computed."),
            prefix="close",
        )
    return steps


def _console_context(request: AuthedRequest, conference: Conference, steps: list[Shown]) -> dict:
    by_name = {s.name: s for s in steps}
    items = conference.items.order_by("number").prefetch_related(
        Prefetch(
            "polls",
            Poll.objects.annotate(voted=Count("participations"))
            .select_related("result")
            .order_by("pk"),
        )
    )
    return {
        **live(conference),
        "delegates": conference.delegates.select_related("person", "branch").order_by(
            "person__surname", "person__given_name", "pk"
        ),
        "items": items,
        "may_run": rules.may_run(request.user, conference.branch),
        "register_step": by_name.get("register"),
        "open_step": by_name.get("open"),
        "close_step": by_name.get("close"),
        "steps": [s for s in steps if s.name == "poll"],
        "attendances": Delegate.Attendance.choices,
    }


CONSOLE = RecordPage(
    template="assemblies/polls/console.html",
    url_name="assemblies:console",
    fetch=get_conference_for_user,
    steps=console_steps,
    context=_console_context,
    capability=None,  # the fetch is scoped to the conferences the user sees
    forms={
        "register": f.RegisterForm,
        "poll": f.PollForm,
        "open": f.PollChoiceForm,
        "close": f.PollChoiceForm,
    },
    key=lambda conference: conference.code,
)


# ---------------------------------------------------------------- a poll


def candidates_for(poll: Poll) -> PersonQuerySet:
    """Who may be nominated: the active members of the poll's branch subtree."""
    branch = rules.owner_branch(poll)
    members = Membership.objects.filter(
        status=Membership.Status.ACTIVE, branch__path__startswith=branch.path
    ).values("person_id")
    return Person.objects.filter(pk__in=members)


FOUND_AT_MOST = 15


def found_people(user: User, poll: Poll, text: str) -> list[Person]:
    """The picker's matches: a few members whose names have every word typed."""
    text = text.strip()
    if len(text) < 2:
        return []
    people = candidates_for(poll).matching(text, user=user)
    return list(people.order_by("surname", "given_name", "pk")[:FOUND_AT_MOST])


def _close(user: User, poll: Poll) -> Poll:
    """A conference's poll closes alone; the primaries' vote closes with its campaign."""
    if poll.campaign_id is not None and poll.campaign is not None:
        return actions.close_vote(actor=user, campaign=poll.campaign)
    return actions.close_poll(actor=user, poll=poll)


def poll_steps(request: AuthedRequest, poll: Poll) -> dict[str, Step]:
    user = request.user
    if not rules.may_run(user, rules.owner_branch(poll)):
        return {}
    steps: dict[str, Step] = {}
    created = poll.state == Poll.State.CREATED
    if created and poll.is_election:
        steps["nominate"] = Step(
            gettext_lazy("Nominate a candidate"),
            lambda data=None, files=None: f.NominateForm(
                data,
                files,
                people=candidates_for(poll),
                suggest_url=reverse("assemblies:poll-people", args=[poll.pk]),
            ),
            lambda d: actions.nominate(actor=user, poll=poll, **d),
            _("The candidate is on the ballot."),
            prefix="nominate",
        )
        candidates = poll.options.filter(kind=Option.Kind.CANDIDATE).select_related("person")
        if candidates.exists():
            steps["withdraw"] = Step(
                gettext_lazy("Withdraw a candidate"),
                lambda data=None, files=None: f.WithdrawForm(data, files, options=candidates),
                lambda d: actions.withdraw(actor=user, **d),
                _("The candidate is withdrawn."),
                prefix="withdraw",
            )
    if created:
        steps["open"] = Step(
            gettext_lazy("Open the vote"),
            f.EmptyForm,
            lambda d: actions.open_poll(actor=user, poll=poll),
            _("The vote is open."),
        )
    if poll.state == Poll.State.OPEN:
        steps["close"] = Step(
            gettext_lazy("Close the vote"),
            f.EmptyForm,
            lambda d: _close(user, poll),
            _("The vote is closed and its result computed."),
        )
    if poll.state == Poll.State.CLOSED and poll.entered_by_id is None:
        options = list(poll.options.select_related("person").order_by("number"))

        def enter(d: dict[str, Any]) -> Result:
            return actions.enter_paper_count(
                actor=user,
                poll=poll,
                votes={o.number: d[f"votes_{o.number}"] for o in options},
                valid=d["valid"],
                invalid_ballots=d["invalid_ballots"],
                protocol=d["protocol"],
            )

        steps["paper"] = Step(
            gettext_lazy("Enter the paper count"),
            lambda data=None, files=None: f.PaperCountForm(data, files, options=options),
            enter,
            _("The paper count is entered and the result computed again."),
            multipart=True,
            prefix="paper",
        )
    if rules.may_certify(user, poll):
        steps["certify"] = Step(
            gettext_lazy("Certify the result"),
            f.EmptyForm,
            lambda d: actions.certify(actor=user, poll=poll),
            _("The result is certified."),
        )
    return steps


def _poll_context(request: AuthedRequest, poll: Poll, steps: list[Shown]) -> dict:
    options = list(poll.options.select_related("person").order_by("number"))
    result = Result.objects.filter(poll=poll).first()
    conference = poll.item.conference if poll.item is not None else None
    return {
        "poll": poll,
        "item": poll.item,
        "conference": conference,
        "campaign": poll.campaign,
        "options": options,
        "result": result,
        "voted": poll.participations.count(),
        "may_run": rules.may_run(request.user, rules.owner_branch(poll)),
        # Who entered the paper count may not certify it (rules.may_certify).
        "awaits_second": poll.state == Poll.State.CLOSED
        and poll.entered_by_id is not None
        and poll.entered_by_id == request.user.pk,
    }


POLL_PAGE = RecordPage(
    template="assemblies/polls/poll_detail.html",
    url_name="assemblies:poll",
    fetch=get_poll_for_user,
    steps=poll_steps,
    context=_poll_context,
    capability=None,
    forms={
        "nominate": f.NominateForm,
        "withdraw": f.WithdrawForm,
        "open": f.EmptyForm,
        "close": f.EmptyForm,
        "paper": f.PaperCountForm,
        "certify": f.EmptyForm,
    },
)


# ---------------------------------------------------------------- the voter


def own_seats(user: User) -> QuerySet[Delegate]:
    if user.person_id is None:
        return Delegate.objects.none()
    return Delegate.objects.filter(person_id=user.person_id).select_related("conference")


def may_register_online(delegate: Delegate) -> bool:
    conference = delegate.conference
    return (
        conference.online
        and not delegate.registered
        and conference.state in (Conference.State.FROZEN, Conference.State.OPEN)
    )


def register_online(user: User) -> Step:
    return Step(
        gettext_lazy("Register online"),
        lambda data=None, files=None: f.OwnRegistrationForm(data, files, delegates=own_seats(user)),
        lambda d: actions.register(actor=user, delegate=d["delegate"], attendance="online"),
        _("You are registered online."),
    )


# Why a voter may not vote now, as `rules.vote_refused` says it.
REFUSALS = {
    "closed": gettext_lazy("This poll is not open for voting."),
    "not_registered": gettext_lazy("Register for the conference first."),
    "not_entitled": gettext_lazy("You are not entitled to vote in this poll."),
}


def my_votes_context(user: User) -> dict[str, Any]:
    seats = list(own_seats(user).order_by("-conference__held_on", "conference__pk"))
    polls = list(
        Poll.objects.filter(within_reach(user.person_id), state=Poll.State.OPEN)
        .select_related("item__conference", "campaign")
        .order_by("pk")
    )
    voted = set(
        Participation.objects.filter(person_id=user.person_id or 0, poll__in=polls).values_list(
            "poll_id", flat=True
        )
    )
    registered = {s.conference_id for s in seats if s.registered}
    rows = []
    for poll in polls:
        if poll.pk in voted:
            state = "voted"
        elif poll.item is not None and poll.item.conference_id not in registered:
            state = "not_registered"
        else:
            state = "open"
        rows.append((poll, state))
    return {
        "seats": [(seat, may_register_online(seat)) for seat in seats],
        "polls": rows,
    }
