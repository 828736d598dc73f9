"""The appeal counters through statements that write many appeals at once — a bulk insert
(the import's batches), an update of many (status changes), a deletion of many — agree with
the appeals counted afresh; on PostgreSQL the triggers run once per statement."""

import datetime as dt
import importlib

import pytest
from django.db import connection
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from esep.appeals.models import Appeal, new_tracking_code
from esep.figures import rollup
from esep.figures.models import AppealDay, AppealMonth, AppealMonthFacet, AppealRegionFacet
from esep.org.models import Branch

pytestmark = pytest.mark.django_db


def counted():
    day = sorted(
        AppealDay.objects.exclude(received=0).values_list(
            "day", "branch", "territory", "received", "answered", "resolved_positively"
        )
    )
    facets = sorted(
        AppealMonthFacet.objects.exclude(received=0).values_list(
            "month", "branch", "facet", "value", "received", "answered", "refused"
        )
    )
    return day, months(), facets, regions()


def regions():
    return sorted(
        AppealRegionFacet.objects.exclude(received=0).values_list(
            "month", "region", "facet", "value", "received", "answered", "refused"
        )
    )


def regions_of_the_facets():
    """The region counters added up here from the facet counters: each branch's rows to
    its region, the branch at depth 2 above it (the central office to itself)."""
    by_path = dict(Branch.objects.values_list("path", "pk"))
    region_of = {pk: by_path[path[:8]] for path, pk in by_path.items()}
    totals: dict[tuple, list[int]] = {}
    rows = AppealMonthFacet.objects.values_list(
        "month", "branch", "facet", "value", "received", "answered", "refused"
    )
    for month, branch, facet, value, *counts in rows:
        into = totals.setdefault((month, region_of[branch], facet, value), [0, 0, 0])
        for i, count in enumerate(counts):
            into[i] += count
    return sorted((*key, *counts) for key, counts in totals.items() if counts[0])


def months():
    return sorted(
        AppealMonth.objects.exclude(received=0).values_list(
            "month", "branch", "territory", "received", "answered", "refused", "answer_days_n"
        )
    )


def months_of_the_appeals():
    """The month counters counted from the appeals themselves, not from any counter."""
    grouped = (
        Appeal.objects.annotate(month=TruncMonth("registered_on"))
        .values("month", "branch", "territory")
        .annotate(
            received=Count("pk"),
            answered=Count("pk", filter=Q(answered_on__isnull=False)),
            refused=Count("pk", filter=Q(outcome="refused")),
            answer_days_n=Count("pk", filter=Q(answer_working_days__isnull=False)),
        )
        .order_by()
    )
    return sorted(
        (
            r["month"],
            r["branch"],
            r["territory"],
            r["received"],
            r["answered"],
            r["refused"],
            r["answer_days_n"],
        )
        for r in grouped
    )


def afresh():
    with connection.cursor() as cursor:
        for statement in rollup.rebuild_sql(connection.vendor):
            cursor.execute(statement)
    return counted()


def test_statements_writing_many_appeals_keep_the_counters_exact(world, tree):
    model = world["a"][0]
    copies = []
    for n in range(60):
        copy = Appeal.objects.get(pk=model.pk)
        copy.pk = None
        copy.number = f"BULK-{n}"
        copy.tracking_code = new_tracking_code()
        copy.registered_on = dt.date(2021, 3, 1) + dt.timedelta(days=n % 7)
        copy.due_on = copy.registered_on + dt.timedelta(days=21)
        copy.outcome = ["", "explained", "refused"][n % 3]
        copy.answered_on = copy.registered_on + dt.timedelta(days=n % 30) if n % 3 else None
        copy.branch = [tree.atyrau, tree.atyrau_city, tree.kostanay][n % 3]
        copies.append(copy)
    Appeal.objects.bulk_create(copies)  # one statement on PostgreSQL
    assert months() == months_of_the_appeals()
    assert regions() == regions_of_the_facets()
    assert counted() == (after_insert := afresh()) and after_insert[0] and after_insert[1]
    bulk = Appeal.objects.filter(number__startswith="BULK-")
    bulk.filter(outcome="explained").update(outcome="refused", status="closed")
    bulk.filter(outcome="").update(answered_on=dt.date(2021, 4, 1), outcome="explained")
    # To another month and another branch.
    bulk.filter(registered_on=dt.date(2021, 3, 2)).update(
        registered_on=dt.date(2021, 2, 26), branch=tree.kostanay
    )
    assert months() == months_of_the_appeals()
    assert regions() == regions_of_the_facets()
    # An update changing nothing counted (the text) changes no counter.
    before_text = counted()
    bulk.update(text="Жаңа мәтін")
    assert counted() == before_text
    assert counted() == afresh()
    bulk.filter(branch=tree.atyrau).delete()
    assert months() == months_of_the_appeals()
    assert regions() == regions_of_the_facets()
    assert counted() == afresh()


def test_the_migration_fills_the_region_counters_the_triggers_keep(world, tree):
    """What 0010 adds up from the facet counters is what the triggers kept, appeal by
    appeal: of the regions and of the central office's own appeals."""
    world["appeal"](tree.central, dt.datetime(2021, 5, 4, 5, tzinfo=dt.UTC))
    migration = importlib.import_module("esep.figures.migrations.0010_region_facets")
    kept = regions()
    assert {region for _month, region, *_rest in kept} >= {tree.central.pk, tree.atyrau.pk}
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {migration.REGION_TABLE}")
        for statement in migration.fill_sql():
            cursor.execute(statement)
    assert regions() == kept == regions_of_the_facets()


def test_the_migration_fills_the_month_counters_the_triggers_keep(world):
    migration = importlib.import_module("esep.figures.migrations.0006_appeal_month")
    kept = months()
    with connection.cursor() as cursor:
        for statement in migration.fill_sql(connection.vendor):
            cursor.execute(statement)
    assert months() == kept == months_of_the_appeals() and kept


def test_on_postgresql_the_counters_are_kept_per_statement():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no statement triggers: it keeps a trigger per row")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT event_manipulation, action_orientation FROM information_schema.triggers "
            "WHERE event_object_table = 'appeals_appeal' AND trigger_name LIKE 'figures_%%'"
        )
        found = sorted(cursor.fetchall())
    assert found == [("DELETE", "STATEMENT"), ("INSERT", "STATEMENT"), ("UPDATE", "STATEMENT")]
