from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.lib.daily import Daily
from esep.lib.daily import register as register_daily


class DeputiesConfig(AppConfig):
    name = "esep.deputies"
    label = "deputies"
    verbose_name = _("Deputies and their rating")

    def ready(self) -> None:
        # Imported here: it reads models, which exist only once every app is loaded.
        from esep.deputies.tasks import compute_rating_daily

        register_daily(Daily("deputies' rating", compute_rating_daily))
