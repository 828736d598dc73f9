"""What the pages of control posts show and allow, declared once for the HTML views and the
REST API: the list, opening a post, and a post's page with the steps its deputies and the
branch's staff may take (a visit, closing, raising a finding as an appeal or an issue)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from esep.access.models import User
from esep.control.common import managed_branches, manages, office_holders
from esep.control.issues.actions import raise_issue
from esep.control.posts import actions
from esep.control.posts import forms as f
from esep.control.posts.filters import PostFilterSet
from esep.control.posts.models import ControlPost, Visit
from esep.control.posts.queries import POST_COLUMNS
from esep.lib.http import AuthedRequest
from esep.lib.listing import Listing
from esep.lib.steps import CreatePage, RecordPage, Shown, Step
from esep.org.models import Person
from esep.org.roles import Capability


def get_post_for_user(user: User, pk: int) -> ControlPost:
    return get_object_or_404(
        ControlPost.objects.visible_to(user).select_related("branch", "territory", "head"), pk=pk
    )


def new_post(user: User) -> Step:
    """Opening a control post (its page and the API's create)."""
    return Step(
        gettext_lazy("Open a control post"),
        lambda data=None, files=None: f.PostForm(
            data,
            files,
            branches=managed_branches(user),
            people=office_holders(user),
            initial={"opened_on": timezone.localdate()},
        ),
        lambda d: actions.open_post(actor=user, **d),
        gettext_lazy("The control post is opened."),
    )


NEW_POST = CreatePage(
    new_post,
    "frame/form.html",
    Capability.MANAGE_WORK,
    url_name="control:post-new",
)


POSTS = Listing(
    title=gettext_lazy("Party control posts"),
    stem="control-posts",
    rows_template="control/_post_rows.html",
    records=lambda request: ControlPost.objects.visible_to(request.user).select_related(
        "branch", "territory", "head"
    ),
    filterset=PostFilterSet,
    columns=POST_COLUMNS,
    export_url="control:post-export",
    capability=Capability.VIEW_WORK,
    create=NEW_POST,
)


def post_steps(request: AuthedRequest, post: ControlPost) -> dict[str, Step]:
    user, steps = request.user, dict[str, Step]()
    branch_manager = manages(user, post.branch)
    on_post = post.is_on_post(user)
    active = post.status == ControlPost.Status.ACTIVE
    if active and (branch_manager or on_post):
        people = Person.objects.filter(pk=post.head_id) | post.members.all()
        steps["visit"] = Step(
            gettext_lazy("Record an inspection visit"),
            lambda data=None, files=None: f.VisitForm(
                data, files, people=people.distinct(), initial={"visited_on": timezone.localdate()}
            ),
            lambda d: actions.record_visit(actor=user, post=post, **d),
            _("The visit is recorded."),
            multipart=True,
        )
    if active and branch_manager:
        steps["close"] = Step(
            gettext_lazy("Close the post"),
            lambda data=None, files=None: f.ClosePostForm(
                data, files, initial={"closed_on": timezone.localdate()}
            ),
            lambda d: actions.close_post(actor=user, post=post, **d),
            _("The control post is closed."),
        )
    if branch_manager or on_post:  # the post's own deputies raise what they found
        for visit in post.visits.all():
            if visit.appeal_id is None:
                steps[f"appeal-{visit.pk}"] = _raise_appeal_step(user, visit)
            steps[f"issue-{visit.pk}"] = _raise_issue_step(user, visit)
    return steps


def _raise_appeal_step(user: User, visit: Visit) -> Step:
    def perform(data: dict) -> str:
        appeal = actions.raise_appeal(actor=user, visit=visit, **data)
        return _("Appeal %(number)s is registered.") % {"number": appeal.number}

    return Step(
        gettext_lazy("Raise as an appeal"),
        lambda data=None, files=None: f.RaiseAppealForm(data, files),
        perform,
    )


def _raise_issue_step(user: User, visit: Visit) -> Step:
    def perform(data: dict) -> str:
        raise_issue(actor=user, visit=visit, **data)
        return _("The acute social issue is registered.")

    return Step(
        gettext_lazy("Raise as an acute social issue"),
        lambda data=None, files=None: f.RaiseIssueForm(
            data, files, initial={"title": visit.post.object_name}
        ),
        perform,
    )


def _post_context(request: AuthedRequest, post: ControlPost, steps: list[Shown]) -> dict:
    """The post's own steps on top; each visit's (raise as appeal or issue) beside it."""
    visits = list(
        post.visits.prefetch_related("visitors", "photos", "issues").select_related("appeal")
    )
    for visit in visits:
        visit.steps = [s for s in steps if s.name.endswith(f"-{visit.pk}")]  # type: ignore[attr-defined]
    return {
        "post": post,
        "members": post.members.order_by("surname"),
        "visits": visits,
        "steps": [s for s in steps if s.name in ("visit", "close")],
    }


POST_PAGE = RecordPage(
    template="control/post_detail.html",
    url_name="control:post",
    fetch=get_post_for_user,
    steps=post_steps,
    context=_post_context,
    capability=Capability.VIEW_WORK,
)
