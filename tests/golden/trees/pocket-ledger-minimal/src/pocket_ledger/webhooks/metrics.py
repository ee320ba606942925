"""The webhook engine's Prometheus metrics (declared through the service's `metrics` point, served at
`/metrics`): the queue's depth by delivery status, counted in the database when scraped (so it is right
whichever process delivers), attempts by outcome and their latency, counted by the worker that made them."""

import threading
import time
from functools import partial

from fastapi import FastAPI
from sqlalchemy import func, select

from pocket_ledger.core.db import Database
from pocket_ledger.core.metrics import Metrics
from pocket_ledger.models.webhook import WebhookDelivery
from pocket_ledger.webhooks.queue import AttemptResult

STATUSES = ("pending", "delivering", "delivered", "dead")
# One count of the queue serves the scrapes of this many seconds.
DEPTH_CACHE_SECONDS = 1.0


class QueueDepth:
    """The deliveries in each status, counted at most once per `DEPTH_CACHE_SECONDS`."""

    def __init__(self, database: Database) -> None:
        self.database = database
        self.lock = threading.Lock()
        self.counted_at = 0.0
        self.counts: dict[str, int] = {}

    def count(self, status: str) -> float:
        with self.lock:
            if time.monotonic() - self.counted_at >= DEPTH_CACHE_SECONDS:
                with self.database.session() as session:
                    rows = session.execute(
                        select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status)
                    ).all()
                self.counts = {status: int(count) for status, count in rows}
                self.counted_at = time.monotonic()
            return float(self.counts.get(status, 0))


def observe_attempt(metrics: Metrics, outcome: str, result: AttemptResult) -> None:
    metrics.webhook_attempts.labels(outcome).inc()
    metrics.webhook_delivery_latency_seconds.observe(result.latency_ms / 1000)


async def start_metrics(app: FastAPI) -> None:
    metrics: Metrics = app.state.metrics
    depth = QueueDepth(app.state.db)
    for status in STATUSES:
        metrics.webhook_queue_depth.labels(status).set_function(partial(depth.count, status))
