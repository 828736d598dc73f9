from django.core.management.base import BaseCommand
from django_tasks_db.models import DBTaskResult

from esep.appeals.tasks import send_deadline_reminders
from esep.control.tasks import send_control_reminders


class Command(BaseCommand):
    help = (
        "Queue the daily reminders of appeal deadlines and of party-control deadlines "
        "(once: each task then re-queues itself daily)."
    )

    def handle(self, *args, **options) -> None:
        for name, daily in (
            ("deadline reminders", send_deadline_reminders),
            ("control reminders", send_control_reminders),
        ):
            pending = DBTaskResult.objects.filter(
                task_path=daily.module_path, status="READY"
            ).exists()
            if pending:
                self.stdout.write(f"{name} are already scheduled")
                continue
            daily.enqueue(reschedule=True)
            self.stdout.write(f"{name} scheduled")
