"""Subcommands of `python -m pocket_ledger` that blueprints add (see cli.py)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.orm import Session

from pocket_ledger.core.config import get_settings
from pocket_ledger.core.db import Database


@contextmanager
def command_session() -> Iterator[Session]:
    """A session on the configured database for one command; the engine is disposed when it ends."""
    database = Database(get_settings().database_url)
    try:
        with database.session() as session:
            yield session
    finally:
        database.dispose()
