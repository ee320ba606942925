"""Operating the engine: the attempt log through the API, manual retry, recover since a time, alerts after
the failures in a row, auto-disable after the failure window, and the Prometheus metrics."""

import asyncio
import logging
import time
from typing import Any

import pytest
from sqlalchemy import update

from pocket_ledger.models.webhook import WebhookDelivery
from pocket_ledger.webhooks import policy
from pocket_ledger.webhooks.notify import EndpointAlert, LogNotifier, use_notifier
from pocket_ledger.webhooks.worker import Worker

from .conftest import Hooks, Receiver, Reply

# A 4xx answer the spec's retry table does not retry: the delivery is dead-lettered after one attempt.
GIVE_UP = next(status for status in (400, 403, 404, 422, 418) if status not in policy.RETRIED_CLIENT_ERRORS)


class Alerts:
    """A notifier that keeps what it is told."""

    def __init__(self) -> None:
        self.sent: list[EndpointAlert] = []

    def endpoint_failing(self, alert: EndpointAlert) -> None:
        self.sent.append(alert)

    def endpoint_disabled(self, alert: EndpointAlert) -> None:
        self.sent.append(alert)

    def kinds(self) -> list[str]:
        return [alert.kind for alert in self.sent]


@pytest.fixture
def alerts() -> Any:
    kept = Alerts()
    previous = use_notifier(kept)
    yield kept
    use_notifier(previous)


def dead_letter(hooks: Hooks, receiver: Receiver) -> tuple[dict[str, Any], str]:
    """An endpoint and an event whose delivery was given up on."""
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP, body=b"no such account"))
    event_id = hooks.emit()
    hooks.run_until(lambda: hooks.delivery(event_id).status == "dead")
    return endpoint, event_id


def test_the_attempt_log_has_every_attempt_with_a_capped_excerpt(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(500, body=b"x" * 5000), Reply(204))
    event_id = hooks.emit()
    hooks.run_until(lambda: hooks.delivery(event_id).status == "delivered")

    response = hooks.client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries", headers=hooks.headers)
    assert response.status_code == 200, response.text
    [delivery] = response.json()["data"]
    assert delivery["event_id"] == event_id and delivery["status"] == "delivered"
    first, second = delivery["attempt_log"]
    assert (first["number"], first["status_code"], first["outcome"]) == (1, 500, "retry")
    assert first["response_excerpt"] == "x" * 1000
    assert (second["number"], second["status_code"], second["outcome"]) == (2, 204, "delivered")
    assert all(attempt["latency_ms"] >= 0 for attempt in delivery["attempt_log"])

    by_event = hooks.client.get(f"/api/v1/events/{event_id}/deliveries", headers=hooks.headers).json()["data"]
    assert [item["id"] for item in by_event] == [delivery["id"]]
    filtered = hooks.client.get(
        f"/api/v1/webhooks/{endpoint['id']}/deliveries", params={"status": "dead"}, headers=hooks.headers
    )
    assert filtered.json()["data"] == []
    assert hooks.client.get(f"/api/v1/webhooks/{endpoint['id']}/deliveries").status_code == 401
    assert hooks.client.get("/api/v1/webhooks/ep_missing/deliveries", headers=hooks.headers).status_code == 404
    assert hooks.client.get("/api/v1/events/evt_missing/deliveries", headers=hooks.headers).status_code == 404


def test_a_dead_letter_retried_by_hand_is_delivered_with_the_same_id(hooks: Hooks, receiver: Receiver) -> None:
    _, event_id = dead_letter(hooks, receiver)
    delivery_id = hooks.delivery(event_id).id

    response = hooks.client.post(f"/api/v1/deliveries/{delivery_id}/retry", headers=hooks.headers)
    assert response.status_code == 202, response.text
    assert response.json()["status"] == "pending"
    hooks.run_until(lambda: hooks.delivery(event_id).status == "delivered")

    first, second = receiver.wait_for(2)
    assert first.headers["webhook-id"] == second.headers["webhook-id"] == event_id
    assert [attempt.outcome for attempt in hooks.attempts(delivery_id)] == ["failed", "delivered"]
    assert hooks.client.post("/api/v1/deliveries/dlv_missing/retry", headers=hooks.headers).status_code == 404
    assert hooks.client.post(f"/api/v1/deliveries/{delivery_id}/retry").status_code == 401


def test_a_delivery_in_flight_is_not_retried(hooks: Hooks, receiver: Receiver) -> None:
    _, event_id = dead_letter(hooks, receiver)
    delivery_id = hooks.delivery(event_id).id
    with hooks.app.state.db.session() as session:
        session.execute(update(WebhookDelivery).values(status="delivering", lease_until=time.time() + 60))
        session.commit()
    response = hooks.client.post(f"/api/v1/deliveries/{delivery_id}/retry", headers=hooks.headers)
    assert response.status_code == 409
    assert hooks.delivery(event_id).status == "delivering"


