import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import F

from esep.access.models import User
from esep.org.models import Body, Branch, Membership, Person, Post
from esep.org.roles import Role

pytestmark = pytest.mark.django_db


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
    filled = Post.objects.filter(
        body__branch__code="atyrau", body__kind="political_council"
    ).current()
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
    # The members grow; the deputies are as many as their bodies' seats at any scale.
    before = Membership.objects.count()
    call_command("demo", scale=2)
    assert Membership.objects.count() > before * 1.8


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


def test_demo_programme_gives_the_seeds_figures_from_its_records(demo):
    """215 members of the Kostanay branch monitor its road map; Almaty collected over 1,600
    proposals, 79% of them included (seeds 003 and 000) — counted by the figure registry
    from the records, for the whole collection and for each of its two years."""
    from esep.figures.compute import compute, parse_scope
    from esep.figures.periods import Period
    from esep.programme.models import Monitor, Proposal

    kostanay = Branch.objects.get(code="kostanay")
    active = Monitor.objects.filter(road_map__branch=kostanay, until__isnull=True)
    assert active.count() == 215
    assert not active.exclude(
        person__membership__branch__path__startswith=kostanay.path,
        person__membership__status="active",
    ).exists()
    year = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
    assert compute(["programme.monitors"], parse_scope("kostanay"), year) == {
        "programme.monitors": 215
    }
    almaty = Branch.objects.get(code="almaty")
    proposals = Proposal.objects.filter(branch__path__startswith=almaty.path)
    received, included = proposals.count(), proposals.filter(decision="included").count()
    assert received >= 1600 and round(100 * included / received) == 79
    codes = ["programme.proposals_received", "programme.proposals_included_share"]
    for first, last in (
        ((2020, 9, 1), (2021, 12, 31)),
        ((2020, 1, 1), (2020, 12, 31)),
        (
            (2021, 1, 1),
            (2021, 12, 31),
        ),
    ):
        period = Period(dt.date(*first), dt.date(*last))
        values = compute(codes, parse_scope("almaty"), period)
        assert values["programme.proposals_received"] > 600, period
        assert round(values["programme.proposals_included_share"]) == 79, period


def test_demo_proposals_are_decided_every_way_and_carry_no_personal_data(demo):
    from esep.programme.models import Proposal

    proposals = Proposal.objects.filter(branch__code__startswith="almaty")
    assert set(proposals.values_list("channel", flat=True)) == {
        "online",
        "reception",
        "meeting",
        "letter",
    }
    assert set(proposals.values_list("language", flat=True)) == {"kk", "ru"}
    assert set(proposals.values_list("decision", flat=True)) == {
        "included",
        "merged",
        "not_included",
    }
    assert proposals.filter(decision="included", section__isnull=False).exists()
    assert proposals.filter(decision="included", promise__isnull=False).exists()
    assert not proposals.filter(decision="not_included", decision_reason="").exists()
    assert not proposals.filter(received_on__lt=dt.date(2020, 9, 1)).exists()
    assert not proposals.filter(received_on__gt=dt.date(2021, 12, 31)).exists()
    assert not proposals.filter(decided_on__gt=dt.date(2021, 12, 31)).exists()
    assert not proposals.filter(decided_on__lt=F("received_on")).exists()
    # Names invented and given alone: no person recorded, no contacts.
    assert proposals.exclude(author_name="").exists()
    assert not proposals.filter(submitter__isnull=False).exists()
    assert all(p.contact_phone == "" and p.contact_email == "" for p in proposals[:300])


