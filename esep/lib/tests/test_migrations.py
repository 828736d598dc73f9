"""The migrations stand on their own: they import no application code and carry their own
logic and SQL, so a database migrated in years to come gets what one migrated today got;
their fills give the values the application computes."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

import esep

UTC = dt.UTC
MIGRATIONS = sorted(Path(esep.__file__).parent.glob("*/migrations/0*.py"))
# makemigrations itself writes a reference to the function a field calls for its default
# or its upload path (`esep.appeals.models.new_tracking_code`), and to the class of a field
# esep defines (`esep.lib.crypto.EncryptedTextField`); the field's state is that very
# function or class, so the reference cannot be copied. Nothing else may reach into the app.
FIELD_CALLABLES = {"default", "upload_to"}


def app_imports(source: str) -> list[str]:
    """The application code a migration reaches, beyond the field callables above."""
    tree = ast.parse(source)
    allowed = {
        id(node)
        for keyword in ast.walk(tree)
        if isinstance(keyword, ast.keyword) and keyword.arg in FIELD_CALLABLES
        for node in ast.walk(keyword.value)
    } | {
        id(node)
        for keyword in ast.walk(tree)
        if isinstance(keyword, ast.keyword)
        and keyword.arg == "field"
        and isinstance(keyword.value, ast.Call)
        for node in ast.walk(keyword.value.func)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (
            node.level or (node.module or "").split(".")[0] == "esep"
        ):
            found.append(f"line {node.lineno}: from {'.' * node.level}{node.module or ''}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "esep" and (node not in tree.body or alias.asname):
                    found.append(f"line {node.lineno}: import {alias.name}")
        elif isinstance(node, ast.Name) and node.id == "esep" and id(node) not in allowed:
            found.append(f"line {node.lineno}: uses esep")
    return found


def test_the_check_sees_every_way_into_the_app():
    assert app_imports("from esep.figures import rollup") != []
    assert app_imports("def f():\n    from esep.lib.workdays import Calendar") != []
    assert app_imports("def f():\n    import esep.org.territories") != []
    assert app_imports("from ..models import Appeal") != []
    assert app_imports("import esep.figures.rollup\nrun = esep.figures.rollup.install") != []
    assert app_imports("import esep.a.models\nf(default=esep.a.models.new_code)") == []
    assert app_imports("import esep.lib.crypto\nf(field=esep.lib.crypto.F(source='x'))") == []
    assert app_imports("import esep.lib.crypto\nf(field=F(x=esep.lib.crypto.key))") != []


@pytest.mark.parametrize("path", MIGRATIONS, ids=lambda p: f"{p.parent.parent.name}/{p.stem}")
def test_a_migration_imports_no_application_code(path):
    assert app_imports(path.read_text(encoding="utf-8")) == []


def migrate(targets=None):
    """Take the test database to `targets`, by default to the latest migrations."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


BEFORE_THE_FILLS = [("appeals", "0002_appeal_reception"), ("receptions", "0001_initial")]


def migration(app: str, name: str):
    return importlib.import_module(f"esep.{app}.migrations.{name}")


