"""What the timeline calls each resolution event, and which of them the resident sees."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

EVENT_TITLES: dict[str, Promise] = {
    "referral.sent": _("referred"),
    "referral.accepted": _("referral accepted"),
    "referral.declined": _("referral declined"),
    "referral.completed": _("referral completed"),
    "referral.returned": _("referral returned"),
    "referral.revoked": _("referral revoked"),
    "referral.escalated": _("referral escalated: not answered in time"),
    "referral.overdue_at_top": _("referral not answered in time"),
    "confirmation.requested": _("judicial confirmation requested"),
    "confirmation.recorded": _("court's decision on the agreement"),
    "joint.unit_added": _("unit asked to assist"),
    "joint.task_added": _("task added"),
    "joint.task_done": _("task done"),
    "mediation.session_planned": _("mediation session planned"),
    "mediation.session_held": _("mediation session held"),
    "mediation.session_cancelled": _("mediation session cancelled"),
    "mediation.ended": _("mediation ended"),
    "agreement.drafted": _("agreement written"),
    "agreement.attested": _("agreement signed by a party"),
    "agreement.signed": _("agreement signed"),
    "agreement.term_fulfilled": _("term fulfilled"),
    "agreement.fulfilled": _("agreement fulfilled"),
    "agreement.broken": _("agreement broken"),
    "agreement.term_overdue": _("term past due"),
}

# Their note is a line written for the resident (the worker's words are in data.staff_note).
RESIDENT_LINES = frozenset(
    {
        "referral.sent",
        "referral.accepted",
        "referral.declined",
        "referral.completed",
        "referral.returned",
        "referral.revoked",
        "confirmation.requested",
        "confirmation.recorded",
        "mediation.session_planned",
        "mediation.session_held",
        "mediation.session_cancelled",
        "mediation.ended",
        "agreement.signed",
        "agreement.fulfilled",
        "agreement.broken",
    }
)

# Of those, the turns a resident is also sent a message about (by the contact they gave):
# the case passed on or back, and a mediation session's time.
RESIDENT_MESSAGES = (
    "referral.sent",
    "referral.accepted",
    "referral.declined",
    "referral.returned",
    "referral.revoked",
    "referral.completed",
    "mediation.session_planned",
    "mediation.session_cancelled",
)
