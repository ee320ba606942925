"""Creating, listing, revoking and checking API keys."""

import time
from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from pocket_ledger.core.config import Settings
from pocket_ledger.core.scopes import unknown_scopes
from pocket_ledger.core.security import Principal, hash_secret, new_secret
from pocket_ledger.models.api_key import ApiKey

# How every key starts: secret scanners and log masking can recognise one.
KEY_PREFIX = "key_"
# Built once: every request with a key runs it.
KEY_BY_HASH = select(ApiKey).where(ApiKey.key_hash == bindparam("key_hash"))


class UnknownScopeError(ValueError):
    """A key was asked for scopes the catalog does not have."""


@dataclass(frozen=True)
class CreatedKey:
    record: ApiKey
    key: str  # shown once, never stored


def create_api_key(session: Session, name: str, scopes: list[str]) -> CreatedKey:
    unknown = unknown_scopes(scopes)
    if unknown:
        raise UnknownScopeError(f"unknown scope(s): {', '.join(unknown)}")
    key = new_secret(KEY_PREFIX)
    record = ApiKey(name=name, key_hash=hash_secret(key), scope=" ".join(dict.fromkeys(scopes)), created_at=int(time.time()))
    session.add(record)
    session.flush()
    return CreatedKey(record, key)


def list_api_keys(session: Session) -> list[ApiKey]:
    return list(session.scalars(select(ApiKey).order_by(ApiKey.id)))


def revoke_api_key(session: Session, key_id: int) -> bool:
    """Revoke the key; ``False`` when there is no such key, or it was revoked already."""
    record = session.get(ApiKey, key_id)
    if record is None or record.revoked_at is not None:
        return False
    record.revoked_at = int(time.time())
    return True


def verify_api_key(session: Session, token: str, settings: Settings) -> Principal | None:
    """The caller an API key stands for; ``None`` for anything that is not a live key."""
    if not token.startswith(KEY_PREFIX):
        return None
    record = session.scalar(KEY_BY_HASH, {"key_hash": hash_secret(token)})
    if record is None or record.revoked_at is not None:
        return None
    return Principal(subject=f"key:{record.id}", scopes=frozenset(record.scopes), credential="api_key")
