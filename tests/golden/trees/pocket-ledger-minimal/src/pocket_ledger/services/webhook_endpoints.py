"""Webhook endpoints: registering, changing, removing them, and rotating their signing secrets."""

import time

from sqlalchemy import select
from sqlalchemy.orm import Session

from pocket_ledger.models.webhook import WebhookEndpoint, new_id
from pocket_ledger.webhooks.schemas import (
    OPTION_FIELDS,
    WebhookEndpointCreate,
    WebhookEndpointPublic,
    WebhookEndpointUpdate,
    WebhookEndpointWithSecret,
)
from pocket_ledger.webhooks.signing import new_secret

# Fields an update may change: these keep their value when sent as null; those may be cleared.
REQUIRED_FIELDS = ("url", "events", "filters", "headers", "active")
NULLABLE_FIELDS = ("description", "api_version")


def create_endpoint(session: Session, fields: WebhookEndpointCreate) -> WebhookEndpoint:
    now = time.time()
    endpoint = WebhookEndpoint(
        id=new_id("ep"),
        url=fields.url,
        description=fields.description,
        events=fields.events,
        filters=fields.filters or {},
        headers=fields.headers or {},
        options=fields.options(),
        api_version=fields.api_version,
        secret=fields.secret or new_secret(),
        active=fields.active,
        created_at=now,
        updated_at=now,
    )
    session.add(endpoint)
    session.flush()
    return endpoint


def list_endpoints(session: Session) -> list[WebhookEndpoint]:
    return list(session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.created_at, WebhookEndpoint.id)))


def update_endpoint(endpoint: WebhookEndpoint, fields: WebhookEndpointUpdate) -> WebhookEndpoint:
    """Apply the fields that were sent; turning an endpoint back on clears why it was disabled."""
    sent = fields.model_dump(exclude_unset=True)
    for name in (*REQUIRED_FIELDS, *NULLABLE_FIELDS):
        if name in sent and (sent[name] is not None or name in NULLABLE_FIELDS):
            setattr(endpoint, name, sent[name])
    options = {**endpoint.options, **{name: sent[name] for name in OPTION_FIELDS if name in sent}}
    endpoint.options = {name: value for name, value in options.items() if value is not None}
    if sent.get("active"):
        endpoint.disabled_reason = None
    endpoint.updated_at = time.time()
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, grace_seconds: float, secret: str | None = None) -> WebhookEndpoint:
    """A new signing secret; the current one keeps signing beside it for ``grace_seconds``."""
    now = time.time()
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = now + grace_seconds
    endpoint.secret = secret or new_secret()
    endpoint.updated_at = now
    return endpoint


def disable_endpoint(endpoint: WebhookEndpoint, reason: str) -> None:
    endpoint.active = False
    endpoint.disabled_reason = reason[:500]
    endpoint.updated_at = time.time()


def public(endpoint: WebhookEndpoint) -> WebhookEndpointPublic:
    return WebhookEndpointPublic.model_validate(fields_of(endpoint))


def with_secret(endpoint: WebhookEndpoint) -> WebhookEndpointWithSecret:
    return WebhookEndpointWithSecret.model_validate({**fields_of(endpoint), "secret": endpoint.secret})


def fields_of(endpoint: WebhookEndpoint) -> dict[str, object]:
    return {
        "id": endpoint.id,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": endpoint.events,
        "filters": endpoint.filters,
        "headers": endpoint.headers,
        "api_version": endpoint.api_version,
        **{name: endpoint.options.get(name) for name in OPTION_FIELDS},
        "active": endpoint.active,
        "disabled_reason": endpoint.disabled_reason,
        "created_at": endpoint.created_at,
        "updated_at": endpoint.updated_at,
    }
