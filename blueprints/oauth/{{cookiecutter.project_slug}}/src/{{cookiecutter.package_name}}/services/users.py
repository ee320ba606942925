"""The users who sign in on the authorization page: created from the command line, passwords hashed with argon2id."""

from sqlalchemy import select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.passwords import hash_password, verify_password
from {{ cookiecutter.package_name }}.models.oauth import User

MIN_PASSWORD_LENGTH = 8


class UserError(ValueError):
    """A user that cannot be created as asked."""


def normal_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, settings: Settings, email: str, password: str) -> User:
    email = normal_email(email)
    if "@" not in email or any(char.isspace() for char in email):
        raise UserError(f"{email!r} is not an email address")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError(f"the password needs at least {MIN_PASSWORD_LENGTH} characters")
    if session.scalar(select(User).where(User.email == email)) is not None:
        raise UserError(f"a user {email} exists already")
    user = User(email=email, password_hash=hash_password(settings, password))
    session.add(user)
    session.flush()
    return user


def authenticate_user(session: Session, settings: Settings, email: str, password: str) -> User | None:
    """The user with this email and password; ``None`` otherwise (taking as long either way)."""
    user = session.scalar(select(User).where(User.email == normal_email(email)))
    if not verify_password(settings, user.password_hash if user else None, password):
        return None
    return user
