"""Pages of the organisation: parse, authorise, call a query or an action, render."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from esep.lib.http import AuthedRequest
from esep.lib.trees import nest
from esep.org import sections
from esep.org.models import (
    Body,
    Branch,
    Membership,
    Post,
    Territory,
    get_body_for_user,
    get_branch_for_user,
)
from esep.org.pages import ACCESS_LOG, PEOPLE, PERSON_PAGE
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


person_detail, person_step = PERSON_PAGE.views


access_list, access_export = ACCESS_LOG.views


def territory_list(request: HttpRequest) -> HttpResponse:
    """Territories and their KATO codes are public facts."""
    territories = Territory.objects.order_by("path")
    return render(request, "org/territory_list.html", {"tree": nest(territories)})
