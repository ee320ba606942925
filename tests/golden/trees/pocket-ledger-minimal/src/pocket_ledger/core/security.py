"""Secrets, made at random, stored only as a hash and compared in constant time; and the caller they identify.

API keys, OAuth client secrets, authorization codes and opaque tokens are 256-bit random values, so one
SHA-256 is enough to store them (a slow password hash protects guessable secrets; these are not).
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Literal


def new_secret(prefix: str = "") -> str:
    """A fresh random secret, URL-safe, with ``prefix`` in front (so that scanners can tell what it is)."""
    return prefix + secrets.token_urlsafe(32)


def hash_secret(secret: str) -> str:
    """What is stored in place of ``secret``: its SHA-256, hex."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def secret_matches(secret: str, stored_hash: str) -> bool:
    """Whether ``secret`` hashes to ``stored_hash``, in time that does not depend on where they differ."""
    return hmac.compare_digest(hash_secret(secret), stored_hash)


@dataclass(frozen=True)
class Principal:
    """Who is calling: ``subject`` names them (``key:3``, ``user:7``, ``client:<client_id>``)."""

    subject: str
    scopes: frozenset[str]
    credential: Literal["api_key", "access_token"]
    client_id: str | None = None
