"""Units that handle disputes, the staff in them, and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from concord.i18n import pick


class UnitKind(models.TextChoices):
    COMMUNITY_OFFICE = "community_office", _("community office")
    MEDIATION_COMMITTEE = "mediation_committee", _("people's mediation committee")
    POLICE_STATION = "police_station", _("police station")
    JUDICIAL_OFFICE = "judicial_office", _("judicial office")
    LABOUR_INSPECTION = "labour_inspection", _("labour inspection")
    LEGAL_AID = "legal_aid", _("legal aid centre")
    COUNSELLING = "counselling", _("counselling service")
    HOSPITAL_MEDIATION = "hospital_mediation", _("hospital mediation office")
    LABOUR_ARBITRATION = "labour_arbitration", _("labour dispute arbitration committee")
    COURT = "court", _("people's court")
    GOVERNMENT = "government", _("government office (rulings and reconsideration)")


class Role(models.TextChoices):
    GRID_WORKER = "grid_worker", _("grid worker")
    MEDIATOR = "mediator", _("mediator")
    UNIT_LEAD = "unit_lead", _("unit lead")
    SUPERVISOR = "supervisor", _("supervisor")
    ANALYST = "analyst", _("analyst")
    ADMIN = "admin", _("administrator")


class Unit(models.Model):
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    # The unit's jurisdiction: this region and everything below it.
    region = models.ForeignKey("geo.Region", verbose_name=_("region"), on_delete=models.PROTECT, related_name="units")
    categories = models.ManyToManyField(
        "cases.Category", verbose_name=_("categories handled"), blank=True, related_name="units"
    )
    phone = models.CharField(_("public phone"), max_length=32, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["region__code", "kind"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return pick(self.name_zh, self.name_en)


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    # A narrower area inside the unit's jurisdiction, e.g. the grid a grid worker covers.
    region = models.ForeignKey(
        "geo.Region",
        verbose_name=_("area covered"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Leave empty to cover the whole jurisdiction of the unit."),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role", "region"], name="membership_unique"),
        ]
        indexes = [models.Index(fields=["unit", "role"], name="membership_unit_role")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class AuditLog(models.Model):
    """Who did or read what, outside the case timeline (e.g. revealing a party's phone)."""

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=64)  # dotted: "party.contact_revealed"
    object_type = models.CharField(max_length=32)
    object_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.action} {self.object_type}:{self.object_id}"
