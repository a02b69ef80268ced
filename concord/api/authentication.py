"""`Authorization: Token <key>` (or `Bearer <key>`) with a staff member's API token."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.utils.translation import gettext as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed
from rest_framework.request import Request

from concord.api.models import ApiToken
from concord.secret_keys import hash_secret_key, note_use

KEYWORDS = (b"token", b"bearer")


class ApiTokenAuthentication(BaseAuthentication):
    """Looks the key up by its hash; revoked tokens and inactive accounts get 401."""

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        words = get_authorization_header(request).split()
        if not words or words[0].lower() not in KEYWORDS:
            return None  # not ours: the session may still authenticate the request
        if len(words) != 2:
            raise AuthenticationFailed(_("Invalid Authorization header: expected “Token <key>”."))
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("Invalid or revoked API token.")) from None
        token = ApiToken.objects.select_related("user").filter(key_hash=hash_secret_key(key)).first()
        if token is None or token.revoked_at is not None:
            raise AuthenticationFailed(_("Invalid or revoked API token."))
        if not token.user.is_active:
            raise AuthenticationFailed(_("This account is inactive."))
        note_use(token)
        return token.user, token

    def authenticate_header(self, request: Request) -> str:
        # Makes DRF answer 401 (not 403) to unauthenticated requests, with this challenge.
        return 'Token realm="api"'


class ApiTokenScheme(OpenApiAuthenticationExtension):  # type: ignore[no-untyped-call]
    """The token's security scheme in the OpenAPI schema (Swagger UI's "Authorize" button)."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "cnc_…",
            "description": str(
                _("An API token created under Staff → API tokens. “Authorization: Token <key>” works too.")
            ),
        }
