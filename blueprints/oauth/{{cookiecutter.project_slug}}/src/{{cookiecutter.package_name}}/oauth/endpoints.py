"""Revocation (RFC 7009) and introspection (RFC 7662), as Authlib defines them, over the tokens table.

A row holds a token response's access and refresh token; `IssuedToken` is the one of them a request names.
Introspection answers only the client a token was issued to: any other client learns `active: false`.
"""

import time
from dataclasses import dataclass
from typing import Any, ClassVar, Literal

from authlib.oauth2.rfc7009 import RevocationEndpoint as AuthlibRevocationEndpoint
from authlib.oauth2.rfc7662 import IntrospectionEndpoint as AuthlibIntrospectionEndpoint
from sqlalchemy import select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.security import hash_secret
from {{ cookiecutter.package_name }}.models.oauth import OAuthClient, OAuthToken

SECRET_METHODS = ["client_secret_basic", "client_secret_post"]


@dataclass(frozen=True)
class IssuedToken:
    record: OAuthToken
    kind: Literal["access_token", "refresh_token"]

    def check_client(self, client: OAuthClient) -> bool:
        return self.record.check_client(client)

    def get_scope(self) -> str:
        return self.record.scope

    def is_expired(self) -> bool:
        ends = self.record.access_expires_at if self.kind == "access_token" else self.record.refresh_expires_at
        return ends is not None and ends <= time.time()

    def is_revoked(self) -> bool:
        revoked = self.record.access_revoked_at if self.kind == "access_token" else self.record.refresh_revoked_at
        return revoked is not None


def find_token(session: Session, token: str, hint: str | None) -> IssuedToken | None:
    """The token, looked up as the kind the hint names first (RFC 7009 section 2.1: a wrong hint still finds it)."""
    digest = hash_secret(token)
    kinds: list[Literal["access_token", "refresh_token"]] = ["access_token", "refresh_token"]
    for kind in sorted(kinds, key=lambda kind: kind != hint):
        column = OAuthToken.access_token_hash if kind == "access_token" else OAuthToken.refresh_token_hash
        record = session.scalar(select(OAuthToken).where(column == digest))
        if record is not None:
            return IssuedToken(record, kind)
    return None


class RevocationEndpoint(AuthlibRevocationEndpoint):
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = [*SECRET_METHODS, "none"]

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        return find_token(self.server.session, token_string, token_type_hint)

    def revoke_token(self, token: IssuedToken, request: Any) -> None:
        """An access token alone, or a refresh token with the access token issued beside it (RFC 7009 section 2.1)."""
        at = int(time.time())
        if token.kind == "access_token":
            token.record.access_revoked_at = token.record.access_revoked_at or at
        else:
            token.record.revoke(at)


class IntrospectionEndpoint(AuthlibIntrospectionEndpoint):
    CLIENT_AUTH_METHODS: ClassVar[list[str]] = SECRET_METHODS

    def query_token(self, token_string: str, token_type_hint: str | None) -> IssuedToken | None:
        return find_token(self.server.session, token_string, token_type_hint)

    def check_permission(self, token: IssuedToken, client: OAuthClient, request: Any) -> bool:
        return token.check_client(client)

    def introspect_token(self, token: IssuedToken) -> dict[str, Any]:
        record = token.record
        issuer = self.server.settings.oauth_issuer.rstrip("/")
        expires = record.access_expires_at if token.kind == "access_token" else record.refresh_expires_at
        return {
            "active": True,
            "client_id": record.client_id,
            "token_type": "Bearer" if token.kind == "access_token" else "refresh_token",
            "scope": record.scope,
            "sub": str(record.user_id) if record.user_id is not None else record.client_id,
            "iss": issuer,
            "iat": record.issued_at,
            **({"exp": expires} if expires is not None else {}),
        }
