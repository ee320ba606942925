"""What an operator does with deliveries: read the attempt log (per endpoint, per event), send one delivery
again (manual retry), and send again everything of an endpoint that failed since a time (recover).

A delivery sent again starts a fresh round of the spec's retry schedule; its attempt log goes on (attempt
numbers start from 1 again, times tell the rounds apart). Only an active endpoint's deliveries are sent.
"""

import time
from datetime import datetime
from typing import Literal

from pydantic import BaseModel, Field
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from pocket_ledger.models.webhook import WebhookAttempt, WebhookDelivery, WebhookMessage

DeliveryStatus = Literal["pending", "delivering", "delivered", "dead"]
# Deliveries that may be sent again: given up on (the dead-letter store) and already delivered (a resend).
RESENDABLE = ("dead", "delivered")


class AttemptLog(BaseModel):
    number: int
    started_at: float
    latency_ms: float
    status_code: int | None
    outcome: str
    error: str | None
    response_excerpt: str | None = Field(description="the start of the receiver's answer (at most 1,000 characters)")


class DeliveryLog(BaseModel):
    id: str
    event_id: str
    event_type: str
    endpoint_id: str
    status: DeliveryStatus
    attempts: int
    next_attempt_at: float
    last_status_code: int | None
    last_error: str | None
    created_at: float
    completed_at: float | None
    attempt_log: list[AttemptLog]


class DeliveryLogList(BaseModel):
    data: list[DeliveryLog]


class Recover(BaseModel):
    since: datetime = Field(description="send again the endpoint's deliveries that failed at or after this time")
    until: datetime | None = Field(default=None, description="and before this time, when given")


class Requeued(BaseModel):
    requeued: int = Field(description="how many deliveries were queued again")
    ids: list[str]


class RetryRefusedError(ValueError):
    """The delivery cannot be sent again now (it is in flight)."""


def delivery_logs(
    session: Session,
    endpoint_id: str | None = None,
    event_id: str | None = None,
    status: DeliveryStatus | None = None,
    limit: int = 50,
    delivery_id: str | None = None,
) -> list[DeliveryLog]:
    """Deliveries, newest first, each with every attempt."""
    query = select(WebhookDelivery, WebhookMessage.type).join(WebhookMessage, WebhookMessage.id == WebhookDelivery.event_id)
    if endpoint_id is not None:
        query = query.where(WebhookDelivery.endpoint_id == endpoint_id)
    if event_id is not None:
        query = query.where(WebhookDelivery.event_id == event_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    if delivery_id is not None:
        query = query.where(WebhookDelivery.id == delivery_id)
    rows = session.execute(query.order_by(WebhookDelivery.created_at.desc(), WebhookDelivery.id).limit(limit)).all()
    attempts: dict[str, list[AttemptLog]] = {delivery.id: [] for delivery, _ in rows}
    if attempts:
        found = session.scalars(
            select(WebhookAttempt)
            .where(WebhookAttempt.delivery_id.in_(list(attempts)))
            .order_by(WebhookAttempt.started_at, WebhookAttempt.id)
        )
        for attempt in found:
            attempts[attempt.delivery_id].append(AttemptLog.model_validate(attempt, from_attributes=True))
    return [
        DeliveryLog(
            id=delivery.id,
            event_id=delivery.event_id,
            event_type=event_type,
            endpoint_id=delivery.endpoint_id,
            status=delivery.status,
            attempts=delivery.attempts,
            next_attempt_at=delivery.next_attempt_at,
            last_status_code=delivery.last_status_code,
            last_error=delivery.last_error,
            created_at=delivery.created_at,
            completed_at=delivery.completed_at,
            attempt_log=attempts[delivery.id],
        )
        for delivery, event_type in rows
    ]


def requeue_values(now: float) -> dict[str, object]:
    return {
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "completed_at": None,
        "lease_until": None,
        "claim_token": None,
    }


def retry_delivery(session: Session, delivery: WebhookDelivery, now: float | None = None) -> WebhookDelivery:
    """Queue ``delivery`` to be sent now: a dead-lettered or delivered one for a fresh round of attempts, a
    pending one sooner than its retry was due. Refused while a worker holds it. The caller commits."""
    now = time.time() if now is None else now
    if delivery.status == "delivering":
        raise RetryRefusedError("the delivery is being sent right now")
    if delivery.status == "pending":
        delivery.next_attempt_at = min(delivery.next_attempt_at, now)
        return delivery
    for name, value in requeue_values(now).items():
        setattr(delivery, name, value)
    return delivery


def recover(session: Session, endpoint_id: str, since: float, until: float | None = None, now: float | None = None) -> list[str]:
    """Queue again every dead-lettered delivery of the endpoint created at or after ``since`` (and before
    ``until``); returns their ids. The caller commits."""
    now = time.time() if now is None else now
    query = select(WebhookDelivery.id).where(
        WebhookDelivery.endpoint_id == endpoint_id,
        WebhookDelivery.status == "dead",
        WebhookDelivery.created_at >= since,
    )
    if until is not None:
        query = query.where(WebhookDelivery.created_at < until)
    ids = list(session.scalars(query.order_by(WebhookDelivery.created_at)))
    if ids:
        session.execute(
            update(WebhookDelivery)
            .where(WebhookDelivery.id.in_(ids), WebhookDelivery.status == "dead")
            .values(**requeue_values(now))
            .execution_options(synchronize_session=False)
        )
    return ids
