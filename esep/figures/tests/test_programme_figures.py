"""The election programme's figures against a small world counted by hand: promises by
verdict, measures completed and overdue, indicators on track by their pace, citizens'
proposals received and included, members monitoring road maps — scoped by branch, territory
and period, seen only within the user's branches, and drilled down to the records."""

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from esep.figures import press, reports
from esep.figures.compute import compute, compute_periods, parse_scope, records
from esep.figures.periods import Period
from esep.figures.registry import PROGRAMME, get, registry
from esep.org.tests.factories import PersonFactory, user_with_role
from esep.programme.models import (
    Direction,
    Indicator,
    Measure,
    Monitor,
    Observation,
    Programme,
    Promise,
    Proposal,
    RoadMap,
    Section,
    Status,
    Verdict,
)
from esep.programme.tests.factories import build_programme

pytestmark = pytest.mark.django_db
YEAR = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
TODAY = dt.date(2022, 2, 1)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=dt.UTC), tick=False):
        yield


def _indicator(measure, code, direction, baseline, target):
    return Indicator.objects.create(
        measure=measure,
        code=code,
        title_kk=code,
        title_ru=code,
        unit="%",
        direction=direction,
        baseline=Decimal(baseline),
        baseline_on=dt.date(2021, 1, 1),
        target=Decimal(target),
        target_on=dt.date(2023, 12, 31),
    )


def _proposal(number, branch, territory, received_on, decision="pending", **extra):
    if decision != "pending":
        extra.setdefault("decided_on", received_on + dt.timedelta(days=10))
    return Proposal.objects.create(
        number=number,
        programme=extra.pop("programme"),
        text="Ауылға жол салу керек",
        language="kk",
        channel=extra.pop("channel", "online"),
        territory=territory,
        branch=branch,
        received_on=received_on,
        decision=decision,
        **extra,
    )


@pytest.fixture
def programme(tree):
    """The programme world of the programme's tests, and around it:
    - promises: the central programme's two (1.1 kept, 1.2 not rated, the country's) and
      Kostanay's own programme's one, broken, in Rudny;
    - measures: Kostanay's M1 (deadline 2023, not started), M2 (completed, in Rudny), M3
      (deadline 30 September 2021, in progress: overdue now), and one of a national road map;
    - indicators: M1's WATER observed on track at the end of 2021, M2's decrease one observed
      with limited progress, M3's never observed;
    - proposals: Kostanay's three of 2021 (one included, one not, one pending, the second
      in Rudny) and one of 2022, Atyrau's one of 2021 included;
    - monitors on 31 December 2021: the world's monitor (on Kostanay's and on the national
      road map: one person) and a second Kostanay member; a third whose assignment ended on
      1 October 2021; a fourth assigned only in 2022."""
    w = build_programme(tree)
    rudny = tree.rudny.territory
    Promise.objects.filter(pk=w.promise.pk).update(verdict=Verdict.KEPT)
    own = Programme.objects.create(
        code="kostanay-2021",
        branch=tree.kostanay,
        election="Maslikhat 2021",
        adopted_on=dt.date(2021, 1, 15),
        title_kk="Қостанай",
        title_ru="Костанай",
    )
    section = Section.objects.create(programme=own, number=1, title_kk="Қала", title_ru="Город")
    broken = Promise.objects.create(
        section=section,
        code="K1",
        text_kk="Рудныйда жаңа мектеп",
        text_ru="Новая школа в Рудном",
        territory=rudny,
        due_on=dt.date(2021, 9, 1),
        verdict=Verdict.BROKEN,
        broken_reason="external_shock",
    )

    def measure(road_map, code, territory, deadline, status=Status.NOT_STARTED):
        return Measure.objects.create(
            road_map=road_map,
            code=code,
            title_kk=code,
            title_ru=code,
            deadline=deadline,
            territory=territory,
            status=status,
        )

    m2 = measure(w.road_map, "M2", rudny, dt.date(2021, 6, 30), Status.COMPLETED)
    m3 = measure(
        w.road_map, "M3", tree.kostanay.territory, dt.date(2021, 9, 30), Status.IN_PROGRESS
    )
    national = RoadMap.objects.create(
        code="national-2021",
        programme=w.programme,
        branch=tree.central,
        territory=tree.central.territory,
        approved_on=dt.date(2021, 2, 1),
        title_kk="Ұлттық",
        title_ru="Национальная",
    )
    national_measure = measure(national, "N1", tree.central.territory, dt.date(2030, 1, 1))

    limited = _indicator(m2, "ROADS", Direction.DECREASE, "50", "10")
    never = _indicator(m3, "SCHOOLS", Direction.INCREASE, "0", "10")
    recorder = w.head
    for indicator, value in ((w.indicator, "80"), (limited, "48")):
        Observation.objects.create(
            indicator=indicator,
            territory=indicator.measure.territory,
            period_start=dt.date(2021, 10, 1),
            period_end=dt.date(2021, 12, 31),
            value=Decimal(value),
            source="Бюро национальной статистики",
            recorded_by=recorder,
        )

    p = w.programme
    kostanay_t = tree.kostanay.territory
    included = _proposal(
        "PR-2021-000001",
        tree.kostanay,
        kostanay_t,
        dt.date(2021, 5, 1),
        "included",
        programme=p,
        promise=w.promise,
    )
    not_included = _proposal(
        "PR-2021-000002",
        tree.kostanay,
        rudny,
        dt.date(2021, 6, 1),
        "not_included",
        programme=p,
        decision_reason="Бағдарламаның тақырыбы емес",
        channel="reception",
    )
    pending = _proposal(
        "PR-2021-000003", tree.kostanay, kostanay_t, dt.date(2021, 7, 1), programme=p
    )
    _proposal(
        "PR-2022-000001",
        tree.kostanay,
        kostanay_t,
        dt.date(2022, 1, 10),
        "included",
        programme=p,
        section=w.section,
    )
    atyrau = _proposal(
        "PR-2021-000004",
        tree.atyrau,
        tree.atyrau.territory,
        dt.date(2021, 3, 1),
        "included",
        programme=p,
        section=w.section,
    )

    person = tree.members["kostanay"]  # the world's monitor
    Monitor.objects.create(road_map=national, person=person, since=dt.date(2021, 4, 1))
    second = Monitor.objects.create(
        road_map=w.road_map, person=PersonFactory.create(), since=dt.date(2021, 6, 1)
    )
    ended = Monitor.objects.create(
        road_map=w.road_map,
        person=PersonFactory.create(),
        since=dt.date(2021, 5, 1),
        until=dt.date(2021, 10, 1),
    )
    Monitor.objects.create(
        road_map=w.road_map, person=PersonFactory.create(), since=dt.date(2022, 1, 15)
    )
    w.broken, w.m2, w.m3, w.national_measure = broken, m2, m3, national_measure
    w.limited, w.never = limited, never
    w.proposals = [included, not_included, pending, atyrau]
    w.second_monitor, w.ended_monitor = second, ended
    return w


