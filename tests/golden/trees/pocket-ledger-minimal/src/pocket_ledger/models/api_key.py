"""API keys: a name, the scopes the key carries, and the key's hash (the key itself is shown once)."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from pocket_ledger.core.db import Base


class ApiKey(Base):
    __tablename__ = "api_keys"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[str] = mapped_column(String(2000), default="")  # space-separated, as OAuth writes scopes
    created_at: Mapped[int] = mapped_column(Integer)  # seconds since the epoch
    revoked_at: Mapped[int | None] = mapped_column(Integer, default=None)

    @property
    def scopes(self) -> list[str]:
        return self.scope.split()
