"""``Authorization: Token <key>``: personal API tokens, hashed at rest."""

from __future__ import annotations

import hmac
from typing import Any

from rest_framework import authentication, exceptions
from rest_framework.request import Request

from egide.accounts.models import ApiToken, User
from egide.accounts.token_keys import TOKEN_PREFIX_LENGTH, hash_token_key
from egide.core.clock import SYSTEM_CLOCK

__all__ = ["TOKEN_PREFIX_LENGTH", "ApiTokenAuthentication", "hash_token_key"]


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Token"

    def authenticate(self, request: Request) -> tuple[User, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed("Invalid token header.")
        try:
            key = header[1].decode("ascii")
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed("Invalid token header.") from exc
        return self.authenticate_key(key)

    def authenticate_key(self, key: str) -> tuple[User, ApiToken]:
        from egide.accounts.services import api_token_touch

        prefix = key[:TOKEN_PREFIX_LENGTH]
        now = SYSTEM_CLOCK.now()
        token = (
            ApiToken.objects.select_related("user", "organisation").filter(prefix=prefix).first()
        )
        if (
            token is None
            or not hmac.compare_digest(token.key_hash, hash_token_key(key))
            or token.revoked_at is not None
            or (token.expires_at is not None and token.expires_at <= now)
            or not token.user.is_active
        ):
            raise exceptions.AuthenticationFailed("Invalid or revoked token.")
        api_token_touch(token=token, now=now)
        return token.user, token

    def authenticate_header(self, request: Request) -> Any:
        return self.keyword
