from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "concord.routing"
    verbose_name = _("Routing")

    def ready(self) -> None:
        from concord.refcache import watch
        from concord.routing import escalation  # noqa: F401  (declares the escalation steps)
        from concord.routing.models import RoutingRule

        watch(RoutingRule)
