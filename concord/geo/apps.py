from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "concord.geo"
    verbose_name = _("Regions")

    def ready(self) -> None:
        from concord.geo.models import Region
        from concord.refcache import watch

        watch(Region)
