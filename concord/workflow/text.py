"""Free text a step takes (a note, a reason): trimmed, required or not, and bounded."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext as _

from concord.workflow.errors import InvalidInput

# The longest note, reason or summary any step keeps.
NOTE_MAX = 4000


def clean_text(value: str, *, required: bool, what: str | Promise, limit: int = NOTE_MAX) -> str:
    """``value`` trimmed; InvalidInput if it is required and empty, or longer than ``limit``
    (what the field it goes to holds: text is refused, never cut)."""
    value = (value or "").strip()
    if required and not value:
        raise InvalidInput(_("Please give %(what)s.") % {"what": what})
    if len(value) > limit:
        raise InvalidInput(_("%(what)s is too long (at most %(n)d characters).") % {"what": what, "n": limit})
    return value
