from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.lib.daily import Daily
from esep.lib.daily import register as register_daily


class EthicsConfig(AppConfig):
    name = "esep.ethics"
    label = "ethics"
    verbose_name = _("Ethics cases")

    def ready(self) -> None:
        # Imported here: it reads models, which exist only once every app is loaded.
        from esep.ethics.tasks import lift_expired_sanctions

        register_daily(Daily("ethics sanctions lifted", lift_expired_sanctions))
