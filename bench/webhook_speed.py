"""How fast the generated service's webhook worker delivers, beside a bare signed-POST loop.

Scaffolds an example document, then, to one local uvicorn receiver (a subprocess answering 204):
- throughput: 5,000 events emitted at once (one transaction) and delivered by 1 worker process on SQLite, and
  by 4 worker processes on PostgreSQL; beside a bare loop of signed POSTs with the same client (aiohttp) and
  as many requests in flight, to the same receiver; the ratio is worker / bare (target >= 0.5x);
- latency when idle: events emitted one at a time, each committed and then timed until the receiver has it
  (emit -> receive), with 1 worker on SQLite: p50 and p99 (targets: p50 < 50 ms, p99 < 200 ms).

    python bench/webhook_speed.py [--events 5000] [--concurrency 16] [--samples 200] [--spec SPEC]

PostgreSQL: INTSPEC_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/postgres); a database of its own
is created and dropped. Without a server the PostgreSQL row is left out. Figures only: nothing is asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib
import json
import os
import random
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from webhook_clients import BODY, free_port, signed_headers

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
POSTGRES_ADMIN_URL = os.environ.get("INTSPEC_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")

# Answers 204 to every POST and remembers when each webhook-id arrived; GET /count and GET /arrivals tell.
RECEIVER = """
import json, time
arrivals = {}
count = 0

async def app(scope, receive, send):
    global count
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    if scope["method"] == "POST":
        count += 1
        headers = dict(scope["headers"])
        arrivals[headers.get(b"webhook-id", b"").decode()] = time.time()
        body = b""
    elif scope["path"] == "/count":
        body = str(count).encode()
    else:
        body = json.dumps(arrivals).encode()
        arrivals.clear()
    await send({"type": "http.response.start", "status": 200 if body else 204, "headers": []})
    await send({"type": "http.response.body", "body": body})
"""


class Receiver:
    def __init__(self) -> None:
        self.port = free_port()
        code = (
            RECEIVER + f"\nimport uvicorn\nuvicorn.run(app, host='127.0.0.1', port={self.port}, log_level='warning')\n"
        )
        self.process = subprocess.Popen([sys.executable, "-c", code])
        for _ in range(200):
            try:
                self.count()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("the receiver did not start")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def get(self, path: str) -> bytes:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=10) as response:
            return bytes(response.read())

    def count(self) -> int:
        return int(self.get("/count"))

    def arrivals(self) -> dict[str, float]:
        answer: dict[str, float] = json.loads(self.get("/arrivals"))
        return answer

    def close(self) -> None:
        self.process.terminate()
        self.process.wait()


class Project:
    """The scaffolded project's package, imported here; its workers run as processes of their own."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (self.package,) = [p.name for p in (root / "src").iterdir() if p.is_dir() and p.name.isidentifier()]
        sys.path.insert(0, str(root / "src"))
        self.config = self.module("core.config")
        self.db = self.module("core.db")
        self.emit_module = self.module("webhooks.emit")
        self.catalog = self.module("events.catalog")

    def module(self, name: str) -> ModuleType:
        return importlib.import_module(f"{self.package}.{name}")

    def settings(self, database_url: str) -> Any:
        return self.config.Settings(
            _env_file=None,
            database_url=database_url,
            webhook_allow_private_targets=True,
            webhook_worker_in_process=False,
        )

    def prepare(self, database_url: str, url: str) -> tuple[Any, str]:
        """The database migrated, one endpoint for ``url``; the database and the event type to emit."""
        self.module("cli").upgrade_database(self.settings(database_url))
        database = self.db.Database(database_url)
        schemas = self.module("webhooks.schemas")
        event_type = next(iter(self.catalog.event_types()))
        with database.session() as session:
            fields = schemas.WebhookEndpointCreate(url=url, events=[event_type])
            self.module("services.webhook_endpoints").create_endpoint(session, fields)
            session.commit()
        return database, event_type

    def data(self, event_type: str) -> dict[str, Any]:
        event = self.catalog.event_types()[event_type]
        found: dict[str, Any] = self.catalog.payload_data(event) or {"object": "sample", "id": "obj_1"}
        return found

    def emit(self, database: Any, event_type: str, count: int) -> list[str]:
        data = self.data(event_type)
        with database.session() as session:
            ids = [self.emit_module.emit(event_type, data, session) for _ in range(count)]
            session.commit()
        return ids

    def worker(self, database_url: str, concurrency: int, log: Path) -> subprocess.Popen[bytes]:
        environment = {
            **os.environ,
            "PYTHONPATH": str(self.root / "src"),
            "DATABASE_URL": database_url,
            "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
            "LOG_LEVEL": "WARNING",
        }
        command = [sys.executable, "-m", self.package, "worker", "--concurrency", str(concurrency)]
        return subprocess.Popen(command, cwd=self.root, env=environment, stderr=log.open("w"))


