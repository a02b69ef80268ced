"""Party phone and ID numbers: encrypted at rest, matched by keyed hash, keys rotatable."""

from __future__ import annotations

from io import StringIO

import pytest
from cryptography.fernet import Fernet
from django.core.management import call_command
from django.db import connection

from concord.cases.models import Party
from concord.crypto import decrypt_value, encrypt_value, keyed_hash, mask_phone, normalise_id_number, normalise_phone


def test_normalise_phone_forms() -> None:
    assert normalise_phone("+86 138-0013-8000") == "13800138000"
    assert normalise_phone("0086 13800138000") == "13800138000"
    assert normalise_phone("１３８００１３８０００") == "13800138000"
    assert normalise_phone("028-8765 4321") == "02887654321"


def test_normalise_id_number() -> None:
    assert normalise_id_number("51010119900101123x") == "51010119900101123X"
    assert normalise_id_number("510101 19900101 123X") == "51010119900101123X"


def test_keyed_hash_matches_equal_numbers_only() -> None:
    assert keyed_hash("phone", normalise_phone("+86 13800138000")) == keyed_hash("phone", "13800138000")
    assert keyed_hash("phone", "13800138000") != keyed_hash("phone", "13800138001")
    assert keyed_hash("phone", "13800138000") != keyed_hash("id", "13800138000")
    assert "13800138000" not in keyed_hash("phone", "13800138000")
    assert keyed_hash("phone", "") == ""


def test_keyed_hash_depends_on_the_key(settings) -> None:  # type: ignore[no-untyped-def]
    settings.PARTY_HASH_KEY = "one-key-of-at-least-some-length"
    first = keyed_hash("phone", "13800138000")
    settings.PARTY_HASH_KEY = "another-key-of-some-length"
    assert keyed_hash("phone", "13800138000") != first


def test_mask_phone() -> None:
    assert mask_phone("13800138000") == "*******8000"
    assert mask_phone("") == ""


def test_encryption_round_trip_and_rotation(settings) -> None:  # type: ignore[no-untyped-def]
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    token = encrypt_value("13800138000")
    assert "13800138000" not in token
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    assert decrypt_value(token) == "13800138000"
    settings.FIELD_ENCRYPTION_KEYS = [new]
    with pytest.raises(ValueError):
        decrypt_value(token)


@pytest.mark.django_db
def test_rotate_field_keys_command(settings, report_case) -> None:  # type: ignore[no-untyped-def]
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    case = report_case(phone="13900139000")
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    out = StringIO()
    call_command("rotate_field_keys", "--batch-size", "1", stdout=out)
    assert "re-encrypted 1" in out.getvalue()
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone and the data still reads
    party = Party.objects.get(case=case)
    assert decrypt_value(party.phone_encrypted) == "13900139000"


@pytest.mark.django_db
def test_phone_never_stored_in_clear(report_case) -> None:  # type: ignore[no-untyped-def]
    report_case(phone="13700137000")
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone_encrypted, phone_hash, name FROM cases_party")
        rows = cursor.fetchall()
    assert rows and all("13700137000" not in str(value) for row in rows for value in row)
