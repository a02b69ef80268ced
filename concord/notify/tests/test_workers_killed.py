"""Real notify_worker processes, killed with SIGKILL while they send into a real SMTP server:
nothing queued is lost, and a repeat is at most the one message each killed worker had in
flight (bench/notify.py measures the same at scale, with five kills)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from bench._common import base_env
from bench.notify import soak
from concord.crypto import encrypt_value
from concord.notify.models import Notification, State

# Committed rows the worker processes can read; the seeded rows come back afterwards.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def database_url() -> str:
    """The URL of the test database this test runs on, for the worker processes."""
    info = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{info['NAME']}"
    password = f":{quote(info['PASSWORD'])}" if info.get("PASSWORD") else ""
    host = f"{info['HOST'] or '127.0.0.1'}:{info['PORT'] or 5432}"
    return f"postgres://{quote(info['USER'])}{password}@{host}/{info['NAME']}"


def test_killed_workers_lose_nothing_and_repeat_at_most_what_was_in_flight() -> None:
    now = timezone.now()
    queued = 600
    Notification.objects.bulk_create(
        Notification(
            key=f"soak:{i}",
            kind="case.reported",
            channel="email",
            subject=f"message {i}",
            body="新案件 / new case",
            address_encrypted=encrypt_value(f"worker{i}@example.org"),
            created_at=now,
            due_at=now,
        )
        for i in range(queued)
    )
    env = {
        **base_env(database_url()),
        # The workers must read the addresses this process encrypted.
        "CONCORD_SECRET_KEY": settings.SECRET_KEY,
        "CONCORD_FIELD_KEYS": ",".join(settings.FIELD_ENCRYPTION_KEYS),
        "CONCORD_NOTIFY_BATCH": "20",
        "CONCORD_NOTIFY_LEASE_SECONDS": "2",
    }
    result = soak(env, queued, workers=2, kills=2, timeout=90)
    assert result.kills == 2
    assert result.lost == 0
    assert result.duplicated <= result.kills  # each killed worker had at most one message in flight
    assert Notification.objects.filter(state=State.SENT).count() == queued
    assert not Notification.objects.filter(leased_until__isnull=False).exists()
