"""The resident's rating of a resolution (满意度): "is it resolved?" and 1-5 stars with an
optional comment, once per resolution. A system step (the resident is not a user, like the
report): "no" puts the case back in front of its unit, linked to the resolution; 1 or 2
stars tell the unit's leads."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from concord.accounts.leads import notice_to_leads
from concord.cases.models import Case, Status
from concord.cases.services import reopen_case
from concord.cases.workflow import CASES
from concord.followup.forms import COMMENT_MAX
from concord.followup.models import Rating
from concord.followup.queries import current_resolution
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import SYSTEM, Change, Step
from concord.workflow.text import clean_text

# A case the resident may rate: its resolution stands (visits may be done).
RATEABLE = (Status.RESOLVED, Status.FOLLOWED_UP)
# Scores at or below this tell the unit's leads.
LOW_SCORE = 2

EVENT_TITLES = {"case.rated": gettext_lazy("rated by the resident")}


class AlreadyRated(InvalidInput):
    """This resolution has its rating (a second tap, or an old tab)."""

    status_code = 409
    code = "already_rated"


class OutdatedResolution(InvalidInput):
    """The link is for a resolution no longer in force (the case was reopened since)."""

    status_code = 410
    code = "outdated"


@CASES.action(
    "rate",
    label=gettext_lazy("record the resident's rating"),
    help=gettext_lazy(
        "The resident answers on the tracking page or through the link in the 'resolved' message: resolved "
        "or not, 1 to 5 stars, a comment; once per resolution. 'Not resolved' reopens the case; 1 or 2 stars "
        "tell the unit's leads."
    ),
    states=RATEABLE,
    who=SYSTEM,
    event="case.rated",
    to=None,
    order=78,
)
def rate_resolution(
    step: Step[Case], *, resolution: int, resolved: bool, score: int | None = None, comment: str = ""
) -> Change:
    """Record the resident's rating of the resolution in force (``resolution``: its id)."""
    case = step.subject
    current = current_resolution(case)
    if current is None or current.pk != resolution:
        raise OutdatedResolution(_("This link is for an earlier resolution of your case."))
    if Rating.objects.filter(resolution_id=current.pk).exists():
        raise AlreadyRated(_("You have already rated this resolution. Thank you."))
    if score is not None and not 1 <= score <= 5:
        raise InvalidInput(_("Choose from 1 to 5 stars."))
    text = clean_text(comment, required=False, what=_("your comment"), limit=COMMENT_MAX)
    Rating.objects.create(
        case=case,
        resolution=current,
        unit_id=current.unit_id,
        resolved=resolved,
        score=score,
        comment=text,
        created_at=step.now,
    )
    data: dict[str, Any] = {"resolution": current.pk, "resolved": resolved, "score": score}
    notices = []
    if score is not None and score <= LOW_SCORE:
        line = _("%(receipt)s: the resident gave %(score)d of 5 stars") % {"receipt": case.receipt, "score": score}
        notices.append(notice_to_leads([case.unit], subject=line, body=text, kind="rating.low"))
    if resolved:
        return Change(note=text, data=data, notices=notices)
    reopened = reopen_case.handler(step, reason=text or _("The resident says the dispute is not resolved."))
    assert isinstance(reopened, Change)
    reopened.note = _("You told us the dispute is not resolved: your case is open again and will be handled anew.")
    reopened.data = {**data, "staff_note": text}
    reopened.to = Status.REOPENED
    reopened.notices += notices
    return reopened
