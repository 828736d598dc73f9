"""Each figure against records counted by hand: period edges, time zones, scopes,
breakdowns, drill-downs and access."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from esep.figures.compute import compute, compute_periods, parse_scope, records
from esep.figures.periods import Period, parse
from esep.figures.registry import HEADLINE, get, registry
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db
UTC = dt.UTC
YEAR = Period(dt.date(2021, 1, 1), dt.date(2021, 12, 31))
# Not whole months: read from the day counters (a year, from the month counters).
DAYS = Period(dt.date(2021, 1, 10), dt.date(2021, 12, 30))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(dt.datetime(2022, 2, 1, 6, 0, tzinfo=UTC), tick=False):
        yield


def test_appeal_figures_against_a_hand_count(world, tree):
    late = world["late"]
    assert late.registered_on.year == 2022 and world["a"][3].registered_on.year == 2021
    values = compute(list(registry()), parse_scope("atyrau"), YEAR)
    # a1, a2, a3, a4, at the mobile reception two more: 6 received in Atyrau's subtree.
    assert values["appeals.received"] == 6
    assert values["appeals.resolved_positively"] == 2  # a1 (answered again) and at_mobile
    assert values["appeals.resolved_positively_share"] == 33.3
    assert values["appeals.explained"] == 1
    assert values["appeals.answered"] == 3
    assert values["appeals.answered_on_time"] == 2  # a2 came late
    assert values["appeals.answered_on_time_share"] == 66.7
    assert values["appeals.disputed"] == 1
    assert values["appeals.under_control"] == 1
    # a3 (31 Dec), a4 and the second mobile appeal are unanswered and past due on 1 Feb 2022.
    assert values["appeals.overdue_now"] == 3
    assert values["receptions.held"] == 2  # the 5 January 2022 one is outside
    assert values["receptions.mobile_held"] == 1
    assert values["receptions.people_received"] == 52
    assert values["receptions.mobile_appeals"] == 2
    assert values["receptions.mobile_resolved_positively_share"] == 50.0
    assert values["control_posts.active"] == 1
    assert values["control_posts.visits"] == 1
    assert values["issues.taken_under_control"] == 1
    assert values["issues.overdue_now"] == 1  # control deadline 1 June 2021, unresolved


def test_average_working_days(world):
    values = compute(["appeals.average_working_days_to_answer"], parse_scope("atyrau"), YEAR)
    for a in world["a"]:
        a.refresh_from_db()
    days = [a.answer_working_days for a in world["a"] if a.answer_working_days is not None]
    assert values["appeals.average_working_days_to_answer"] == round(sum(days) / len(days), 1)


def test_scopes_by_branch_and_by_territory(world, tree):
    city = compute(["appeals.received"], parse_scope("atyrau-city"), YEAR)
    assert city["appeals.received"] == 2
    by_kato = compute(["appeals.received"], parse_scope("231010000"), YEAR)
    assert by_kato == city  # the city's territory holds exactly the city branch's appeals
    country = compute(["appeals.received"], parse_scope("000000000"), YEAR)
    assert country["appeals.received"] == 7  # Kostanay's one too
    with pytest.raises(ValidationError):
        parse_scope("no-such-branch")


def test_breakdowns_add_up_and_drill_down_to_the_same_records(world, tree):
    scope = parse_scope("atyrau")
    total = compute(["appeals.received"], scope, YEAR)["appeals.received"]
    for key in ("month", "channel", "kind", "category", "outcome", "branch", "territory"):
        groups = compute(["appeals.received"], scope, YEAR, breakdown=key)["appeals.received"]
        assert sum(groups.values()) == total, key
        for group, value in groups.items():
            drilled = records("appeals.received", scope, YEAR, user=None, group=(key, group))
            assert drilled.count() == value, (key, group)
    by_branch = compute(["appeals.received"], scope, YEAR, breakdown="branch")
    assert by_branch["appeals.received"] == {tree.atyrau.path: 4, tree.atyrau_city.path: 2}


def test_every_count_figure_drills_to_as_many_records(world):
    scope = parse_scope("atyrau")
    values = compute(list(registry()), scope, YEAR)
    for code, figure in registry().items():
        if figure.is_share or figure.total[0] != "count":
            continue
        assert records(code, scope, YEAR, user=None).count() == values[code], code


def test_drill_down_keeps_the_users_access(world, tree):
    scope = parse_scope("000000000")
    outsider = user_with_role("reception_officer", tree.kostanay, "kostanay-officer")
    mine = records("appeals.received", scope, YEAR, user=outsider)
    assert {a.branch.code for a in mine} == {"kostanay"}
    assert compute(["appeals.received"], scope, YEAR, user=outsider)["appeals.received"] == 1


def test_periods():
    assert parse("2021-Q2") == Period(dt.date(2021, 4, 1), dt.date(2021, 6, 30))
    assert parse("2021-02").end == dt.date(2021, 2, 28)
    assert parse("2019-01-01..2020-12-31").previous() == Period(
        dt.date(2017, 1, 1), dt.date(2018, 12, 31)
    )
    assert Period(dt.date(2021, 3, 10), dt.date(2021, 3, 19)).previous() == Period(
        dt.date(2021, 2, 28), dt.date(2021, 3, 9)
    )
    for bad in ("2021-13", "last year", "2021-05-01..2021-04-01"):
        with pytest.raises(ValidationError):
            parse(bad)


def test_command_prints_json_csv_and_table(world, capsys):
    import json

    call_command(
        "figures",
        "--scope",
        "atyrau",
        "--from",
        "2021-01-01",
        "--to",
        "2021-12-31",
        "--format",
        "json",
    )
    data = json.loads(capsys.readouterr().out)
    by_code = {row["code"]: row["value"] for row in data}
    assert by_code["appeals.received"] == 6 and set(HEADLINE) <= set(by_code)
    call_command(
        "figures",
        "--scope",
        "231010000",
        "--period",
        "2021",
        "--format",
        "csv",
        "--breakdown",
        "channel",
        "--figure",
        "appeals.received",
    )
    lines = capsys.readouterr().out.strip().splitlines()
    assert lines[0].startswith("Code,Figure,Group,Value") and len(lines) == 3
    call_command("figures", "--scope", "atyrau", "--period", "2021", "--figure", "appeals.received")
    assert "appeals.received" in capsys.readouterr().out


def _both_ways(scope, user=None):
    codes = list(registry())
    every = (None, "month", "branch", "territory", "channel", "kind", "outcome", "category")
    for period in (YEAR, DAYS):
        for breakdown in every:
            if breakdown == "branch" and not scope.is_branch:
                continue
            fast = compute(codes, scope, period, user=user, breakdown=breakdown)
            slow = compute(codes, scope, period, user=user, breakdown=breakdown, use_rollup=False)
            assert fast == slow, (period, breakdown)


def _rural_appeal(world, tree):
    """Two rural districts of the town of Atyrau, and an appeal of April 2021 registered in
    the first by the town's branch: (town, rural, other, appeal)."""
    from esep.appeals import actions
    from esep.org.tests.factories import PersonFactory, TerritoryFactory

    town = tree.atyrau_city.territory
    rural = TerritoryFactory.create(parent=town, kato="231013100", level="rural_district")
    other = TerritoryFactory.create(parent=town, kato="231015100", level="rural_district")
    appeal = actions.register_appeal(
        actor=user_with_role("reception_officer", tree.central, "rural-officer"),
        channel="hotline",
        kind="complaint",
        category=world["a"][0].category,
        territory=rural,
        branch=tree.atyrau_city,
        submitter=PersonFactory.create(),
        text="Ауылдағы жол",
        language="kk",
        received_at=dt.datetime(2021, 4, 6, 5, tzinfo=UTC),
    )
    return town, rural, other, appeal


