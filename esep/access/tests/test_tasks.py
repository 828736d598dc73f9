"""The lockout notice goes through the real database queue and worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from esep.access.tasks import notify_locked_out
from esep.org.tests.factories import user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_database_worker_sends_the_lockout_notice(settings, tree):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    user = user_with_role("analyst", tree.atyrau, "aibek")
    user.email = "aibek@example.kz"
    user.save()
    result = notify_locked_out.enqueue(user_id=user.pk, language="ru")
    assert mail.outbox == []
    call_command("db_worker", batch=True, interval=0, verbosity=0)
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
    assert [m.to for m in mail.outbox] == [["aibek@example.kz"]]
    assert "заблокирован" in mail.outbox[0].subject


def test_no_notice_for_a_user_without_email(tree):
    user = user_with_role("analyst", tree.atyrau, "noemail")
    assert notify_locked_out.enqueue(user_id=user.pk, language="kk").return_value is False
