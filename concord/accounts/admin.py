from django.contrib import admin

from concord.accounts.models import AuditLog, Membership, Unit


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    extra = 1
    raw_id_fields = ("user", "region")


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name_zh", "name_en", "kind", "region", "is_active")
    list_filter = ("kind", "is_active", "region__level")
    search_fields = ("name_zh", "name_en", "region__code")
    raw_id_fields = ("region",)
    filter_horizontal = ("categories",)
    list_select_related = ("region",)
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("user", "unit", "role", "region")
    list_filter = ("role",)
    search_fields = ("user__username", "unit__name_zh", "unit__name_en")
    raw_id_fields = ("user", "unit", "region")
    list_select_related = ("user", "unit", "region")


@admin.register(AuditLog)
class AuditLogAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """Read-only: the audit log is written by the application, never edited."""

    list_display = ("created_at", "actor", "action", "object_type", "object_id")
    list_filter = ("action",)
    search_fields = ("object_id", "actor__username")
    list_select_related = ("actor",)

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False
