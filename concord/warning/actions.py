"""Run a named review step with validated input: the one place the pages turn a step name
and its cleaned form data into a service call."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from concord.cases.errors import InvalidInput
from concord.warning import services
from concord.warning.models import Alert


def perform(step: str, alert: Alert, actor: User, data: dict[str, Any]) -> None:
    """Call the service for ``step``; raises CaseError subclasses on refusal."""
    if step == "acknowledge":
        services.acknowledge_alert(alert, actor=actor, note=data["note"])
    elif step == "record_action":
        services.record_alert_action(alert, actor=actor, action_taken=data["action_taken"])
    elif step == "close":
        services.close_alert(alert, actor=actor, outcome=data["outcome"], note=data["note"])
    elif step == "add_note":
        services.add_alert_note(alert, actor=actor, note=data["note"])
    else:
        raise InvalidInput(_("Unknown action."))
