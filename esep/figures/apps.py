from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "esep.figures"
    label = "figures"
    verbose_name = _("Figures")