@contextmanager
def workers(project: Project, database_url: str, processes: int, concurrency: int, folder: Path) -> Iterator[None]:
    started = [project.worker(database_url, concurrency, folder / f"worker-{n}.log") for n in range(processes)]
    time.sleep(2.0)  # interpreter start-up and the first poll, outside the timed part
    try:
        yield
    finally:
        for process in started:
            process.send_signal(signal.SIGTERM)
        for process in started:
            process.wait()


def worker_throughput(
    project: Project, receiver: Receiver, database_url: str, processes: int, concurrency: int, events: int, folder: Path
) -> float:
    database, event_type = project.prepare(database_url, receiver.url)
    before = receiver.count()
    with workers(project, database_url, processes, concurrency, folder):
        project.emit(database, event_type, events)
        started = time.perf_counter()
        while receiver.count() - before < events:
            time.sleep(0.01)
        elapsed = time.perf_counter() - started
    database.dispose()
    return events / elapsed


def bare_throughput(url: str, in_flight: int, events: int) -> float:
    """Signed POSTs/s of ``events`` requests with ``in_flight`` at once, with aiohttp (one session)."""
    import aiohttp

    async def run() -> float:
        remaining = iter(range(events))
        async with aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=in_flight)) as session:

            async def lane() -> None:
                for number in remaining:
                    async with session.post(url, data=BODY, headers=signed_headers(number)) as response:
                        await response.read()
                        assert response.status == 204, response.status

            started = time.perf_counter()
            await asyncio.gather(*(lane() for _ in range(in_flight)))
            return events / (time.perf_counter() - started)

    return asyncio.run(run())


def idle_latency(project: Project, receiver: Receiver, database_url: str, samples: int, folder: Path) -> list[float]:
    """Milliseconds from each event's commit to its arrival, one event at a time, the worker idle between."""
    database, event_type = project.prepare(database_url, receiver.url)
    latencies = []
    receiver.arrivals()
    with workers(project, database_url, 1, 16, folder):
        for _ in range(samples):
            before = receiver.count()
            (event_id,) = project.emit(database, event_type, 1)
            committed = time.time()
            while receiver.count() == before:
                time.sleep(0.001)
            latencies.append((receiver.arrivals()[event_id] - committed) * 1000)
            time.sleep(random.uniform(0.02, 0.3))  # idle again, out of step with the worker's polls
    database.dispose()
    return latencies


@contextmanager
def postgres_database() -> Iterator[str | None]:
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any failure means no server here
        print(f"(no PostgreSQL at {POSTGRES_ADMIN_URL}: {exc}; its row is left out)")
        yield None
        return
    name = f"intspec_bench_{uuid.uuid4().hex[:8]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            host = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            yield f"{host}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--spec", type=Path, default=ROOT / "spec_inputs" / "pocket-ledger-minimal.md")
    parser.add_argument("--events", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=16, help="deliveries in flight per worker process")
    parser.add_argument("--samples", type=int, default=200, help="events timed one at a time for the latency")
    args = parser.parse_args()
    from generator.pipeline import scaffold

    folder = Path(tempfile.mkdtemp(prefix="intspec-webhook-bench-"))
    scaffold(args.spec, folder / "project")
    project = Project(folder / "project")
    receiver = Receiver()
    try:
        print(f"{args.spec.name}: {args.events:,} events, {args.concurrency} in flight per worker process")
        print(f"{'':<28}{'worker/s':>10}{'bare loop/s':>13}{'ratio':>8}")
        rows = [("1 worker, SQLite", f"sqlite:///{folder / 'bench.db'}", 1)]
        with postgres_database() as postgres:
            if postgres:
                rows.append(("4 workers, PostgreSQL", postgres, 4))
            for name, url, processes in rows:
                rate = worker_throughput(project, receiver, url, processes, args.concurrency, args.events, folder)
                bare = bare_throughput(receiver.url, processes * args.concurrency, args.events)
                print(f"{name:<28}{rate:>10,.0f}{bare:>13,.0f}{rate / bare:>7.2f}x")
        latencies = idle_latency(project, receiver, f"sqlite:///{folder / 'latency.db'}", args.samples, folder)
        p50, p99 = statistics.median(latencies), percentile(latencies, 0.99)
        print(
            f"idle emit->receive latency, 1 worker, SQLite ({args.samples} events): p50 {p50:.1f} ms, p99 {p99:.1f} ms"
        )
    finally:
        receiver.close()


if __name__ == "__main__":
    main()