def _values(code, period=YEAR, user=None, **kwargs):
    codes = [code] if isinstance(code, str) else code
    return compute(codes, parse_scope(kwargs.pop("scope", "central")), period, user=user, **kwargs)


def test_promises_by_verdict_and_their_shares(programme):
    values = _values([c for c in registry() if c.startswith("programme.promises")])
    assert values["programme.promises"] == 3
    assert values["programme.promises_kept"] == 1
    assert values["programme.promises_partially_kept"] == 0
    assert values["programme.promises_broken"] == 1
    assert values["programme.promises_not_rated"] == 1
    assert values["programme.promises_kept_share"] == 33.3
    assert values["programme.promises_partially_kept_share"] == 0.0
    assert values["programme.promises_broken_share"] == 33.3
    assert values["programme.promises_not_rated_share"] == 33.3
    # A promise is its programme's branch's, and its own territory's.
    kostanay = _values(["programme.promises", "programme.promises_broken"], scope="kostanay")
    assert kostanay == {"programme.promises": 1, "programme.promises_broken": 1}
    assert _values("programme.promises", scope="atyrau") == {"programme.promises": 0}
    assert _values("programme.promises", scope="392410000") == {"programme.promises": 1}
    assert _values("programme.promises", scope="000000000") == {"programme.promises": 3}
    # Today's state: any period gives it, and no previous period stands beside it.
    assert _values("programme.promises", Period(dt.date(2019, 1, 1), dt.date(2019, 12, 31))) == {
        "programme.promises": 3
    }
    assert get("programme.promises").now and get("programme.promises_kept_share").now


def test_measures_completed_and_overdue_now(programme):
    codes = ["programme.measures", "programme.measures_completed", "programme.measures_overdue"]
    assert _values(codes) == {
        "programme.measures": 4,
        "programme.measures_completed": 1,  # M2
        "programme.measures_overdue": 1,  # M3: 30 September 2021 passed, in progress
    }
    assert _values(codes, scope="kostanay") == {
        "programme.measures": 3,
        "programme.measures_completed": 1,
        "programme.measures_overdue": 1,
    }
    assert _values(codes, scope="392410000") == {  # Rudny: M2 alone
        "programme.measures": 1,
        "programme.measures_completed": 1,
        "programme.measures_overdue": 0,
    }
    # Before M3's deadline nothing is overdue: the figure is of the day it is read.
    early = compute(codes, parse_scope("central"), YEAR, today=dt.date(2021, 9, 30))
    assert early["programme.measures_overdue"] == 0


