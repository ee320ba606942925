"""The delivery queue in the database: workers claim due deliveries, record each attempt's outcome, and
purge what is past the spec's retention.

A claim is one UPDATE of the due rows' status, lease and claim token, so two workers never hold one delivery:
on PostgreSQL the rows are picked with `FOR UPDATE SKIP LOCKED` (several workers take different rows), on
SQLite the UPDATE holds the database's write lock. A claim is a lease: a worker that dies mid-delivery (even
by SIGKILL) leaves its rows `delivering` until `lease_until`, and then any worker claims them again. A late
worker whose lease was taken over cannot overwrite the new holder's result: every update names the claim token.
"""

import json
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, cast

from sqlalchemy import Float, Integer, String, Table, and_, bindparam, delete, func, insert, or_, select, update
from sqlalchemy.orm import Session

from {{ cookiecutter.package_name }}.models.webhook import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookMessage,
)
from {{ cookiecutter.package_name }}.services.webhook_endpoints import disable_endpoint
from {{ cookiecutter.package_name }}.webhooks import policy
from {{ cookiecutter.package_name }}.webhooks.schedule import Answer, Outcome, outcome, retry_delay

EXCERPT_CHARACTERS = 1000


@dataclass(frozen=True)
class Job:
    """A claimed delivery, with what sending it needs."""

    delivery_id: str
    claim_token: str
    attempt: int  # 1 for the first
    message_id: str
    event_type: str
    event_created_at: float
    data: dict[str, Any]
    endpoint_id: str
    url: str
    headers: dict[str, str]
    secrets: list[str]  # newest first
    api_version: str | None

    def body(self) -> bytes:
        """The delivered JSON; the same bytes on every attempt."""
        created = datetime.fromtimestamp(self.event_created_at, UTC).isoformat(timespec="milliseconds")
        envelope = {
            "id": self.message_id,
            "type": self.event_type,
            "created_at": created.replace("+00:00", "Z"),
            "api_version": self.api_version,
            "data": self.data,
        }
        return json_bytes(envelope)


@dataclass(frozen=True)
class AttemptResult:
    """What one attempt got: the answer (status None without one), its latency, an excerpt of the response,
    the error when there was no answer; ``refused`` when the SSRF guard refused the target."""

    answer: Answer
    started_at: float
    latency_ms: float
    excerpt: str | None = None
    error: str | None = None
    refused: bool = False


def json_bytes(value: Any) -> bytes:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def due_deliveries(now: float) -> Any:
    """Deliveries to active endpoints that are due, or whose worker's lease ran out."""
    delivery = WebhookDelivery
    return (
        select(delivery.id)
        .join(WebhookEndpoint, WebhookEndpoint.id == delivery.endpoint_id)
        .where(WebhookEndpoint.active.is_(True))
        .where(
            or_(
                and_(delivery.status == "pending", delivery.next_attempt_at <= now),
                and_(delivery.status == "delivering", delivery.lease_until <= now),
            )
        )
        .order_by(delivery.next_attempt_at)
    )


def claim(session: Session, limit: int, lease_seconds: float, now: float | None = None) -> list[Job]:
    """Claim up to ``limit`` due deliveries for ``lease_seconds``, committing the claim."""
    now = time.time() if now is None else now
    if session.execute(due_deliveries(now).limit(1)).first() is None:
        session.rollback()
        return []  # an idle poll reads, and writes nothing
    token = uuid.uuid4().hex
    picked = due_deliveries(now).limit(limit).with_for_update(skip_locked=True, of=WebhookDelivery)
    session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id.in_(picked.scalar_subquery()))
        .values(
            status="delivering",
            lease_until=now + lease_seconds,
            claim_token=token,
            attempts=WebhookDelivery.attempts + 1,
        )
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return claimed_jobs(session, token, now)


def claimed_jobs(session: Session, token: str, now: float) -> list[Job]:
    rows = session.execute(
        select(WebhookDelivery, WebhookMessage, WebhookEndpoint)
        .join(WebhookMessage, WebhookMessage.id == WebhookDelivery.event_id)
        .join(WebhookEndpoint, WebhookEndpoint.id == WebhookDelivery.endpoint_id)
        .where(WebhookDelivery.claim_token == token)
        .order_by(WebhookDelivery.next_attempt_at)
    ).all()
    return [
        Job(
            delivery_id=delivery.id,
            claim_token=token,
            attempt=delivery.attempts,
            message_id=message.id,
            event_type=message.type,
            event_created_at=message.created_at,
            data=message.data,
            endpoint_id=endpoint.id,
            url=endpoint.url,
            headers=dict(endpoint.headers),
            secrets=endpoint.signing_secrets(now),
            api_version=endpoint.api_version or policy.DEFAULT_API_VERSION,
        )
        for delivery, message, endpoint in rows
    ]


def finish(session: Session, job: Job, result: AttemptResult, scale: float, now: float | None = None) -> Outcome:
    """Record the attempt, and what follows it: delivered, a retry later, the dead-letter store, or (410)
    the endpoint disabled. Commits; returns the outcome."""
    (decided,) = finish_all(session, [(job, result)], scale, now)
    return decided


