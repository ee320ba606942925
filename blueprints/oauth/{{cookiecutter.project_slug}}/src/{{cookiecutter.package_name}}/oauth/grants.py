{%- set view = cookiecutter._intspec.view -%}
"""The grants, as Authlib defines them, with the storage they ask for and RFC 9700's rules.

* Authorization codes are single-use and live ten minutes; a code presented twice is refused and every
  token issued from it is revoked (RFC 6749 section 4.1.2).
* PKCE with S256 only; required of public clients, at the authorization request already (RFC 9700 section 2.1.1).
* Refresh tokens rotate on every use; a used one presented again revokes its whole family (RFC 9700 section 4.14.2).
"""

import time
from collections.abc import Iterable
from typing import Any, ClassVar, cast

from authlib.oauth2.rfc6749 import InvalidGrantError, InvalidRequestError, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from sqlalchemy import CursorResult, select, update
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.security import hash_secret
from {{ cookiecutter.package_name }}.models.oauth import AuthorizationCode, OAuthClient, OAuthToken, User

AUTHORIZATION_CODE_SECONDS = 600
SECRET_METHODS = ["client_secret_basic", "client_secret_post"]


def session_of(grant: Any) -> Session:
    """The request's database session, which the server carries."""
    session: Session = grant.server.session
    return session
{%- if "authorization_code" in view.grants %}


class S256CodeChallenge(CodeChallenge):
    """PKCE (RFC 7636) with the S256 method only; a public client's authorization request must carry it."""

    SUPPORTED_CODE_CHALLENGE_METHOD: ClassVar[list[str]] = ["S256"]
    DEFAULT_CODE_CHALLENGE_METHOD = "S256"

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        data = grant.request.payload.data
        client: OAuthClient = grant.request.client
        if client.public and not data.get("code_challenge"):
            raise InvalidRequestError("Public clients must send a 'code_challenge' (PKCE, S256).")
        if data.get("code_challenge") and data.get("code_challenge_method") != "S256":
            raise InvalidRequestError("Unsupported 'code_challenge_method': only S256 is accepted.")
        super().validate_code_challenge(grant, redirect_uri)


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = [*SECRET_METHODS, "none"]

    def save_authorization_code(self, code: str, request: Any) -> None:
        data = request.payload.data
        session_of(self).add(
            AuthorizationCode(
                code_hash=hash_secret(code),
                client_id=request.client.client_id,
                user_id=request.user.id,
                redirect_uri=request.payload.redirect_uri,
                scope=request.scope or "",
                code_challenge=data.get("code_challenge"),
                code_challenge_method=data.get("code_challenge_method"),
                expires_at=int(time.time()) + AUTHORIZATION_CODE_SECONDS,
            )
        )

    def query_authorization_code(self, code: str, client: OAuthClient) -> AuthorizationCode | None:
        session = session_of(self)
        found = session.scalar(select(AuthorizationCode).where(AuthorizationCode.code_hash == hash_secret(code)))
        if found is None or found.client_id != client.client_id:
            return None
        if found.used_at is not None:
            families = select(OAuthToken.family).where(OAuthToken.authorization_code_id == found.id)
            revoke_tokens(session, session.scalars(select(OAuthToken).where(OAuthToken.family.in_(families))))
            return None
        return found if found.expires_at > time.time() else None

    def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
        """Mark the code used, at most once even when two requests race for it."""
        claimed = session_of(self).execute(
            update(AuthorizationCode)
            .where(AuthorizationCode.id == authorization_code.id, AuthorizationCode.used_at.is_(None))
            .values(used_at=int(time.time()))
        )
        if cast(CursorResult[Any], claimed).rowcount != 1:
            raise InvalidGrantError("The authorization code was used already.")

    def authenticate_user(self, authorization_code: AuthorizationCode) -> User | None:
        return session_of(self).get(User, authorization_code.user_id)
{%- endif %}
{%- if "refresh_token" in view.grants %}


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = [*SECRET_METHODS, "none"]
    INCLUDE_NEW_REFRESH_TOKEN = True  # rotation

    def authenticate_refresh_token(self, refresh_token: str) -> OAuthToken | None:
        session = session_of(self)
        found = session.scalar(select(OAuthToken).where(OAuthToken.refresh_token_hash == hash_secret(refresh_token)))
        if found is None:
            return None
        if found.rotated_at is not None:  # a replay: the token was exchanged before
            revoke_tokens(session, session.scalars(select(OAuthToken).where(OAuthToken.family == found.family)))
            return None
        live = found.refresh_revoked_at is None and (found.refresh_expires_at is None or found.refresh_expires_at > time.time())
        return found if live else None

    def authenticate_user(self, refresh_token: OAuthToken) -> User | None:
        return session_of(self).get(User, refresh_token.user_id) if refresh_token.user_id else None

    def revoke_old_credential(self, refresh_token: OAuthToken) -> None:
        refresh_token.rotated_at = int(time.time())
        refresh_token.refresh_revoked_at = refresh_token.rotated_at
{%- endif %}
{%- if "client_credentials" in view.grants %}


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS: ClassVar[list[str]] = SECRET_METHODS
{%- endif %}


def revoke_tokens(session: Session, tokens: Iterable[OAuthToken]) -> None:
    """Revoke ``tokens`` and commit at once: the revocation stands although the request that found a
    reuse or a replay fails."""
    at = int(time.time())
    for token in tokens:
        token.revoke(at)
    session.commit()