def test_recover_sends_again_only_what_failed_since_the_time(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP), Reply(GIVE_UP))
    old, recent = hooks.emit(), hooks.emit()
    hooks.run_until(lambda: {hooks.delivery(old).status, hooks.delivery(recent).status} == {"dead"})
    with hooks.app.state.db.session() as session:
        session.execute(update(WebhookDelivery).where(WebhookDelivery.event_id == old).values(created_at=time.time() - 7200))
        session.commit()

    since = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 3600))
    response = hooks.client.post(
        f"/api/v1/webhooks/{endpoint['id']}/recover", json={"since": since}, headers=hooks.headers
    )
    assert response.status_code == 202, response.text
    assert response.json() == {"requeued": 1, "ids": [hooks.delivery(recent).id]}
    hooks.run_until(lambda: hooks.delivery(recent).status == "delivered")
    assert hooks.delivery(old).status == "dead"
    assert len(receiver.requests) == 3


def test_a_disabled_endpoint_is_not_recovered(hooks: Hooks, receiver: Receiver) -> None:
    endpoint, event_id = dead_letter(hooks, receiver)
    hooks.client.patch(f"/api/v1/webhooks/{endpoint['id']}", json={"active": False}, headers=hooks.headers)
    body = {"since": "2000-01-01T00:00:00Z"}
    response = hooks.client.post(f"/api/v1/webhooks/{endpoint['id']}/recover", json=body, headers=hooks.headers)
    assert response.status_code == 409
    retried = hooks.client.post(f"/api/v1/deliveries/{hooks.delivery(event_id).id}/retry", headers=hooks.headers)
    assert retried.status_code == 409
    assert hooks.delivery(event_id).status == "dead"


def test_an_admin_is_alerted_once_after_the_failures_in_a_row(hooks: Hooks, receiver: Receiver, alerts: Alerts) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(*[Reply(GIVE_UP, body=b"nope")] * 3)
    events = [hooks.emit() for _ in range(3)]
    hooks.run_until(lambda: all(hooks.delivery(e).status == "dead" for e in events), webhook_notify_after_failures=2)
    assert alerts.kinds() == ["endpoint_failing"]
    [alert] = alerts.sent
    assert (alert.endpoint_id, alert.url) == (endpoint["id"], receiver.url)
    assert alert.consecutive_failures >= 2  # the three attempts finish side by side
    assert alert.last_status_code == GIVE_UP and alert.failing_since is not None


def test_a_success_ends_the_streak(hooks: Hooks, receiver: Receiver, alerts: Alerts) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP), Reply(204), Reply(GIVE_UP))
    for _ in range(3):
        event_id = hooks.emit()
        hooks.run_until(hooks.settled(event_id), webhook_notify_after_failures=2)
    assert alerts.sent == []


def test_the_log_notifier_writes_a_structured_record(caplog: pytest.LogCaptureFixture) -> None:
    alert = EndpointAlert("endpoint_failing", "ep_1", "https://example.com/h", 3, 1.0, 500, None, "3 failed in a row")
    with caplog.at_level(logging.WARNING):
        LogNotifier().endpoint_failing(alert)
    [record] = caplog.records
    assert record.levelno == logging.WARNING
    assert vars(record)["webhook_alert"] == "endpoint_failing"
    assert vars(record)["endpoint_id"] == "ep_1" and vars(record)["consecutive_failures"] == 3


def test_an_endpoint_failing_for_the_window_is_disabled(
    hooks: Hooks, receiver: Receiver, alerts: Alerts, caplog: pytest.LogCaptureFixture
) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP), Reply(GIVE_UP))
    window = {"webhook_auto_disable_after_seconds": 0.2, "webhook_notify_after_failures": 0}
    first = hooks.emit()
    hooks.run_until(hooks.settled(first), **window)
    assert hooks.client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=hooks.headers).json()["active"] is True
    time.sleep(0.3)
    second = hooks.emit()
    with caplog.at_level(logging.WARNING):
        hooks.run_until(hooks.settled(second), **window)

    current = hooks.client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=hooks.headers).json()
    assert current["active"] is False
    assert current["disabled_reason"].startswith("disabled automatically: every attempt failed since")
    assert alerts.kinds() == ["endpoint_disabled"]
    assert [r for r in caplog.records if vars(r).get("webhook_event") == "webhook.endpoint.disabled"]
    # Disabled, it gets nothing more until it is turned on again.
    third = hooks.emit()
    assert asyncio.run(hooks.worker().run_due()) == 0
    assert third and len(receiver.requests) == 2


def test_metrics_count_attempts_latency_and_the_queue(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(GIVE_UP), Reply(204))
    worker = Worker(hooks.app.state.db, hooks.settings, metrics=hooks.app.state.metrics)
    dead, delivered = hooks.emit(), hooks.emit()
    deadline = time.monotonic() + 10
    while not (hooks.settled(dead)() and hooks.settled(delivered)()):
        assert time.monotonic() < deadline
        asyncio.run(worker.run_due())
    text = hooks.client.get("/metrics").text
    assert 'webhook_attempts_total{outcome="delivered"} 1.0' in text
    assert 'webhook_attempts_total{outcome="failed"} 1.0' in text
    assert "webhook_delivery_latency_seconds_count 2.0" in text
    assert 'webhook_queue_depth{status="dead"} 1.0' in text
    assert 'webhook_queue_depth{status="delivered"} 1.0' in text
    assert 'webhook_queue_depth{status="pending"} 0.0' in text
