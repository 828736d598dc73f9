from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "esep.portal"
    label = "portal"
    verbose_name = _("Public portal")

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("esep administration")
        admin.site.site_title = _("esep administration")
        admin.site.index_title = _("Configuration")
