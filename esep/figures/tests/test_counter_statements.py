"""The appeal counters through statements that write many appeals at once — a bulk insert
(the import's batches), an update of many (status changes), a deletion of many — agree with
the appeals counted afresh; on PostgreSQL the triggers run once per statement."""

import datetime as dt

import pytest
from django.db import connection

from esep.appeals.models import Appeal, new_tracking_code
from esep.figures import rollup
from esep.figures.models import AppealDay, AppealMonthFacet

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
    return day, facets


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
    assert counted() == (after_insert := afresh()) and after_insert[0]
    bulk = Appeal.objects.filter(number__startswith="BULK-")
    bulk.filter(outcome="explained").update(outcome="refused", status="closed")
    bulk.filter(outcome="").update(answered_on=dt.date(2021, 4, 1), outcome="explained")
    bulk.filter(registered_on=dt.date(2021, 3, 2)).update(
        registered_on=dt.date(2021, 2, 26), branch=tree.kostanay
    )
    # An update changing nothing counted (the text) changes no counter.
    before_text = counted()
    bulk.update(text="Жаңа мәтін")
    assert counted() == before_text
    assert counted() == afresh()
    bulk.filter(branch=tree.atyrau).delete()
    assert counted() == afresh()


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
