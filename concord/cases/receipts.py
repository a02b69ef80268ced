"""Receipt codes: unguessable (about 49 bits) and easy to read over the phone."""

from __future__ import annotations

import secrets

# No 0/O, 1/I/L or U: nothing two people could hear or read differently.
ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
LENGTH = 10


def new_receipt() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_receipt(raw: str) -> str:
    """Accept what a person types: any case, spaces or dashes, O for 0 and I/L for 1."""
    cleaned = "".join(ch for ch in raw.upper() if ch.isalnum())
    return cleaned.translate(_LOOK_ALIKES)


_LOOK_ALIKES = str.maketrans("OIL", "011")


def format_receipt(receipt: str) -> str:
    """``ABCDE-FGHJK``: two groups of five to read aloud."""
    return f"{receipt[:5]}-{receipt[5:]}" if len(receipt) == LENGTH else receipt