def finish_all(
    session: Session, finished: list[tuple[Job, AttemptResult]], scale: float, now: float | None = None
) -> list[Outcome]:
    """`finish` for several attempts, in one transaction (one commit for a worker's batch): the attempts in one
    INSERT, the deliveries in one executemany UPDATE (an ORM flush per attempt cost 2 ms); their outcomes."""
    now = time.time() if now is None else now
    outcomes: list[Outcome] = []
    attempts: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    for job, result in finished:
        decided: Outcome = "failed" if result.refused else outcome(result.answer, job.attempt)
        outcomes.append(decided)
        if decided == "gone":  # rare, and it disables the endpoint: one at a time
            record_attempt(session, job, result, scale, now)
            continue
        attempts.append(attempt_values(job, result, decided))
        state = next_state(decided, job, result, scale, now)
        changes.append(
            {
                "b_id": job.delivery_id,
                "b_token": job.claim_token,
                "b_status": state["status"],
                "b_next": state.get("next_attempt_at"),
                "b_completed": state.get("completed_at"),
                "b_code": result.answer.status,
                "b_error": clip(result.error, 500),
            }
        )
    if attempts:
        session.execute(insert(cast(Table, WebhookAttempt.__table__)), attempts)
    if changes:
        session.execute(BULK_FINISH, changes)
    session.commit()
    return outcomes


_deliveries = cast(Table, WebhookDelivery.__table__)
BULK_FINISH = (
    update(_deliveries)
    .where(_deliveries.c.id == bindparam("b_id"), _deliveries.c.claim_token == bindparam("b_token"))
    .values(
        status=bindparam("b_status"),
        next_attempt_at=func.coalesce(bindparam("b_next", type_=Float), _deliveries.c.next_attempt_at),
        completed_at=func.coalesce(bindparam("b_completed", type_=Float), _deliveries.c.completed_at),
        claim_token=None,
        lease_until=None,
        last_status_code=bindparam("b_code", type_=Integer),
        last_error=bindparam("b_error", type_=String),
    )
)


def record_attempt(session: Session, job: Job, result: AttemptResult, scale: float, now: float) -> Outcome:
    decided: Outcome = "failed" if result.refused else outcome(result.answer, job.attempt)
    session.add(attempt_row(job, result, decided))
    changed = session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == job.delivery_id, WebhookDelivery.claim_token == job.claim_token)
        .values(
            claim_token=None,
            lease_until=None,
            last_status_code=result.answer.status,
            last_error=clip(result.error, 500),
            **next_state(decided, job, result, scale, now),
        )
        .execution_options(synchronize_session=False)
    )
    if decided == "gone" and changed.rowcount:  # type: ignore[attr-defined]
        endpoint = session.get(WebhookEndpoint, job.endpoint_id)
        if endpoint is not None:
            disable_endpoint(endpoint, f"the endpoint answered 410 Gone at {datetime.fromtimestamp(now, UTC).isoformat()}")
    return decided


def next_state(decided: Outcome, job: Job, result: AttemptResult, scale: float, now: float) -> dict[str, Any]:
    if decided == "delivered":
        return {"status": "delivered", "completed_at": now}
    if decided == "retry":
        return {"status": "pending", "next_attempt_at": now + retry_delay(job.attempt, result.answer, scale)}
    return {"status": "dead", "completed_at": now}


def attempt_row(job: Job, result: AttemptResult, decided: Outcome) -> WebhookAttempt:
    return WebhookAttempt(**attempt_values(job, result, decided))


def attempt_values(job: Job, result: AttemptResult, decided: Outcome) -> dict[str, Any]:
    return {
        "delivery_id": job.delivery_id,
        "number": job.attempt,
        "started_at": result.started_at,
        "latency_ms": result.latency_ms,
        "status_code": result.answer.status,
        "outcome": decided,
        "error": clip(result.error, 500),
        "response_excerpt": clip(result.excerpt, EXCERPT_CHARACTERS),
    }


def clip(text: str | None, length: int) -> str | None:
    return text[:length] if text else None


def purge_expired(session: Session, now: float | None = None) -> int:
    """Remove deliveries (with their attempts) finished longer ago than the spec's retention, and events
    left without deliveries; returns how many deliveries went."""
    cutoff = (time.time() if now is None else now) - policy.RETENTION_SECONDS
    expired = select(WebhookDelivery.id).where(WebhookDelivery.completed_at < cutoff)
    session.execute(delete(WebhookAttempt).where(WebhookAttempt.delivery_id.in_(expired.scalar_subquery())))
    removed = session.execute(delete(WebhookDelivery).where(WebhookDelivery.completed_at < cutoff))
    orphans = select(WebhookDelivery.id).where(WebhookDelivery.event_id == WebhookMessage.id).exists()
    session.execute(delete(WebhookMessage).where(WebhookMessage.created_at < cutoff, ~orphans))
    session.commit()
    return int(removed.rowcount)  # type: ignore[attr-defined]
