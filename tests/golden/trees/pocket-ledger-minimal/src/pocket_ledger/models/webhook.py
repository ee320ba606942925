"""The webhook tables: endpoints customers register, events emitted (the outbox), one delivery per event and
subscribed endpoint, and every attempt at a delivery.

A delivery is `pending` until a worker claims it (`delivering`, with a lease), then `delivered`, back to
`pending` with a later `next_attempt_at` for a retry, or `dead` (the dead-letter store) when it is given up.
Times are seconds since the epoch, as floats: retry delays are scaled down to milliseconds in tests.
"""

import uuid
from typing import Any

from sqlalchemy import JSON, Boolean, Float, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pocket_ledger.core.db import Base


def new_id(prefix: str) -> str:
    """A fresh identifier such as ``evt_3f2c...``: the prefix says what it names."""
    return f"{prefix}_{uuid.uuid4().hex}"


class WebhookEndpoint(Base):
    __tablename__ = "webhook_endpoints"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    url: Mapped[str] = mapped_column(String(2048))
    description: Mapped[str | None] = mapped_column(String(500), default=None)
    events: Mapped[list[str]] = mapped_column(JSON, default=list)
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    headers: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    # The members of the spec's Webhook Configuration beyond the common ones.
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    api_version: Mapped[str | None] = mapped_column(String(50), default=None)
    # Signing secrets are kept as they are: every delivery is signed with them.
    secret: Mapped[str] = mapped_column(String(200))
    previous_secret: Mapped[str | None] = mapped_column(String(200), default=None)
    previous_secret_expires_at: Mapped[float | None] = mapped_column(Float, default=None)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    disabled_reason: Mapped[str | None] = mapped_column(String(500), default=None)
    # When its admin was last told it kept failing (webhooks/health.py): one alert per run of failures.
    failure_alerted_at: Mapped[float | None] = mapped_column(Float, default=None)
    created_at: Mapped[float] = mapped_column(Float)
    updated_at: Mapped[float] = mapped_column(Float)

    def signing_secrets(self, now: float) -> list[str]:
        """The secrets deliveries are signed with: the current one, and the previous one in its grace period."""
        previous = self.previous_secret
        expires = self.previous_secret_expires_at
        if previous and expires is not None and expires > now:
            return [self.secret, previous]
        return [self.secret]


class WebhookMessage(Base):
    """An emitted event: the `id`, `type`, `created_at` and `data` of every delivery's body."""

    __tablename__ = "webhook_events"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    type: Mapped[str] = mapped_column(String(200))
    data: Mapped[dict[str, Any]] = mapped_column(JSON)
    created_at: Mapped[float] = mapped_column(Float)


class WebhookDelivery(Base):
    __tablename__ = "webhook_deliveries"
    __table_args__ = (Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),)

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("webhook_events.id", ondelete="CASCADE"), index=True)
    endpoint_id: Mapped[str] = mapped_column(ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[float] = mapped_column(Float)
    lease_until: Mapped[float | None] = mapped_column(Float, default=None)
    claim_token: Mapped[str | None] = mapped_column(String(32), default=None)
    last_status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    last_error: Mapped[str | None] = mapped_column(String(500), default=None)
    created_at: Mapped[float] = mapped_column(Float)
    completed_at: Mapped[float | None] = mapped_column(Float, default=None)


class WebhookAttempt(Base):
    """One try at a delivery: when, how long, what the receiver answered (an excerpt), and what followed."""

    __tablename__ = "webhook_attempts"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    delivery_id: Mapped[str] = mapped_column(ForeignKey("webhook_deliveries.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[float] = mapped_column(Float)
    latency_ms: Mapped[float] = mapped_column(Float)
    status_code: Mapped[int | None] = mapped_column(Integer, default=None)
    outcome: Mapped[str] = mapped_column(String(20))
    error: Mapped[str | None] = mapped_column(String(500), default=None)
    response_excerpt: Mapped[str | None] = mapped_column(Text, default=None)