@pytest.fixture
def answered_world(tree):
    """Appeals answered on the edges the fill must get right, and receptions beside them."""
    from esep.appeals import actions
    from esep.appeals.models import CalendarDay
    from esep.appeals.tests.factories import CategoryFactory
    from esep.org.tests.factories import user_with_role
    from esep.receptions import actions as receptions

    category = CategoryFactory.create()
    tree.rudny.territory.time_zone = "Asia/Aqtobe"
    tree.rudny.territory.save()

    def answered(branch, received_at, answered_at=None, dispute=False):
        officer = user_with_role("reception_officer", branch, f"officer-{branch.code}")
        appeal = actions.register_appeal(
            actor=None,
            channel="reception_office",
            kind="complaint",
            category=category,
            territory=branch.territory,
            branch=branch,
            submitter=tree.members[branch.code],
            text="Ауладағы жол жөнделмеген",
            language="kk",
            received_at=received_at,
        )
        if answered_at is None:
            return appeal
        actions.assign_appeal(actor=officer, appeal=appeal, assignee=officer)
        actions.start_work(actor=officer, appeal=appeal)
        actions.record_answer(
            actor=officer,
            appeal=appeal,
            outcome="explained",
            answer="Түсіндірілді",
            answered_at=answered_at,
        )
        if dispute:
            actions.reopen_on_dispute(actor=None, appeal=appeal, reason="Жөнделмеді")
        return appeal

    def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(year, month, day, hour, minute, tzinfo=UTC)

    appeals = [
        # across Nauryz, answered in the evening: the next day on the clock of Almaty
        answered(tree.atyrau, at(2021, 3, 5, 5), at(2021, 3, 24, 19, 30)),
        # received on Friday night, answered before its Monday registration day
        answered(tree.atyrau, at(2021, 3, 26, 16), at(2021, 3, 27, 4)),
        # either side of Almaty's move from UTC+6 to UTC+5 on 1 March 2024
        answered(tree.atyrau, at(2024, 2, 20, 5), at(2024, 2, 29, 17, 45)),
        answered(tree.atyrau_city, at(2024, 2, 20, 5), at(2024, 2, 29, 18, 15)),
        answered(tree.kostanay, at(2021, 5, 4, 5), at(2021, 5, 10, 18, 30), dispute=True),
        answered(tree.rudny, at(2021, 5, 4, 5), at(2021, 5, 10, 19, 10)),
        # not answered yet
        answered(tree.rudny, at(2021, 6, 1, 5)),
    ]
    # Decreed after the answers were recorded: the fill counts with them, as the app does.
    CalendarDay.objects.create(day=dt.date(2021, 3, 13), kind="working_day")
    CalendarDay.objects.create(day=dt.date(2021, 5, 6), kind="day_off")

    planner = user_with_role("reception_officer", tree.atyrau, "planner")
    reception_starts = [at(2021, 6, 1, 4), at(2021, 6, 1, 19, 30), at(2024, 2, 29, 18, 15)]
    for branch, starts_at in zip(
        (tree.atyrau, tree.rudny, tree.atyrau), reception_starts, strict=True
    ):
        receptions.plan_reception(
            actor=planner,
            branch=branch,
            territory=branch.territory,
            kind="office",
            place_type="office",
            address="Абай даңғылы, 10",
            starts_at=starts_at,
            ends_at=starts_at + dt.timedelta(hours=2),
            receivers=[tree.members["atyrau"]],
        )
    return appeals


def counters():
    from esep.figures.models import AppealDay, AppealMonth, AppealMonthFacet

    return [
        sorted(
            model.objects.values_list(*(f.attname for f in model._meta.fields if f.name != "id"))
        )
        for model in (AppealDay, AppealMonth, AppealMonthFacet)
    ]


def recording(id_windows, windows):
    def recorded(manager, size):
        for window in id_windows(manager, size):
            windows.append(window)
            yield window

    return recorded


@pytest.mark.django_db(transaction=True)
def test_the_fills_give_what_the_app_computes_for_the_same_rows(answered_world, monkeypatch):
    from django.db.models import Exists, OuterRef

    from esep.appeals.actions import answer_day, official_calendar
    from esep.appeals.models import Appeal, AppealEvent
    from esep.figures import rollup
    from esep.receptions.models import Reception

    calendar = official_calendar()
    reopened = AppealEvent.objects.filter(appeal=OuterRef("pk"), action="reopen")
    expected = []
    for appeal in Appeal.objects.select_related("territory").annotate(reopened=Exists(reopened)):
        day = answer_day(appeal, appeal.answered_at) if appeal.answered_at else None
        working_days = day and calendar.working_days_between(appeal.registered_on, day)
        # AppealQuerySet yields plain Appeals to the type checker, annotations unseen.
        expected.append((appeal.pk, day, working_days, appeal.reopened))  # type: ignore[attr-defined]
    expected_days = sorted(
        (r.pk, r.local(r.starts_at).date()) for r in Reception.objects.select_related("territory")
    )
    # The rows hold the edges they are meant to: a local day after the UTC one, an answer
    # before registration, working days the decreed changes move, a dispute, no answer.
    evening, before, *_ = sorted(expected)
    assert evening[1] == dt.date(2021, 3, 25) and before[1] == dt.date(2021, 3, 29)
    assert {e[3] for e in expected} == {True, False} and None in {e[1] for e in expected}
    assert dt.date(2021, 6, 2) in {day for _, day in expected_days}
    # Windows far smaller than the tables, so the rows fall in many of them.
    windows: list[tuple[int, int]] = []
    for app, name in (
        ("appeals", "0003_answer_day_and_dispute"),
        ("receptions", "0002_reception_day"),
    ):
        module = migration(app, name)
        monkeypatch.setattr(module, "SQL_WINDOW", 2)
        monkeypatch.setattr(module, "PYTHON_WINDOW", 2)
        monkeypatch.setattr(module, "id_windows", recording(module.id_windows, windows))

    migrate(BEFORE_THE_FILLS)
    migrate()

    assert len(windows) > 4 and {last - first for first, last in windows} == {1}
    assert sorted(
        Appeal.objects.values_list("pk", "answered_on", "answer_working_days", "disputed")
    ) == sorted(expected)
    assert sorted(Reception.objects.values_list("pk", "day")) == expected_days
    # The counters were counted afresh by the figures migration, as rollup.py counts them.
    counted = counters()
    with connection.cursor() as cursor:
        for statement in rollup.rebuild_sql(connection.vendor):
            cursor.execute(statement)
    assert counters() == counted and counted[0]


