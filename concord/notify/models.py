"""The notification outbox: rows written in the same transaction as the change they
announce, delivered afterwards by `manage.py notify_worker`, so none is ever lost."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    kind = models.CharField(max_length=40)  # dotted, as the event: "case.escalated"
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    # Read by the worker in order of creation, never by recipient: no index on the recipients.
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    recipient_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    channel = models.CharField(max_length=16, default="console")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker is sending it; an expired lease means that worker died.
    leased_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["created_at"], condition=models.Q(sent_at__isnull=True), name="notification_unsent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"
