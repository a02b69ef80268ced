"""A case's risk assessment: the checklist answers and what the text signals found, as last
assessed. The level in force is ``Case.risk_level`` (the inbox orders by it); this row holds
the evidence behind it. Only cases with something to show have one: most reports never do."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseRisk(models.Model):
    case = models.OneToOneField("cases.Case", on_delete=models.CASCADE, primary_key=True, related_name="risk")
    # factor code -> "yes" / "no" / "unknown", as the worker last answered the checklist.
    answers = models.JSONField(default=dict, blank=True)
    # The last assessment (``scoring.Assessment.as_dict()``): factors with their words, rules,
    # score, the level it gave and what the text alone gave.
    assessment = models.JSONField(default=dict, blank=True)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("risk assessment")
        verbose_name_plural = _("risk assessments")

    def __str__(self) -> str:
        return f"{self.case_id}: {self.assessment.get('level', '')}"
