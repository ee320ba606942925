"""The tables of the service. Importing this package registers every one on `Base.metadata`."""

from pocket_ledger.core.db import Base
from pocket_ledger.models.api_key import ApiKey
from pocket_ledger.models.oauth import AuthorizationCode, OAuthClient, OAuthToken, User
from pocket_ledger.models.webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint, WebhookMessage

__all__ = [
    "ApiKey",
    "AuthorizationCode",
    "Base",
    "OAuthClient",
    "OAuthToken",
    "User",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookMessage",
]
