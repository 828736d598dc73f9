import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db import connection

from esep.access.models import User
from esep.figures import rollup
from esep.org.models import Body, Branch, Membership, Person, Post
from esep.org.roles import Role

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for this module (it takes seconds): each test runs in its own
    transaction on top of it, and the database is emptied when the module is done."""
    with django_db_blocker.unblock():
        out = io.StringIO()
        call_command("demo", stdout=out)
        yield out.getvalue()
        call_command("flush", interactive=False, verbosity=0)
        # Flushing deletes the tables one by one in no set order: appeals deleted after
        # their day counters leave counter rows behind (the triggers take each appeal's
        # count away). Count them afresh, from no appeals: none.
        with connection.cursor() as cursor:
            for statement in rollup.rebuild_sql(connection.vendor):
                cursor.execute(statement)


def test_demo_prints_one_login_per_role(demo):
    for role in Role.values:
        assert User.objects.filter(grants__role=role).exists(), role
    assert "esep-demo-2026" in demo
    assert "atyrau.head" in demo and "kostanay.analyst" in demo


def test_demo_logins_are_spread_over_several_branches(demo):
    assert User.objects.values("grants__branch").distinct().count() >= 4


def test_atyrau_bodies_are_the_size_its_conference_elected(demo):
    seats = dict(Body.objects.filter(branch__code="atyrau").values_list("kind", "seats"))
    assert (seats["political_council"], seats["bureau"], seats["audit_commission"]) == (31, 9, 5)
    filled = Post.objects.filter(body__branch__code="atyrau", body__kind="political_council")
    assert filled.count() == 31
    assert filled.filter(position="chair").count() == 1


def test_demo_people_have_valid_iins_and_phones(demo):
    people = list(Person.objects.all()[:200])
    assert len(people) == 200
    for person in people:
        person.full_clean()  # IIN checksum, birth date and sex agree, phone is Kazakh


def test_demo_is_idempotent(demo):
    counts = (
        Branch.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Post.objects.count(),
        User.objects.count(),
    )
    call_command("demo")
    assert counts == (
        Branch.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        Post.objects.count(),
        User.objects.count(),
    )


def test_demo_tree_covers_every_district_of_the_three_regions(demo):
    for code, districts in (("almaty", 8), ("atyrau", 8), ("kostanay", 20)):
        region = Branch.objects.get(code=code)
        assert Branch.objects.get_children(region).count() == districts
    assert Branch.objects.filter(kind="regional").count() == 20


def test_scale_grows_the_population(demo):
    before = Person.objects.count()
    call_command("demo", scale=2)
    assert Person.objects.count() > before * 1.8


def test_a_demo_analyst_sees_only_kostanay(demo):
    user = User.objects.get(username="kostanay.analyst")
    codes = set(Branch.objects.visible_to(user).values_list("code", flat=True))
    assert codes and all(code.startswith("kostanay") for code in codes)
    assert not Person.objects.visible_to(user).filter(membership__branch__code="atyrau").exists()


def test_demo_appeals_span_the_lifecycle_and_regions(demo):
    from esep.appeals.models import Appeal

    statuses = set(Appeal.objects.values_list("status", flat=True))
    assert {"registered", "assigned", "closed"} <= statuses
    regions = {code.split("-")[0] for code in Appeal.objects.values_list("branch__code", flat=True)}
    assert regions == {"almaty", "atyrau", "kostanay"}
    assert {"kk", "ru"} == set(Appeal.objects.values_list("language", flat=True))
    assert Appeal.objects.under_control().exists()
    # Each applicant's appeal keeps the name and contacts they gave at intake.
    named = list(Appeal.objects.filter(is_anonymous=False).select_related("submitter"))
    assert named and all(
        (a.applicant_name, a.contact_phone) == (a.submitter.full_name, a.submitter.phone)
        for a in named
        if a.submitter is not None
    )


def test_demo_timelines_are_dated_in_the_years_they_tell_of(demo):
    from django.db.models import F

    from esep.appeals.models import Appeal, AppealEvent

    latest = dt.datetime(2022, 3, 1, tzinfo=dt.UTC)
    assert not AppealEvent.objects.filter(at__gt=latest).exists()
    assert not AppealEvent.objects.filter(at__lt=F("appeal__received_at")).exists()
    closed = Appeal.objects.filter(status="closed")
    assert closed.exists() and not closed.filter(closed_at__gt=latest).exists()
    assert not closed.filter(closed_at__lt=F("answered_at")).exists()


def test_demo_party_work_covers_a_year_and_is_idempotent(demo):
    from esep.control.models import ControlPost, Instruction, Issue, Meeting
    from esep.receptions.models import Reception

    counts = [m.objects.count() for m in (Reception, ControlPost, Issue, Meeting, Instruction)]
    assert all(counts), counts
    assert set(Reception.objects.values_list("status", flat=True)) == {
        "planned",
        "held",
        "cancelled",
    }
    held = Reception.objects.filter(status="held")
    assert {"office", "mobile"} == set(held.values_list("kind", flat=True))
    assert all(
        r.people_received is not None and r.people_received >= r.appeals.count()
        for r in held.exclude(appeals=None)[:50]
    )
    assert set(Issue.objects.values_list("status", flat=True)) >= {"in_work", "resolved"}
    assert set(Instruction.objects.values_list("status", flat=True)) >= {"accepted", "returned"}
    deputy = User.objects.get(username="atyrau.deputy")
    assert ControlPost.objects.visible_to(deputy).filter(head=deputy.person).exists()
    contact = User.objects.get(username="kostanay.statebody")
    assert Instruction.objects.visible_to(contact).count() == 1
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "receptions added: 0, control posts: 0" in out.getvalue()
    assert counts == [
        m.objects.count() for m in (Reception, ControlPost, Issue, Meeting, Instruction)
    ]


def test_demo_publishes_reports_so_the_public_list_is_never_empty(demo, client):
    from esep.figures.models import PublishedReport

    published = PublishedReport.objects.public()
    assert published.count() >= 1 and all(report.intact for report in published)
    assert client.get("/kk/figures/reports/").context["page"].object_list
    report = published.get(scope="central")
    assert report.press_kk and report.press_ru
    page = client.get(f"/en/figures/reports/{report.pk}/")
    assert page.status_code == 200 and page.context["press"].language == "en"
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "reports published: 0" in out.getvalue()
    assert PublishedReport.objects.count() == published.count()


def test_demo_offices_have_the_address_their_receipts_print(demo):
    offices = Branch.objects.exclude(kind=Branch.Kind.PRIMARY)
    assert offices.exists() and not offices.filter(address="").exists()


def test_demo_mobile_figures_agree_in_every_year_and_branch(demo):
    """Appeals from mobile receptions only where mobile receptions were held: in every year
    and branch of the demo; and each appeal that came by a mobile reception has one, held."""
    from esep.appeals.models import Appeal
    from esep.figures.compute import compute, parse_scope
    from esep.figures.periods import Period

    mobile = Appeal.objects.filter(channel="mobile_reception")
    assert mobile.exists()
    assert not mobile.exclude(reception__kind="mobile", reception__status="held").exists()
    codes = ["receptions.mobile_held", "receptions.mobile_appeals"]
    years = sorted({d.year for d in Appeal.objects.dates("registered_on", "year")})
    assert 2020 in years
    for year in years:
        period = Period(dt.date(year, 1, 1), dt.date(year, 12, 31))
        national = compute(codes, parse_scope("central"), period)
        assert national["receptions.mobile_appeals"] > 0, year  # 2020 is not left empty
        for code in (
            Branch.objects.filter(appeals__isnull=False).values_list("code", flat=True).distinct()
        ):
            values = compute(codes, parse_scope(code), period)
            if values["receptions.mobile_appeals"] > 0:
                assert values["receptions.mobile_held"] > 0, (year, code)
