"""What a conference's staff pages show and allow, declared once: the list of conferences the
user sees (VIEW_ORG in scope), convening one, a conference's page (its facts, quotas, roll,
agenda and stage, each step offered only to whom `rules` allow and only at the stage the
action accepts it), and its minutes (drafted from the records, edited, signed; then fixed).

Every change goes through `esep.assemblies.actions`. The roll shows names only: a delegate's
personal data is nowhere on these pages. A conference the user does not see is a 404."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.assemblies import actions, rules
from esep.assemblies.conferences import forms as f
from esep.assemblies.conferences.filters import ConferenceFilterSet
from esep.assemblies.models import Conference, Minutes
from esep.lib.folding import folded_contains
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.lib.tables import Column
from esep.org.models import Branch, Membership, Person, subtree_q
from esep.org.roles import Capability

# ---------------------------------------------------------------- fetches (404 outside)


def get_conference_for_user(user: User, code: str) -> Conference:
    return get_object_or_404(
        Conference.objects.visible_to(user).select_related("branch"), code=code
    )


def run_branches(user: User) -> QuerySet[Branch]:
    """The branches whose conferences the user may convene."""
    return Branch.objects.filter(
        subtree_q(user.scope_paths(Capability.MANAGE_CONFERENCES))
    ).order_by("path")


# ---------------------------------------------------------------- convening


def new_conference(user: User) -> Step:
    return Step(
        gettext_lazy("Convene a conference"),
        lambda data=None, files=None: f.ConveneForm(data, files, branches=run_branches(user)),
        lambda d: actions.convene(actor=user, **d),
        gettext_lazy("The conference is convened."),
    )


NEW_CONFERENCE = CreatePage(
    new_conference,
    "assemblies/conferences/form.html",
    Capability.MANAGE_CONFERENCES,
    url_name="assemblies:conference-new",
)


# ---------------------------------------------------------------- the list

COLUMNS = [
    Column(gettext_lazy("Code"), lambda c: c.code),
    Column(gettext_lazy("Conference"), lambda c: c.name),
    Column(gettext_lazy("Branch"), lambda c: c.branch.name),
    Column(gettext_lazy("Date"), lambda c: c.held_on),
    Column(gettext_lazy("Stage"), lambda c: c.get_state_display()),
    Column(gettext_lazy("Delegates"), lambda c: c.delegate_count),
    Column(gettext_lazy("Roll's SHA-256"), lambda c: c.roll_digest),
]


def _convene_link(request: AuthedRequest) -> dict[str, Any]:
    """The list offers convening as "Convene a conference", not the lists' plain "Add"."""
    may = request.user.can(Capability.MANAGE_CONFERENCES)
    return {"create_url": None, "convene_url": reverse(NEW_CONFERENCE.url_name) if may else None}


CONFERENCES = Listing(
    title=gettext_lazy("Conferences"),
    stem="conferences",
    rows_template="assemblies/conferences/_rows.html",
    records=lambda request: (
        Conference.objects.visible_to(request.user)
        .select_related("branch")
        .annotate(delegate_count=Count("delegates"))
    ),
    filterset=ConferenceFilterSet,
    columns=COLUMNS,
    export_url="assemblies:conference-export",
    capability=Capability.VIEW_ORG,
    create=NEW_CONFERENCE,
    template="assemblies/conferences/list.html",
    context=lambda request: _convene_link(request),
)


# ---------------------------------------------------------------- a conference


def sending(user: User, conference: Conference) -> QuerySet[Branch]:
    """The sub-branches with a quota here whose delegates the user keeps."""
    quotas = conference.quotas.select_related("branch")
    codes = [q.branch.code for q in quotas if rules.may_keep_delegates(user, conference, q.branch)]
    return Branch.objects.filter(code__in=codes).order_by("path")


def candidates(conference: Conference, branches: QuerySet[Branch]) -> QuerySet[Person]:
    """Who may be added: active members of those sub-branches, not on the roll yet."""
    paths = [b.path for b in branches]
    if not paths:
        return Person.objects.none()
    return (
        Person.objects.filter(
            subtree_q(paths, "membership__branch__path"),
            membership__status=Membership.Status.ACTIVE,
        )
        .exclude(pk__in=conference.delegates.values("person_id"))
        .select_related("membership__branch")
        .order_by("surname", "given_name", "pk")
    )


