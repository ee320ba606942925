{%- set view = cookiecutter._intspec.view -%}
"""Tokens: {% if view.jwt %}RFC 9068 JWT access tokens (Authlib's generator, signed with the service's key){% else %}opaque access tokens{% endif %} and opaque
refresh tokens, with the spec's lifetimes; and the API's check of an access token (a token verifier of
`api.auth`).
"""

{%- if view.jwt %}
import base64
import binascii
import json
import secrets
import time
from typing import Any

from authlib.oauth2.rfc6750 import InvalidTokenError
from authlib.oauth2.rfc9068 import JWTBearerTokenGenerator, JWTBearerTokenValidator
from joserfc.jwk import KeySet
{%- else %}
import time
from typing import Any

from authlib.oauth2.rfc6750 import BearerTokenGenerator
{%- endif %}
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.security import Principal, hash_secret, new_secret
from {{ cookiecutter.package_name }}.models.oauth import OAuthToken
{%- if view.jwt %}
from {{ cookiecutter.package_name }}.oauth.keys import ALGORITHM, public_key_set, signing_key_set
{%- endif %}

ACCESS_TOKEN_SECONDS = {{ view.access_token_seconds }}{% if "oauth.tokens.access_token_seconds" | spec_ref %}  # {{ "oauth.tokens.access_token_seconds" | spec_ref }}{% endif %}
REFRESH_TOKEN_SECONDS: int | None = {{ view.refresh_token_seconds | py }}{% if "oauth.tokens.refresh_token_seconds" | spec_ref %}  # {{ "oauth.tokens.refresh_token_seconds" | spec_ref }}{% endif %}
{%- if view.jwt %}
# the `aud` of access tokens: {% if view.audience %}the spec's{% else %}none in the spec, so this service itself (its issuer){% endif %}
AUDIENCE: str | None = {{ view.audience | py }}{% if "oauth.tokens.access_token_audience" | spec_ref %}  # {{ "oauth.tokens.access_token_audience" | spec_ref }}{% endif %}
{%- endif %}


def opaque_token(**_: Any) -> str:
    return new_secret()
{%- if view.jwt %}


class JWTTokenGenerator(JWTBearerTokenGenerator):
    """RFC 9068 access tokens signed ({{ view.jwt_algorithm }}) with the current signing key, for `AUDIENCE`."""

    def __init__(self, session: Session, settings: Settings) -> None:
        super().__init__(
            issuer=settings.oauth_issuer.rstrip("/"),
            alg=ALGORITHM,
            refresh_token_generator=opaque_token,
            expires_generator=ACCESS_TOKEN_SECONDS,
        )
        self.session = session

    def get_jwks(self) -> KeySet:
        return signing_key_set(self.session)

    def get_audiences(self, client: Any, user: Any, scope: str) -> str:
        return audience(self.issuer)

    def get_jti(self, client: Any, grant_type: str, user: Any, scope: str) -> str:
        """A unique token ID: 128 random bits (Authlib's default draws its characters one by one)."""
        return secrets.token_urlsafe(16)


def token_generator(session: Session, settings: Settings) -> JWTTokenGenerator:
    return JWTTokenGenerator(session, settings)


def audience(issuer: str) -> str:
    return AUDIENCE or issuer


class AccessTokenValidator(JWTBearerTokenValidator):
    def __init__(self, session: Session, settings: Settings, kid: str | None) -> None:
        issuer = settings.oauth_issuer.rstrip("/")
        super().__init__(issuer=issuer, resource_server=audience(issuer))
        self.session = session
        self.kid = kid

    def get_jwks(self) -> KeySet:
        return public_key_set(self.session, ACCESS_TOKEN_SECONDS, self.kid)


def key_id(token: str) -> str | None:
    """The `kid` a compact JWS names in its header, if it names one (the signature is checked later)."""
    header = token.split(".", 1)[0]
    try:
        kid = json.loads(base64.urlsafe_b64decode(header + "=" * (-len(header) % 4))).get("kid")
    except (binascii.Error, ValueError, AttributeError):
        return None
    return kid if isinstance(kid, str) else None


def verify_access_token(session: Session, token: str, settings: Settings) -> Principal | None:
    """The caller of a JWT access token this service signed, not expired and not revoked."""
    if token.count(".") != 2:
        return None
    validator = AccessTokenValidator(session, settings, key_id(token))
    try:
        claims = validator.authenticate_token(token)
        validator.validate_token(claims, [], None)
    except InvalidTokenError:
        return None
    record = live_token(session, token)
    return principal_of(record) if record is not None else None
{%- else %}


def token_generator(session: Session, settings: Settings) -> BearerTokenGenerator:
    return BearerTokenGenerator(opaque_token, opaque_token, ACCESS_TOKEN_SECONDS)


def verify_access_token(session: Session, token: str, settings: Settings) -> Principal | None:
    """The caller of an access token this service issued, not expired and not revoked."""
    record = live_token(session, token)
    return principal_of(record) if record is not None else None
{%- endif %}


# Built once: every request with an access token runs it.
TOKEN_BY_HASH = select(OAuthToken).where(OAuthToken.access_token_hash == bindparam("access_token_hash"))


def live_token(session: Session, access_token: str) -> OAuthToken | None:
    record = session.scalar(TOKEN_BY_HASH, {"access_token_hash": hash_secret(access_token)})
    if record is None or record.access_revoked_at is not None or record.access_expires_at <= time.time():
        return None
    return record


def principal_of(record: OAuthToken) -> Principal:
    subject = f"user:{record.user_id}" if record.user_id is not None else f"client:{record.client_id}"
    return Principal(subject, frozenset(record.scope.split()), "access_token", record.client_id)
