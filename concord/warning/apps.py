from django.apps import AppConfig
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _


class WarningConfig(AppConfig):
    name = "concord.warning"
    verbose_name = _("Early warning")

    def ready(self) -> None:
        from concord.warning import services  # noqa: F401  (declares the alert steps)
        from concord.warning.detectors.registry import DETECTORS

        if settings.CONCORD_WARNING_METHOD not in DETECTORS:
            raise ImproperlyConfigured(
                f"CONCORD_WARNING_METHOD {settings.CONCORD_WARNING_METHOD!r} is not a detector "
                f"(choose from {', '.join(DETECTORS)})"
            )
