from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.lib.daily import Daily, register


class AppealsConfig(AppConfig):
    name = "esep.appeals"
    label = "appeals"
    verbose_name = _("Appeals")

    def ready(self) -> None:
        # Imported here: tasks read models, which exist only once every app is loaded.
        from esep.appeals.tasks import send_deadline_reminders

        register(Daily("deadline reminders", send_deadline_reminders))
