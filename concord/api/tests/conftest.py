"""API test helpers: a client that sends a real API token of a named person."""

from __future__ import annotations

import pytest
from django.test import Client

from concord.api.services import create_token


def api_client(user, language: str = "en") -> Client:  # type: ignore[no-untyped-def]
    """A client authenticated as ``user`` with a fresh API token, asking for ``language``."""
    _token, key = create_token(user, "tests")
    return Client(headers={"Authorization": f"Token {key}", "Accept-Language": language})


@pytest.fixture
def as_api():  # type: ignore[no-untyped-def]
    return api_client
