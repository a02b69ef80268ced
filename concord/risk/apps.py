from django.apps import AppConfig


class RiskConfig(AppConfig):
    # No models and nothing shown in the admin yet: the lead adds those (and the translated name).
    name = "concord.risk"
    verbose_name = "Risk assessment"