def test_demo_programme_shows_every_pace_band_verdict_and_status(demo):
    from django.utils import timezone

    from esep.programme import progress
    from esep.programme.models import Indicator, Measure, Promise, Status, Verdict

    today = timezone.localdate()
    bands = set(progress.Band.values)
    indicators = progress.indicators_progress(Indicator.objects.all(), on=today)
    assert {str(p.band) for p in indicators.values() if p.band} == bands
    measures = progress.measures_progress(Measure.objects.all(), on=today)
    assert {str(p.band) for p in measures.values() if p.band} == bands
    directions = set(Indicator.objects.values_list("direction", flat=True))
    assert directions == {"increase", "decrease", "band", "yes_no"}
    assert set(Indicator.objects.values_list("aggregation", flat=True)) == {
        "sum",
        "mean",
        "weighted",
        "ratio",
    }
    for model in (Promise, Measure):
        assert set(model.objects.values_list("verdict", flat=True)) == set(Verdict.values)
        assert set(model.objects.values_list("status", flat=True)) == set(Status.values)
        assert not model.objects.filter(verdict="broken", broken_reason="").exists()
    # Past the deadline, below the target, no verdict yet: flagged, never changed silently.
    flagged = [pk for pk, p in measures.items() if p.needs_verdict]
    assert flagged
    assert not Measure.objects.filter(pk__in=flagged).exclude(verdict="not_rated").exists()
    road_maps = set(Measure.objects.values_list("road_map__branch__code", flat=True))
    assert len(road_maps) == 4 and 55 <= Measure.objects.count() <= 65


def test_demo_programme_changes_have_evidence_and_four_eyes(demo):
    from esep.programme.models import Change, HistoryEntry

    states = set(Change.objects.values_list("state", flat=True))
    assert states == {"pending", "approved", "returned"}
    assert Change.objects.filter(state="pending").count() >= 3
    assert not Change.objects.filter(evidence__isnull=True).exists()
    assert not Change.objects.filter(decided_by=F("proposed_by")).exists()
    proposers = set(Change.objects.values_list("proposed_by__grants__role", flat=True))
    assert proposers == {"monitor"}
    deciders = set(
        Change.objects.exclude(state="pending").values_list("decided_by__username", flat=True)
    )
    assert {"almaty.head", "atyrau.head", "kostanay.head", "admin"} == deciders
    assert HistoryEntry.objects.filter(corrects__isnull=False).count() == 1
    assert HistoryEntry.objects.count() == Change.objects.filter(state="approved").count()


def test_demo_monitor_login_follows_its_road_map(demo):
    from esep.programme.plans import rules

    assert "kostanay.monitor" in demo
    user = User.objects.get(username="kostanay.monitor")
    assert user.roles == {"monitor"} and user.person is not None
    road_map = rules.active_monitors().get(person=user.person).road_map
    assert road_map.branch.code == "kostanay" and rules.may_record(user, road_map)
    assert user.person.membership.status == "active"


def test_demo_programme_is_not_made_twice(demo):
    from esep.programme.models import Change, Measure, Monitor, Observation, Promise, Proposal

    models = (Promise, Measure, Observation, Change, Monitor, Proposal)
    counts = [m.objects.count() for m in models]
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert (
        "programme promises added: 0, road-map measures: 0, observations: 0, changes: 0, "
        "monitors: 0, citizens' proposals: 0"
    ) in out.getvalue()
    assert counts == [m.objects.count() for m in models]


