"""Reads of the outbox for pages: a person's own in-app notifications."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from concord.notify.models import Channel, Notification


def inapp_of(user: User) -> QuerySet[Notification]:
    """The user's in-app notifications, newest first (theirs only, whatever their role)."""
    return Notification.objects.filter(recipient_user_id=user.pk, channel=Channel.INAPP).order_by("-created_at", "-id")


def unread_count(user: User | AnonymousUser) -> int:
    if not isinstance(user, User):
        return 0
    return Notification.objects.filter(recipient_user_id=user.pk, channel=Channel.INAPP, read_at__isnull=True).count()
