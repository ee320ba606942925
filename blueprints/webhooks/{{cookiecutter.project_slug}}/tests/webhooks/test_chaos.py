"""At-least-once delivery under failure, with worker processes (`python -m ... worker`) on the test's database
and a real receiver on 127.0.0.1.

- The chaos test proves that nothing is lost: the receiver flaps (500, 429, answers too late, goes down and
  comes back, some events it always refuses), two worker processes are killed with SIGKILL mid-run and
  restarted; at the end every event is delivered or dead-lettered, each delivered one was acknowledged by the
  receiver, each dead one used every attempt, and every redelivery carried the event's `webhook-id`.
- The several-workers test proves that, in normal operation, workers sharing one database never deliver an
  event twice (on PostgreSQL they claim with FOR UPDATE SKIP LOCKED; run it there with DATABASE_URL).

Both are marked `chaos` (tens of seconds together): `pytest -m "not chaos"` leaves them out.
"""

import hashlib
import json
import signal
import subprocess
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

import pytest
from sqlalchemy import func, select

from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.models.webhook import WebhookAttempt, WebhookDelivery
from {{ cookiecutter.package_name }}.webhooks import policy
from {{ cookiecutter.package_name }}.webhooks.emit import emit
from {{ cookiecutter.package_name }}.webhooks.schedule import Answer, retry_delay

from .conftest import EVENT_TYPE, Hooks, sample_data, worker_process

# The receiver's answers, in turn: a failure of every kind between successes.
FLAPS = ("500", "ok", "429", "ok", "late", "ok", "500", "ok", "ok", "ok")
DELIVERY_TIMEOUT = 0.3  # a "late" answer comes after 0.6 s, so the worker gives up on it
LEASE_SECONDS = 2.0  # what a killed worker held is claimed again this long after it took it


def doomed(message_id: str) -> bool:
    """About one event in 40 the receiver always refuses (500): those end in the dead-letter store."""
    return hashlib.sha256(message_id.encode()).digest()[0] < 7


@dataclass(frozen=True)
class Request:
    message_id: str  # the webhook-id header
    body_id: str  # the id in the body
    answer: str


class FlappingReceiver:
    """A threaded HTTP server on 127.0.0.1 answering as FLAPS says (doomed events always 500), recording every
    request; `outage()` takes it down for a while and brings it back on the same port."""

    def __init__(self, flaps: tuple[str, ...] = FLAPS, refused: Callable[[str], bool] = doomed) -> None:
        self.flaps = flaps
        self.refused = refused
        self.requests: list[Request] = []
        self.acknowledged: set[str] = set()
        self.lock = threading.Lock()
        self.server = self.serve(0)
        self.port = self.server.server_address[1]

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def serve(self, port: int) -> ThreadingHTTPServer:
        server = ThreadingHTTPServer(("127.0.0.1", port), self.handler_class())
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        return server

    def outage(self, seconds: float) -> None:
        self.close()
        time.sleep(seconds)
        self.server = self.serve(self.port)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def answer(self, message_id: str, body_id: str) -> str:
        with self.lock:
            answer = "500" if self.refused(message_id) else self.flaps[len(self.requests) % len(self.flaps)]
            self.requests.append(Request(message_id, body_id, answer))
            if answer == "ok":
                self.acknowledged.add(message_id)
            return answer

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                answer = receiver.answer(self.headers.get("webhook-id", ""), json.loads(body)["id"])
                if answer == "late":
                    time.sleep(2 * DELIVERY_TIMEOUT)
                status = {"ok": 204, "500": 500, "429": 429, "late": 204}[answer]
                self.send_response(status)
                if status == 429:
                    self.send_header("Retry-After", "1")
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def flapping() -> Iterator[FlappingReceiver]:
    served = FlappingReceiver()
    yield served
    served.close()


def emit_events(hooks: Hooks, count: int) -> list[str]:
    with hooks.app.state.db.session() as session:
        ids = [emit(EVENT_TYPE, sample_data(), session) for _ in range(count)]
        session.commit()
    return ids


def statuses(hooks: Hooks) -> Counter[str]:
    with hooks.app.state.db.session() as session:
        rows = session.execute(select(WebhookDelivery.status, func.count()).group_by(WebhookDelivery.status))
        return Counter({status: count for status, count in rows})


def wait_until(condition: Callable[[], bool], timeout: float, what: str, hooks: Hooks | None = None) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        detail = f" (deliveries: {dict(statuses(hooks))})" if hooks else ""
        assert time.monotonic() < deadline, f"timed out waiting until {what}{detail}"
        time.sleep(0.1)


def compressed_scale() -> float:
    """A WEBHOOK_SCHEDULE_SCALE that fits every retry of the spec's schedule into about 2 seconds."""
    total = sum(retry_delay(attempt, Answer(None), 1.0) for attempt in range(1, policy.MAX_ATTEMPTS)) * 1.2
    return min(0.001, 2.0 / max(total, 1.0))


@contextmanager
def workers(settings: Settings, folder: Path, count: int, lease: float, **environment: str) -> Iterator["Workers"]:
    started = Workers(settings, folder, lease, environment)
    try:
        for number in range(count):
            started.start(number)
        yield started
    finally:
        started.stop_all()


