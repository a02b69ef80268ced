"""API tokens: created on the staff page (the key shown once), stored hashed, revocable,
and what the API makes of a missing, wrong, revoked or inactive one."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from concord.accounts.models import AuditLog
from concord.api.models import ApiToken
from concord.api.services import create_token
from concord.testing import World

pytestmark = pytest.mark.django_db

KEY = re.compile(r"cnc_[A-Za-z0-9_-]{40,}")


def create_on_page(client: Client, name: str = "weekly report script") -> str:
    response = client.post("/staff/api-tokens/", {"name": name}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert "it will not be shown again" in body
    assert "no-store" in response["Cache-Control"]
    return KEY.findall(body)[0]


def test_key_is_shown_once_and_stored_hashed(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user(world.grid_worker)
    key = create_on_page(page)
    token = ApiToken.objects.get(user=world.grid_worker)
    assert token.name == "weekly report script"
    assert token.key_hash == hashlib.sha256(key.encode()).hexdigest()
    assert token.key_prefix == key[:8]
    # The key itself is nowhere: not in the token row, not in the audit log, not on the list page.
    stored = " ".join(str(value) for value in ApiToken.objects.values().get().values())
    assert key not in stored and key[8:] not in stored
    audit = AuditLog.objects.get(action="api_token.created")
    assert audit.actor == world.grid_worker and key not in str(audit.data)
    listing = page.get("/staff/api-tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert key not in listing and token.key_prefix in listing and "weekly report script" in listing
    # The key works, with either keyword.
    for keyword in ("Token", "Bearer"):
        me = Client().get("/api/me/", HTTP_AUTHORIZATION=f"{keyword} {key}")
        assert me.status_code == 200
        assert me.json()["username"] == "grid_worker"


def test_a_token_needs_a_name(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    response = as_user(world.grid_worker).post("/staff/api-tokens/", {"name": "  "}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert not ApiToken.objects.exists()
    assert not KEY.findall(response.content.decode())


def test_the_page_needs_a_login() -> None:
    response = Client().get("/staff/api-tokens/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_revoked_key_gets_401(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    page = as_user(world.grid_worker)
    key = create_on_page(page)
    token = ApiToken.objects.get()
    response = page.post(f"/staff/api-tokens/{token.pk}/revoke", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditLog.objects.filter(action="api_token.revoked", object_id=str(token.pk)).count() == 1
    refused = Client().get("/api/cases/", HTTP_AUTHORIZATION=f"Token {key}", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 401
    assert refused["WWW-Authenticate"].startswith("Token")
    assert refused.json() == {"error": {"code": "authentication_failed", "message": "Invalid or revoked API token."}}
    listing = page.get("/staff/api-tokens/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "revoked" in listing


def test_someone_elses_token_cannot_be_revoked(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    token, key = create_token(world.grid_worker, "mine")
    response = as_user(world.outsider).post(f"/staff/api-tokens/{token.pk}/revoke")
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None
    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200
    # Nor seen on the other person's page.
    assert "mine" not in as_user(world.outsider).get("/staff/api-tokens/").content.decode()


def test_revoking_is_post_only(world: World, as_user) -> None:  # type: ignore[no-untyped-def]
    token, _key = create_token(world.grid_worker, "mine")
    assert as_user(world.grid_worker).get(f"/staff/api-tokens/{token.pk}/revoke").status_code == 405


@pytest.mark.parametrize(
    ("header", "code"),
    [
        (None, "not_authenticated"),
        ("Token cnc_not-a-real-key", "authentication_failed"),
        ("Token", "authentication_failed"),
        ("Token two words", "authentication_failed"),
    ],
)
def test_missing_or_wrong_key_gets_401(world: World, header: str | None, code: str) -> None:
    headers = {"Authorization": header} if header else {}
    response = Client(headers=headers).get("/api/cases/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Token realm="api"'
    assert response.json()["error"]["code"] == code


def test_inactive_account_gets_401(world: World) -> None:
    _token, key = create_token(world.grid_worker, "mine")
    world.grid_worker.is_active = False
    world.grid_worker.save(update_fields=["is_active"])
    response = Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_last_use_is_written_at_most_once_a_minute(world: World) -> None:
    token, key = create_token(world.grid_worker, "mine")
    client = Client(headers={"Authorization": f"Token {key}"})
    assert client.get("/api/me/").status_code == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/me/").status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith("UPDATE") and "api_apitoken" in q["sql"]]
    token.refresh_from_db()
    assert token.last_used_at == first
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    assert client.get("/api/me/").status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None and token.last_used_at > first - timedelta(seconds=1)
    assert token.last_used_at <= timezone.now()