def test_the_facet_counters_place_an_appeal_by_its_district(world, tree):
    """An appeal of a rural district is in the facet counters under its district (here the
    town of Atyrau), not under its own territory: the town's and the region's breakdowns
    by facet read the counters, the rural district's (below the counters' depth) reads its
    appeals, and every one of them gives what the appeals give, through a registration, an
    answer and a move to another rural district."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from esep.appeals.models import Appeal
    from esep.figures.models import AppealMonthFacet

    town, rural, other, appeal = _rural_appeal(world, tree)
    placed = AppealMonthFacet.objects.filter(month=dt.date(2021, 4, 1), facet="channel")
    assert {(row.territory_id, row.value, row.received) for row in placed} == {
        (town.pk, "hotline", 1)
    }
    codes = ["appeals.received", "appeals.answered_on_time"]
    for change in ("registered", "moved"):
        for code, reads_counters in (("230000000", True), ("231010000", True), (rural.kato, False)):
            scope = parse_scope(code)
            for breakdown in ("channel", "kind", "outcome", "category"):
                with CaptureQueriesContext(connection) as queries:
                    fast = compute(codes, scope, YEAR, breakdown=breakdown)
                slow = compute(codes, scope, YEAR, breakdown=breakdown, use_rollup=False)
                assert fast == slow, (change, code, breakdown)
                read = any("figures_appealmonthfacet" in q["sql"] for q in queries)
                assert read is reads_counters, (code, breakdown)
        # Moved to the other rural district of the same town: the counters stay the town's.
        Appeal.objects.filter(pk=appeal.pk).update(territory=other)
    assert compute(codes, parse_scope(rural.kato), YEAR, breakdown="channel")[codes[0]] == {}
    assert compute(codes, parse_scope(other.kato), YEAR, breakdown="channel")[codes[0]] == {
        "hotline": 1
    }
    assert {(row.territory_id, row.value, row.received) for row in placed.all()} == {
        (town.pk, "hotline", 1)
    }


def test_the_month_counters_place_an_appeal_by_its_district(world, tree):
    """An appeal of a rural district is in the month counters under its district (the town
    of Atyrau), and in the day counters under its own territory. A year of the region, of
    the town and of the region's districts reads the months; a year of the rural district,
    and of the town's rural districts, reads the days; each gives what the appeals give,
    through a registration and a move to another rural district."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from esep.appeals.models import Appeal
    from esep.figures.models import AppealDay, AppealMonth

    town, rural, other, appeal = _rural_appeal(world, tree)
    april = {"received__gt": 0, "branch": tree.atyrau_city}
    month = AppealMonth.objects.filter(month=dt.date(2021, 4, 1), **april)
    assert [(row.territory_id, row.received) for row in month] == [(town.pk, 1)]
    days = AppealDay.objects.filter(day=dt.date(2021, 4, 6), **april)
    assert [(row.territory_id, row.received) for row in days] == [(rural.pk, 1)]
    codes = ["appeals.received", "appeals.resolved_positively", "appeals.answered_on_time"]
    month_sql, day_sql = 'FROM "figures_appealmonth"', 'FROM "figures_appealday"'
    for change in ("registered", "moved"):
        for code, breakdown, reads in (
            ("230000000", None, month_sql),
            ("230000000", "territory", month_sql),  # the region's districts
            ("231010000", None, month_sql),
            ("231010000", "territory", day_sql),  # the town's rural districts
            (rural.kato, None, day_sql),
            (other.kato, "month", day_sql),
            ("atyrau-city", "territory", day_sql),  # the branch's town's rural districts
            ("atyrau", "territory", month_sql),
        ):
            scope = parse_scope(code)
            with CaptureQueriesContext(connection) as queries:
                fast = compute(codes, scope, YEAR, breakdown=breakdown)
            slow = compute(codes, scope, YEAR, breakdown=breakdown, use_rollup=False)
            assert fast == slow, (change, code, breakdown)
            sums = [q["sql"] for q in queries if "SUM(" in q["sql"]]
            assert sums and all(reads in sql for sql in sums), (change, code, breakdown)
        # Moved to the other rural district of the same town: the months stay the town's.
        Appeal.objects.filter(pk=appeal.pk).update(territory=other)
    towns = compute(codes, parse_scope("231010000"), YEAR, breakdown="territory")
    # the town's own two, and the one now in the other rural district (none in the first)
    assert towns["appeals.received"] == {town.path: 2, other.path: 1}
    assert [(row.territory_id, row.received) for row in month.all()] == [(town.pk, 1)]


