"""Administrators issue and revoke Open311 keys in the admin; the key is shown once."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from concord.accounts.models import AuditLog
from concord.open311.models import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):  # type: ignore[no-untyped-def]
    User.objects.create_superuser("root", password="x-admin-password")
    client.login(username="root", password="x-admin-password")
    return client


def test_adding_a_client_shows_its_key_once(admin_client, world):
    response = admin_client.post(
        "/admin/open311/client/add/", {"name": "City app", "contact": "ops@example.org"}, follow=True
    )
    assert response.status_code == 200
    key = re.search(r"(o311_[\w-]+)", response.content.decode()).group(1)
    app = Client.objects.get()
    assert app.key_prefix and key.startswith(app.key_prefix) and key not in app.key_hash
    assert AuditLog.objects.filter(action="open311_client.created", actor__username="root").exists()
    again = admin_client.get(f"/admin/open311/client/{app.pk}/change/").content.decode()
    assert key not in again
    ok = admin_client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "neighbour_noise",
            "address_id": "51010100100101",
            "description": "Noise at night, every night.",
        },
    )
    assert ok.status_code == 201


def test_revoking_in_the_admin(admin_client, world):
    admin_client.post("/admin/open311/client/add/", {"name": "City app"})
    app = Client.objects.get()
    admin_client.post("/admin/open311/client/", {"action": "revoke", "_selected_action": [app.pk]})
    app.refresh_from_db()
    assert app.revoked_at is not None
    assert AuditLog.objects.filter(action="open311_client.revoked", actor__username="root").exists()
