from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameConfig(AppConfig):
    name = "esep.frame"
    label = "frame"

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("esep administration")
        admin.site.site_title = _("esep administration")
        admin.site.index_title = _("Configuration")
