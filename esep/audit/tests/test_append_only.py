import pytest
from django.db import DatabaseError, connection, transaction

from esep.audit.log import record_event
from esep.audit.models import AppendOnlyError, Event

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(tree):
    return record_event(
        actor=None, action="test.done", obj=tree.atyrau, changes={"a": 1}, reason="why"
    )


def test_an_event_says_who_what_which_object_and_why(event, tree):
    assert (event.action, event.object_id, event.reason) == (
        "test.done",
        str(tree.atyrau.pk),
        "why",
    )
    assert event.object_type.model == "branch"


def test_the_orm_refuses_to_change_or_delete_events(event):
    event.reason = "rewritten"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        Event.objects.update(reason="x")
    with pytest.raises(AppendOnlyError):
        Event.objects.all().delete()


def test_the_database_refuses_an_update_behind_the_orms_back(event):
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_event SET reason = 'rewritten'")
    assert Event.objects.get(pk=event.pk).reason == "why"
