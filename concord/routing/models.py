"""Routing rules: which unit handles a kind of dispute in a region."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoutingRule(models.Model):
    """(region, category) -> unit. An empty category means every category.

    A report is routed by walking from its region up the tree: the nearest rule for
    its category wins; failing that, the nearest rule for every category.
    """

    region = models.ForeignKey("geo.Region", verbose_name=_("region"), on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "cases.Category",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Leave empty for every category."),
    )
    unit = models.ForeignKey("accounts.Unit", verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        constraints = [
            models.UniqueConstraint(fields=["region", "category"], name="routing_region_category"),
            models.UniqueConstraint(
                fields=["region"], condition=models.Q(category__isnull=True), name="routing_region_any_category"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} · {self.category or '*'} → {self.unit}"
