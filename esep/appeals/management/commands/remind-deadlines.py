from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from esep.appeals.tasks import send_deadline_reminders

TASK_PATH = f"{send_deadline_reminders.module_path}"


class Command(BaseCommand):
    help = "Queue the daily deadline reminders (once: the task then re-queues itself daily)."

    def handle(self, *args, **options) -> None:
        pending = DBTaskResult.objects.filter(task_path=TASK_PATH, status="READY").exists()
        if pending:
            self.stdout.write("deadline reminders are already scheduled")
            return
        send_deadline_reminders.enqueue(reschedule=True)
        self.stdout.write("deadline reminders scheduled")
