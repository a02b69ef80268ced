from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RiskConfig(AppConfig):
    name = "concord.risk"
    verbose_name = _("Risk assessment")

    def ready(self) -> None:
        # The risk steps declare themselves on the case workflow; the panel joins the case page.
        from concord.cases.panels import register_panel
        from concord.risk import services  # noqa: F401
        from concord.risk.panel import RISK_PANEL

        register_panel(RISK_PANEL)
