from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FrameConfig(AppConfig):
    name = "esep.frame"
    label = "frame"

    def ready(self) -> None:
        from django.contrib import admin

        # Every SQLite connection gets esep's SQL functions (search's folding).
        import esep.lib.sqlite  # noqa: F401

        # The check that the font every PDF embeds is there.
        from esep.frame import fonts  # noqa: F401

        admin.site.site_header = _("esep administration")
        admin.site.site_title = _("esep administration")
        admin.site.index_title = _("Configuration")
