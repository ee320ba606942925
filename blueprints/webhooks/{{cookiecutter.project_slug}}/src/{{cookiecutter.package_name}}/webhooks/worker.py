"""The delivery worker: claims due deliveries, sends up to `concurrency` at once, records each outcome.

By default the API process runs one (the `webhook_worker` lifespan task), so `serve` alone delivers;
`python -m {{ cookiecutter.package_name }} worker --concurrency N` runs more, in processes of their own
(with WEBHOOK_WORKER_IN_PROCESS=false on the API when only they should deliver). Database work runs in
threads, so that the API's event loop never waits on it, and in batches: the attempts that finished since the
last step are recorded in one transaction, and new work is claimed when a quarter of the slots are free (one
thread at a time: on SQLite, threads of one worker competing for the write lock cost more than they gain).
"""

import asyncio
import logging
import time
from contextlib import suppress

import aiohttp
from fastapi import FastAPI

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.db import Database
from {{ cookiecutter.package_name }}.core.metrics import Metrics
from {{ cookiecutter.package_name }}.webhooks import queue
from {{ cookiecutter.package_name }}.webhooks.delivery import http_session, send
from {{ cookiecutter.package_name }}.webhooks.health import after_failure
from {{ cookiecutter.package_name }}.webhooks.metrics import observe_attempt
from {{ cookiecutter.package_name }}.webhooks.schedule import Outcome

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
        self.finished: list[tuple[queue.Job, queue.AttemptResult]] = []  # sent, not yet recorded
        self.claim_when_free = max(1, self.concurrency // 4)

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
                await self.record_finished()

    async def step(self, http: aiohttp.ClientSession, in_flight: set[asyncio.Task[None]]) -> bool:
        """Purge when it is time, claim what fits beside the deliveries in flight and start sending it;
        whether anything was claimed."""
        if time.time() >= self.next_purge:
            await asyncio.to_thread(self.purge)
            self.next_purge = time.time() + PURGE_EVERY_SECONDS
        await self.record_finished()
        jobs = await self.claim(self.concurrency - len(in_flight))
        for job in jobs:
            task = asyncio.create_task(self.deliver(http, job))
            in_flight.add(task)
            task.add_done_callback(in_flight.discard)
        return bool(jobs)

    async def pause(self, in_flight: set[asyncio.Task[None]], busy: bool) -> None:
        """Wait for a quarter of the slots to be free when fewer are, else (nothing was due) for the poll
        interval."""
        while in_flight and self.concurrency - len(in_flight) < self.claim_when_free:
            await asyncio.wait(in_flight, return_when=asyncio.FIRST_COMPLETED)
        if not busy:
            with suppress(TimeoutError):
                await asyncio.wait_for(self.stopping.wait(), self.settings.webhook_poll_seconds)

    def stop(self) -> None:
        self.stopping.set()

    async def run_due(self) -> int:
        """Claim what is due now, deliver it, and return how many attempts were made (tests, one-off runs)."""
        async with http_session(self.settings.webhook_allow_private_targets, self.concurrency) as http:
            jobs = await self.claim(self.concurrency)
            await asyncio.gather(*(self.deliver(http, job) for job in jobs))
        await self.record_finished()
        return len(jobs)

    async def claim(self, limit: int) -> list[queue.Job]:
        if limit <= 0:
            return []
        return await asyncio.to_thread(self.claim_now, limit)

    def claim_now(self, limit: int) -> list[queue.Job]:
        with self.database.session() as session:
            return queue.claim(session, limit, self.settings.webhook_lease_seconds)

    async def deliver(self, http: aiohttp.ClientSession, job: queue.Job) -> None:
        """Send one attempt; its result waits in `finished` for the next `record_finished`."""
        settings = self.settings
        result = await send(http, job, settings.webhook_allow_private_targets, settings.webhook_delivery_timeout_seconds)
        self.finished.append((job, result))

    async def record_finished(self) -> None:
        """Record every attempt sent since the last call, in one transaction. Should that fail, the deliveries
        stay claimed until their leases run out, and are then sent again."""
        finished, self.finished = self.finished, []
        if not finished:
            return
        try:
            outcomes = await asyncio.to_thread(self.record, finished)
        except Exception:
            logger.exception("recording %s webhook attempts failed; they are sent again after their leases", len(finished))
            return
        for (job, result), outcome in zip(finished, outcomes, strict=True):
            if self.metrics is not None:
                observe_attempt(self.metrics, outcome, result)
            logger.info(
                "webhook delivery %s attempt %s: %s (%s)",
                job.delivery_id,
                job.attempt,
                outcome,
                result.answer.status or result.error,
            )

    def record(self, finished: list[tuple[queue.Job, queue.AttemptResult]]) -> list[Outcome]:
        with self.database.session() as session:
            outcomes = queue.finish_all(session, finished, self.settings.webhook_schedule_scale)
            for job, result in self.last_failures(finished, outcomes):
                try:
                    after_failure(session, job.endpoint_id, result.answer.status, result.error, self.settings)
                except Exception:
                    logger.exception("checking the failures of webhook endpoint %s failed", job.endpoint_id)
            return outcomes

    @staticmethod
    def last_failures(
        finished: list[tuple[queue.Job, queue.AttemptResult]], outcomes: list[Outcome]
    ) -> list[tuple[queue.Job, queue.AttemptResult]]:
        """The last failed attempt of each endpoint in a batch: its failure streak is checked once."""
        last = {job.endpoint_id: (job, result) for (job, result), done in zip(finished, outcomes, strict=True) if done != "delivered"}
        return list(last.values())

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
