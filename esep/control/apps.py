from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.lib.daily import Daily
from esep.lib.daily import register as register_daily


class ControlConfig(AppConfig):
    name = "esep.control"
    label = "control"
    verbose_name = _("Party control")

    def ready(self) -> None:
        # Imported here: they read models, which exist only once every app is loaded.
        from esep.control.summary import branch_section
        from esep.control.tasks import send_control_reminders
        from esep.org.sections import Section
        from esep.org.sections import register as register_section

        register_section(Section("control/_branch_work.html", branch_section))
        register_daily(Daily("control reminders", send_control_reminders))
