import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from esep.appeals.tests.factories import CategoryFactory
from esep.control.issues.actions import raise_issue
from esep.control.issues.models import Issue
from esep.control.posts import actions
from esep.control.posts.models import ControlPost, Visit
from esep.org.tests.factories import PersonFactory, user_with_role

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen")]
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture
def deputy(tree):
    return tree.members["atyrau"]


@pytest.fixture
def post(tree, deputy):
    officer = user_with_role("reception_officer", tree.atyrau)
    return actions.open_post(
        actor=officer,
        branch=tree.atyrau,
        territory=tree.atyrau.territory,
        object_kind="school",
        object_name="№ 42 мектеп құрылысы",
        address="Атырау, Нұрсая ш/а",
        head=deputy,
        members=[PersonFactory.create()],
        opened_on=dt.date(2026, 9, 1),
    )


def visit(post, **extra):
    data = {
        "actor": post.created_by,
        "post": post,
        "visited_on": dt.date(2026, 11, 20),
        "visitors": [post.head],
        "findings": "Жылу жүйесі қосылмаған, терезелер орнатылмаған.",
        "situation": 2,
    }
    return actions.record_visit(**{**data, **extra})


def test_visit_with_photos_and_its_checks(post):
    photo = SimpleUploadedFile("site.png", PNG, content_type="image/png")
    recorded = visit(post, photos=[photo])
    assert recorded.photos.get().content_type == "image/png"
    fake = SimpleUploadedFile("site.png", b"MZ not an image", content_type="image/png")
    with pytest.raises(ValidationError):
        visit(post, photos=[fake])
    with pytest.raises(ValidationError):
        visit(post, visited_on=dt.date(2026, 8, 1))  # before the post opened
    with pytest.raises(ValidationError):
        visit(post, visited_on=dt.date(2026, 12, 1))  # in the future
    assert Visit.objects.count() == 1


def test_a_finding_becomes_an_appeal_and_an_issue_keeping_the_links(post):
    found = visit(post)
    category = CategoryFactory.create()
    appeal = actions.raise_appeal(
        actor=post.created_by, visit=found, kind="complaint", category=category, text=""
    )
    assert (appeal.channel, appeal.submitter, appeal.branch) == (
        "control_post",
        post.head,
        post.branch,
    )
    assert appeal.text == found.findings
    found.refresh_from_db()
    assert found.appeal == appeal
    with pytest.raises(ValidationError):
        actions.raise_appeal(
            actor=post.created_by, visit=found, kind="complaint", category=category, text=""
        )
    issue = raise_issue(
        actor=post.created_by, visit=found, title="Мектеп уақытында бітпейді", category=category
    )
    assert issue.source == Issue.Source.CONTROL_POST
    assert list(issue.visits.all()) == [found]
    first = issue.events.first()
    assert first is not None
    assert first.action == "registered"


def test_heading_deputy_records_visits_of_own_post_only(client, tree, post, deputy):
    # A deputy of the city branch heading a post of the regional branch still finds it.
    user = user_with_role("deputy", tree.atyrau_city, "deputy-atyrau")
    user.person = deputy
    user.save()
    client.force_login(user)
    page = client.get(post.get_absolute_url())
    assert [s.name for s in page.context["steps"]] == ["visit"]
    response = client.post(
        reverse("control:post-step", args=[post.pk, "visit"]),
        {
            "visited_on": "2026-11-21",
            "visitors": [deputy.pk],
            "findings": "Құрылыс жүріп жатыр",
            "situation": "3",
            "photos": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", PNG)],
        },
    )
    assert response.status_code == 302
    visit = post.visits.get()
    assert visit.recorded_by == user
    # The heading deputy raises the finding as an appeal they bring.
    raised = client.post(
        reverse("control:post-step", args=[post.pk, f"appeal-{visit.pk}"]),
        {"kind": "complaint", "category": CategoryFactory.create().code, "text": ""},
    )
    assert raised.status_code == 302
    visit.refresh_from_db()
    assert visit.appeal.submitter == deputy
    assert post.visits.get().photos.count() == 2
    other = actions.open_post(  # in the deputy's own branch, headed by someone else
        actor=post.created_by,
        branch=tree.atyrau_city,
        territory=tree.atyrau_city.territory,
        object_kind="road",
        object_name="Жол",
        address="Атырау",
        head=PersonFactory.create(),
        opened_on=dt.date(2026, 9, 1),
    )
    refused = client.post(
        reverse("control:post-step", args=[other.pk, "visit"]),
        {"visited_on": "2026-11-21", "findings": "x", "situation": "3"},
    )
    assert refused.status_code == 403
    assert not other.visits.exists()


def test_officer_raises_a_finding_from_the_page(client, tree, post):
    found = visit(post)
    client.force_login(post.created_by)
    category = CategoryFactory.create()
    bad = client.post(
        reverse("control:post-step", args=[post.pk, f"appeal-{found.pk}"]),
        {"kind": "complaint", "category": "no-such-topic"},
    )
    assert bad.status_code == 400
    done = client.post(
        reverse("control:post-step", args=[post.pk, f"appeal-{found.pk}"]),
        {"kind": "complaint", "category": category.code, "text": ""},
    )
    assert done.status_code == 302
    found.refresh_from_db()
    assert found.appeal is not None
    page = client.get(post.get_absolute_url())
    assert found.appeal.number in page.content.decode()


def test_close_post_and_outsiders(client, tree, post):
    outsider = user_with_role("branch_head", tree.kostanay)
    client.force_login(outsider)
    assert client.get(post.get_absolute_url()).status_code == 404
    assert (
        client.post(
            reverse("control:post-step", args=[post.pk, "close"]), {"closed_on": "2026-11-22"}
        ).status_code
        == 404
    )
    client.force_login(post.created_by)
    response = client.post(
        reverse("control:post-step", args=[post.pk, "close"]), {"closed_on": "2026-11-22"}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    assert (post.status, post.closed_on) == (ControlPost.Status.CLOSED, dt.date(2026, 11, 22))
    with pytest.raises(ValidationError):
        visit(post)


def test_post_list_filters_and_export(client, tree, post):
    visit(post)
    client.force_login(user_with_role("analyst", tree.atyrau))
    rows = client.get(reverse("control:posts"), {"object_kind": "school"}).context["page"]
    assert [(p, p.visit_count, p.last_visit) for p in rows] == [(post, 1, dt.date(2026, 11, 20))]
    assert not client.get(reverse("control:posts"), {"object_kind": "road"}).context["page"]
    csv = client.get(reverse("control:post-export", args=["csv"])).content.decode("utf-8-sig")
    assert "№ 42 мектеп құрылысы" in csv and "20.11.2026" in csv
