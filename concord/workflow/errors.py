"""The refusals every workflow raises. Neutral: a case, an alert or a referral refuses with
the same classes, and pages and the API turn them into responses the same way."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

if TYPE_CHECKING:  # django-stubs-ext is a development dependency
    from django_stubs_ext import StrOrPromise


class DomainError(Exception):
    """A refusal. ``message`` is translated and safe to show; ``code`` is for programs."""

    status_code = 400
    code = "invalid"

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class InvalidInput(DomainError):
    """The step is legal but its input is not (a missing reason, an unknown receipt...)."""


class IllegalStep(DomainError):
    """The step is not legal in the subject's state, or not for this user: HTTP 409, with
    the steps allowed now named in the message and listed in ``allowed``."""

    status_code = 409
    code = "illegal_transition"

    def __init__(
        self,
        refusal: StrOrPromise,
        *,
        action: str,
        label: Promise,
        state: str,
        allowed: Sequence[tuple[str, Promise]],
    ) -> None:
        names = pgettext("list separator", ", ").join(str(name) for _code, name in allowed) or _("none")
        super().__init__(str(format_lazy(refusal, action=label, status=state, allowed=names)))
        self.action = action
        self.allowed = [code for code, _name in allowed]
