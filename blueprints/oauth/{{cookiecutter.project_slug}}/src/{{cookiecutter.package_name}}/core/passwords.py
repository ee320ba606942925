"""Passwords, hashed with argon2id (argon2-cffi). The cost comes from the settings, so tests can lower it."""

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from {{ cookiecutter.package_name }}.core.config import Settings


def password_hasher(settings: Settings) -> PasswordHasher:
    return PasswordHasher(time_cost=settings.password_hash_time_cost, memory_cost=settings.password_hash_memory_kib)


def hash_password(settings: Settings, password: str) -> str:
    return password_hasher(settings).hash(password)


def verify_password(settings: Settings, password_hash: str | None, password: str) -> bool:
    """Whether ``password`` matches ``password_hash``. Without a hash (no such user) the password is hashed
    anyway, so that the answer takes as long either way."""
    hasher = password_hasher(settings)
    if password_hash is None:
        hasher.hash(password)
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
