from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoutingConfig(AppConfig):
    name = "concord.routing"
    verbose_name = _("Routing")

    def ready(self) -> None:
        from concord.refcache import connect_invalidation

        connect_invalidation()
