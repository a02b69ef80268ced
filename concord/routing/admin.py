from django.contrib import admin

from concord.routing.models import RoutingRule


@admin.register(RoutingRule)
class RoutingRuleAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Edit who handles which disputes where (region, category -> unit)."""

    list_display = ("region", "category", "unit")
    list_filter = ("region__level", "category")
    search_fields = ("region__code", "region__name_zh", "region__name_en", "unit__name_zh", "unit__name_en")
    raw_id_fields = ("region", "unit")
    list_select_related = ("region", "category", "unit")
