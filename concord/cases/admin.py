"""Admin for reference data. Cases are changed only through the staff pages and their
services, so they are not editable here."""

from django.contrib import admin

from concord.cases.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = (
        "code",
        "name_zh",
        "name_en",
        "parent",
        "resolution_days",
        "default_unit_kind",
        "order",
        "is_active",
    )
    list_filter = ("is_active", "default_unit_kind")
    search_fields = ("code", "name_zh", "name_en")
    list_editable = ("order", "is_active")
