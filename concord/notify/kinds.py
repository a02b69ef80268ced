"""The kinds of thing staff are told about, each with the channels it goes by unless the person
chose others. A notice names its kind (``Notice.kind``) or is known by its event's name; the
events below map onto the kinds a person chooses channels for."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from concord.notify.models import Channel


@dataclass(frozen=True)
class Kind:
    code: str
    label: Promise
    help: Promise
    events: tuple[str, ...]
    default: tuple[str, ...]
    # Urgent kinds ignore quiet hours.
    urgent: bool = False


STAFF_KINDS: tuple[Kind, ...] = (
    Kind(
        "new_case",
        _("new case"),
        _("A report routed to you or your unit."),
        ("case.reported",),
        (Channel.INAPP,),
    ),
    Kind(
        "deadline",
        _("deadline near"),
        _("A case of yours must be signed for or resolved within the next hours."),
        ("case.deadline_near",),
        (Channel.INAPP, Channel.EMAIL),
    ),
    Kind(
        "escalated",
        _("escalated to me"),
        _("A case sent up to your unit, by a worker or because a deadline passed; a case reopened."),
        (
            "case.escalated",
            "case.escalated_overdue",
            "case.overdue_at_top",
            "case.reopened",
            "referral.escalated",
            "referral.overdue_at_top",
        ),
        (Channel.INAPP, Channel.EMAIL),
    ),
    Kind(
        "referral",
        _("referral received"),
        _("A case referred to your unit, an answer to your referral, joint handling and its tasks."),
        (
            "referral.sent",
            "referral.accepted",
            "referral.declined",
            "referral.completed",
            "referral.returned",
            "referral.revoked",
            "joint.unit_added",
            "joint.task_added",
        ),
        (Channel.INAPP, Channel.EMAIL),
    ),
    Kind(
        "high_risk",
        _("high-risk case"),
        _("A case at high or critical risk in your unit or the unit below: act today."),
        ("case.urgent",),
        (Channel.INAPP, Channel.EMAIL, Channel.SMS),
        urgent=True,
    ),
    Kind(
        "alert",
        _("early-warning alert"),
        _("A new early-warning alert in your jurisdiction."),
        ("alert.raised",),
        (Channel.INAPP, Channel.EMAIL),
    ),
    Kind(
        "low_rating",
        _("low rating"),
        _("A resident rated the resolution of a case of your unit 1 or 2 out of 5."),
        ("rating.low",),
        (Channel.INAPP, Channel.EMAIL),
    ),
    Kind(
        "other",
        _("everything else"),
        _("Other changes to the cases you work on (an agreement's term past due, a follow-up overdue…)."),
        (),
        (Channel.INAPP,),
    ),
)
KINDS = {kind.code: kind for kind in STAFF_KINDS}
_BY_EVENT = {event: kind for kind in STAFF_KINDS for event in kind.events}
# The channels a person may choose for what they are told.
STAFF_CHANNELS = (Channel.INAPP, Channel.EMAIL, Channel.SMS)


def kind_of(name: str) -> Kind:
    """The kind a notice of this name (its kind or its event) belongs to."""
    return _BY_EVENT.get(name, KINDS["other"])