def test_demo_deputies_give_the_seeds_figures_and_link_the_work(demo):
    """2,700+ of the party's deputies rated, 600+ young, 44 of them in Kostanay oblast (seed
    003), the Mazhilis of 2021; every receiver of the regions' receptions and every control
    post's head and member holds a mandate; the factions are their mandates' seats."""
    from esep.control.models import ControlPost
    from esep.deputies.models import Mandate, RepresentativeBody, Snapshot
    from esep.receptions.models import Reception

    december = Snapshot.objects.filter(month=dt.date(2021, 12, 1)).current()
    assert december.count() >= 2700
    assert december.filter(young=True).count() >= 600
    kostanay = Branch.objects.get(code="kostanay")
    in_kostanay = december.filter(
        young=True, mandate__convocation__body__branch__path__startswith=kostanay.path
    )
    assert in_kostanay.count() == 44
    own = Mandate.objects.of_own_party().in_office(dt.date(2021, 12, 31))
    women = own.filter(person__sex="female").count() / own.count()
    assert 0.2 < women < 0.35
    for person in Person.objects.filter(mandates__isnull=False)[:100]:
        person.full_clean()
    mazhilis = Mandate.objects.filter(convocation__body__code="mazhilis")
    assert mazhilis.filter(ended_on__isnull=True).count() == 98
    assert mazhilis.of_own_party().filter(ended_on__isnull=True).count() == 76
    bodies = RepresentativeBody.objects
    assert bodies.filter(level__in=["oblast", "city"]).count() == 20
    assert (
        not bodies.filter(branch__code__startswith="almaty-", level="district")
        .exclude(branch__code__startswith="almaty-region")
        .exists()
    )
    for code in ("atyrau", "kostanay"):
        region = Branch.objects.get(code=code)
        for district in Branch.objects.get_children(region):
            assert bodies.filter(branch=district).exists(), district.code
    deputies = set(Mandate.objects.values_list("person_id", flat=True))
    receivers = set(Reception.receivers.through.objects.values_list("person_id", flat=True))
    assert receivers and receivers <= deputies
    posts = ControlPost.objects.all()
    assert set(posts.values_list("head_id", flat=True)) <= deputies
    assert set(ControlPost.members.through.objects.values_list("person_id", flat=True)) <= deputies
    factions = Post.objects.filter(
        body__kind="maslikhat_faction", body__branch__path__startswith=kostanay.path
    )
    assert factions.exists() and not factions.filter(mandate__isnull=True).exists()


def test_demo_rating_months_are_published_corrected_and_pending(demo):
    from esep.deputies.models import Correction, Method, Publication, Snapshot

    assert list(Method.objects.order_by("version").values_list("valid_from", flat=True)) == [
        dt.date(2021, 2, 1),
        dt.date(2021, 7, 1),
    ]
    assert all(m.notes_kk and m.notes_ru and m.notes_en for m in Method.objects.all())
    published = set(Publication.objects.values_list("month", flat=True))
    assert published == {dt.date(2021, month, 1) for month in range(2, 12)}
    assert {"central", "kostanay"} == set(
        Publication.objects.values_list("branch__code", flat=True)
    )
    assert Publication.objects.filter(revision=2, branch__code="kostanay").count() == 1
    assert not Snapshot.objects.filter(month=dt.date(2021, 12, 1)).published().exists()
    assert Snapshot.objects.filter(month=dt.date(2021, 2, 1), method__version=1).exists()
    assert Snapshot.objects.filter(month=dt.date(2021, 7, 1), method__version=2).exists()
    states = set(Correction.objects.values_list("state", "month"))
    assert ("pending", dt.date(2021, 12, 1)) in states
    assert {"confirmed", "refused"} <= {state for state, _month in states}
    assert not Correction.objects.filter(state="pending").exclude(month=dt.date(2021, 12, 1))


def test_demo_deputy_logins_act_as_their_deputies(demo):
    from esep.deputies import rules
    from esep.deputies.models import Mandate, MandatePost

    assert "kostanay.deputy" in demo and "kostanay.secretary" in demo
    deputy = User.objects.get(username="kostanay.deputy")
    mandate = Mandate.objects.get(person=deputy.person)
    assert mandate.convocation.body.code == "kostanay-maslikhat"
    assert Mandate.objects.visible_to(deputy).filter(pk=mandate.pk).exists()
    secretary = User.objects.get(username="kostanay.secretary")
    assert MandatePost.objects.filter(mandate__person=secretary.person, position="secretary")
    assert rules.is_secretary(secretary, mandate.convocation)
    assert Mandate.objects.filter(person=User.objects.get(username="atyrau.deputy").person)
    out = io.StringIO()
    call_command("demo", stdout=out)
    assert "representative bodies added: 0, deputies: 0" in out.getvalue()
