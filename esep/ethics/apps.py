from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EthicsConfig(AppConfig):
    name = "esep.ethics"
    label = "ethics"
    verbose_name = _("Ethics cases")
