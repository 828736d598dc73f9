"""What the primaries' staff pages show and allow, declared once: the list of primaries the
user sees, opening primaries, and the primaries' page — their facts and state, the
candidates with their nomination, consent, documents and registration's checks, the
debates, the electors' frozen roll, the vote, and the list with its rules kept or broken —
offering the branch's office (MANAGE_CONFERENCES there) only the steps the primaries' state
allows now.

Every change goes through `esep.assemblies.actions`. Primaries are read with VIEW_ORG in
their branch's subtree; the fetch answers 404 outside it. A candidate is shown by name: no
birth date, IIN or sex — the list's "young", "woman" and "new" marks are what the list rules
count (`actions.list_entries`), and the rules' verdicts are `counting.ListCheck`'s."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.assemblies import actions, counting, rules
from esep.assemblies.models import Campaign, Candidate, Place, Poll
from esep.assemblies.primaries import forms as f
from esep.assemblies.primaries.filters import CampaignFilterSet
from esep.deputies.models import Convocation, RepresentativeBody
from esep.lib.checks import invalid
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.lib.tables import Column
from esep.org.models import Branch, Person, subtree_q
from esep.org.roles import Capability

# How many people a search for a candidate offers at once.
FOUND_AT_MOST = 20

# The registration's checks (`actions.candidate_checks`), as the page names them.
CHECKS = {
    "consent": gettext_lazy("written consent"),
    "documents": gettext_lazy("documents"),
    "age": gettext_lazy("age on the vote's day"),
    "member": gettext_lazy("active party member"),
}


# ---------------------------------------------------------------- fetches (404 outside)


def campaigns_visible_to(user: User) -> QuerySet[Campaign]:
    return Campaign.objects.filter(subtree_q(user.scope_paths(Capability.VIEW_ORG), "branch__path"))


def get_campaign_for_user(user: User, code: str) -> Campaign:
    return get_object_or_404(
        campaigns_visible_to(user).select_related("branch", "body__territory", "previous__body"),
        code=code,
    )


# ---------------------------------------------------------------- what an office chooses


def run_paths(user: User) -> list[str]:
    return user.scope_paths(Capability.MANAGE_CONFERENCES)


def runnable_branches(user: User) -> QuerySet[Branch]:
    return Branch.objects.filter(subtree_q(run_paths(user))).order_by("path")


def bodies_for(user: User) -> QuerySet[RepresentativeBody]:
    """The representative bodies in the territories of the branches the user runs."""
    paths = run_paths(user)
    if "" in paths:  # the whole party
        territories = [""]
    else:
        territories = list(
            Branch.objects.filter(path__in=paths).values_list("territory__path", flat=True)
        )
    return (
        RepresentativeBody.objects.filter(subtree_q(territories, "territory__path"))
        .select_related("territory")
        .order_by("level", "code")
    )


def convocations_for(user: User) -> QuerySet[Convocation]:
    return (
        Convocation.objects.filter(body__in=bodies_for(user).values("pk"))
        .select_related("body")
        .order_by("body__level", "body__code", "-number")
    )


# ---------------------------------------------------------------- opening primaries


def new_campaign(user: User) -> Step:
    return Step(
        gettext_lazy("Open primaries"),
        lambda data=None, files=None: f.CampaignForm(
            data,
            files,
            branches=runnable_branches(user),
            bodies=bodies_for(user),
            convocations=convocations_for(user),
        ),
        lambda d: actions.open_campaign(actor=user, **d),
        gettext_lazy("The primaries are opened: nominations have begun."),
    )


NEW_CAMPAIGN = CreatePage(
    new_campaign,
    "assemblies/primaries/form.html",
    Capability.MANAGE_CONFERENCES,
    url_name="assemblies:campaign-new",
)


# ---------------------------------------------------------------- the list


COLUMNS = [
    Column(gettext_lazy("Code"), lambda c: c.code),
    Column(gettext_lazy("Primaries"), lambda c: c.name),
    Column(gettext_lazy("Branch"), lambda c: c.branch.name),
    Column(gettext_lazy("Representative body"), lambda c: c.body.name),
    Column(gettext_lazy("Nominations close"), lambda c: c.nominations_close_on),
    Column(gettext_lazy("Vote day"), lambda c: c.vote_on),
    Column(gettext_lazy("Places on the list"), lambda c: c.places),
    Column(gettext_lazy("Registered candidates"), lambda c: c.registered),
    Column(gettext_lazy("State"), lambda c: c.get_state_display()),
]

CAMPAIGNS = Listing(
    title=gettext_lazy("Primaries"),
    stem="primaries",
    rows_template="assemblies/primaries/_campaign_rows.html",
    template="assemblies/primaries/list.html",
    records=lambda request: campaigns_visible_to(request.user).select_related("branch", "body"),
    filterset=CampaignFilterSet,
    columns=COLUMNS,
    export_url="assemblies:campaign-export",
    capability=Capability.VIEW_ORG,
    create=NEW_CAMPAIGN,
)


# ---------------------------------------------------------------- the primaries' page


def found_people(request: AuthedRequest, campaign: Campaign) -> tuple[str, list[Person]]:
    """The search for a candidate (`?who=`: a surname, or more of the name) among the people
    the user sees, less those already nominated; and the person just posted, so a refused
    nomination shows its choice again."""
    user = request.user
    people = Person.objects.visible_to(user).select_related("membership__branch")
    who = request.GET.get("who", "").strip()[:100]
    found: list[Person] = []
    if who:
        found = list(
            people.matching(who, user=user)
            .exclude(pk__in=campaign.candidates.values("person_id"))
            .order_by("surname", "given_name", "patronymic", "pk")[:FOUND_AT_MOST]
        )
    posted = request.POST.get("person", "")
    if posted.isdigit() and all(p.pk != int(posted) for p in found):
        found += list(people.filter(pk=int(posted)))
    return who, found


def _nominate(user: User, campaign: Campaign, found: Sequence[Person]) -> Step:
    return Step(
        gettext_lazy("Nominate a candidate"),
        lambda data=None, files=None: f.NominateForm(
            data,
            files,
            people=Person.objects.visible_to(user).select_related("membership__branch"),
            found=found,
            branches=Branch.objects.filter(path__startswith=campaign.branch.path).order_by("path"),
            initial={"nominated_on": min(timezone.localdate(), campaign.nominations_close_on)},
        ),
        lambda d: _nominated(user, campaign, d),
        _("The candidate is nominated."),
        multipart=True,
    )


def _nominated(user: User, campaign: Campaign, data: dict[str, Any]) -> Candidate:
    """The nomination; a document refused (its kind, its size) is the documents' error."""
    try:
        return actions.nominate_candidate(actor=user, campaign=campaign, **data)
    except ValidationError as exc:
        if getattr(exc, "code", None) in ("too_large", "bad_type"):
            raise invalid("documents", " ".join(exc.messages), str(exc.code)) from exc
        raise


