"""A real HTTP receiver on 127.0.0.1 (a threaded server answering as each test scripts it), an API key with
the webhook scope, and helpers to register endpoints, emit events and run a worker until a condition holds."""

import asyncio
import os
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import IO, Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import select

from {{ cookiecutter.package_name }}.api.routes.webhooks import MANAGE_SCOPE
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.events.catalog import event_types, payload_data
from {{ cookiecutter.package_name }}.models.webhook import WebhookAttempt, WebhookDelivery
from {{ cookiecutter.package_name }}.services.api_keys import create_api_key
from {{ cookiecutter.package_name }}.webhooks.worker import Worker

EVENT_TYPE = next(iter(event_types()))
PROJECT_ROOT = Path(__file__).resolve().parents[2]


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "chaos: delivery guarantees end to end, with worker processes and thousands of events (slow)"
    )


def sample_data(event_type: str = EVENT_TYPE) -> dict[str, Any]:
    """The spec's example payload of the event, or a small one when it shows none."""
    return payload_data(event_types()[event_type]) or {"object": "sample", "id": "obj_1"}


@dataclass(frozen=True)
class Received:
    headers: dict[str, str]  # names in lower case
    body: bytes
    at: float


@dataclass
class Reply:
    status: int = 204
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    delay: float = 0.0  # seconds before answering
    hang: bool = False  # never answer (until the test ends)


class Receiver:
    """Records every request and answers with the next scripted `Reply` (204 once the script runs out)."""

    def __init__(self) -> None:
        self.requests: list[Received] = []
        self.replies: list[Reply] = []
        self.released = threading.Event()
        self.lock = threading.Lock()
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler_class())
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/hooks"

    def script(self, *replies: Reply) -> None:
        self.replies.extend(replies)

    def wait_for(self, count: int, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count and time.monotonic() < deadline:
            time.sleep(0.01)
        assert len(self.requests) >= count, f"{len(self.requests)} of {count} requests arrived"
        return self.requests

    def close(self) -> None:
        self.released.set()
        self.server.shutdown()
        self.server.server_close()

    def handler_class(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", 0))
                body = self.rfile.read(length)
                with receiver.lock:
                    headers = {name.lower(): value for name, value in self.headers.items()}
                    receiver.requests.append(Received(headers, body, time.time()))
                    reply = receiver.replies.pop(0) if receiver.replies else Reply()
                if reply.hang:
                    receiver.released.wait()
                    return
                time.sleep(reply.delay)
                self.send_response(reply.status)
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    served = Receiver()
    yield served
    served.close()


@pytest.fixture
def manage_headers(app: FastAPI) -> dict[str, str]:
    with app.state.db.session() as session:
        created = create_api_key(session, "webhooks", [MANAGE_SCOPE])
        session.commit()
    return {"Authorization": f"Bearer {created.key}"}


@dataclass
class Hooks:
    """The API driven as a customer would, and a worker run from the test."""

    app: FastAPI
    client: TestClient
    headers: dict[str, str]
    settings: Settings

    def register(self, url: str, **fields: Any) -> dict[str, Any]:
        body = {"url": url, "events": [EVENT_TYPE], **fields}
        response = self.client.post("/api/v1/webhooks", json=body, headers=self.headers)
        assert response.status_code == 201, response.text
        created: dict[str, Any] = response.json()
        return created

    def emit(self, event_type: str = EVENT_TYPE, data: dict[str, Any] | None = None) -> str:
        body = {"type": event_type, "data": sample_data(event_type) if data is None else data}
        response = self.client.post("/api/v1/events", json=body, headers=self.headers)
        assert response.status_code == 202, response.text
        event_id: str = response.json()["id"]
        return event_id

    def worker(self, **overrides: Any) -> Worker:
        settings = self.settings.model_copy(update=overrides) if overrides else self.settings
        return Worker(self.app.state.db, settings)

    def run_until(self, done: Callable[[], bool], timeout: float = 10.0, **overrides: Any) -> None:
        """Run a worker's due deliveries again and again until ``done()`` (or fail after ``timeout``)."""
        worker = self.worker(**overrides)
        deadline = time.monotonic() + timeout
        while not done():
            assert time.monotonic() < deadline, "the condition did not hold in time"
            if not asyncio.run(worker.run_due()):
                time.sleep(0.005)

    def delivery(self, event_id: str) -> WebhookDelivery:
        with self.app.state.db.session() as session:
            query = select(WebhookDelivery).where(WebhookDelivery.event_id == event_id)
            delivery: WebhookDelivery = session.scalars(query).one()
            return delivery

    def attempts(self, delivery_id: str) -> list[WebhookAttempt]:
        with self.app.state.db.session() as session:
            query = select(WebhookAttempt).where(WebhookAttempt.delivery_id == delivery_id)
            return list(session.scalars(query.order_by(WebhookAttempt.number)))

    def settled(self, event_id: str) -> Callable[[], bool]:
        return lambda: self.delivery(event_id).status in ("delivered", "dead")


@pytest.fixture
def hooks(app: FastAPI, client: TestClient, manage_headers: dict[str, str], migrated: Settings) -> Hooks:
    return Hooks(app, client, manage_headers, app.state.settings)


def worker_process(
    settings: Settings, lease_seconds: float, concurrency: int = 2, log: IO[str] | None = None, **environment: str
) -> subprocess.Popen[str]:
    """`python -m {{ cookiecutter.package_name }} worker` on the test's database; its log goes to ``log`` (a
    file: a pipe nobody reads would stop a busy worker), else to a pipe `wait_until_started` reads."""
    source = str(PROJECT_ROOT / "src")
    variables = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": settings.database_url,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "WEBHOOK_LEASE_SECONDS": str(lease_seconds),
        "WEBHOOK_POLL_SECONDS": "0.02",
        "WEBHOOK_DELIVERY_TIMEOUT_SECONDS": "60",
        **environment,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "{{ cookiecutter.package_name }}", "worker", "--concurrency", str(concurrency)],
        cwd=PROJECT_ROOT,
        env=variables,
        stdout=subprocess.DEVNULL,
        stderr=log or subprocess.PIPE,
        text=True,
    )


def wait_until_started(worker: subprocess.Popen[str]) -> None:
    assert worker.stderr is not None
    for line in worker.stderr:
        if "webhook worker started" in line:
            return
    raise AssertionError(f"the worker exited ({worker.wait()}) before it started")
