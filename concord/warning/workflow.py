"""The alert workflow: the kernel's subject ``Alert`` (open -> acknowledged -> actioned ->
closed, confirmed or false alarm), its events, and who stands where over an alert. The steps
are declared in ``warning.services``."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from concord.accounts.access import HANDLER_ROLES, LEAD_ROLES, scope_for
from concord.warning.models import Alert, AlertEvent
from concord.workflow.kernel import Standing, Who, Workflow

# Who reviews an alert: a case handler in the unit it is assigned to, or a lead or supervisor
# whose area holds its region (alerts are visible up the tree).
REVIEWERS = Who(in_unit=HANDLER_ROLES, in_area=LEAD_ROLES)


def standing(user: User, alert: Alert) -> Standing:
    return scope_for(user).standing(alert.unit_id, alert)


ALERTS: Workflow[Alert, AlertEvent] = Workflow(
    "alerts",
    Alert,
    title=_("Alert review steps"),
    event_model=AlertEvent,
    subject_field="alert",
    standing=standing,
    refusal=_("You cannot {action} an alert that is {status}. Allowed now: {allowed}."),
    lock_related=("region", "unit"),
)