@pytest.mark.django_db(transaction=True)
def test_the_month_counters_go_by_district_and_back(answered_world, tree):
    """figures 0009 regroups the month counters by district from the counters themselves;
    back, they are added up from the day counters by each appeal's own territory; an appeal
    moved in between is counted as the triggers of the day place it. Both ways they are
    what rollup counts afresh."""
    from esep.appeals.models import Appeal
    from esep.figures import rollup
    from esep.figures.models import AppealMonth
    from esep.org.tests.factories import TerritoryFactory

    def afresh():
        with connection.cursor() as cursor:
            for statement in rollup.rebuild_sql(connection.vendor):
                cursor.execute(statement)

    # What an earlier test's flush left (SQLite's row triggers take its appeals away from
    # counters already emptied) is not this test's: it starts from counters counted afresh.
    afresh()
    town = tree.atyrau_city.territory
    rural = TerritoryFactory.create(parent=town, kato="231013100", level="rural_district")
    other = TerritoryFactory.create(parent=town, kato="231015100", level="rural_district")
    moved = answered_world[3]  # the town branch's of February 2024, answered
    Appeal.objects.filter(pk=moved.pk).update(territory=rural)

    def months():
        found = AppealMonth.objects.exclude(received=0).filter(branch=tree.atyrau_city)
        return sorted(found.values_list("month", "territory", "received", "answered"))

    def every_month():  # a row whose appeals have moved away keeps its zeros
        columns = [f.attname for f in AppealMonth._meta.fields if f.name != "id"]
        return sorted(AppealMonth.objects.exclude(received=0).values_list(*columns))

    february = dt.date(2024, 2, 1)
    assert months() == [(february, town.pk, 1, 1)]
    migrate([("figures", "0008_facets_by_district")])
    assert months() == [(february, rural.pk, 1, 1)]
    Appeal.objects.filter(pk=moved.pk).update(territory=other)
    assert months() == [(february, other.pk, 1, 1)]
    migrate()
    assert months() == [(february, town.pk, 1, 1)]
    migrated = every_month()
    afresh()
    assert every_month() == migrated


def triggers():
    """The counters' triggers on the appeals table, as the database holds them."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT t.tgname, pg_get_triggerdef(t.oid), p.proname, p.prosrc "
                "FROM pg_trigger t JOIN pg_proc p ON p.oid = t.tgfoid "
                "WHERE t.tgrelid = 'appeals_appeal'::regclass AND NOT t.tgisinternal "
                "ORDER BY t.tgname"
            )
        else:
            cursor.execute(
                "SELECT name, sql FROM sqlite_master "
                "WHERE type = 'trigger' AND tbl_name = 'appeals_appeal' ORDER BY name"
            )
        return cursor.fetchall()


@pytest.mark.django_db
def test_the_migrated_counter_triggers_are_those_rollup_installs():
    from esep.figures import rollup

    migrated = triggers()
    assert migrated
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in rollup.uninstall_sql(vendor) + rollup.install_sql(vendor):
            cursor.execute(statement)
    assert triggers() == migrated


@pytest.mark.django_db
def test_the_centres_filled_are_those_the_territory_file_ships():
    from esep.org.models import Territory
    from esep.org.territories import centre, load_territories, read_rows

    load_territories()
    Territory.objects.update(latitude=None, longitude=None)
    by_hand: dict[str, Decimal | None] = {
        "latitude": Decimal("47.100000"),
        "longitude": Decimal("51.900000"),
    }
    Territory.objects.filter(kato="230000000").update(**by_hand)
    state = MigrationExecutor(connection).loader.project_state(
        ("org", "0003_fill_territory_centres"), at_end=False
    )

    migration("org", "0003_fill_territory_centres").fill(
        state.apps, SimpleNamespace(connection=connection)
    )

    shipped = {row["kato"]: centre(row) for row in read_rows()}
    shipped["230000000"] = by_hand
    assert {
        t.kato: {"latitude": t.latitude, "longitude": t.longitude} for t in Territory.objects.all()
    } == shipped
