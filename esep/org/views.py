"""Pages of the organisation: parse, authorise, call a query or an action, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from esep.lib.http import AuthedRequest
from esep.lib.permissions import require
from esep.lib.trees import nest
from esep.org import actions, sections
from esep.org.forms import MembershipStatusForm, TransferForm
from esep.org.models import (
    Body,
    Branch,
    Membership,
    Person,
    Post,
    Territory,
    get_body_for_user,
    get_branch_for_user,
    get_person_for_user,
    subtree_q,
)
from esep.org.pages import PEOPLE
from esep.org.privacy import personal_data_for
from esep.org.roles import Capability


def active_members() -> Count:
    return Count("memberships", filter=Q(memberships__status=Membership.Status.ACTIVE))


@login_required
def branch_list(request: AuthedRequest) -> HttpResponse:
    branches = (
        Branch.objects.visible_to(request.user)
        .exclude(kind=Branch.Kind.PRIMARY)
        .select_related("territory")
        .annotate(members=active_members())
        .order_by("path")
    )
    return render(
        request,
        "org/branch_list.html",
        {"tree": nest(branches), "can_view_org": request.user.can(Capability.VIEW_ORG)},
    )


@login_required
def branch_detail(request: AuthedRequest, code: str) -> HttpResponse:
    branch = get_branch_for_user(request.user, code)
    visible = Branch.objects.visible_to(request.user)
    children = (
        visible.filter(path__startswith=branch.path, depth=branch.depth + 1)
        .select_related("territory")
        .annotate(members=active_members())
        .order_by("kind", "path")
    )
    ancestors = Branch.objects.get_ancestors(branch).filter(pk__in=visible.values("pk"))
    bodies = sorted(
        Body.objects.filter(branch=branch).prefetch_related(
            Prefetch(
                "posts",
                queryset=Post.objects.current()
                .select_related("person")
                .order_by("position", "person__surname"),
                to_attr="current_posts",
            )
        ),
        key=lambda body: Body.Kind.values.index(body.kind),
    )
    subtree_members = Membership.objects.filter(
        branch__path__startswith=branch.path, status=Membership.Status.ACTIVE
    ).count()
    return render(
        request,
        "org/branch_detail.html",
        {
            "branch": branch,
            "ancestors": ancestors,
            "children": children,
            "bodies": bodies,
            "subtree_members": subtree_members,
            "can_view_people": request.user.can(Capability.VIEW_PEOPLE, branch.path),
            "sections": sections.shown(request, branch),
        },
    )


@login_required
def body_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    body = get_body_for_user(request.user, pk)
    posts = Post.objects.filter(body=body).select_related("person")
    current = list(posts.current().order_by("position", "person__surname"))
    current_ids = {p.pk for p in current}
    past = [p for p in posts.order_by("-ended_on") if p.pk not in current_ids]
    return render(
        request,
        "org/body_detail.html",
        {
            "body": body,
            "current": current,
            "past": past,
            "vacant": max(body.seats - len(current), 0),
            "can_view_people": request.user.can(Capability.VIEW_PEOPLE, body.branch.path),
        },
    )


person_list, person_export = PEOPLE.views


def person_context(request: AuthedRequest, person: Person) -> dict:
    membership = Membership.objects.filter(person=person).select_related("branch").first()
    changes = membership.changes.select_related("from_branch", "to_branch") if membership else []
    posts = person.posts.select_related("body__branch").order_by("-started_on")
    can_manage = membership is not None and request.user.can(
        Capability.MANAGE_MEMBERSHIP, membership.branch.path
    )
    manage_branches = managed_branches(request) if can_manage else Branch.objects.none()
    return {
        "person": person,
        "pd": personal_data_for(request.user, [person], page=request.path)[person.pk],
        "membership": membership,
        "changes": changes,
        "posts": posts,
        "can_manage": can_manage,
        "status_form": MembershipStatusForm(),
        "transfer_form": TransferForm(branches=manage_branches),
    }


def managed_branches(request: AuthedRequest):
    """Where this user may move members to."""
    return Branch.objects.filter(
        subtree_q(request.user.scope_paths(Capability.MANAGE_MEMBERSHIP))
    ).order_by("path")


@login_required
def person_detail(request: AuthedRequest, pk: int) -> HttpResponse:
    require(request.user, Capability.VIEW_PEOPLE)
    person = get_person_for_user(request.user, pk)
    return render(request, "org/person_detail.html", person_context(request, person))


def get_managed_membership(request: AuthedRequest, pk: int) -> Membership:
    person = get_person_for_user(request.user, pk)
    membership = Membership.objects.filter(person=person).select_related("branch").first()
    if membership is None or not request.user.can(
        Capability.MANAGE_MEMBERSHIP, membership.branch.path
    ):
        raise PermissionDenied(_("Your role does not allow changing this membership."))
    return membership


@require_POST
@login_required
def membership_status(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_managed_membership(request, pk)
    form = MembershipStatusForm(request.POST)
    if form.is_valid():
        try:
            actions.change_membership_status(
                actor=request.user, membership=membership, **form.cleaned_data
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("org:person-detail", pk=pk)
    context = person_context(request, membership.person)
    context["status_form"] = form
    return render(request, "org/person_detail.html", context, status=400)


@require_POST
@login_required
def membership_transfer(request: AuthedRequest, pk: int) -> HttpResponse:
    membership = get_managed_membership(request, pk)
    form = TransferForm(request.POST, branches=managed_branches(request))
    if form.is_valid():
        try:
            actions.transfer_member(actor=request.user, membership=membership, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("org:person-detail", pk=pk)
    context = person_context(request, membership.person)
    context["transfer_form"] = form
    return render(request, "org/person_detail.html", context, status=400)


def territory_list(request: HttpRequest) -> HttpResponse:
    """Territories and their KATO codes are public facts."""
    territories = Territory.objects.order_by("path")
    return render(request, "org/territory_list.html", {"tree": nest(territories)})
