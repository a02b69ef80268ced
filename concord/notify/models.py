"""The notification outbox and what each person asked for.

A ``Notification`` is one message to one recipient through one channel, written in the same
transaction as the event that causes it (so none is lost and none is sent for a change rolled
back), under an idempotency key unique per (event, recipient, channel) that travels with the
message (the e-mail's Message-ID, the gateway's and the webhook's Idempotency-Key), so that a
receiver can drop the rare repeat after a worker died between sending and recording it.
``notify_worker``s deliver them; in-app notifications (the bell) are delivered by being written.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    INAPP = "inapp", _("in Concord (the bell)")
    EMAIL = "email", _("e-mail")
    SMS = "sms", _("text message (SMS)")
    WEBHOOK = "webhook", _("webhook")
    # Where a channel is not set up on this server: the message is written to the log.
    CONSOLE = "console", _("server log")


class State(models.TextChoices):
    PENDING = "pending", _("waiting to be sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed (dead letter)")
    CANCELLED = "cancelled", _("cancelled")


class Audience(models.TextChoices):
    STAFF = "staff", _("staff")
    RESIDENT = "resident", _("resident")
    SYSTEM = "system", _("another system")


class WebhookEndpoint(models.Model):
    """Another system told of events by a signed POST (HMAC-SHA256 with ``secret``)."""

    name = models.CharField(_("name"), max_length=80)
    url = models.URLField(_("URL"), max_length=300)
    secret = models.CharField(_("signing secret"), max_length=64, default=secrets.token_hex)
    # Kinds of staff notification (concord.notify.kinds) it receives; empty: all.
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    # Only events about this unit's work (its cases, its alerts); empty: every unit.
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")

    def __str__(self) -> str:
        return self.name


class Notification(models.Model):
    key = models.CharField(max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=40)  # the notice's kind or the event's name
    audience = models.CharField(_("audience"), max_length=12, choices=Audience.choices, default=Audience.STAFF)
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    case = models.ForeignKey("cases.Case", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    recipient_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The unit a notice to a unit reached this person through; with no person, a unit with no
    # one in it to tell (the message is logged against the unit).
    recipient_unit = models.ForeignKey(
        "accounts.Unit", null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    endpoint = models.ForeignKey(
        WebhookEndpoint, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    # The e-mail address or phone number, encrypted (concord.crypto): a resident's contact is
    # never stored in the clear, here as in the case's parties.
    address_encrypted = models.TextField(blank=True)
    language = models.CharField(max_length=8, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("message"), blank=True)
    link = models.CharField(max_length=300, blank=True)  # a staff page, for the bell and the e-mail

    state = models.CharField(_("state"), max_length=12, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("created"))
    # The next attempt: now, after quiet hours, or after a failure's backoff.
    due_at = models.DateTimeField()
    # Set while a worker is sending it (with that worker's token); expired, the worker died.
    leased_until = models.DateTimeField(null=True, blank=True)
    lease_token = models.CharField(max_length=32, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)  # in-app: when its reader opened it

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            # The workers' queue: what is waiting, soonest first.
            models.Index(fields=["due_at", "id"], condition=models.Q(state="pending"), name="notification_queue"),
            # A person's bell: their in-app notifications, newest first, and the unread count.
            models.Index(
                fields=["recipient_user", "-created_at"], condition=models.Q(channel="inapp"), name="notification_inapp"
            ),
            models.Index(
                fields=["recipient_user"],
                condition=models.Q(channel="inapp", read_at__isnull=True),
                name="notification_unread",
            ),
            # The administrators' dead-letter list.
            models.Index(fields=["-created_at"], condition=models.Q(state="failed"), name="notification_failed"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.subject}"


class Preference(models.Model):
    """How one staff member wants to hear of each kind of thing, and when not to be disturbed."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notify_preference")
    # kind code (concord.notify.kinds) -> channel codes; a kind missing here has its defaults.
    channels = models.JSONField(default=dict, blank=True)
    # The staff member's own mobile number for SMS, encrypted.
    phone_encrypted = models.TextField(blank=True)
    # Local time; e-mail and SMS of kinds that are not urgent wait until the quiet hours end.
    quiet_from = models.TimeField(_("quiet from"), null=True, blank=True)
    quiet_until = models.TimeField(_("quiet until"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return str(self.user)


class ResidentStop(models.Model):
    """A resident asked to hear no more about their case (the link in every message)."""

    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, related_name="+")
    stopped_at = models.DateTimeField()

    class Meta:
        verbose_name = _("resident who stopped messages")
        verbose_name_plural = _("residents who stopped messages")

    def __str__(self) -> str:
        return str(self.case_id)


class SweepMark(models.Model):
    """How far a periodic job has looked (the deadline reminders), so no round repeats one."""

    name = models.CharField(max_length=40, primary_key=True)
    until = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.until}"