def _completed(user: User, data: dict[str, Any]) -> Candidate:
    """Consent or documents added; a document refused (its kind, its size) is the
    documents' error."""
    try:
        return actions.complete_candidate(actor=user, **data)
    except ValidationError as exc:
        if getattr(exc, "code", None) in ("too_large", "bad_type"):
            raise invalid("documents", " ".join(exc.messages), str(exc.code)) from exc
        raise


def failed_checks(candidate: Candidate) -> list[str]:
    return [str(CHECKS[name]) for name, ok in actions.candidate_checks(candidate).items() if not ok]


def _register(user: User, candidate: Candidate) -> Candidate:
    """Registration, its refusal for failed checks naming them in the user's language."""
    try:
        return actions.register_candidate(actor=user, candidate=candidate)
    except ValidationError as exc:
        if getattr(exc, "code", None) != "checks_failed":
            raise
        raise invalid(
            "candidate",
            _("Registration needs every check to pass. Failed: %(failed)s.")
            % {"failed": ", ".join(failed_checks(candidate))},
            "checks_failed",
        ) from exc


def campaign_steps(request: AuthedRequest, campaign: Campaign) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    if not rules.may_run_campaign(user, campaign):
        return steps
    candidates = campaign.candidates.select_related("person").order_by(
        "person__surname", "person__given_name", "pk"
    )
    nominated = candidates.filter(state=Candidate.State.NOMINATED)
    registered = candidates.filter(state=Candidate.State.REGISTERED)
    today = timezone.localdate()
    if campaign.state == Campaign.State.NOMINATION:
        _who, found = found_people(request, campaign)
        steps["nominate"] = _nominate(user, campaign, found)
        if nominated.exists():
            steps["register"] = Step(
                gettext_lazy("Register a candidate"),
                lambda data=None, files=None: f.CandidateForm(data, files, candidates=nominated),
                lambda d: _register(user, d["candidate"]),
                _("The candidate is registered."),
            )
            steps["complete"] = Step(
                gettext_lazy("Add a candidate's consent or documents"),
                lambda data=None, files=None: f.CompleteForm(data, files, candidates=nominated),
                lambda d: _completed(user, d),
                _("The nomination is completed."),
                multipart=True,
            )
            steps["refuse"] = Step(
                gettext_lazy("Refuse a candidate's registration"),
                lambda data=None, files=None: f.RefuseForm(data, files, candidates=nominated),
                lambda d: actions.refuse_candidate(actor=user, **d),
                _("The candidate's registration is refused."),
            )
    if campaign.state in (Campaign.State.NOMINATION, Campaign.State.VOTING) and registered.exists():
        steps["debate"] = Step(
            gettext_lazy("Add a debate"),
            lambda data=None, files=None: f.DebateForm(
                data, files, candidates=registered, initial={"held_on": today}
            ),
            lambda d: actions.add_debate(actor=user, campaign=campaign, **d),
            _("The debate is added."),
        )
    if campaign.state == Campaign.State.NOMINATION and registered.exists():
        steps["start"] = Step(
            gettext_lazy("Start the vote"),
            lambda data=None, files=None: f.StartVoteForm(data, files),
            lambda d: actions.start_vote(actor=user, campaign=campaign, **d),
            _("Nominations are closed, the electors' roll is frozen and the vote is open."),
        )
    poll = poll_of(campaign)
    if campaign.state == Campaign.State.VOTING and poll is not None:
        steps["close"] = Step(
            gettext_lazy("Close the vote"),
            lambda data=None, files=None: f.NothingForm(data, files),
            lambda d: actions.close_vote(actor=user, campaign=campaign),
            _("The vote is closed and counted: it is certified on the vote's page."),
        )
    if (
        campaign.state == Campaign.State.COUNTED
        and poll is not None
        and poll.state == Poll.State.CERTIFIED
    ):
        steps["list"] = Step(
            gettext_lazy("Form the list"),
            lambda data=None, files=None: f.NothingForm(data, files),
            lambda d: actions.form_list(actor=user, campaign=campaign),
            lambda check: (
                _("The list is formed and keeps its rules.")
                if check.ok
                else _("The list is formed, and it breaks its rules: see the list rules.")
            ),
        )
    return steps


