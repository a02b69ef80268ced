from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.open311.models import Client
from concord.open311.services import create_client, revoke_client


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ("name", "key_prefix", "rate_per_minute", "created_at", "last_used_at", "revoked_at")
    fields = ("name", "contact", "rate_per_minute", "key_prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("key_prefix", "created_at", "last_used_at", "revoked_at")
    actions = ["revoke"]

    def has_delete_permission(self, request: HttpRequest, obj: Client | None = None) -> bool:
        return False  # revoke instead: the key's history stays in the audit log

    def save_model(self, request: HttpRequest, obj: Client, form: Any, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        # A new client gets its key here, shown once; only its hash is kept.
        actor = request.user if isinstance(request.user, User) else None
        client, key = create_client(obj.name, contact=obj.contact, rate_per_minute=obj.rate_per_minute, actor=actor)
        obj.pk = client.pk
        obj.key_prefix, obj.key_hash, obj.created_at = client.key_prefix, client.key_hash, client.created_at
        messages.warning(
            request, _("The api_key of %(name)s, shown only once: %(key)s") % {"name": client.name, "key": key}
        )

    @admin.action(description=gettext_lazy("Revoke the selected clients' keys"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[Client]) -> None:
        actor = request.user if isinstance(request.user, User) else None
        revoked = sum(revoke_client(client, actor=actor) for client in queryset)
        messages.success(request, _("%(count)d keys revoked.") % {"count": revoked})
