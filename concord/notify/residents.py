"""What a resident hears of their case: a short message on each public turn of it (received,
signed for, passed on, a mediation session's time, resolved, reopened, followed up), in the
language they reported in, by the contact they gave — never when they reported anonymously,
never after they asked to stop (the link at the end of every message).

Each event's message is registered by the layer that owns the event
(``register_resident_message``); the messages of the case's own steps are here."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from concord.cases.models import Case, CaseEvent, Party, PartyRole
from concord.notify.models import Channel, ResidentStop
from concord.qr import site_url

# The text of one event's message for the case's resident, in the active language, or None
# (nothing to say about this event).
Render = Callable[[Case, CaseEvent], str | None]
MESSAGES: dict[str, Render] = {}
_STOP_SALT = "concord.notify.stop"


def register_resident_message(event: str, render: Render) -> None:
    """Let the layer that owns ``event`` say what the resident hears of it (last one wins)."""
    MESSAGES[event] = render


def stop_token(case: Case) -> str:
    return signing.dumps(case.pk, salt=_STOP_SALT)


def case_of_stop_token(token: str) -> int | None:
    """The case id a stop link was made for, or None when it was not made by Concord."""
    try:
        value = signing.loads(token, salt=_STOP_SALT)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None


def track_url(case: Case) -> str:
    return site_url(reverse("intake:track", args=[case.receipt]))


def stop_url(case: Case) -> str:
    return site_url(reverse("notify_stop", args=[stop_token(case)]))


def reporter_contacts(case: Case) -> list[tuple[str, str]]:
    """(channel, encrypted address) of the reporter's phone and e-mail, if they gave any: the
    outbox keeps the party's ciphertext as it is."""
    # A case has one reporter; no ORDER BY, which would walk the whole table by its key.
    found = list(
        Party.objects.filter(case_id=case.pk, role=PartyRole.REPORTER).values_list(
            "phone_encrypted", "email_encrypted"
        )[:1]
    )
    if not found:
        return []
    phone, email = found[0]
    return [(channel, address) for channel, address in ((Channel.SMS, phone), (Channel.EMAIL, email)) if address]


def message_for(case: Case, event: CaseEvent) -> tuple[str, str] | None:
    """(subject, text) of what the resident hears of ``event``, in their language, or None."""
    render = MESSAGES.get(event.action)
    if render is None or case.reporter_anonymous:
        return None
    with translation.override(case.language or settings.LANGUAGE_CODE):
        line = render(case, event)
        if not line:
            return None
        subject = _("Your dispute report %(receipt)s") % {"receipt": case.receipt}
        footer = _("Follow it: %(track)s — to stop these messages: %(stop)s") % {
            "track": track_url(case),
            "stop": stop_url(case),
        }
        return subject, f"{line}\n{footer}"


def public_line(case: Case, event: CaseEvent) -> str | None:
    """The event's own note when it is public: for the steps whose note is a line written for
    the resident (a referral, a session, a visit that found the dispute broken)."""
    return event.note if event.is_public and event.note else None


def stopped(case: Case) -> bool:
    return ResidentStop.objects.filter(case_id=case.pk).exists()


# -- the case's own steps ----------------------------------------------------------------------


def _received(case: Case, event: CaseEvent) -> str:
    return _("Concord has your report %(receipt)s (%(category)s). It has gone to %(unit)s, who will contact you.") % {
        "receipt": case.receipt,
        "category": case.category.name,
        "unit": case.unit.name,
    }


def _signed_for(case: Case, event: CaseEvent) -> str:
    return _("%(unit)s has taken up your report %(receipt)s and will contact you.") % {
        "unit": case.unit.name,
        "receipt": case.receipt,
    }


def _passed_on(case: Case, event: CaseEvent) -> str:
    return _("Your report %(receipt)s has been passed to %(unit)s, who will take it up.") % {
        "receipt": case.receipt,
        "unit": case.unit.name,
    }


def _resolved(case: Case, event: CaseEvent) -> str:
    return _("Your dispute %(receipt)s is recorded as resolved.") % {"receipt": case.receipt}


def _reopened(case: Case, event: CaseEvent) -> str:
    return _("Your dispute %(receipt)s has been opened again; %(unit)s will take it up.") % {
        "receipt": case.receipt,
        "unit": case.unit.name,
    }


for _event, _render in (
    ("case.reported", _received),
    ("case.accepted", _signed_for),
    ("case.escalated", _passed_on),
    ("case.escalated_overdue", _passed_on),
    ("case.resolved", _resolved),
    ("case.reopened", _reopened),
):
    register_resident_message(_event, _render)
