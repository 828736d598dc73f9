from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "esep.control"
    label = "control"
    verbose_name = _("Party control")

    def ready(self) -> None:
        # Imported here: models may be read only once every app is loaded.
        from esep.control.summary import branch_section
        from esep.org.sections import Section, register

        register(Section("control/_branch_work.html", branch_section))

        from esep.control.tasks import send_control_reminders
        from esep.lib.daily import Daily
        from esep.lib.daily import register as register_daily

        register_daily(Daily("control reminders", send_control_reminders))
