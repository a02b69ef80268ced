"""Early warning: the alerts raised on the daily counts and the cases, their timelines, and
the runs of the warning worker."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.geo.models import Placed


class AlertKind(models.TextChoices):
    COUNT_SPIKE = "count_spike", _("more disputes than expected")
    COLLECTIVE = "collective", _("many disputes against one party")
    REPEAT = "repeat", _("repeated disputes between the same parties")
    STALLED = "stalled", _("stalled cases")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACKNOWLEDGED = "acknowledged", _("acknowledged")
    ACTIONED = "actioned", _("actioned")
    CLOSED = "closed", _("closed")


class AlertOutcome(models.TextChoices):
    CONFIRMED = "confirmed", _("confirmed")
    FALSE_ALARM = "false_alarm", _("false alarm")


class Alert(Placed):
    """One early-warning signal and its review (预警 / 研判), with the evidence behind it."""

    kind = models.CharField(_("kind"), max_length=16, choices=AlertKind.choices)
    # What the alert is about across time (a place and category, a counterparty, a group of
    # parties, a unit): a later signal on the same thread continues an alert still under review.
    thread = models.CharField(max_length=80, editable=False)
    # The thread and the start of this episode: unique, so that a re-run or a second worker
    # never raises the same alert twice.
    key = models.CharField(max_length=120, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=16, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    outcome = models.CharField(_("outcome"), max_length=16, choices=AlertOutcome.choices, blank=True)

    # Where: the region (and, from Placed, its ancestor at every level, as on Case, so that the
    # same jurisdiction filter reads both); and the unit responsible for reviewing it.
    region = models.ForeignKey(
        "geo.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="+", db_index=False
    )
    unit = models.ForeignKey(
        "accounts.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="alerts", db_index=False
    )
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    # The evidence: what was seen in which window, what was expected, where the line was.
    window_start = models.DateField(_("from"))
    window_end = models.DateField(_("to"))
    detector = models.CharField(_("detector"), max_length=32)
    observed = models.FloatField(_("observed"))
    expected = models.FloatField(_("expected"), null=True, blank=True)
    threshold = models.FloatField(_("threshold"), null=True, blank=True)
    p_value = models.FloatField(_("p-value"), null=True, blank=True)
    # Who or what it is about, in words fit to show (an organisation's name; never a phone).
    subject = models.CharField(_("about"), max_length=200, blank=True)
    # Detector settings, per-week evidence and what the explanation needs.
    details = models.JSONField(default=dict, blank=True)
    cases = models.ManyToManyField("cases.Case", through="AlertCase", related_name="+")

    created_at = models.DateTimeField(_("raised at"))
    updated_at = models.DateTimeField(_("updated at"))
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    actioned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actioned_at = models.DateTimeField(null=True, blank=True)
    action_taken = models.TextField(_("what was done"), blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        indexes = [
            # The alert list: newest first within a jurisdiction, by status.
            models.Index(fields=["unit", "status", "-created_at"], name="alert_unit_status"),
            models.Index(fields=["city", "status", "-created_at"], name="alert_city_status"),
            models.Index(fields=["district", "status", "-created_at"], name="alert_district_status"),
            models.Index(fields=["street", "status", "-created_at"], name="alert_street_status"),
            models.Index(fields=["community", "status", "-created_at"], name="alert_community_status"),
            # Continuing an episode: the latest alert on a thread.
            models.Index(fields=["kind", "thread", "-window_end"], name="alert_thread"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.region_id} {self.window_start}..{self.window_end}"

    @property
    def is_closed(self) -> bool:
        return self.status == AlertStatus.CLOSED


class AlertCase(models.Model):
    """A case behind an alert."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="alert_cases")
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["alert", "case"], name="alertcase_unique")]
        indexes = [models.Index(fields=["case"], name="alertcase_case")]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.case_id}"


class AlertEvent(models.Model):
    """One entry on an alert's append-only timeline: raised, updated, acknowledged..."""

    alert = models.ForeignKey(Alert, on_delete=models.CASCADE, related_name="events", db_index=False)
    action = models.CharField(max_length=40)  # dotted: "alert.acknowledged"
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    from_status = models.CharField(max_length=16, choices=AlertStatus.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=AlertStatus.choices, blank=True)
    note = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["alert", "created_at"], name="alertevent_alert_created")]

    def __str__(self) -> str:
        return f"{self.alert_id} {self.action}"


class WarningRun(models.Model):
    """One job of the warning worker for one day: claimed by one worker (the unique row),
    leased while it runs, so that an expired lease shows the worker died and another may
    take over, and a finished run is never repeated."""

    job = models.CharField(max_length=40)
    day = models.DateField()
    started_at = models.DateTimeField()
    leased_until = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "day"], name="warningrun_unique")]

    def __str__(self) -> str:
        return f"{self.job} {self.day}"
