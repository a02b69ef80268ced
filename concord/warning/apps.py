from django.apps import AppConfig


class WarningConfig(AppConfig):
    name = "concord.warning"
    # Not translated yet: the app has no models or pages, so nothing shows this name.
    verbose_name = "Early warning"