def poll_of(campaign: Campaign) -> Poll | None:
    return Poll.objects.filter(campaign=campaign).first()


@dataclass(frozen=True)
class Check:
    label: str
    passed: bool


@dataclass(frozen=True)
class ListedPlace:
    place: Place
    entry: counting.Entry


@dataclass(frozen=True)
class Rule:
    """A list rule as the panel shows it: the share on the list, the minimum (None: none is
    set) and whether it is kept."""

    label: str
    count: int
    share: Any
    minimum: Any
    kept: bool | None


def shown_checks(candidate: Candidate) -> list[Check]:
    """The registration's checks: as they stand now while the candidate awaits the decision,
    as they were made once registered (a refusal made without them shows none)."""
    checks = (
        actions.candidate_checks(candidate)
        if candidate.state == Candidate.State.NOMINATED
        else candidate.checks
    )
    return [
        Check(str(label), bool(checks[name])) for name, label in CHECKS.items() if name in checks
    ]


def list_rules(check: counting.ListCheck) -> list[Rule]:
    rules_shown = [
        Rule(
            _("Young candidates"),
            check.young,
            check.young_share,
            check.young_minimum,
            check.young_ok,
        )
    ]
    if check.women_minimum is not None:
        rules_shown.append(
            Rule(_("Women"), check.women, check.women_share, check.women_minimum, check.women_ok)
        )
    rules_shown.append(Rule(_("New candidates"), check.new, check.renewal_share, None, None))
    return rules_shown


def _campaign_context(request: AuthedRequest, campaign: Campaign, steps: list[Shown]) -> dict:
    candidates = list(
        campaign.candidates.select_related("person", "nominated_by", "campaign__body").order_by(
            "person__surname", "person__given_name", "pk"
        )
    )
    for candidate in candidates:
        candidate.shown_checks = shown_checks(candidate)  # type: ignore[attr-defined]
    debates = campaign.debates.prefetch_related(
        Prefetch("candidates", Candidate.objects.select_related("person"))
    ).order_by("held_on", "pk")
    context: dict[str, Any] = {
        "campaign": campaign,
        "candidates": candidates,
        "debates": debates,
        "poll": poll_of(campaign),
        "roll": campaign.electors.count() if campaign.roll_digest else None,
        "may_run": rules.may_run_campaign(request.user, campaign),
        "nominate_steps": [s for s in steps if s.name == "nominate"],
        "steps": [s for s in steps if s.name != "nominate"],
    }
    if context["nominate_steps"]:
        context["who"], context["found"] = found_people(request, campaign)
    if campaign.state == Campaign.State.LISTED:
        places = list(
            Place.objects.filter(campaign=campaign)
            .select_related("candidate__person")
            .order_by("number")
        )
        people = [p.candidate.person_id for p in places]
        check = actions.check_campaign_list(campaign, people)
        context["places"] = [
            ListedPlace(place, entry)
            for place, entry in zip(places, actions.list_entries(campaign, people), strict=True)
        ]
        context["check"] = check
        context["rules"] = list_rules(check)
    return context


CAMPAIGN_PAGE = RecordPage(
    template="assemblies/primaries/campaign_detail.html",
    url_name="assemblies:campaign",
    fetch=get_campaign_for_user,
    steps=campaign_steps,
    context=_campaign_context,
    capability=None,  # the fetch is scoped to the primaries the user sees
    forms={
        "nominate": f.NominateForm,
        "register": f.CandidateForm,
        "complete": f.CompleteForm,
        "refuse": f.RefuseForm,
        "debate": f.DebateForm,
        "start": f.StartVoteForm,
        "close": f.NothingForm,
        "list": f.NothingForm,
    },
    key=lambda campaign: campaign.code,
)
