"""`emit(type, data, session)`: an event for every endpoint subscribed to it, written in the caller's
transaction (a transactional outbox): it is delivered if and only if the caller commits."""

import time
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.events.catalog import event_types
from {{ cookiecutter.package_name }}.models.webhook import WebhookDelivery, WebhookEndpoint, WebhookMessage, new_id


class EventValidationError(ValueError):
    """An unknown event type, or data that does not fit its payload model; ``field`` says where."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def emit(type: str, data: dict[str, Any], session: Session) -> str:
    """Record the event and a delivery to every active endpoint subscribed to ``type``; return its id.
    Nothing is committed: the caller's commit publishes the event together with its own changes."""
    validated = validate_payload(type, data)
    now = time.time()
    message = WebhookMessage(id=new_id("evt"), type=type, data=validated, created_at=now)
    session.add(message)
    for endpoint in subscribed_endpoints(session, type):
        session.add(
            WebhookDelivery(
                id=new_id("dlv"),
                event_id=message.id,
                endpoint_id=endpoint.id,
                status="pending",
                attempts=0,
                next_attempt_at=now,
                created_at=now,
            )
        )
    session.flush()
    return message.id


def validate_payload(type: str, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` checked against the payload model of ``type`` (the data as sent: the model only judges it)."""
    event = event_types().get(type)
    if event is None:
        raise EventValidationError(f"unknown event type {type!r} (see GET /api/v1/event-types)", "type")
    try:
        event.payload_model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in ("data", *first["loc"]))
        raise EventValidationError(f"{location}: {first['msg']}", location) from exc
    return data


def subscribed_endpoints(session: Session, type: str) -> list[WebhookEndpoint]:
    endpoints = session.scalars(select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)))
    return [endpoint for endpoint in endpoints if type in endpoint.events]
