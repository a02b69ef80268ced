"""Fixtures for the Open311 tests: a client app with its key, and a POST helper."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as HttpClient

from concord.open311.services import create_client
from concord.testing import World


@pytest.fixture
def app_key(world: World) -> str:
    """The api_key of an Open311 client app."""
    _client, key = create_client("Street app", contact="ops@example.org")
    return key


@pytest.fixture
def post_request(client: HttpClient, app_key: str):  # type: ignore[no-untyped-def]
    """POST requests.<fmt> with sensible defaults (grid A1a1 by address_id, noise)."""

    def post(fmt: str = "json", headers: dict[str, str] | None = None, **fields: Any):  # type: ignore[no-untyped-def]
        data: dict[str, Any] = {
            "api_key": app_key,
            "service_code": "neighbour_noise",
            "address_id": "51010100100101",
            "description": "Loud music from the flat above every night after midnight.",
            "first_name": "Fang",
            "last_name": "Wang",
            "phone": "13800138000",
        }
        language = fields.pop("HTTP_ACCEPT_LANGUAGE", None)
        data.update(fields)
        data = {key: value for key, value in data.items() if value is not None}
        headers = dict(headers or {})
        if language:
            headers["Accept-Language"] = language
        return client.post(f"/open311/v2/requests.{fmt}", data, headers=headers)

    return post