class Workers:
    """Worker processes, each logging to a file of its own; `kill` is SIGKILL, `start` (re)starts one."""

    def __init__(self, settings: Settings, folder: Path, lease: float, environment: dict[str, str]) -> None:
        self.settings, self.folder, self.lease, self.environment = settings, folder, lease, environment
        self.processes: dict[int, subprocess.Popen[str]] = {}
        self.logs: list[IO[str]] = []

    def start(self, number: int) -> None:
        log = (self.folder / f"worker-{number}-{len(self.logs)}.log").open("w")
        self.logs.append(log)
        self.processes[number] = worker_process(self.settings, self.lease, 8, log, **self.environment)

    def kill(self, number: int) -> None:
        process = self.processes[number]
        assert process.poll() is None, f"worker {number} had exited ({process.returncode}) before it was killed"
        process.send_signal(signal.SIGKILL)
        process.wait()

    def log_text(self, number: int) -> str:
        return "".join(Path(log.name).read_text() for log in self.logs if f"worker-{number}-" in log.name)

    def stop_all(self) -> None:
        for process in self.processes.values():
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait()
        for log in self.logs:
            log.close()


@pytest.mark.chaos
def test_chaos_flapping_receiver_and_killed_workers_lose_nothing(
    hooks: Hooks, flapping: FlappingReceiver, tmp_path: Path
) -> None:
    """2,000 events through a flapping receiver while workers are SIGKILLed twice: none lost."""
    total = 2000
    hooks.register(flapping.url)
    event_ids = emit_events(hooks, total)
    environment = {
        "WEBHOOK_SCHEDULE_SCALE": str(compressed_scale()),
        "WEBHOOK_DELIVERY_TIMEOUT_SECONDS": str(DELIVERY_TIMEOUT),
        "LOG_LEVEL": "WARNING",
    }

    def settled() -> int:
        counts = statuses(hooks)
        return counts["delivered"] + counts["dead"]

    def settled_at_least(count: int) -> Callable[[], bool]:
        return lambda: settled() >= count

    with workers(hooks.settings, tmp_path, 2, LEASE_SECONDS, **environment) as running:
        for number, progress in ((0, total // 4), (1, total // 2)):
            wait_until(settled_at_least(progress), 60, f"{progress} events settled")
            assert settled() < total, "the run ended before the worker could be killed"
            running.kill(number)
            if number == 1:
                flapping.outage(1.0)
            running.start(number)
        wait_until(lambda: settled() == total, 90, "every event is delivered or dead-lettered", hooks)

    with hooks.app.state.db.session() as session:
        deliveries = {d.event_id: d for d in session.scalars(select(WebhookDelivery))}
        recorded = Counter(session.scalars(select(WebhookAttempt.delivery_id)))
    assert sorted(deliveries) == sorted(event_ids)
    delivered = {event for event, d in deliveries.items() if d.status == "delivered"}
    dead = {event for event, d in deliveries.items() if d.status == "dead"}
    assert delivered | dead == set(event_ids), "every event is delivered or dead-lettered"
    assert delivered <= flapping.acknowledged, "a delivery is recorded only after the receiver's 2xx"
    assert {event for event in event_ids if doomed(event)} <= dead
    assert dead, "the always-refused events reached the dead-letter store"
    # (a claim lost to a kill counts as an attempt, so a dead delivery may show one more)
    assert all(deliveries[event].attempts >= policy.MAX_ATTEMPTS for event in dead), "dead after every attempt"

    received = Counter(request.message_id for request in flapping.requests)
    assert set(received) == set(event_ids), "every event reached the receiver; nothing else did"
    assert all(request.body_id == request.message_id for request in flapping.requests)
    assert sum(1 for count in received.values() if count > 1) > total // 10, "redeliveries happened"
    # A claim whose attempt was never recorded is one a killed worker held: the kills hit deliveries in
    # flight, and those deliveries were claimed again when the lease ran out.
    lost_to_kills = sum(d.attempts - recorded[d.id] for d in deliveries.values())
    assert lost_to_kills > 0, "SIGKILL interrupted deliveries in flight"


@pytest.mark.chaos
def test_several_workers_deliver_each_event_once(hooks: Hooks, tmp_path: Path) -> None:
    """3 worker processes, 500 events, a healthy receiver: each event arrives exactly once."""
    total = 500
    healthy = FlappingReceiver(flaps=("ok",), refused=lambda _: False)
    try:
        hooks.register(healthy.url)
        with workers(hooks.settings, tmp_path, 3, 60.0) as running:
            wait_until(lambda: all("webhook worker started" in running.log_text(n) for n in range(3)), 30, "started")
            event_ids = emit_events(hooks, total)
            wait_until(lambda: statuses(hooks)["delivered"] == total, 60, "every event is delivered", hooks)
            shares = [running.log_text(number).count(": delivered") for number in range(3)]
    finally:
        healthy.close()
    received = Counter(request.message_id for request in healthy.requests)
    assert set(received) == set(event_ids)
    assert set(received.values()) == {1}, f"delivered twice: {[m for m, n in received.items() if n > 1][:5]}"
    assert sum(shares) == total
    assert all(shares), f"every worker took a share of the work: {shares}"