def test_indicators_on_track_by_their_pace(programme):
    codes = [
        "programme.indicators_measured",
        "programme.indicators_on_track",
        "programme.indicators_on_track_share",
    ]
    # WATER: 60 → 80 of 100 a third of the way: on track; ROADS: 50 → 48 of 10: limited;
    # SCHOOLS never observed: not measured.
    assert _values(codes) == {
        "programme.indicators_measured": 2,
        "programme.indicators_on_track": 1,
        "programme.indicators_on_track_share": 50.0,
    }
    assert {i.code for i in records(codes[1], parse_scope("central"), YEAR, user=None)} == {"WATER"}
    assert {i.code for i in records(codes[0], parse_scope("central"), YEAR, user=None)} == {
        "WATER",
        "ROADS",
    }
    # In Rudny only ROADS (its measure's territory), which is not on track.
    assert _values(codes, scope="392410000") == {
        "programme.indicators_measured": 1,
        "programme.indicators_on_track": 0,
        "programme.indicators_on_track_share": 0.0,
    }
    # At the end of June 2021 nothing had been observed yet.
    first_half = Period(dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert _values(codes, first_half)["programme.indicators_measured"] == 0
    assert _values(codes, first_half)["programme.indicators_on_track_share"] is None
    # Read with the half-year before it (the dashboard's previous period), each half has
    # its own pace: the progress read once per scope is read once per day it is of.
    second_half = Period(dt.date(2021, 7, 1), dt.date(2021, 12, 31))
    both = compute_periods(codes, parse_scope("central"), [second_half, first_half])
    assert [found["programme.indicators_measured"] for found in both] == [2, 0]
    assert _values(codes, scope="atyrau")["programme.indicators_measured"] == 0
    # A breakdown groups what the function selected, as the drill-down lists it.
    by_branch = _values(codes[1], breakdown="branch")[codes[1]]
    assert by_branch == {programme.road_map.branch.path: 1}


def test_proposals_received_and_included(programme, tree):
    codes = [
        "programme.proposals_received",
        "programme.proposals_included",
        "programme.proposals_included_share",
    ]
    assert _values(codes) == {
        "programme.proposals_received": 4,
        "programme.proposals_included": 2,
        "programme.proposals_included_share": 50.0,
    }
    assert _values(codes, scope="kostanay") == {
        "programme.proposals_received": 3,  # the one of January 2022 is outside
        "programme.proposals_included": 1,
        "programme.proposals_included_share": 33.3,
    }
    assert _values(codes, scope="392410000")["programme.proposals_received"] == 1
    second_quarter = Period(dt.date(2021, 4, 1), dt.date(2021, 6, 30))
    assert _values(codes, second_quarter, scope="kostanay") == {
        "programme.proposals_received": 2,
        "programme.proposals_included": 1,
        "programme.proposals_included_share": 50.0,
    }
    by_channel = _values(codes[0], scope="kostanay", breakdown="channel")[codes[0]]
    assert by_channel == {"online": 2, "reception": 1}
    by_decision = _values(codes[0], scope="kostanay", breakdown="outcome")[codes[0]]
    assert by_decision == {"included": 1, "not_included": 1, "pending": 1}


def test_monitors_are_people_active_on_the_last_day(programme):
    code = "programme.monitors"
    # The world's monitor follows two road maps and counts once; the one whose assignment
    # ended on 1 October 2021 and the one assigned in 2022 do not count at the end of 2021.
    assert _values(code) == {code: 2}
    assert _values(code, scope="kostanay") == {code: 2}
    third_quarter = Period(dt.date(2021, 7, 1), dt.date(2021, 9, 30))
    assert _values(code, third_quarter) == {code: 3}
    assert _values(code, Period(dt.date(2022, 1, 1), dt.date(2022, 1, 31))) == {code: 3}
    assert _values(code, Period(dt.date(2021, 1, 1), dt.date(2021, 3, 31))) == {code: 1}
    assert _values(code, scope="atyrau") == {code: 0}
    assigned = records(code, parse_scope("central"), YEAR, user=None)
    assert programme.ended_monitor not in assigned and programme.second_monitor in assigned
    assert assigned.count() == 3  # the assignments: the world's monitor's two


def test_every_programme_count_drills_to_as_many_records(programme):
    for place in ("central", "kostanay", "392410000"):
        scope = parse_scope(place)
        values = compute([*PROGRAMME, "programme.indicators_measured"], scope, YEAR)
        for code, value in values.items():
            figure = get(code)
            if figure.is_share or figure.total[0] != "count":
                continue
            assert records(code, scope, YEAR, user=None).count() == value, code


def test_a_user_counts_only_the_branches_whose_work_they_see(programme, tree):
    atyrau_head = programme.atyrau_head
    scope = parse_scope("central")
    seen = compute(
        ["programme.promises", "programme.measures", "programme.proposals_received"],
        scope,
        YEAR,
        user=atyrau_head,
    )
    assert seen == {
        "programme.promises": 0,
        "programme.measures": 0,
        "programme.proposals_received": 1,  # Atyrau's own
    }
    mine = records("programme.proposals_received", scope, YEAR, user=atyrau_head)
    assert [p.number for p in mine] == ["PR-2021-000004"]
    # Kostanay's head sees Kostanay's, not the central programme's promises.
    head = programme.head
    assert compute(["programme.promises"], scope, YEAR, user=head) == {"programme.promises": 1}
    # A monitor's road maps give them no figures: figures read party work by role.
    assert compute(["programme.measures"], scope, YEAR, user=programme.monitor) == {
        "programme.measures": 0
    }


def test_the_drill_down_lists_the_records_with_links_to_their_pages(client, programme, tree):
    analyst = user_with_role("analyst", tree.central, "central-analyst")
    client.force_login(analyst)
    query = {"scope": "central", "start": "2021-01-01", "end": "2021-12-31"}
    cases = {
        "programme.promises_broken": [reverse("programme:promise", args=[programme.broken.pk])],
        "programme.measures_overdue": [reverse("programme:measure", args=[programme.m3.pk])],
        "programme.proposals_included": [
            reverse("programme:proposal", args=[programme.proposals[0].pk]),
            reverse("programme:proposal", args=[programme.proposals[3].pk]),
        ],
        "programme.indicators_on_track": [
            reverse("programme:measure", args=[programme.measure.pk])
        ],
        "programme.monitors": [reverse("programme:road-map", args=[programme.road_map.pk])],
    }
    for code, links in cases.items():
        response = client.get(reverse("figures:drill", args=[code]), query)
        assert response.status_code == 200, code
        page = response.content.decode()
        for link in links:
            assert f'href="{link}"' in page, (code, link)
    # Not the pending or the refused proposal.
    page = client.get(reverse("figures:drill", args=["programme.proposals_included"]), query)
    assert programme.proposals[1].number not in page.content.decode()
    # A share opens its two parts.
    share = client.get(reverse("figures:drill", args=["programme.proposals_included_share"]), query)
    assert reverse("figures:drill", args=["programme.proposals_received"]) in share.content.decode()


def test_the_dashboard_shows_the_programme_and_exports_it(client, programme, tree):
    client.force_login(user_with_role("analyst", tree.central, "central-analyst"))
    query = {"scope": "central", "year": "2021"}
    page = client.get(reverse("figures:dashboard"), query).content.decode()
    assert str(get("programme.proposals_included_share").label) in page
    assert reverse("figures:drill", args=["programme.monitors"]) in page
    csv = client.get(reverse("figures:export", args=["csv"]), {**query, "table": "programme"})
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert any(line.startswith("programme.proposals_received,") for line in lines)
    assert len(lines) == 1 + len(PROGRAMME)


def test_the_press_release_cites_proposals_received_and_included(programme, tree):
    analyst = user_with_role("analyst", tree.central, "central-analyst")
    report = reports.freeze(
        actor=analyst, scope=parse_scope("kostanay"), period=YEAR, codes=press.FIGURES
    )
    # Kostanay, 2021: 3 received, 1 included (33.3%); numbers keep to their words.
    kk, ru = (text.replace("\xa0", " ") for text in (report.press_kk, report.press_ru))
    assert "Азаматтардан бағдарламаға 3 ұсыныс түсті, оның 33,3 пайызы" in kk
    assert "От граждан поступило 3 предложения к программе" in ru and "включено 33,3%" in ru
    english = reports.press_release(report, "en").text.replace("\xa0", " ")
    assert "3 proposals to the programme were received from citizens" in english
    assert "33.3% were included" in english
    # A report without them says nothing of proposals.
    bare = reports.freeze(
        actor=analyst, scope=parse_scope("kostanay"), period=YEAR, codes=["appeals.received"]
    )
    assert "ұсыныс" not in bare.press_kk and "предложен" not in bare.press_ru
