"""The risk levels as a case stores them (ordered, so that the inbox can sort by them)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class RiskLevel(models.IntegerChoices):
    """The levels of ``concord.risk.engine.factors.LEVELS``, as stored on a case."""

    STANDARD = 0, _("standard")
    MEDIUM = 1, _("medium")
    HIGH = 2, _("high")
    CRITICAL = 3, _("critical")


# At or above this level a case is urgent: seen first, signed for sooner, leads told.
URGENT = RiskLevel.HIGH
