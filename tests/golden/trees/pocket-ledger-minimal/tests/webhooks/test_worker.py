"""The worker as it runs for real: inside the API process, and as a separate process killed mid-delivery."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from pocket_ledger.api.routes.webhooks import MANAGE_SCOPE
from pocket_ledger.core.config import Settings
from pocket_ledger.main import create_app
from pocket_ledger.services.api_keys import create_api_key

from .conftest import Hooks, Receiver, Reply

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_api_process_delivers_by_itself(migrated: Settings, receiver: Receiver) -> None:
    settings = migrated.model_copy(update={"webhook_worker_in_process": True, "webhook_poll_seconds": 0.02})
    app = create_app(settings)
    with TestClient(app) as client:
        with app.state.db.session() as session:
            key = create_api_key(session, "in process", [MANAGE_SCOPE]).key
            session.commit()
        hooks = Hooks(app, client, {"Authorization": f"Bearer {key}"}, settings)
        hooks.register(receiver.url)
        event_id = hooks.emit()
        (received,) = receiver.wait_for(1)
        assert received.headers["webhook-id"] == event_id
        deadline = time.monotonic() + 5
        while hooks.delivery(event_id).status != "delivered":
            assert time.monotonic() < deadline
            time.sleep(0.02)


def worker_process(settings: Settings, lease_seconds: float) -> subprocess.Popen[str]:
    source = str(PROJECT_ROOT / "src")
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")])),
        "DATABASE_URL": settings.database_url,
        "WEBHOOK_ALLOW_PRIVATE_TARGETS": "true",
        "WEBHOOK_LEASE_SECONDS": str(lease_seconds),
        "WEBHOOK_POLL_SECONDS": "0.02",
        "WEBHOOK_DELIVERY_TIMEOUT_SECONDS": "60",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "pocket_ledger", "worker", "--concurrency", "2"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def wait_until_started(worker: subprocess.Popen[str]) -> None:
    assert worker.stderr is not None
    for line in worker.stderr:
        if "webhook worker started" in line:
            return
    raise AssertionError(f"the worker exited ({worker.wait()}) before it started")


def test_a_worker_killed_mid_delivery_loses_nothing(hooks: Hooks, receiver: Receiver) -> None:
    lease = 1.5
    hooks.register(receiver.url)
    receiver.script(Reply(hang=True))
    event_id = hooks.emit()
    worker = worker_process(hooks.settings, lease)
    try:
        (first,) = receiver.wait_for(1, timeout=30)
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.communicate()
    claimed = hooks.delivery(event_id)
    assert (claimed.status, claimed.attempts) == ("delivering", 1)
    assert hooks.worker().claim_now(10) == [], "the lease still holds"
    time.sleep(max(0.0, (claimed.lease_until or 0) - time.time()) + 0.05)
    hooks.run_until(hooks.settled(event_id))
    delivery = hooks.delivery(event_id)
    assert (delivery.status, delivery.attempts) == ("delivered", 2)
    second = receiver.requests[1]
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == event_id


def test_the_worker_command_stops_on_sigterm(hooks: Hooks) -> None:
    worker = worker_process(hooks.settings, 30)
    wait_until_started(worker)
    worker.send_signal(signal.SIGTERM)
    worker.communicate(timeout=20)
    assert worker.returncode == 0
