"""Encryption at rest and keyed hashes for party phone and ID numbers.

Values are encrypted with Fernet under a rotatable list of keys (newest first) and
matched only through an HMAC of the normalised value, so that equality can be tested
without the plain value ever being stored, logged or put in a URL.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import unicodedata
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def _derived(label: str) -> bytes:
    return hashlib.sha256(f"concord:{label}:{settings.SECRET_KEY}".encode()).digest()


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        keys = (base64.urlsafe_b64encode(_derived("field-key")).decode(),)
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError:
        raise ImproperlyConfigured("CONCORD_FIELD_KEYS must be Fernet keys (32 url-safe base64 bytes)") from None


def _cipher() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt_value(plain: str) -> str:
    """Encrypt with the newest key; empty stays empty."""
    if not plain:
        return ""
    return _cipher().encrypt(plain.encode()).decode()


def decrypt_value(token: str) -> str:
    """Decrypt with whichever configured key fits; raises ValueError if none does."""
    if not token:
        return ""
    try:
        return _cipher().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ValueError("encrypted value does not match any configured key") from None


def reencrypt_value(token: str) -> str:
    """The same value under the newest key (for key rotation)."""
    if not token:
        return ""
    return _cipher().rotate(token.encode()).decode()


def keyed_hash(kind: str, normalised: str) -> str:
    """HMAC-SHA256 of a normalised value; the kind keeps phones and IDs apart."""
    if not normalised:
        return ""
    key = settings.PARTY_HASH_KEY.encode() if settings.PARTY_HASH_KEY else _derived("party-hash")
    return hmac.new(key, f"{kind}:{normalised}".encode(), hashlib.sha256).hexdigest()


_NON_DIGITS = re.compile(r"\D+")


def normalise_phone(raw: str) -> str:
    """Digits only, without the +86 / 0086 country prefix."""
    digits = _NON_DIGITS.sub("", unicodedata.normalize("NFKC", raw))
    for prefix in ("0086", "86"):
        if digits.startswith(prefix) and len(digits) - len(prefix) == 11:
            return digits[len(prefix) :]
    return digits


def normalise_id_number(raw: str) -> str:
    """Upper case, no spaces or hyphens (the final check character may be X)."""
    return re.sub(r"[\s-]+", "", unicodedata.normalize("NFKC", raw)).upper()


def mask_phone(phone: str) -> str:
    """Show the last four digits only: ``*******5678``."""
    if len(phone) <= 4:
        return "*" * len(phone)
    return "*" * (len(phone) - 4) + phone[-4:]
