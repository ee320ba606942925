"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

from pocket_ledger.core.db import Base
from pocket_ledger.models.api_key import ApiKey

__all__ = [
    "ApiKey",
    "Base",
]
