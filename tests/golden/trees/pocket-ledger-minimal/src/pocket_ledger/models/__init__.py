"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

from pocket_ledger.core.db import Base

__all__ = [
    "Base",
]
