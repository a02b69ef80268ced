from django.contrib import admin

from concord.notify.models import Notification, WebhookEndpoint


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "url", "unit", "is_active")
    list_filter = ("is_active",)
    autocomplete_fields = ("unit",)


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The outbox, to look into (the dead letters have their own page, with a retry)."""

    list_display = ("created_at", "kind", "audience", "channel", "state", "attempts", "sent_at")
    list_filter = ("state", "channel", "audience")
    search_fields = ("key", "kind")
    # An address is encrypted and a body may name a resident: neither is shown here.
    exclude = ("address_encrypted", "body")
    readonly_fields = [f.name for f in Notification._meta.fields if f.name not in ("address_encrypted", "body")]
    list_select_related = False
    show_full_result_count = False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