def searched(request: AuthedRequest) -> str:
    return request.GET.get("find", "").strip()[:100]


def found(people: QuerySet[Person], text: str) -> list[Person]:
    """The members a search names: by party card number exactly, or with every word in
    their names (any case, ё as е); at most FOUND_AT_MOST."""
    if not text:
        return []
    by_card = people.filter(membership__card_number=text)
    named = people
    for word in text.split():
        named = named.filter(
            folded_contains("surname", word)
            | folded_contains("given_name", word)
            | folded_contains("patronymic", word)
        )
    return list(
        people.filter(Q(pk__in=by_card.values("pk")) | Q(pk__in=named.values("pk")))[
            : f.FOUND_AT_MOST
        ]
    )


def conference_steps(request: AuthedRequest, conference: Conference) -> dict[str, Step]:
    user = request.user
    steps: dict[str, Step] = {}
    office = rules.may_run(user, conference.branch)
    state = conference.state
    convened = state == Conference.State.CONVENED
    if office and convened:
        steps["count-quotas"] = Step(
            gettext_lazy("Count the quotas"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.count_quotas(actor=user, conference=conference),
            _("The quotas are counted from the sub-branches' active members."),
        )
        quotas = conference.quotas.select_related("branch").order_by("branch__path")
        if quotas.exists():
            steps["set-quota"] = Step(
                gettext_lazy("Set a quota"),
                lambda data=None, files=None: f.SetQuotaForm(data, files, quotas=quotas),
                lambda d: actions.set_quota(actor=user, **d),
                _("The quota is set."),
                prefix="quota",
            )
    if convened:
        branches = sending(user, conference)
        if branches.exists():
            people = candidates(conference, branches)
            text = searched(request)

            steps["add-delegate"] = Step(
                gettext_lazy("Add a delegate"),
                lambda data=None, files=None: f.AddDelegateForm(
                    data,
                    files,
                    people=people,
                    found=found(people, text),
                    branches=branches,
                    initial={"branch": branches.first()} if branches.count() == 1 else {},
                ),
                lambda d: actions.add_delegate(actor=user, conference=conference, **d),
                _("The delegate is on the roll."),
                prefix="delegate",
            )
            kept = conference.delegates.filter(branch__in=branches).select_related(
                "person", "branch"
            )
            if kept.exists():
                steps["remove-delegate"] = Step(
                    gettext_lazy("Remove a delegate"),
                    lambda data=None, files=None: f.RemoveDelegateForm(data, files, delegates=kept),
                    lambda d: actions.remove_delegate(actor=user, **d),
                    _("The delegate is removed from the roll."),
                    prefix="remove",
                )
    if office and state != Conference.State.CLOSED:
        steps["add-item"] = Step(
            gettext_lazy("Add an item to the agenda"),
            lambda data=None, files=None: f.ItemForm(data, files),
            lambda d: actions.add_item(actor=user, conference=conference, **d),
            _("The item is on the agenda."),
            prefix="item",
        )
    if office and convened:
        steps["freeze"] = Step(
            gettext_lazy("Freeze the roll"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.freeze_roll(actor=user, conference=conference),
            _("The roll is frozen and its SHA-256 published."),
        )
    if office and state == Conference.State.FROZEN:
        steps["open"] = Step(
            gettext_lazy("Open the conference"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.open_conference(actor=user, conference=conference),
            _("The conference is in session."),
        )
    if office and state == Conference.State.OPEN:
        steps["close"] = Step(
            gettext_lazy("Close the conference"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.close_conference(actor=user, conference=conference),
            _("The conference is closed."),
        )
    return steps


# Which of the page's sections shows each step.
SECTIONS = {
    "count-quotas": "quota_steps",
    "set-quota": "quota_steps",
    "add-delegate": "roll_steps",
    "remove-delegate": "roll_steps",
    "add-item": "agenda_steps",
}


def _conference_context(
    request: AuthedRequest, conference: Conference, steps: list[Shown]
) -> dict[str, Any]:
    user = request.user
    # Each sub-branch's delegates on the roll so far.
    taken = dict(
        conference.delegates.values("branch")
        .annotate(seated=Count("pk"))
        .values_list("branch", "seated")
    )
    quotas = [
        (quota, taken.get(quota.branch_id, 0))
        for quota in conference.quotas.select_related("branch").order_by("branch__path")
    ]
    grouped: dict[str, list[Shown]] = {name: [] for name in set(SECTIONS.values())}
    rest = []
    for step in steps:
        if step.name in SECTIONS:
            grouped[SECTIONS[step.name]].append(step)
        else:
            rest.append(step)
    office = rules.may_run(user, conference.branch)
    met = actions.quorum(conference)
    adding = next((s.form for s in grouped["roll_steps"] if s.name == "add-delegate"), None)
    # The picker offers its empty choice and the members the search found.
    found_any = adding is not None and len(adding.fields["person"].widget.choices) > 1
    return {
        "conference": conference,
        "quotas": quotas,
        "seats": sum(q.seats for q, _taken in quotas),
        "roll": conference.delegates.select_related("person", "branch").order_by(
            "branch__path", "person__surname", "person__given_name", "pk"
        ),
        "items": conference.items.order_by("number"),
        "quorum": dict(zip(("registered", "roll", "needed", "met"), met, strict=True)),
        "minutes": Minutes.objects.filter(conference=conference).first(),
        "office": office,
        "may_import": office and conference.state == Conference.State.CONVENED,
        "find": searched(request),
        "found_any": found_any,
        "steps": rest,
        **grouped,
    }


CONFERENCE_PAGE = RecordPage(
    template="assemblies/conferences/detail.html",
    url_name="assemblies:conference",
    fetch=get_conference_for_user,
    steps=conference_steps,
    context=_conference_context,
    capability=None,  # the fetch is scoped to the conferences the user sees
    forms={
        "count-quotas": f.ConfirmForm,
        "set-quota": f.SetQuotaForm,
        "add-delegate": f.AddDelegateForm,
        "remove-delegate": f.RemoveDelegateForm,
        "add-item": f.ItemForm,
        "freeze": f.ConfirmForm,
        "open": f.ConfirmForm,
        "close": f.ConfirmForm,
    },
    key=lambda conference: conference.code,
)


# ---------------------------------------------------------------- the minutes


def minutes_steps(request: AuthedRequest, conference: Conference) -> dict[str, Step]:
    user = request.user
    if not rules.may_run(user, conference.branch):
        return {}
    minutes = Minutes.objects.filter(conference=conference).first()
    if minutes is not None and minutes.signed_at is not None:
        return {}
    steps: dict[str, Step] = {}
    if conference.state != Conference.State.CONVENED:
        steps["draft"] = Step(
            gettext_lazy("Draft the minutes from the records")
            if minutes is None
            else gettext_lazy("Draft the minutes again from the records"),
            lambda data=None, files=None: f.ConfirmForm(data, files),
            lambda d: actions.draft_minutes(actor=user, conference=conference),
            _("The minutes are drafted from the records."),
        )
    if minutes is not None:
        steps["edit"] = Step(
            gettext_lazy("Edit the minutes"),
            lambda data=None, files=None: f.MinutesForm(
                data, files, initial={"text_kk": minutes.text_kk, "text_ru": minutes.text_ru}
            ),
            lambda d: actions.edit_minutes(actor=user, minutes=minutes, **d),
            _("The minutes are saved."),
        )
        if conference.state == Conference.State.CLOSED:
            steps["sign"] = Step(
                gettext_lazy("Sign the minutes"),
                lambda data=None, files=None: f.ConfirmForm(data, files),
                lambda d: actions.sign_minutes(actor=user, minutes=minutes),
                _("The minutes are signed: they can no longer change."),
            )
    return steps


def _minutes_context(
    request: AuthedRequest, conference: Conference, steps: list[Shown]
) -> dict[str, Any]:
    return {
        "conference": conference,
        "minutes": Minutes.objects.filter(conference=conference)
        .select_related("signed_by")
        .first(),
        "today": timezone.localdate(),
    }


MINUTES_PAGE = RecordPage(
    template="assemblies/conferences/minutes.html",
    url_name="assemblies:minutes",
    fetch=get_conference_for_user,
    steps=minutes_steps,
    context=_minutes_context,
    capability=None,
    forms={"draft": f.ConfirmForm, "edit": f.MinutesForm, "sign": f.ConfirmForm},
    key=lambda conference: conference.code,
)
