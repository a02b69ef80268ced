from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "concord.cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from concord.cases import services  # noqa: F401  (declares the handling steps)
        from concord.cases.models import Category
        from concord.refcache import watch

        watch(Category)
