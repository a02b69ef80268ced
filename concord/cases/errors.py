"""Domain errors raised by case services; views turn them into HTTP responses."""

from __future__ import annotations

from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext


class CaseError(Exception):
    """Base class; ``message`` is translated and safe to show to the user."""

    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class IllegalTransition(CaseError):
    """The action is not allowed in the case's current state (or to this user): HTTP 409."""

    status_code = 409

    def __init__(self, action: str, status_label: str, allowed: list[str]) -> None:
        from concord.cases.policy import ACTION_LABELS

        names = pgettext("list separator", ", ").join(str(ACTION_LABELS[a]) for a in allowed) or _("none")
        label = ACTION_LABELS.get(action, action)
        message = str(
            format_lazy(
                _("You cannot {action} a case that is {status}. Allowed now: {allowed}."),
                action=label,
                status=status_label,
                allowed=names,
            )
        )
        super().__init__(message)
        self.action = action
        self.allowed = allowed


class InvalidInput(CaseError):
    """The action is legal but its input is not (missing reason, unknown case...)."""

    status_code = 400


class NoHandlingUnit(CaseError):
    """No unit is configured to handle this kind of dispute in this region (or above it)."""

    status_code = 409
