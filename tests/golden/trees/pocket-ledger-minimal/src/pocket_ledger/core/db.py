"""The database: SQLAlchemy 2 engine and sessions. SQLite by default, PostgreSQL through DATABASE_URL."""

from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker


class Base(DeclarativeBase):
    """Base class of every table; Alembic reads its metadata."""


def make_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", tune_sqlite)
        return engine
    return create_engine(url, pool_pre_ping=True)


def tune_sqlite(connection: Any, _record: Any) -> None:
    """Write-ahead logging: readers do not wait for a writer, several processes can share the file, and a
    commit syncs the log at checkpoints instead of every time (still durable across a crash of the process;
    a power cut may lose the last commits). A writer waits up to 5 s for another's lock instead of failing."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


class Database:
    """One engine and session factory per app, created on first use."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._engine: Engine | None = None
        self._sessions: sessionmaker[Session] | None = None

    @property
    def engine(self) -> Engine:
        if self._engine is None:
            self._engine = make_engine(self.url)
        return self._engine

    def session(self) -> Session:
        if self._sessions is None:
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
        return self._sessions()

    def ping(self) -> None:
        with self.engine.connect() as connection:
            connection.execute(text("SELECT 1"))

    def dispose(self) -> None:
        if self._engine is not None:
            self._engine.dispose()
