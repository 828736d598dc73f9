from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from esep.figures import fonts  # noqa: F401  (registers the check that the PDF font is there)


class FiguresConfig(AppConfig):
    name = "esep.figures"
    label = "figures"
    verbose_name = _("Figures")
