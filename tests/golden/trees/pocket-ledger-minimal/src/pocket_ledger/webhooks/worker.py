"""The delivery worker: claims due deliveries, sends up to `concurrency` at once, records each outcome.

By default the API process runs one (the `webhook_worker` lifespan task), so `serve` alone delivers;
`python -m pocket_ledger worker --concurrency N` runs more, in processes of their own
(with WEBHOOK_WORKER_IN_PROCESS=false on the API when only they should deliver). Database work runs in
threads, so that the API's event loop never waits on it.
"""

import asyncio
import logging
import time
from contextlib import suppress

import aiohttp
from fastapi import FastAPI

from pocket_ledger.core.config import Settings
from pocket_ledger.core.db import Database
from pocket_ledger.core.metrics import Metrics
from pocket_ledger.webhooks import queue
from pocket_ledger.webhooks.delivery import http_session, send
from pocket_ledger.webhooks.health import after_failure
from pocket_ledger.webhooks.metrics import observe_attempt

logger = logging.getLogger(__name__)
PURGE_EVERY_SECONDS = 600.0


class Worker:
    def __init__(
        self, database: Database, settings: Settings, concurrency: int | None = None, metrics: Metrics | None = None
    ) -> None:
        self.database = database
        self.settings = settings
        self.metrics = metrics
        self.concurrency = max(1, concurrency or settings.webhook_worker_concurrency)
        self.stopping = asyncio.Event()
        self.next_purge = 0.0

    async def run(self) -> None:
        """Deliver until `stop()`; deliveries still in flight then are abandoned to their leases."""
        in_flight: set[asyncio.Task[None]] = set()
        logger.info("webhook worker started: %s deliveries in flight at most", self.concurrency)
        async with http_session(self.settings.webhook_allow_private_targets, self.concurrency) as http:
            try:
                while not self.stopping.is_set():
                    try:
                        busy = await self.step(http, in_flight)
                    except Exception:
                        logger.exception("the webhook worker failed to claim deliveries; trying again")
                        busy = False
                    await self.pause(in_flight, busy)
            finally:
                for task in in_flight:
                    task.cancel()
                await asyncio.gather(*in_flight, return_exceptions=True)

    async def step(self, http: aiohttp.ClientSession, in_flight: set[asyncio.Task[None]]) -> bool:
        """Purge when it is time, claim what fits beside the deliveries in flight and start sending it;
        whether anything was claimed."""
        if time.time() >= self.next_purge:
            await asyncio.to_thread(self.purge)
            self.next_purge = time.time() + PURGE_EVERY_SECONDS
        jobs = await self.claim(self.concurrency - len(in_flight))
        for job in jobs:
            task = asyncio.create_task(self.deliver(http, job))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        return bool(jobs)

    async def pause(self, in_flight: set[asyncio.Task[None]], busy: bool) -> None:
        """Wait for a free slot when all are taken, else (nothing was due) for the poll interval."""
        if len(in_flight) >= self.concurrency:
            await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
        elif not busy:
            with suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.settings.webhook_poll_seconds)

    def stop(self) -> None:
        self.stopping.set()

    async def run_due(self) -> int:
        """Claim what is due now, deliver it, and return how many attempts were made (tests, one-off runs)."""
        async with http_session(self.settings.webhook_allow_private_targets, self.concurrency) as http:
            jobs = await self.claim(self.concurrency)
            await asyncio.gather(*(self.deliver(http, job) for job in jobs))
        return len(jobs)

    async def claim(self, limit: int) -> list[queue.Job]:
        if limit <= 0:
            return []
        return await asyncio.to_thread(self.claim_now, limit)

    def claim_now(self, limit: int) -> list[queue.Job]:
        with self.database.session() as session:
            return queue.claim(session, limit, self.settings.webhook_lease_seconds)

    async def deliver(self, http: aiohttp.ClientSession, job: queue.Job) -> None:
        settings = self.settings
        result = await send(http, job, settings.webhook_allow_private_targets, settings.webhook_delivery_timeout_seconds)
        try:
            outcome = await asyncio.to_thread(self.record, job, result)
        except Exception:
            logger.exception("recording attempt %s of delivery %s failed", job.attempt, job.delivery_id)
            return
        if self.metrics is not None:
            observe_attempt(self.metrics, outcome, result)
        logger.info(
            "webhook delivery %s attempt %s: %s (%s)",
            job.delivery_id,
            job.attempt,
            outcome,
            result.answer.status or result.error,
        )

    def record(self, job: queue.Job, result: queue.AttemptResult) -> str:
        with self.database.session() as session:
            outcome = queue.finish(session, job, result, self.settings.webhook_schedule_scale)
            if outcome != "delivered":
                try:
                    after_failure(session, job.endpoint_id, result.answer.status, result.error, self.settings)
                except Exception:
                    logger.exception("checking the failures of webhook endpoint %s failed", job.endpoint_id)
            return outcome

    def purge(self) -> None:
        with self.database.session() as session:
            removed = queue.purge_expired(session)
        if removed:
            logger.info("purged %s webhook deliveries past their retention", removed)


async def start_worker(app: FastAPI) -> None:
    settings: Settings = app.state.settings
    if not settings.webhook_worker_in_process:
        return
    worker = Worker(app.state.db, settings, metrics=app.state.metrics)
    app.state.webhook_worker = worker
    app.state.webhook_worker_task = asyncio.create_task(worker.run(), name="webhook-worker")


async def stop_worker(app: FastAPI) -> None:
    worker: Worker | None = getattr(app.state, "webhook_worker", None)
    if worker is None:
        return
    worker.stop()
    await app.state.webhook_worker_task
