"""A per-process cache of reference data (regions, categories, routing decisions).

The public intake path reads the same few rows for every report: the region chain of a QR
code, the list of categories, who handles a kind of dispute in a grid. They change rarely,
through the admin. Each process keeps what it read for at most
``CONCORD_REFERENCE_CACHE_SECONDS`` (0 turns the cache off).

Every entry names the models it was read from (``depends``, as ``app_label.ModelName``); a
save or delete of one of those models in this process drops exactly the entries that depend
on it, and nothing else (a login saves its user's ``last_login``, which no entry reads).
Each app watches its own models (``watch`` in its ``AppConfig.ready``), so this module knows
none of them. Other processes see a change when their entries expire.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.db import models

T = TypeVar("T")

# Past this many entries the cache starts afresh rather than grow without bound.
MAX_ENTRIES = 200_000


def label_of(model: type[models.Model]) -> str:
    return model._meta.label


class ReferenceCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[Hashable, Any] = {}
        self._by_model: dict[str, set[Hashable]] = {}
        self._started = time.monotonic()

    def get(self, key: Hashable, compute: Callable[[], T], *, depends: Iterable[str] = ()) -> T:
        """The cached value for ``key``, computing (and keeping) it when missing or expired;
        ``depends`` names the models the value is read from."""
        ttl = settings.CONCORD_REFERENCE_CACHE_SECONDS
        if ttl <= 0:
            return compute()
        now = time.monotonic()
        with self._lock:
            if now - self._started > ttl or len(self._entries) >= MAX_ENTRIES:
                self._forget_all(now)
            if key in self._entries:
                return self._entries[key]  # type: ignore[no-any-return]
        value = compute()
        with self._lock:
            self._entries[key] = value
            for label in depends:
                self._by_model.setdefault(label, set()).add(key)
        return value

    def invalidate(self, label: str) -> None:
        """Forget every entry read from the model ``label``."""
        with self._lock:
            for key in self._by_model.pop(label, set()):
                self._entries.pop(key, None)

    def clear(self) -> None:
        """Forget everything."""
        with self._lock:
            self._forget_all(time.monotonic())

    def _forget_all(self, now: float) -> None:
        self._entries.clear()
        self._by_model.clear()
        self._started = now


reference_cache = ReferenceCache()


def watch(model: type[models.Model], *, unread_fields: frozenset[str] = frozenset()) -> None:
    """Drop the entries read from ``model`` whenever one of its rows is saved or deleted in
    this process; a save of ``unread_fields`` only (``update_fields``) drops nothing."""
    from django.db.models.signals import post_delete, post_save

    label = label_of(model)

    def saved(sender: Any, update_fields: frozenset[str] | None = None, **kwargs: Any) -> None:
        if update_fields is not None and update_fields <= unread_fields:
            return
        reference_cache.invalidate(label)

    def deleted(sender: Any, **kwargs: Any) -> None:
        reference_cache.invalidate(label)

    post_save.connect(saved, sender=model, weak=False, dispatch_uid=f"refcache-save-{label}")
    post_delete.connect(deleted, sender=model, weak=False, dispatch_uid=f"refcache-delete-{label}")


def watch_m2m(through: type[models.Model], *, as_model: type[models.Model]) -> None:
    """A change of a many-to-many relation counts as a change of ``as_model``."""
    from django.db.models.signals import m2m_changed

    label = label_of(as_model)

    def changed(sender: Any, **kwargs: Any) -> None:
        reference_cache.invalidate(label)

    m2m_changed.connect(changed, sender=through, weak=False, dispatch_uid=f"refcache-m2m-{label_of(through)}")
