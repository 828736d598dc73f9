"""`esep demo --seeds`: on top of the demo, the records behind the seeds' appeals-side figures,
each counted by the figure registry and listed by its drill-down. Most tests load the seeds
at a smaller scale (their own targets, above what the demo already holds, so the top-up is
tested); one loads them at their own scale."""

import datetime as dt
import io
import os

import pytest
from django.core.management import call_command
from django.db.models import Count, Sum

from esep.access.models import User
from esep.appeals.actions import CONSIDERATION_WORKING_DAYS, official_calendar
from esep.appeals.models import Appeal, AppealCounter, AppealEvent
from esep.control.models import ControlPost, Issue
from esep.demo import seeds
from esep.demo.context import Demo
from esep.deputies.models import Mandate
from esep.figures.compute import compute, parse_scope, records
from esep.figures.periods import Period
from esep.org.models import Branch
from esep.receptions.models import Reception

pytestmark = pytest.mark.django_db

ATYRAU_YEARS = Period(dt.date(2019, 1, 1), dt.date(2020, 12, 31))
YEAR_2021 = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
MOBILE_MONTH = Period(seeds.MOBILE_FIRST, seeds.MOBILE_LAST)
SMALL = seeds.Targets(
    atyrau_appeals=1_300,
    atyrau_resolved_positively=748,
    national_appeals=2_500,
    national_receptions=1_600,
    public_council_issues=60,
    almaty_mobile_people=130,
    almaty_mobile_positive_percent=67,
    almaty_posts=12,
)


def admin() -> User:
    return User.objects.get(username="admin")


def drilled(code: str, scope: str, period: Period) -> int:
    """How many records the figure's drill-down lists for the central administrator."""
    return records(code, parse_scope(scope), period, user=admin()).count()


def assert_figures(targets: seeds.Targets) -> None:
    # Seed 001: the Atyrau branch's appeals of 2019–2020 and those resolved positively.
    codes = ["appeals.received", "appeals.resolved_positively"]
    atyrau = compute(codes, parse_scope("atyrau"), ATYRAU_YEARS)
    assert atyrau == {
        "appeals.received": targets.atyrau_appeals,
        "appeals.resolved_positively": targets.atyrau_resolved_positively,
    }
    assert compute(codes, parse_scope("atyrau"), ATYRAU_YEARS, use_rollup=False) == atyrau
    assert drilled("appeals.received", "atyrau", ATYRAU_YEARS) == targets.atyrau_appeals
    assert (
        drilled("appeals.resolved_positively", "atyrau", ATYRAU_YEARS)
        == targets.atyrau_resolved_positively
    )
    # Seed 004: the country's appeals, receptions held and acute issues of 2021.
    codes = ["appeals.received", "receptions.held", "issues.taken_under_control"]
    country = compute(codes, parse_scope("central"), YEAR_2021)
    assert country["appeals.received"] == targets.national_appeals
    assert country["receptions.held"] == targets.national_receptions
    assert country["issues.taken_under_control"] >= targets.public_council_issues
    by_source = compute(
        ["issues.taken_under_control"], parse_scope("central"), YEAR_2021, breakdown="source"
    )["issues.taken_under_control"]
    assert by_source["public_council"] == targets.public_council_issues
    assert drilled("appeals.received", "central", YEAR_2021) == targets.national_appeals
    assert drilled("receptions.held", "central", YEAR_2021) == targets.national_receptions
    # Seed 002: Almaty's mobile receptions in the project's first month, and the control
    # posts its maslikhat's deputies headed when they were counted.
    codes = [
        "receptions.mobile_people_received",
        "receptions.mobile_resolved_positively_share",
        "deputies.control_posts_headed",
    ]
    almaty = compute(codes, parse_scope("almaty"), MOBILE_MONTH)
    assert almaty["receptions.mobile_people_received"] == targets.almaty_mobile_people
    assert round(almaty["receptions.mobile_resolved_positively_share"]) == (
        targets.almaty_mobile_positive_percent
    )
    assert almaty["deputies.control_posts_headed"] == targets.almaty_posts
    held = records("receptions.mobile_people_received", parse_scope("almaty"), MOBILE_MONTH,
                   user=admin())  # fmt: skip
    assert held.aggregate(n=Sum("people_received"))["n"] == targets.almaty_mobile_people
    assert drilled("deputies.control_posts_headed", "almaty", MOBILE_MONTH) == targets.almaty_posts


def test_the_seeds_figures_come_out_of_the_registry_and_its_drill_down(demo):
    before = compute(["appeals.received"], parse_scope("atyrau"), ATYRAU_YEARS)
    assert 0 < before["appeals.received"] < SMALL.atyrau_appeals  # the demo's own are topped up
    seeds.load(Demo(scale=1), SMALL)
    assert_figures(SMALL)


