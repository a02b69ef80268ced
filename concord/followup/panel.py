"""The follow-up panel of the case page: each resolution's visits (due, held, broken, not
reached, with the attempts) and the resident's rating. Read only for a case resolved at
least once; the visit step's form is among the case's own actions."""

from __future__ import annotations

from typing import Any

from concord.cases.models import Case
from concord.cases.panels import Panel
from concord.followup.models import Rating
from concord.followup.queries import visits_of
from concord.workflow.pages import Offered

GROUP = "followup"


def follow_up_panel(case: Case, steps: list[Offered]) -> dict[str, Any]:
    if case.resolved_at is None:
        return {"shown": False}
    ratings = {rating.resolution_id: rating for rating in Rating.objects.filter(case_id=case.pk)}
    resolutions: list[dict[str, Any]] = []
    for visit in visits_of(case):
        if not resolutions or resolutions[-1]["resolution"].pk != visit.resolution_id:
            resolution = visit.resolution
            resolutions.append({"resolution": resolution, "visits": [], "rating": ratings.get(resolution.pk)})
        resolutions[-1]["visits"].append(visit)
    return {"shown": bool(resolutions), "resolutions": resolutions}


FOLLOW_UP_PANEL = Panel(name=GROUP, template="followup/_panel.html", build=follow_up_panel)
