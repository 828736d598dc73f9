"""What the awards' pages show and allow, declared once for the HTML views and the REST
API: the register of nominations and the ceremonies, nominating a person and holding a
ceremony, and a nomination's page with the steps the office and the granting branch may take
on it now."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.audit.log import events_for
from esep.awards import actions
from esep.awards import forms as f
from esep.awards.filters import CeremonyFilterSet, NominationFilterSet
from esep.awards.models import NOMINATION_EVENTS, Ceremony, Nomination
from esep.awards.queries import CEREMONY_COLUMNS, NOMINATION_COLUMNS
from esep.awards.rules import granting_bodies, granting_branch
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Branch, subtree_q
from esep.org.privacy import personal_data_for
from esep.org.roles import Capability

LANGUAGES = ("kk", "ru")  # the certificates' languages


def managed_branches(user: User) -> QuerySet[Branch]:
    """The branches whose awards' office the user keeps (MANAGE_AWARDS over the subtree)."""
    return Branch.objects.filter(subtree_q(user.scope_paths(Capability.MANAGE_AWARDS))).order_by(
        "path"
    )


def manages(user: User, branch: Branch) -> bool:
    return user.can(Capability.MANAGE_AWARDS, branch.path)


def _nominations(user: User) -> QuerySet[Nomination]:
    return Nomination.objects.visible_to(user).select_related(
        "person", "award", "branch__territory", "ceremony", "granting_body__branch"
    )


def get_nomination_for_user(user: User, pk: int) -> Nomination:
    return get_object_or_404(_nominations(user), pk=pk)


def get_ceremony_for_user(user: User, pk: int) -> Ceremony:
    return get_object_or_404(Ceremony.objects.visible_to(user).select_related("branch"), pk=pk)


def _ceremonies(user: User) -> QuerySet[Ceremony]:
    return Ceremony.objects.visible_to(user).select_related("branch").order_by("-held_on")


# ---------------------------------------------------------------- nominations


def new_nomination(user: User) -> Step:
    return Step(
        gettext_lazy("Nominate for an award"),
        lambda data=None, files=None: f.NominationForm(
            data, files, branches=managed_branches(user), ceremonies=_ceremonies(user)
        ),
        lambda d: actions.nominate(actor=user, **d),
        gettext_lazy("The nomination is recorded."),
    )


NEW_NOMINATION = CreatePage(
    new_nomination,
    "frame/form.html",
    Capability.MANAGE_AWARDS,
    url_name="awards:nomination-new",
)

NOMINATIONS = Listing(
    title=gettext_lazy("Award nominations"),
    stem="nominations",
    rows_template="awards/_nomination_rows.html",
    template="awards/list.html",
    records=lambda request: _nominations(request.user),
    filterset=NominationFilterSet,
    columns=NOMINATION_COLUMNS,
    export_url="awards:nomination-export",
    capability=Capability.VIEW_WORK,
    create=NEW_NOMINATION,
    links=[("awards:ceremonies", gettext_lazy("Ceremonies"))],
)


def nomination_steps(request: AuthedRequest, nomination: Nomination) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    granting = granting_branch(nomination.award, nomination.branch)
    if not nomination.is_decided and granting is not None and manages(user, granting):
        bodies = granting_bodies(nomination.award, nomination.branch)
        today = timezone.localdate()
        steps["grant"] = Step(
            gettext_lazy("Record the decision to grant"),
            lambda data=None, files=None: f.GrantForm(
                data, files, bodies=bodies, initial={"decided_on": today}
            ),
            lambda d: actions.grant(actor=user, nomination=nomination, **d),
            gettext_lazy("The award is granted."),
            prefix="grant",
        )
        steps["refuse"] = Step(
            gettext_lazy("Record the decision to refuse"),
            lambda data=None, files=None: f.RefuseForm(
                data, files, bodies=bodies, initial={"decided_on": today}
            ),
            lambda d: actions.refuse(actor=user, nomination=nomination, **d),
            gettext_lazy("The nomination is refused."),
            prefix="refuse",
        )
    if manages(user, nomination.branch):
        steps["consent"] = Step(
            gettext_lazy("Record the consent to publication"),
            lambda data=None, files=None: f.ConsentForm(
                data,
                files,
                initial={"given": not nomination.consent_to_publish, "on": timezone.localdate()},
            ),
            lambda d: actions.record_consent(actor=user, nomination=nomination, **d),
            gettext_lazy("The consent is recorded."),
        )
        if nomination.status != Nomination.Status.REFUSED:
            # A ceremony of the nominating branch or of a branch above it.
            ceremonies = _ceremonies(user).filter(
                branch__in=Branch.objects.and_above(nomination.branch)
            )
            steps["ceremony"] = Step(
                gettext_lazy("Set the ceremony"),
                lambda data=None, files=None: f.CeremonyChoiceForm(
                    data, files, ceremonies=ceremonies, initial={"ceremony": nomination.ceremony_id}
                ),
                lambda d: actions.set_ceremony(actor=user, nomination=nomination, **d),
                gettext_lazy("The ceremony is set."),
            )
    return steps


