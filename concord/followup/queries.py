"""Reads of follow-up: a case's current resolution and its next visit."""

from __future__ import annotations

from concord.cases.models import Case
from concord.followup.models import Resolution, Visit, VisitStatus


def current_resolution(case: Case) -> Resolution | None:
    """The resolution in force: the case's latest, unless it was reopened since."""
    latest = Resolution.objects.filter(case_id=case.pk).order_by("-number").first()
    return latest if latest is not None and latest.reopened_at is None else None


def next_visit(case: Case) -> Visit | None:
    """The visit to make next (the earliest still due), or None."""
    return Visit.objects.filter(case_id=case.pk, status=VisitStatus.PENDING).order_by("number").first()


def visits_of(case: Case) -> list[Visit]:
    """Every visit of every resolution of the case, latest resolution first."""
    return list(
        Visit.objects.filter(case_id=case.pk).select_related("resolution").order_by("-resolution__number", "number")
    )
