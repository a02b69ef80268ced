"""What the resolution steps share: who takes them, the case's open referral read once, the
plain-words line a resident sees for a step, and the case's relations to other units."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from concord.accounts.access import HANDLER_ROLES, HANDLERS, scope_for
from concord.accounts.models import Unit
from concord.cases.models import Case, CaseShare, Relation, Status
from concord.cases.workflow import relations_of
from concord.resolution.models import Referral, ReferralStatus
from concord.resolution.queries import conditions_of
from concord.workflow.errors import InvalidInput
from concord.workflow.kernel import Who, related

# The resolution steps show in the resolution panel of the case page.
GROUP = "resolution"

# Handlers of a unit a case was referred to and that has not answered yet.
ASKED = Who(through=related([Relation.REFERRED], HANDLER_ROLES))
# Handlers of the unit handling a referral it accepted.
RECEIVING = Who(through=related([Relation.RECEIVING], HANDLER_ROLES))
# Handlers of the unit that has the case, or of the unit handling it on referral.
HANDLING = Who(in_unit=HANDLER_ROLES, through=related([Relation.RECEIVING], HANDLER_ROLES))


def open_referral(case: Case) -> Referral | None:
    """The case's open handover (pending or accepted)."""
    return conditions_of(case).handover


def referral_is(status: str) -> Callable[[Case], bool]:
    """A step's ``possible``: the case has an open handover in ``status``."""

    def check(case: Case) -> bool:
        referral = open_referral(case)
        return referral is not None and referral.status == status

    return check


def with_receiver(case: Case) -> bool:
    """Whether the case is in the hands of a unit that accepted it on referral (inside Concord)."""
    referral = open_referral(case)
    return (
        case.status == Status.REFERRED
        and referral is not None
        and referral.status == ReferralStatus.ACCEPTED
        and not referral.channel.external
    )


def mediating(case: Case) -> Who:
    """Mediation steps: the case's own unit, or while an accepted referral holds it, the
    receiving unit (never the sender then)."""
    return RECEIVING if case.status == Status.REFERRED else HANDLERS


def answering(case: Case) -> Who:
    """Who answers the open referral: the receiving unit, or for a body outside Concord (a
    court, arbitration) the sender, who records what that body said."""
    referral = open_referral(case)
    external = referral is not None and referral.channel.external
    if referral is not None and referral.status == ReferralStatus.ACCEPTED:
        return HANDLERS if external else RECEIVING
    return HANDLERS if external else ASKED


def unit_of_actor(actor: User | None, units: list[Unit], what: str) -> Unit:
    """The first of ``units`` in which the actor handles cases, or InvalidInput naming ``what``."""
    assert actor is not None
    scope = scope_for(actor)
    for unit in units:
        if scope.roles_in(unit.pk) & HANDLER_ROLES:
            return unit
    raise InvalidInput(_("Only %(who)s can do this.") % {"who": what})


def set_relation(case: Case, unit: Unit, relation: str | None, now: Any) -> None:
    """Share the case with ``unit`` in ``relation`` (None: stop sharing it); what the case
    object had read of its relations is forgotten."""
    case.__dict__.pop("_relations", None)
    if relation is None:
        CaseShare.objects.filter(case=case, unit=unit).delete()
        return
    CaseShare.objects.update_or_create(case=case, unit=unit, defaults={"relation": relation, "since": now})


def relation_of(case: Case, unit: Unit) -> str | None:
    """How ``unit`` stands to the case now (None: it is not shared with it)."""
    return dict(relations_of(case, [unit.pk])).get(unit.pk)


def in_case_language(case: Case, render: Callable[[], str]) -> str:
    """A line for the resident, in the language of their report."""
    with translation.override(case.language or settings.LANGUAGE_CODE):
        return render()


def local_date(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d")


def local_time(moment: Any) -> str:
    return formats.date_format(timezone.localtime(moment), "Y-m-d H:i")


def public_change_data(staff_note: str, **data: Any) -> dict[str, Any]:
    """The event data of a step shown to the resident: its note is the plain-words line, the
    worker's own words stay internal here."""
    return {**data, "staff_note": staff_note} if staff_note else data
