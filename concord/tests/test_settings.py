"""Settings come from the environment and are parsed strictly."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from concord.settings import env_bool, env_int, parse_database_url, parse_public_url


def test_sqlite_url_relative_and_absolute() -> None:
    relative = parse_database_url("sqlite:///var/x.sqlite3")
    assert str(relative["NAME"]).endswith("/var/x.sqlite3") and relative["ENGINE"] == "django.db.backends.sqlite3"
    assert str(parse_database_url("sqlite:////tmp/x.sqlite3")["NAME"]) == "/tmp/x.sqlite3"


def test_postgres_url() -> None:
    db = parse_database_url("postgres://user:p%40ss@db.example:5433/concord?sslmode=require")
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "concord",
        "user",
        "p@ss",
        "db.example",
        "5433",
    )
    assert db["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    "url", ["mysql://x/y", "postgres://host/", "postgres://h/db?nonsense=1", "sqlite:///x.db?mode=ro"]
)
def test_bad_database_urls_are_refused(url: str) -> None:
    with pytest.raises(ImproperlyConfigured):
        parse_database_url(url)


def test_env_bool_is_strict(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_FLAG", "true")
    assert env_bool("X_FLAG", False) is True
    monkeypatch.setenv("X_FLAG", "0")
    assert env_bool("X_FLAG", True) is False
    monkeypatch.setenv("X_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured):
        env_bool("X_FLAG", False)


def test_env_int_is_strict(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("X_NUM", "12")
    assert env_int("X_NUM", 1) == 12
    monkeypatch.setenv("X_NUM", "twelve")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1)
    monkeypatch.setenv("X_NUM", "-1")
    with pytest.raises(ImproperlyConfigured):
        env_int("X_NUM", 1, minimum=0)


@pytest.mark.django_db
def test_healthz(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_public_url() -> None:
    assert parse_public_url("") == ""
    assert parse_public_url("https://concord.example.org/") == "https://concord.example.org"
    for bad in ("concord.example.org", "ftp://x.org", "https://x.org/app", "https://"):
        with pytest.raises(ImproperlyConfigured):
            parse_public_url(bad)


def test_env_float_and_phone_are_strict(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from concord.settings import env_float, env_phone

    monkeypatch.setenv("X_RATE", "0.01")
    assert env_float("X_RATE", 0.5, minimum=0, maximum=1) == 0.01
    for bad in ("often", "2"):
        monkeypatch.setenv("X_RATE", bad)
        with pytest.raises(ImproperlyConfigured):
            env_float("X_RATE", 0.5, minimum=0, maximum=1)
    monkeypatch.setenv("X_PHONE", "+86 (28) 8765-4321")
    assert env_phone("X_PHONE", "110") == "+86 (28) 8765-4321"
    for bad in ("call me", "1", "110; DROP"):
        monkeypatch.setenv("X_PHONE", bad)
        with pytest.raises(ImproperlyConfigured):
            env_phone("X_PHONE", "110")
