"""Values every template may show."""

from datetime import timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from concord.cases.models import AWAITING_SIGN_FOR
from concord.notify.queries import unread_count


def site(request: HttpRequest) -> dict[str, object]:
    now = timezone.now()
    return {
        "hotline": settings.CONCORD_HOTLINE,
        "retention_years": settings.CONCORD_RETENTION_YEARS,
        # For deadline badges: "overdue", "due soon" (within CONCORD_DUE_SOON_HOURS), or fine.
        "now": now,
        "soon": now + timedelta(hours=settings.CONCORD_DUE_SOON_HOURS),
        "awaiting": [str(s) for s in AWAITING_SIGN_FOR],
        # The bell on staff pages: read only when a page shows it.
        "unread_notifications": lambda: unread_count(request.user),
    }
