"""Refusals of alert services; views turn them into HTTP responses like case errors."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from concord.cases.errors import CaseError


class IllegalAlertStep(CaseError):
    """The step is not allowed in the alert's status (or to this user): HTTP 409."""

    status_code = 409

    def __init__(self, action: str, status_label: str, allowed: list[str]) -> None:
        from concord.warning.policy import ACTION_LABELS

        names = pgettext("list separator", ", ").join(str(ACTION_LABELS[a]) for a in allowed) or _("none")
        message = str(
            format_lazy(
                _("You cannot {action} an alert that is {status}. Allowed now: {allowed}."),
                action=ACTION_LABELS.get(action, action),
                status=status_label,
                allowed=names,
            )
        )
        super().__init__(message)
        self.allowed = allowed
