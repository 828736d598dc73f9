from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.lib.daily import Daily
from esep.lib.daily import register as register_daily


class ProgrammeConfig(AppConfig):
    name = "esep.programme"
    label = "programme"
    verbose_name = _("Election programme and road maps")

    def ready(self) -> None:
        # Imported here: it reads models, which exist only once every app is loaded.
        from esep.programme.tasks import send_programme_reminders

        register_daily(Daily("programme reminders", send_programme_reminders))
