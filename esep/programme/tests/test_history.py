"""The public history of promises and measures is append-only in the database itself:
UPDATE and DELETE are refused on SQLite and PostgreSQL whatever path they come by, and only
emptying the whole database on purpose (`esep flush`) removes it."""

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from esep.audit.models import AppendOnlyError
from esep.programme.models import HistoryEntry, Status


@pytest.fixture
def entry(world):
    return HistoryEntry.objects.create(
        promise=world.promise,
        old_status=Status.NOT_STARTED,
        new_status=Status.IN_PROGRESS,
        reason="Work began in March.",
        proposed_by=world.monitor,
        approved_by=world.head,
    )


def test_the_orm_refuses_to_change_or_remove_history(entry):
    entry.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).update(reason="rewritten")
    with pytest.raises(AppendOnlyError):
        HistoryEntry.objects.filter(pk=entry.pk).delete()


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE programme_historyentry SET reason = 'rewritten' WHERE id = %s",
        "DELETE FROM programme_historyentry WHERE id = %s",
    ],
)
def test_the_database_refuses_to_change_or_remove_history(entry, sql):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [entry.pk])
    assert HistoryEntry.objects.get(pk=entry.pk).reason == "Work began in March."


@pytest.mark.django_db(transaction=True)
def test_emptying_the_whole_database_on_purpose_still_works(tree):
    from esep.programme.tests.factories import build_programme

    world = build_programme(tree)
    HistoryEntry.objects.create(
        promise=world.promise, new_status=Status.IN_PROGRESS, reason="r", approved_by=world.head
    )
    call_command("flush", interactive=False, verbosity=0)
    assert not HistoryEntry.objects.exists()
