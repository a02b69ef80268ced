from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntakeConfig(AppConfig):
    name = "concord.intake"
    verbose_name = _("Intake")

    def ready(self) -> None:
        from concord.intake import services  # noqa: F401  (declares the report step)
