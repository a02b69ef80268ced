"""A per-process cache of reference data (regions, categories, routing decisions).

The public intake path reads the same few rows for every report: the region chain of a QR
code, the list of categories, who handles a kind of dispute in a grid. They change rarely,
through the admin. Each process keeps what it read for at most
``CONCORD_REFERENCE_CACHE_SECONDS`` (0 turns the cache off) and drops everything at once
when a reference model is saved or deleted in this process; other processes see such a
change when their entries expire.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from django.conf import settings

T = TypeVar("T")

# Past this many entries the cache starts afresh rather than grow without bound.
MAX_ENTRIES = 200_000


class ReferenceCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Any] = {}
        self._started = time.monotonic()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The cached value for ``key``, computing (and keeping) it when missing or expired."""
        ttl = settings.CONCORD_REFERENCE_CACHE_SECONDS
        if ttl <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            if now - self._started > ttl or len(self._entries) >= MAX_ENTRIES:
                self._entries.clear()
                self._started = now
            if key in self._entries:
                return self._entries[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = value
        return value

    def clear(self, *args: object, **kwargs: object) -> None:
        """Forget everything (also usable as a signal receiver)."""
        with self._lock:
            self._entries.clear()
            self._started = time.monotonic()


reference_cache = ReferenceCache()


def connect_invalidation() -> None:
    """Clear the cache whenever a model the cached values derive from changes here."""
    from django.contrib.auth.models import User
    from django.db.models.signals import m2m_changed, post_delete, post_save

    from concord.accounts.models import Membership, Unit
    from concord.cases.models import Category
    from concord.geo.models import Region
    from concord.routing.models import RoutingRule

    for model in (Region, Category, Unit, Membership, RoutingRule, User):
        post_save.connect(reference_cache.clear, sender=model, dispatch_uid=f"refcache-save-{model.__name__}")
        post_delete.connect(reference_cache.clear, sender=model, dispatch_uid=f"refcache-delete-{model.__name__}")
    m2m_changed.connect(reference_cache.clear, sender=Unit.categories.through, dispatch_uid="refcache-unit-categories")
