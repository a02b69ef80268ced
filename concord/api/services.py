"""Writes for API tokens: create (the key is returned once), revoke, note the last use."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from concord.accounts.services import log_action
from concord.api.models import ApiToken
from concord.secret_keys import hash_secret_key, new_secret_key

KEY_PREFIX = "cnc_"


@transaction.atomic
def create_token(user: User, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``user``; returns it with the key, which is never stored or shown again."""
    key = new_secret_key(KEY_PREFIX)
    token = ApiToken.objects.create(user=user, name=name.strip(), key_prefix=key[:8], key_hash=hash_secret_key(key))
    log_action(user, "api_token.created", "api_token", token.pk, name=token.name, prefix=token.key_prefix)
    return token, key


@transaction.atomic
def revoke_token(token: ApiToken, actor: User) -> ApiToken:
    """Revoke a token: requests with its key are refused from now on (no-op if already revoked)."""
    now = timezone.now()
    # Conditional so that two revocations at once record one time and one audit entry.
    if ApiToken.objects.filter(pk=token.pk, revoked_at__isnull=True).update(revoked_at=now):
        token.revoked_at = now
        log_action(actor, "api_token.revoked", "api_token", token.pk, name=token.name, prefix=token.key_prefix)
    else:
        token.refresh_from_db(fields=["revoked_at"])
    return token
