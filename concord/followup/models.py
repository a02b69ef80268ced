"""Each time a case is resolved (a ``Resolution``), its follow-up visits (回访) and the
resident's rating of it (满意度). The case's own row says where it stands; these say what
each resolution led to, for the case page, the inbox and the figures."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Resolution(models.Model):
    """One resolution of a case (the n-th time it was resolved), by the step that resolved it.
    A case reopened and resolved again has a new one: visits and the rating belong to it."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="resolutions")
    # The unit that had the case when it was resolved (the figures' unit).
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    number = models.PositiveSmallIntegerField()
    resolved_at = models.DateTimeField()
    outcome = models.CharField(max_length=24, blank=True)
    via = models.CharField(max_length=40)  # the event that resolved it: "case.resolved", "referral.completed"…
    reopened_at = models.DateTimeField(null=True, blank=True)
    reopened_by = models.CharField(max_length=40, blank=True)  # the event: "case.rated", "followup.broken"…

    class Meta:
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")
        constraints = [models.UniqueConstraint(fields=["case", "number"], name="resolution_case_number")]
        indexes = [models.Index(fields=["resolved_at", "unit"], name="resolution_resolved_unit")]

    def __str__(self) -> str:
        return f"{self.case_id} #{self.number}"


class VisitStatus(models.TextChoices):
    PENDING = "pending", _("due")
    HELD = "held", _("the agreement holds")
    BROKEN = "broken", _("broken again")
    NOT_REACHED = "not_reached", _("could not be reached")
    CANCELLED = "cancelled", _("no longer needed")


class VisitOutcome(models.TextChoices):
    """What a worker records of one visit (or one attempt at it)."""

    HELD = "held", _("the agreement holds")
    BROKEN = "broken", _("the dispute broke out again")
    UNREACHABLE = "unreachable", _("could not reach the parties")


class Visit(models.Model):
    """One follow-up visit of a resolution, due some days after it; tried again when nobody
    could be reached."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False)
    resolution = models.ForeignKey(Resolution, on_delete=models.CASCADE, related_name="visits")
    number = models.PositiveSmallIntegerField()
    days = models.PositiveSmallIntegerField()  # after the resolution, as scheduled
    due_at = models.DateTimeField()
    status = models.CharField(max_length=12, choices=VisitStatus.choices, default=VisitStatus.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)  # attempts nobody could be reached
    note = models.TextField(blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["resolution", "number"]
        constraints = [models.UniqueConstraint(fields=["resolution", "number"], name="visit_resolution_number")]
        # A case's visits (the case page) and its next one due (the visit step).
        indexes = [models.Index(fields=["case", "number"], name="visit_case")]

    def __str__(self) -> str:
        return f"{self.resolution_id} visit {self.number}"


class Rating(models.Model):
    """The resident's answer on one resolution: resolved or not, 1-5 stars, a comment. One per
    resolution (the constraint decides under a double submit)."""

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="+", db_index=False)
    resolution = models.OneToOneField(Resolution, on_delete=models.CASCADE, related_name="rating")
    unit = models.ForeignKey("accounts.Unit", on_delete=models.PROTECT, related_name="+", db_index=False)
    resolved = models.BooleanField(_("resolved"))
    score = models.PositiveSmallIntegerField(_("stars"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField()

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(score__isnull=True) | models.Q(score__gte=1, score__lte=5), name="rating_score_1_5"
            )
        ]
        indexes = [models.Index(fields=["created_at", "unit"], name="rating_created_unit")]

    def __str__(self) -> str:
        return f"{self.resolution_id}: {self.resolved} {self.score}"
