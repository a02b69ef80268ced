"""Open311 client applications (their API keys) and the per-minute counters that limit them."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Client(models.Model):
    """An app that may POST reports through Open311. Only a hash of its key is stored."""

    name = models.CharField(_("name"), max_length=120)
    contact = models.CharField(_("contact"), max_length=200, blank=True)
    key_prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    # Reports per minute; empty means CONCORD_OPEN311_RATE_PER_MINUTE.
    rate_per_minute = models.PositiveIntegerField(_("reports per minute"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("Open311 client")
        verbose_name_plural = _("Open311 clients")
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class RateWindow(models.Model):
    """How many reports a client sent in one minute (counted with one atomic upsert)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="+", db_index=False)
    minute = models.BigIntegerField()  # minutes since the Unix epoch
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client", "minute"], name="open311_rate_client_minute")]

    def __str__(self) -> str:
        return f"{self.client_id}@{self.minute}: {self.count}"
