"""How an endpoint is doing, from its attempt log: the failed attempts since its last success (which alert an
operator after `WEBHOOK_NOTIFY_AFTER_FAILURES`, and disable the endpoint once they have gone on for
`WEBHOOK_AUTO_DISABLE_AFTER_SECONDS`), and the figures of the dashboard."""

import logging
import statistics
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from pocket_ledger.core.config import Settings
from pocket_ledger.models.webhook import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from pocket_ledger.webhooks.notify import AlertKind, EndpointAlert, send_alert

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Streak:
    """Failed attempts in a row, and when the first of them started (None without failures)."""

    failures: int
    since: float | None


def failure_streak(session: Session, endpoint_id: str) -> Streak:
    """The endpoint's failed attempts after its last delivered one."""
    of_endpoint = (
        select(WebhookAttempt)
        .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
        .where(WebhookDelivery.endpoint_id == endpoint_id)
        .subquery()
    )
    last_success = session.scalar(select(func.max(of_endpoint.c.started_at)).where(of_endpoint.c.outcome == "delivered"))
    failed = select(func.count(), func.min(of_endpoint.c.started_at)).where(of_endpoint.c.outcome != "delivered")
    if last_success is not None:
        failed = failed.where(of_endpoint.c.started_at > last_success)
    count, since = session.execute(failed).one()
    return Streak(int(count or 0), since)


def after_failure(
    session: Session, endpoint_id: str, status_code: int | None, error: str | None, settings: Settings, now: float | None = None
) -> Streak:
    """After a failed attempt: alert once the streak reaches the threshold, and disable the endpoint when the
    streak has lasted the auto-disable window (both once, whichever worker gets there). Commits."""
    now = time.time() if now is None else now
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None:
        return Streak(0, None)
    streak = failure_streak(session, endpoint_id)

    def alert(kind: AlertKind, reason: str) -> EndpointAlert:
        return EndpointAlert(
            kind,
            endpoint.id,
            endpoint.url,
            streak.failures,
            streak.since,
            status_code,
            error,
            reason,
        )

    threshold = settings.webhook_notify_after_failures
    if threshold > 0 and streak.failures >= threshold and claim_alert(session, endpoint_id, streak, now):
        send_alert(alert("endpoint_failing", f"{streak.failures} failed delivery attempts in a row"))
    window = settings.webhook_auto_disable_after_seconds
    if window > 0 and streak.since is not None and now - streak.since >= window:
        started = datetime.fromtimestamp(streak.since, UTC).isoformat(timespec="seconds")
        reason = f"disabled automatically: every attempt failed since {started} ({streak.failures} attempts)"
        if disable_once(session, endpoint_id, reason, now):
            logger.warning(
                "webhook endpoint %s disabled after failing for %.0f s",
                endpoint_id,
                now - streak.since,
                extra={"webhook_event": "webhook.endpoint.disabled", "endpoint_id": endpoint_id, "reason": reason},
            )
            send_alert(alert("endpoint_disabled", reason))
    return streak


def claim_alert(session: Session, endpoint_id: str, streak: Streak, now: float) -> bool:
    """Whether this process is the one to alert about the current run of failures (one alert per run, however
    many workers see it reach the threshold at once)."""
    since = streak.since or now
    endpoint = session.get(WebhookEndpoint, endpoint_id)
    if endpoint is not None and endpoint.failure_alerted_at is not None and endpoint.failure_alerted_at >= since:
        return False  # alerted already (the common case: no write for every later failure of the run)
    changed = session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id)
        .where(or_(WebhookEndpoint.failure_alerted_at.is_(None), WebhookEndpoint.failure_alerted_at < since))
        .values(failure_alerted_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(changed.rowcount)  # type: ignore[attr-defined]


def disable_once(session: Session, endpoint_id: str, reason: str, now: float) -> bool:
    """Disable the endpoint unless it already is; whether this call did."""
    changed = session.execute(
        update(WebhookEndpoint)
        .where(WebhookEndpoint.id == endpoint_id, WebhookEndpoint.active.is_(True))
        .values(active=False, disabled_reason=reason[:500], updated_at=now)
        .execution_options(synchronize_session=False)
    )
    session.commit()
    return bool(changed.rowcount)  # type: ignore[attr-defined]


@dataclass
class EndpointHealth:
    """One endpoint's row of the dashboard."""

    endpoint: WebhookEndpoint
    attempts: int = 0
    delivered: int = 0
    latency_p50_ms: float | None = None
    dead_letters: int = 0
    pending: int = 0
    recent: list[tuple[WebhookAttempt, WebhookDelivery]] = field(default_factory=list)

    @property
    def success_rate(self) -> float | None:
        return self.delivered / self.attempts if self.attempts else None


def endpoint_health(session: Session, endpoint: WebhookEndpoint, recent: int = 10, window: int = 500) -> EndpointHealth:
    """Success rate and median latency over the endpoint's last ``window`` attempts, its dead letters and
    queued deliveries, and its last ``recent`` attempts."""
    rows = session.execute(
        select(WebhookAttempt, WebhookDelivery)
        .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
        .where(WebhookDelivery.endpoint_id == endpoint.id)
        .order_by(WebhookAttempt.started_at.desc(), WebhookAttempt.id.desc())
        .limit(window)
    ).all()
    counts = dict(
        session.execute(
            select(WebhookDelivery.status, func.count())
            .where(WebhookDelivery.endpoint_id == endpoint.id)
            .group_by(WebhookDelivery.status)
        ).all()
    )
    latencies = [attempt.latency_ms for attempt, _ in rows]
    return EndpointHealth(
        endpoint=endpoint,
        attempts=len(rows),
        delivered=sum(1 for attempt, _ in rows if attempt.outcome == "delivered"),
        latency_p50_ms=statistics.median(latencies) if latencies else None,
        dead_letters=int(counts.get("dead", 0)),
        pending=int(counts.get("pending", 0)) + int(counts.get("delivering", 0)),
        recent=[(attempt, delivery) for attempt, delivery in rows[:recent]],
    )
