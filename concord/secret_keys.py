"""Keys that programs present (staff API tokens, Open311 api_keys): made, stored, noted in use.

Only a hash of a key is stored; the key itself is shown once, when it is made.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone

# How often a key's last use is written at most: a busy client must not write on every request.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def new_secret_key(prefix: str) -> str:
    """A fresh key: ``prefix`` (which says what the key is for) and 256 random bits."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret_key(key: str) -> str:
    """The stored form of a key: SHA-256 is enough for a high-entropy random secret, with no
    salt, and lets the key be looked up."""
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def note_use(holder: models.Model, *, now: datetime | None = None) -> None:
    """Record that the key held by ``holder`` (a model with ``last_used_at``) was used, at most
    once per LAST_USED_RESOLUTION. A conditional UPDATE: of several concurrent requests, one
    writes; no lock, no read."""
    now = now or timezone.now()
    stale = now - LAST_USED_RESOLUTION
    last_used: datetime | None = getattr(holder, "last_used_at", None)
    if last_used is not None and last_used > stale:
        return
    type(holder)._default_manager.filter(  # type: ignore[attr-defined]
        Q(last_used_at__isnull=True) | Q(last_used_at__lte=stale), pk=holder.pk
    ).update(last_used_at=now)
    holder.last_used_at = now  # type: ignore[attr-defined]