def test_periods_read_together_give_what_each_gives_alone(world, tree):
    """A period and the previous one read in one query per source (the dashboard's table)
    give each figure, and each group of a breakdown, what the period gives alone: a group
    with records in one period only is not in the other's (the hotline: 2021 alone);
    periods read from different counters (whole months, days) are read apart; a figure of
    today's state has no value for any period but the first. Periods no day of which is
    in two (grouped by period) and periods that overlap (each filtered) alike, and periods
    with days between them that neither has (the months between are read, not counted)."""
    codes = list(registry())
    every = (None, "month", "branch", "territory", "channel", "kind", "outcome", "category")
    user = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    two_years_before = Period(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
    for asked in ([YEAR, YEAR.previous(), DAYS], [YEAR, two_years_before]):
        for scope in (parse_scope("atyrau"), parse_scope("230000000")):
            for breakdown in every:
                if breakdown == "branch" and not scope.is_branch:
                    continue
                for use_rollup in (True, False):
                    together = compute_periods(
                        codes, scope, asked, user=user, breakdown=breakdown, use_rollup=use_rollup
                    )
                    for period, values in zip(asked, together, strict=True):
                        # Today's state belongs to the first period (nor do its groups).
                        now = period is not YEAR
                        alone = compute(
                            [c for c in codes if not (now and get(c).now)],
                            scope,
                            period,
                            user=user,
                            breakdown=breakdown,
                            use_rollup=use_rollup,
                        )
                        assert values == alone, (scope.code, breakdown, use_rollup, period)
    channels = compute_periods(
        ["appeals.received"], parse_scope("atyrau"), [YEAR, YEAR.previous()], breakdown="channel"
    )
    assert channels[0]["appeals.received"]["hotline"] == 1
    assert "hotline" not in channels[1]["appeals.received"]
    assert channels[1]["appeals.received"] == {"reception_office": 1}  # the one of 30 Dec 2020


def test_the_day_and_month_counters_agree_with_the_records_through_every_change(world, tree):
    from django.db import connection

    from esep.appeals.models import Appeal
    from esep.figures import rollup
    from esep.figures.models import AppealDay, AppealMonth

    for code in ("atyrau", "atyrau-city", "central", "230000000", "000000000"):
        _both_ways(parse_scope(code))
    _both_ways(parse_scope("000000000"), user_with_role("analyst", tree.kostanay, "k-analyst"))
    # Writes that no action makes: a bulk update, a move to another branch, a deletion.
    Appeal.objects.filter(outcome="explained").update(outcome="refused", disputed=True)
    moved = world["a"][2]  # from December to February, and to another branch
    Appeal.objects.filter(pk=moved.pk).update(
        branch=tree.kostanay, registered_on=dt.date(2021, 2, 2)
    )
    Appeal.objects.filter(pk=world["early"].pk).delete()
    _both_ways(parse_scope("atyrau"))
    _both_ways(parse_scope("000000000"))

    def counted():
        return [
            sorted(model.objects.exclude(received=0).values_list(date, "branch", "received"))
            for model, date in ((AppealDay, "day"), (AppealMonth, "month"))
        ]

    kept = counted()
    with connection.cursor() as cursor:
        for statement in rollup.rebuild_sql(connection.vendor):
            cursor.execute(statement)
    assert kept == counted() and kept[1]


def test_the_country_and_a_whole_region_read_their_facets_by_region(world, tree):
    """A breakdown by a facet of the whole country (the party or the country's territory)
    or of a whole region reads the region counters; a district's, a region's territory's,
    or the country's for a user who sees one region reads the facet counters. Each gives
    what the appeals give, the central office's own appeals in the country's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world["appeal"](tree.central, dt.datetime(2021, 5, 4, 5, tzinfo=dt.UTC), channel="hotline")
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    cases = [
        ("central", None, True),
        ("000000000", None, True),
        ("atyrau", None, True),
        ("atyrau", analyst, True),
        ("atyrau-city", None, False),
        ("230000000", None, False),
        ("central", analyst, False),
    ]
    codes = ["appeals.received", "appeals.answered_on_time", "appeals.resolved_positively"]
    for code, user, by_region in cases:
        for breakdown in ("channel", "kind", "outcome", "category"):
            scope = parse_scope(code)
            with CaptureQueriesContext(connection) as queries:
                fast = compute(codes, scope, YEAR, user=user, breakdown=breakdown)
            slow = compute(codes, scope, YEAR, user=user, breakdown=breakdown, use_rollup=False)
            assert fast == slow, (code, user, breakdown)
            read = any("figures_appealregionfacet" in q["sql"] for q in queries)
            assert read is by_region, (code, user, breakdown)
    country = compute(codes, parse_scope("central"), YEAR, breakdown="channel")
    assert country["appeals.received"]["hotline"] >= 1


def test_whole_periods_read_the_counters_not_the_appeals(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = parse_scope("atyrau")
    month, day, facet = '"figures_appealmonth"', '"figures_appealday"', '"figures_appealmonthfacet"'
    region = '"figures_appealregionfacet"'
    cases = [
        # whole months: the month counters (and never the days)
        (None, YEAR, month),
        ("month", YEAR, month),
        ("branch", YEAR, month),
        ("territory", YEAR, month),
        # a whole region's facets: its own region counters
        ("channel", YEAR, region),
        ("category", YEAR, region),
        # a period that is not whole months: the day counters; its channels from the appeals
        (None, DAYS, day),
        ("month", DAYS, day),
        ("branch", DAYS, day),
        ("channel", Period(dt.date(2021, 3, 10), dt.date(2021, 3, 25)), '"appeals_appeal"'),
    ]
    for breakdown, period, table in cases:
        with CaptureQueriesContext(connection) as queries:
            compute(["appeals.received"], scope, period, breakdown=breakdown)
        sql = " ".join(q["sql"] for q in queries.captured_queries)
        tables = {t for t in (month, day, facet, region, '"appeals_appeal"') if t in sql}
        assert tables == {table}, (breakdown, period, tables)
        fast = compute(["appeals.received"], scope, period, breakdown=breakdown)
        slow = compute(["appeals.received"], scope, period, breakdown=breakdown, use_rollup=False)
        assert fast == slow


def test_a_source_seen_by_a_capability_is_read_whole_by_whoever_holds_it_there(world, tree):
    """A source that declares the capability it is seen by narrows its records by the
    user's branches under that capability alone: what a region's analyst sees of the region
    and of a branch in it is every record there, so the dashboard reads those without the
    analyst's condition, naming the region's branches once. A scope wider than the
    analyst's is still read through it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    declared = {}
    for figure in registry().values():
        source = figure.source
        for each in (source, *((source.rollup, source.months, source.facets) if source else ())):
            if each is not None and each.seen_by is not None:
                declared[each.name] = each
    assert {"appeals", "appeal_months", "receptions", "promises", "mandates"} <= set(declared)
    assert {"conferences", "delegates", "aid_deliveries", "outreach"} <= set(declared)
    sources = [figure.source for figure in registry().values() if figure.source is not None]
    public = {source.name: source for source in sources if source.public}
    assert {"election_tallies", "election_votes", "election_winners"} <= set(public)
    for source in public.values():  # seen whole by whoever asks
        seen = source.visible(analyst).values_list("pk", flat=True)
        assert sorted(seen) == sorted(source.records().values_list("pk", flat=True))
    for code in ("atyrau", "atyrau-city"):
        scope = parse_scope(code)
        for source in declared.values():
            seen = source.visible(analyst).filter(scope.q(source)).values_list("pk", flat=True)
            every = source.records().filter(scope.q(source)).values_list("pk", flat=True)
            assert sorted(seen) == sorted(every), (code, source.name)
    region = parse_scope("atyrau")
    with CaptureQueriesContext(connection) as queries:
        own = compute(["appeals.received"], region, YEAR, user=analyst)
    months = [q["sql"] for q in queries if 'FROM "figures_appealmonth"' in q["sql"]]
    assert len(months) == 1 and months[0].count('branch_id" IN (') == 1, months
    assert own == compute(["appeals.received"], region, YEAR) and own["appeals.received"]
    # The whole party as the analyst sees it: the region's, not Kostanay's as well.
    central = compute(["appeals.received"], parse_scope("central"), YEAR, user=analyst)
    assert central == own
    assert compute(["appeals.received"], parse_scope("central"), YEAR) != own


def test_figures_asked_again_run_their_kept_statements(world, tree, monkeypatch):
    """Whoever sees the whole scope reads what anyone would: the second time the same
    figures of the same scope and periods are asked, their statements are not built again
    but run as kept, and count what was registered since. Another period is built anew; a
    user who sees part of the scope has their own statements built each time, and sees
    their part."""
    from esep.lib import statements

    statements.forget()
    built = []
    compile_it = statements.compiled

    def compiled(queryset):
        built.append(queryset)
        return compile_it(queryset)

    monkeypatch.setattr(statements, "compiled", compiled)
    central, periods = parse_scope("central"), [YEAR, YEAR.previous()]
    first = compute_periods(HEADLINE, central, periods)
    assert built and first[0]["appeals.received"]
    made = len(built)
    _rural_appeal(world, tree)
    again = compute_periods(HEADLINE, parse_scope("central"), periods)
    assert len(built) == made  # nothing built: every statement was kept
    assert again[0]["appeals.received"] == first[0]["appeals.received"] + 1
    assert again == compute_periods(HEADLINE, parse_scope("central"), periods, use_rollup=False)
    compute_periods(HEADLINE, parse_scope("central"), [YEAR.previous()])
    assert len(built) > made
    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    made = len(built)
    own = compute(HEADLINE, parse_scope("central"), YEAR, user=analyst)
    assert len(built) > made
    made = len(built)
    assert compute(HEADLINE, parse_scope("central"), YEAR, user=analyst) == own
    assert len(built) > made
    assert own == compute(HEADLINE, parse_scope("atyrau"), YEAR)
    assert own["appeals.received"] < again[0]["appeals.received"]


def test_control_posts_are_read_whole_on_a_branch_seen_and_with_ones_own_elsewhere(world, tree):
    """Control posts are seen by VIEW_WORK over their branch and, wherever they are, by
    whoever heads one: a region's analyst has the region's posts read whole (and kept), and
    the whole party as the analyst sees it is the region's posts and the one they head in
    Kostanay, not Kostanay's others."""
    from esep.control.posts.models import ControlPost
    from esep.lib import statements
    from esep.org.tests.factories import PersonFactory

    analyst = user_with_role("analyst", tree.atyrau, "atyrau-analyst")
    analyst.person = PersonFactory.create()
    analyst.save()
    active = ["control_posts.active"]
    before = {
        code: compute(active, parse_scope(code), YEAR)[active[0]] for code in ("atyrau", "central")
    }
    heads = [PersonFactory.create(), analyst.person, PersonFactory.create()]
    for n, (branch, head) in enumerate(
        zip([tree.atyrau_city, tree.kostanay, tree.kostanay], heads, strict=True)
    ):
        ControlPost.objects.create(
            object_kind="school",
            object_name=f"Мектеп {n}",
            address="Абай к-сі, 1",
            territory=branch.territory,
            branch=branch,
            head=head,
            opened_on=dt.date(2021, 2, 1),
            status="active",
            created_by=analyst,
        )
    statements.forget()
    region = compute(active, parse_scope("atyrau"), YEAR, user=analyst)[active[0]]
    assert len(statements._kept) == 1  # read whole: its statement kept
    assert region == compute(active, parse_scope("atyrau"), YEAR)[active[0]] == before["atyrau"] + 1
    central = compute(active, parse_scope("central"), YEAR, user=analyst)[active[0]]
    assert central == region + 1  # and the one the analyst heads
    assert compute(active, parse_scope("central"), YEAR)[active[0]] == before["central"] + 3