def _nomination_context(request: AuthedRequest, nomination: Nomination, steps: list[Shown]) -> dict:
    person = nomination.person
    data = personal_data_for(request.user, [person], page=request.path)[person.pk]
    return {
        "nomination": nomination,
        "person": person,
        "personal": data,
        "granting_branch": granting_branch(nomination.award, nomination.branch),
        "certificates": LANGUAGES if nomination.status == Nomination.Status.GRANTED else (),
        "events": [
            (event, NOMINATION_EVENTS.get(event.action, event.action))
            for event in events_for(nomination).order_by("at", "pk")
        ],
    }


NOMINATION_PAGE = RecordPage(
    template="awards/nomination_detail.html",
    url_name="awards:nomination",
    fetch=get_nomination_for_user,
    steps=nomination_steps,
    context=_nomination_context,
    capability=Capability.VIEW_WORK,
    forms={
        "grant": f.GrantForm,
        "refuse": f.RefuseForm,
        "consent": f.ConsentForm,
        "ceremony": f.CeremonyChoiceForm,
    },
)


# ---------------------------------------------------------------- ceremonies


def new_ceremony(user: User) -> Step:
    return Step(
        gettext_lazy("Hold an awards ceremony"),
        lambda data=None, files=None: f.CeremonyForm(data, files, branches=managed_branches(user)),
        lambda d: actions.hold_ceremony(actor=user, **d),
        gettext_lazy("The ceremony is recorded."),
    )


NEW_CEREMONY = CreatePage(
    new_ceremony,
    "frame/form.html",
    Capability.MANAGE_AWARDS,
    url_name="awards:ceremony-new",
)

CEREMONIES = Listing(
    title=gettext_lazy("Awards ceremonies"),
    stem="ceremonies",
    rows_template="awards/_ceremony_rows.html",
    template="awards/list.html",
    records=lambda request: (
        Ceremony.objects.visible_to(request.user)
        .select_related("branch")
        .annotate(
            nomination_count=Count("nominations"),
            granted_count=Count(
                "nominations", filter=Q(nominations__status=Nomination.Status.GRANTED)
            ),
        )
    ),
    filterset=CeremonyFilterSet,
    columns=CEREMONY_COLUMNS,
    export_url="awards:ceremony-export",
    capability=Capability.VIEW_WORK,
    create=NEW_CEREMONY,
    links=[("awards:nominations", gettext_lazy("Award nominations"))],
)


def ceremony_steps(request: AuthedRequest, ceremony: Ceremony) -> dict[str, Step]:
    return {}


def _ceremony_context(request: AuthedRequest, ceremony: Ceremony, steps: list[Shown]) -> dict:
    nominations = (
        ceremony.nominations.filter(pk__in=Nomination.objects.visible_to(request.user).values("pk"))
        .select_related("person", "award", "branch")
        .order_by("award__code", "person__surname", "person__given_name", "pk")
    )
    return {"ceremony": ceremony, "nominations": nominations}


CEREMONY_PAGE = RecordPage(
    template="awards/ceremony_detail.html",
    url_name="awards:ceremony",
    fetch=get_ceremony_for_user,
    steps=ceremony_steps,
    context=_ceremony_context,
    capability=Capability.VIEW_WORK,
)
