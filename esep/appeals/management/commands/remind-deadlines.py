from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from esep.lib.daily import TASKS


class Command(BaseCommand):
    help = (
        "Queue the daily reminders every app registers — of appeal deadlines, of "
        "party-control deadlines — once: each task then re-queues itself daily."
    )

    def handle(self, *args, **options) -> None:
        for daily in TASKS:
            pending = DBTaskResult.objects.filter(
                task_path=daily.task.module_path, status="READY"
            ).exists()
            if pending:
                self.stdout.write(f"{daily.name} are already scheduled")
                continue
            daily.task.enqueue(reschedule=True)
            self.stdout.write(f"{daily.name} scheduled")
