"""The authorization server's tables: users who sign in, registered clients, authorization codes, tokens.

Client secrets, codes and tokens are kept only as SHA-256 hashes (`core.security`), passwords as argon2id
hashes (`core.passwords`). Times are whole seconds since the epoch, as OAuth itself counts them.
"""

import time

from authlib.oauth2.rfc6749 import list_to_scope, scope_to_list
from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from {{ cookiecutter.package_name }}.core.db import Base
from {{ cookiecutter.package_name }}.core.security import secret_matches


def now() -> int:
    return int(time.time())


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    password_hash: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[int] = mapped_column(Integer, default=now)

    def get_user_id(self) -> int:
        return self.id


class OAuthClient(Base):
    """A registered client (Authlib's `ClientMixin`). Public clients have no secret and must use PKCE."""

    __tablename__ = "oauth_clients"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), unique=True)
    client_secret_hash: Mapped[str | None] = mapped_column(String(64), default=None)
    name: Mapped[str] = mapped_column(String(200))
    redirect_uris: Mapped[str] = mapped_column(Text, default="")  # one a line
    grant_types: Mapped[str] = mapped_column(String(200), default="")  # space-separated
    scope: Mapped[str] = mapped_column(Text, default="")  # the scopes it may ask for, space-separated
    created_at: Mapped[int] = mapped_column(Integer, default=now)

    @property
    def public(self) -> bool:
        return self.client_secret_hash is None

    @property
    def redirect_uri_list(self) -> list[str]:
        return self.redirect_uris.splitlines()

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str | None:
        uris = self.redirect_uri_list
        return uris[0] if len(uris) == 1 else None

    def get_allowed_scope(self, scope: str | None) -> str | None:
        """The scope asked for when the client may have all of it; every allowed scope when none is asked
        for; ``None`` (Authlib answers `invalid_scope`) when it asks for more than it may."""
        allowed = scope_to_list(self.scope) or []
        if not scope:
            return str(list_to_scope(allowed))
        requested = list(dict.fromkeys(scope_to_list(scope) or []))
        if not set(requested) <= set(allowed):
            return None
        return str(list_to_scope(requested))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        """Exact string comparison with a registered URI (RFC 9700 section 4.1.3): no prefixes, no case folding."""
        return redirect_uri in self.redirect_uri_list

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client_secret_hash is not None and secret_matches(client_secret, self.client_secret_hash)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        """Public clients authenticate with `none` only, confidential ones with their secret only."""
        return (method == "none") == self.public

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code" and self.check_grant_type("authorization_code")

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type in self.grant_types.split()


class AuthorizationCode(Base):
    """An issued code: single use (`used_at`), short-lived, bound to its client, redirect URI and PKCE challenge."""

    __tablename__ = "oauth_authorization_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    client_id: Mapped[str] = mapped_column(String(64), ForeignKey("oauth_clients.client_id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"))
    redirect_uri: Mapped[str | None] = mapped_column(Text, default=None)
    scope: Mapped[str] = mapped_column(Text, default="")
    code_challenge: Mapped[str | None] = mapped_column(String(128), default=None)
    code_challenge_method: Mapped[str | None] = mapped_column(String(10), default=None)
    expires_at: Mapped[int] = mapped_column(Integer)
    used_at: Mapped[int | None] = mapped_column(Integer, default=None)

    def get_redirect_uri(self) -> str | None:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope


class OAuthToken(Base):
    """One token response: its access token and, for the authorization code grant, a refresh token.

    Rotation issues a new row in the same `family`; `rotated_at` marks a refresh token that has been
    exchanged, so presenting it again (a replay) revokes the family. Tokens issued from an authorization
    code remember it (`authorization_code_id`), so that a reused code revokes them.
    """

    __tablename__ = "oauth_tokens"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    client_id: Mapped[str] = mapped_column(String(64), ForeignKey("oauth_clients.client_id", ondelete="CASCADE"))
    user_id: Mapped[int | None] = mapped_column(Integer, ForeignKey("users.id", ondelete="CASCADE"), default=None)
    scope: Mapped[str] = mapped_column(Text, default="")
    family: Mapped[str] = mapped_column(String(64), index=True)
    authorization_code_id: Mapped[int | None] = mapped_column(Integer, default=None, index=True)
    access_token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    refresh_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, default=None)
    issued_at: Mapped[int] = mapped_column(Integer)
    access_expires_at: Mapped[int] = mapped_column(Integer)
    refresh_expires_at: Mapped[int | None] = mapped_column(Integer, default=None)
    access_revoked_at: Mapped[int | None] = mapped_column(Integer, default=None)
    refresh_revoked_at: Mapped[int | None] = mapped_column(Integer, default=None)
    rotated_at: Mapped[int | None] = mapped_column(Integer, default=None)

    def check_client(self, client: OAuthClient) -> bool:
        return self.client_id == client.client_id

    def get_scope(self) -> str:
        return self.scope

    def revoke(self, at: int) -> None:
        self.access_revoked_at = self.access_revoked_at or at
        if self.refresh_token_hash is not None:
            self.refresh_revoked_at = self.refresh_revoked_at or at
