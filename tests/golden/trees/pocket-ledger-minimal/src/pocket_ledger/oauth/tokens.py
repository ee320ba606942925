"""Tokens: opaque access tokens and opaque
refresh tokens, with the spec's lifetimes; and the API's check of an access token (a token verifier of
`api.auth`).
"""
import time
from typing import Any

from authlib.oauth2.rfc6750 import BearerTokenGenerator
from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pocket_ledger.core.config import Settings
from pocket_ledger.core.security import Principal, hash_secret, new_secret
from pocket_ledger.models.oauth import OAuthToken

ACCESS_TOKEN_SECONDS = 3600
REFRESH_TOKEN_SECONDS: int | None = 2592000


def opaque_token(**_: Any) -> str:
    return new_secret()


def token_generator(session: Session, settings: Settings) -> BearerTokenGenerator:
    return BearerTokenGenerator(opaque_token, opaque_token, ACCESS_TOKEN_SECONDS)


def verify_access_token(session: Session, token: str, settings: Settings) -> Principal | None:
    """The caller of an access token this service issued, not expired and not revoked."""
    record = live_token(session, token)
    return principal_of(record) if record is not None else None


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
