"""The polls' pages, from their declarations (pages.py): the console (whose quorum the page
refreshes by asking the same URL for its fragment), a poll's page and its steps, the
printable paper ballot, the picker's matches, and the voter's own pages."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from esep.assemblies import actions, rules
from esep.assemblies.polls import forms as f
from esep.assemblies.polls.pages import (
    CONSOLE,
    POLL_PAGE,
    REFUSALS,
    found_people,
    get_conference_for_user,
    get_poll_for_user,
    get_poll_for_voter,
    has_voted,
    live,
    my_votes_context,
    register_online,
)
from esep.lib.http import AuthedRequest
from esep.lib.steps import Step, take

console_page, console_step = CONSOLE.views
poll_detail, poll_step = POLL_PAGE.views


@login_required
def console(request: AuthedRequest, pk: str) -> HttpResponse:
    """The console; asked by htmx, only its live part (the quorum and the count of who
    has voted), which it polls every few seconds."""
    if request.htmx:
        conference = get_conference_for_user(request.user, pk)
        return render(request, "assemblies/polls/_live.html", live(conference))
    return console_page(request, pk)


@login_required
def poll_people(request: AuthedRequest, pk: int) -> HttpResponse:
    """The candidate picker's matches for the name typed: radio buttons named as the
    nomination's field."""
    poll = get_poll_for_user(request.user, pk)
    people = []
    if rules.may_run(request.user, rules.owner_branch(poll)):
        people = found_people(request.user, poll, request.GET.get("q", ""))
    return render(
        request,
        "assemblies/polls/_people_found.html",
        {
            "people": people,
            "name": request.GET.get("name", "nominate-person"),
            "asked": len(request.GET.get("q", "").strip()) >= 2,
        },
    )


@login_required
def ballot_print(request: AuthedRequest, pk: int) -> HttpResponse:
    poll = get_poll_for_user(request.user, pk)
    return render(
        request,
        "assemblies/polls/ballot_print.html",
        {
            "poll": poll,
            "item": poll.item,
            "conference": poll.item.conference if poll.item is not None else None,
            "campaign": poll.campaign,
            "options": poll.options.select_related("person").order_by("number"),
        },
    )


# ---------------------------------------------------------------- the voter


def _my_votes(
    request: AuthedRequest, errors: Form | None = None, status: int = 200
) -> HttpResponse:
    context = my_votes_context(request.user)
    return render(
        request,
        "assemblies/polls/my_votes.html",
        {**context, "refused": errors},
        status=status,
    )


@login_required
def my_votes(request: AuthedRequest) -> HttpResponse:
    return _my_votes(request)


@require_POST
@login_required
def my_votes_register(request: AuthedRequest) -> HttpResponse:
    step = register_online(request.user)
    taken = take(request, step, step.bound(request.POST, request.FILES))
    if taken.status is None:
        return redirect("assemblies:my-votes")
    return _my_votes(request, errors=taken.form, status=taken.status)


@login_required
def vote(request: AuthedRequest, pk: int) -> HttpResponse:
    """The ballot. Once cast, its receipt is shown in this response and nowhere else:
    keeping it (in the session, say) would tie the voter to their secret ballot."""
    user = request.user
    poll = get_poll_for_voter(user, pk)
    options = list(poll.options.select_related("person").order_by("number"))
    # A blank ballot posts nothing, and is still a ballot the action judges.
    data = request.POST if request.method == "POST" else None
    form = f.BallotForm(data, poll=poll, options=options)
    context = {"poll": poll, "item": poll.item, "campaign": poll.campaign, "options": options}
    if request.method == "POST":
        step = Step(
            poll.name,
            lambda data=None, files=None: form,
            lambda d: actions.cast(actor=user, poll=poll, choices=form.chosen()),
        )
        taken = take(request, step, form)
        if taken.status is None:
            ballot = taken.made
            chosen = {c.pk for c in ballot.choices.all()}
            return render(
                request,
                "assemblies/polls/receipt.html",
                {**context, "ballot": ballot, "chosen": [o for o in options if o.pk in chosen]},
            )
        return render(
            request, "assemblies/polls/vote.html", {**context, "form": form}, status=taken.status
        )
    voted = has_voted(user, poll)
    refused = "" if voted else rules.vote_refused(user, poll)
    return render(
        request,
        "assemblies/polls/vote.html",
        {
            **context,
            "form": form if not (voted or refused) else None,
            "voted": voted,
            "refused": REFUSALS.get(refused, "") if refused else "",
        },
    )
