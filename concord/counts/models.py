"""Daily counts of reported disputes: what early warning and the dashboards read."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DailyCount(models.Model):
    """Disputes reported on one local day in one region (at every level of the tree) and one
    category (a leaf and, separately, its parent). Kept in the transaction of each change by
    ``concord.cases.counting``; ``rebuild_rollups`` recomputes it from the cases."""

    region = models.ForeignKey("geo.Region", on_delete=models.CASCADE, related_name="+", db_index=False)
    category = models.ForeignKey("cases.Category", on_delete=models.CASCADE, related_name="+", db_index=False)
    day = models.DateField()
    count = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("daily count")
        verbose_name_plural = _("daily counts")
        constraints = [models.UniqueConstraint(fields=["region", "category", "day"], name="dailycount_unique")]
        # The detectors read every series of a time window at once.
        indexes = [models.Index(fields=["day"], name="dailycount_day")]

    def __str__(self) -> str:
        return f"{self.region_id}/{self.category_id} {self.day}: {self.count}"