def test_a_second_run_adds_nothing(demo):
    seeds.load(Demo(scale=1), SMALL)
    counts = [m.objects.count() for m in (Appeal, AppealEvent, Reception, Issue, ControlPost)]
    again = seeds.load(Demo(scale=1), SMALL)
    assert set(again.values()) == {0}
    assert counts == [
        m.objects.count() for m in (Appeal, AppealEvent, Reception, Issue, ControlPost)
    ]


def test_seed_appeals_are_numbered_due_answered_and_dated_as_registration_would(demo):
    existing = set(Appeal.objects.values_list("pk", flat=True))
    seeds.load(Demo(scale=1), SMALL)
    added = Appeal.objects.exclude(pk__in=existing)
    assert added.count() > 3_000
    # Each branch's counter is its last number, the numbers unique and consecutive.
    for row in added.values("branch", "registered_on__year").annotate(n=Count("pk")):
        counter = AppealCounter.objects.get(branch=row["branch"], year=row["registered_on__year"])
        numbers = Appeal.objects.filter(
            branch=row["branch"], registered_on__year=row["registered_on__year"]
        ).values_list("number", flat=True)
        assert max(int(n.rsplit("-", 1)[1]) for n in numbers) == counter.last == len(numbers)
    calendar = official_calendar()
    for appeal in added.order_by("?")[:50]:
        assert appeal.due_on == calendar.add_working_days(
            appeal.registered_on, CONSIDERATION_WORKING_DAYS
        )
        assert appeal.answered_on is not None
        assert appeal.answer_working_days == calendar.working_days_between(
            appeal.registered_on, appeal.answered_on
        )
        assert appeal.submitter is not None
        appeal.submitter.full_clean()  # a valid IIN, birth date and sex agreeing, a phone
        steps = {e.action: e.at for e in appeal.events.all()}
        assert steps == {
            "registered": appeal.received_at,
            "answer": appeal.answered_at,
            "close": appeal.closed_at,
        }
    assert len(set(added.values_list("tracking_code", flat=True))) == added.count()
    # Every appeal from a mobile reception came by one that was held, at least as many
    # people received there as appeals registered.
    mobile = added.filter(channel="mobile_reception")
    assert mobile.exists()
    assert not mobile.exclude(reception__kind="mobile", reception__status="held").exists()
    for reception in Reception.objects.filter(appeals__in=mobile).distinct():
        assert (reception.people_received or 0) >= reception.appeals.count() > 0


def test_the_almaty_posts_are_headed_by_city_maslikhat_deputies_and_closed_in_2020(demo):
    seeds.load(Demo(scale=1), SMALL)
    almaty = Branch.objects.get(code="almaty")
    posts = ControlPost.objects.filter(
        branch__path__startswith=almaty.path, opened_on__lte=seeds.MOBILE_LAST
    )
    assert posts.count() == SMALL.almaty_posts
    heads = Mandate.objects.of_own_party().filter(convocation__body__branch__code="almaty")
    assert not posts.exclude(head__in=heads.values("person")).exists()
    assert set(posts.values_list("closed_on", flat=True)) == {seeds.POSTS_CLOSED}
    # They do not stand among 2021's posts.
    year = compute(["control_posts.active"], parse_scope("almaty"), YEAR_2021)
    assert (
        year["control_posts.active"]
        == ControlPost.objects.filter(
            branch__path__startswith=almaty.path, opened_on__year=2021, closed_on__isnull=True
        ).count()
    )


def test_the_command_loads_the_seeds_with_the_demo(demo, monkeypatch):
    monkeypatch.setattr(seeds, "SEEDS", SMALL)
    monkeypatch.setattr(seeds.load, "__defaults__", (SMALL,))
    out = io.StringIO()
    call_command("demo", seeds=True, stdout=out)
    assert "seeds: atyrau appeals added: " in out.getvalue()
    assert_figures(SMALL)


@pytest.mark.skipif(
    not os.environ.get("ESEP_SEEDS_FULL"),
    reason="the seeds at their own scale: ESEP_SEEDS_FULL=1 (a few minutes on SQLite)",
)
def test_the_seeds_at_their_own_scale(demo):
    added = seeds.load(Demo(scale=1))
    assert added["appeals of 2021"] > 100_000
    assert_figures(seeds.SEEDS)
    assert 103_000 < seeds.SEEDS.national_appeals < 104_000
    assert seeds.SEEDS.public_council_issues > 4_500
