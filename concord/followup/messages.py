"""What the resident is sent about follow-up and rating: the "resolved" message carries the
signed link to rate it; a follow-up visit, a visit that found the dispute broken again, and a
"no" that reopened the case each get a line (concord.notify.residents)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from concord.cases.models import Case, CaseEvent, Status
from concord.followup.links import rating_path
from concord.notify.residents import MESSAGES, Render, public_line, register_resident_message
from concord.qr import site_url

# The steps that resolve a case besides ``resolve`` (their own line first, then the link).
RESOLVING_EVENTS = ("case.resolved", "referral.completed", "mediation.ended")


def _with_rating_link(before: Render | None) -> Render:
    def render(case: Case, event: CaseEvent) -> str | None:
        line = before(case, event) if before is not None else None
        path = rating_path(case) if event.to_status == Status.RESOLVED else None
        if path is None:
            return line
        ask = _("Is it resolved? Tell us in one tap: %(link)s") % {"link": site_url(path)}
        return f"{line}\n{ask}" if line else ask

    return render


def _visited(case: Case, event: CaseEvent) -> str:
    line = _("We checked on your dispute %(receipt)s with you: thank you. If anything changes, tell us on its page.")
    return line % {"receipt": case.receipt}


def _reopened_by_rating(case: Case, event: CaseEvent) -> str | None:
    return event.note if event.to_status == Status.REOPENED and event.note else None


def register() -> None:
    for name in RESOLVING_EVENTS:
        register_resident_message(name, _with_rating_link(MESSAGES.get(name)))
    register_resident_message("followup.broken", public_line)
    register_resident_message("followup.held", _visited)
    register_resident_message("case.followed_up", _visited)
    register_resident_message("case.rated", _reopened_by_rating)
