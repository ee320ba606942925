"""The worker as it runs for real: inside the API process, and as a separate process killed mid-delivery."""

import signal
import time

from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.api.routes.webhooks import MANAGE_SCOPE
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.services.api_keys import create_api_key

from .conftest import Hooks, Receiver, Reply, wait_until_started, worker_process


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
