from django.contrib import admin

from concord.resolution.models import ResolutionChannel


@admin.register(ResolutionChannel)
class ResolutionChannelAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("code", "name_zh", "name_en", "external", "order", "is_active")
    list_editable = ("order", "is_active")
    filter_horizontal = ("units",)
    search_fields = ("code", "name_zh", "name_en")
