from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "esep.access"
    label = "access"
    verbose_name = _("Access")

    def ready(self) -> None:
        # Connects the lockout signal; models exist only once every app is loaded.
        from esep.access import signals  # noqa: F401
