"""What the organisation's pages declare once: the register of people (who may open it, the
records, filters and columns, for the page, its export and the REST API), a person's
page with the membership decisions offered on it, and the personal-data access log."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy

from esep.audit.models import PersonalDataAccess
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import RecordPage, Shown, Step
from esep.org import actions
from esep.org.filters import AccessLogFilterSet, PeopleFilterSet
from esep.org.forms import MembershipStatusForm, TransferForm
from esep.org.models import Branch, Membership, Person, get_person_for_user, subtree_q
from esep.org.privacy import PersonalData, personal_data_for
from esep.org.queries import ACCESS_COLUMNS, COLUMNS, access_rows, accesses_to_people_of
from esep.org.roles import Capability


def people_rows(request: AuthedRequest, people: list[Person]) -> list[tuple[Person, PersonalData]]:
    """Each person shown with their personal data as the user may see it: masked unless
    allowed, and every unmasked showing, on the page or in the export, logged."""
    data = personal_data_for(request.user, people, page=request.path)
    return [(person, data[person.pk]) for person in people]


PEOPLE = Listing(
    title=gettext_lazy("People"),
    stem="people",
    rows_template="org/_person_rows.html",
    template="org/person_list.html",
    records=lambda request: Person.objects.visible_to(request.user).select_related(
        "membership__branch"
    ),
    filterset=PeopleFilterSet,
    columns=COLUMNS,
    export_url="org:person-export",
    capability=Capability.VIEW_PEOPLE,
    rows=people_rows,
)


def _membership(person: Person) -> Membership | None:
    return Membership.objects.filter(person=person).select_related("branch").first()


def _transfer_branches(user: Any) -> Any:
    """Where this user may move members to."""
    paths = user.scope_paths(Capability.MANAGE_MEMBERSHIP)
    return Branch.objects.filter(subtree_q(paths)).order_by("path")


def person_steps(request: AuthedRequest, person: Person) -> dict[str, Step]:
    """The membership decisions the user may take on the person's membership now: a change
    of status, and a transfer while the membership is active."""
    user, steps = request.user, dict[str, Step]()
    membership = _membership(person)
    if membership is None or not user.can(Capability.MANAGE_MEMBERSHIP, membership.branch.path):
        return steps
    steps["status"] = Step(
        gettext_lazy("Change membership status"),
        lambda data=None, files=None: MembershipStatusForm(data, files),
        lambda d: actions.change_membership_status(actor=user, membership=membership, **d),
    )
    if membership.status == Membership.Status.ACTIVE:
        steps["transfer"] = Step(
            gettext_lazy("Transfer to another branch"),
            lambda data=None, files=None: TransferForm(
                data, files, branches=_transfer_branches(user)
            ),
            lambda d: actions.transfer_member(actor=user, membership=membership, **d),
        )
    return steps


def person_context(request: AuthedRequest, person: Person, steps: list[Shown]) -> dict:
    membership = _membership(person)
    forms = {step.name: step.form for step in steps}
    return {
        "person": person,
        "pd": personal_data_for(request.user, [person], page=request.path)[person.pk],
        "membership": membership,
        "changes": membership.changes.select_related("from_branch", "to_branch")
        if membership
        else [],
        "posts": person.posts.select_related("body__branch").order_by("-started_on"),
        # The page lays out the two decisions itself.
        "can_manage": bool(forms),
        "status_form": forms.get("status"),
        "transfer_form": forms.get("transfer"),
    }


PERSON_PAGE = RecordPage(
    template="org/person_detail.html",
    url_name="org:person-detail",
    fetch=get_person_for_user,
    steps=person_steps,
    context=person_context,
    capability=Capability.VIEW_PEOPLE,
)


def accesses(request: AuthedRequest) -> Any:
    """The showings of personal data of the people the user's audit scope holds, with who
    saw it and whose it was by name: the person's data itself is not even read."""
    paths = request.user.scope_paths(Capability.AUDIT_ACCESS)
    return (
        PersonalDataAccess.objects.filter(accesses_to_people_of(paths))
        .select_related("user", "person")
        .only(
            "at",
            "page",
            "fields",
            "user__username",
            "user__first_name",
            "user__last_name",
            "person__surname",
            "person__given_name",
            "person__patronymic",
        )
    )


ACCESS_LOG = Listing(
    title=gettext_lazy("Personal data access log"),
    stem="personal-data-access",
    rows_template="org/_access_rows.html",
    template="org/access_list.html",
    records=accesses,
    filterset=AccessLogFilterSet,
    columns=ACCESS_COLUMNS,
    export_url="org:access-export",
    capability=Capability.AUDIT_ACCESS,
    rows=access_rows,
)
