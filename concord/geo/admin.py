from django.contrib import admin

from concord.geo.models import Region


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_zh", "name_en", "level", "parent")
    list_filter = ("level",)
    search_fields = ("code", "name_zh", "name_en")
    raw_id_fields = ("parent",)
    list_select_related = ("parent",)
    readonly_fields = ("min_lat", "max_lat", "min_lon", "max_lon")
