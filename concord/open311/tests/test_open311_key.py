"""The open311_key command: create prints a working key once; list; revoke."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from concord.open311.models import Client

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command("open311_key", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


def test_create_prints_a_key_that_works_and_is_stored_hashed(world, client):
    key = run("create", "Street app", "--rate", "5")
    app = Client.objects.get()
    assert (app.name, app.rate_per_minute) == ("Street app", 5)
    assert key.startswith(app.key_prefix) and key not in app.key_hash
    response = client.post(
        "/open311/v2/requests.json",
        {
            "api_key": key,
            "service_code": "neighbour_noise",
            "address_id": "51010100100101",
            "description": "Noise at night, again and again.",
        },
    )
    assert response.status_code == 201


def test_list_and_revoke(world, client):
    key = run("create", "Street app")
    app = Client.objects.get()
    assert "active" in run("list")
    assert run("revoke", str(app.pk)) == f"Revoked Open311 client {app.pk} (Street app)."
    assert "revoked" in run("list")
    with pytest.raises(CommandError):
        run("revoke", str(app.pk))
    with pytest.raises(CommandError):
        run("revoke", "9999")
    response = client.post("/open311/v2/requests.json", {"api_key": key, "service_code": "neighbour_noise"})
    assert response.status_code == 403


def test_rate_must_be_positive(world):
    with pytest.raises(CommandError):
        run("create", "App", "--rate", "0")
