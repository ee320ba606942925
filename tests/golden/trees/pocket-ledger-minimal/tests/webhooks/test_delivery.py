"""Deliveries to a real receiver on 127.0.0.1: signatures, retries on the spec's schedule, dead letters."""

import asyncio
import base64
import hashlib
import hmac
import json
import time
from typing import Any

import pytest
from sqlalchemy import select
from standardwebhooks.webhooks import Webhook

from pocket_ledger.models.webhook import WebhookDelivery, WebhookEndpoint
from pocket_ledger.webhooks import policy
from pocket_ledger.webhooks.queue import purge_expired
from pocket_ledger.webhooks.schedule import max_attempts

from .conftest import EVENT_TYPE, Hooks, Received, Receiver, Reply, sample_data


def asyncio_run_due(hooks: Hooks) -> None:
    assert asyncio.run(hooks.worker().run_due()) == 1


def spec_signature_matches(received: Received, secret: str) -> bool:
    """The spec's signature, checked from the spec's description alone (not with the service's code)."""
    value = received.headers[policy.SIGNATURE_HEADER.lower()]
    timestamp = received.headers["webhook-timestamp"]
    if policy.SIGNATURE_FORMAT == "t=timestamp,v1=signature":
        parts = dict(part.split("=", 1) for part in value.split(",") if part.startswith("t="))
        signatures = [part[3:] for part in value.split(",") if part.startswith("v1=")]
        timestamp = parts["t"]
    else:
        signatures = [value.removeprefix("sha256=") if policy.SIGNATURE_FORMAT == "sha256=signature" else value]
    if policy.TIMESTAMP_HEADER:
        assert received.headers[policy.TIMESTAMP_HEADER.lower()] == timestamp
    content = f"{timestamp}.".encode() + received.body if policy.SIGNED_CONTENT == "timestamp.body" else received.body
    digest = hmac.new(secret.encode(), content, getattr(hashlib, policy.SIGNATURE_HASH)).digest()
    expected = base64.b64encode(digest).decode() if policy.SIGNATURE_ENCODING == "base64" else digest.hex()
    return expected in signatures


def standard_verifies(received: Received, secret: str) -> dict[str, Any]:
    payload: dict[str, Any] = Webhook(secret).verify(received.body, received.headers)
    return payload


def test_a_delivery_is_signed_both_ways_with_the_contract_body(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url, headers={"X-Team": "ledger"})
    event_id = hooks.emit()
    hooks.run_until(lambda: hooks.delivery(event_id).status == "delivered")
    (received,) = receiver.requests
    body = standard_verifies(received, endpoint["secret"])
    assert spec_signature_matches(received, endpoint["secret"])
    assert set(body) == {"id", "type", "created_at", "api_version", "data"}
    assert (body["id"], body["type"], body["data"]) == (event_id, EVENT_TYPE, sample_data())
    assert body["created_at"].endswith("Z")
    assert received.headers["webhook-id"] == event_id
    assert received.headers["x-team"] == "ledger"
    assert received.headers["content-type"] == "application/json"
    tampered = Received(received.headers, received.body.replace(b'"data"', b'"data" '), received.at)
    assert not spec_signature_matches(tampered, endpoint["secret"])


def test_the_standard_webhooks_verifier_refuses_another_secret(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    with pytest.raises(Exception, match="signature"):
        standard_verifies(receiver.requests[0], "whsec_" + base64.b64encode(b"x" * 32).decode())


def test_failures_are_retried_until_delivered_with_the_same_webhook_id(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(
        Reply(500, body=b"x" * 5000),
        Reply(429, headers={"Retry-After": "1"}),
        Reply(408),
        Reply(delay=1.0),  # answers after the attempt's timeout
        Reply(503),
    )
    event_id = hooks.emit()
    attempts = min(policy.MAX_ATTEMPTS, 6)
    if attempts < 6:
        receiver.replies = receiver.replies[: attempts - 1]
    hooks.run_until(hooks.settled(event_id), webhook_delivery_timeout_seconds=0.3, webhook_schedule_scale=1e-5)
    delivery = hooks.delivery(event_id)
    assert delivery.status == "delivered"
    requests = receiver.wait_for(attempts)
    assert {request.headers["webhook-id"] for request in requests} == {event_id}
    for request in requests:
        standard_verifies(request, endpoint["secret"])
    outcomes = [(attempt.status_code, attempt.outcome) for attempt in hooks.attempts(delivery.id)]
    assert outcomes[-1] == (204, "delivered")
    assert [outcome for _, outcome in outcomes[:-1]] == ["retry"] * (attempts - 1)
    first = hooks.attempts(delivery.id)[0]
    assert first.response_excerpt is not None and len(first.response_excerpt) <= 1024
    if attempts >= 5:
        assert "no answer within" in (hooks.attempts(delivery.id)[3].error or "")


def test_a_receiver_that_is_down_is_retried(hooks: Hooks, receiver: Receiver) -> None:
    receiver.close()
    hooks.register(receiver.url)
    event_id = hooks.emit()
    asyncio_run_due(hooks)
    delivery = hooks.delivery(event_id)
    assert (delivery.status, delivery.attempts) == ("pending" if policy.MAX_ATTEMPTS > 1 else "dead", 1)
    assert "Connect" in (delivery.last_error or "")


def test_the_retry_waits_the_spec_delay_scaled_with_jitter(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(500))
    event_id = hooks.emit()
    before = time.time()
    asyncio_run_due(hooks)
    after = time.time()
    delivery = hooks.delivery(event_id)
    if policy.MAX_ATTEMPTS == 1:
        assert delivery.status == "dead"
        return
    scale = hooks.settings.webhook_schedule_scale
    delay = policy.RETRY_DELAYS[0]
    low, high = delay * (1 - policy.JITTER) * scale, min(delay * (1 + policy.JITTER), policy.MAX_DELAY_SECONDS) * scale
    assert before + low <= delivery.next_attempt_at <= after + high


def test_retry_after_is_honoured_and_clamped_to_the_max_delay(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(429, headers={"Retry-After": "7"}), Reply(429, headers={"Retry-After": str(10**9)}))
    event_id = hooks.emit()
    scale = hooks.settings.webhook_schedule_scale
    for wait in (min(7.0, policy.MAX_DELAY_SECONDS), policy.MAX_DELAY_SECONDS):
        time.sleep(max(0.0, hooks.delivery(event_id).next_attempt_at - time.time()) + 0.01)
        before = time.time()
        asyncio_run_due(hooks)
        delivery = hooks.delivery(event_id)
        if delivery.status == "dead":
            return
        assert before + wait * scale <= delivery.next_attempt_at <= time.time() + wait * scale


def test_after_the_last_attempt_the_delivery_is_dead_lettered(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(*[Reply(500) for _ in range(policy.MAX_ATTEMPTS)])
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id), webhook_schedule_scale=1e-6)
    delivery = hooks.delivery(event_id)
    assert (delivery.status, delivery.attempts) == ("dead", policy.MAX_ATTEMPTS)
    assert len(receiver.requests) == policy.MAX_ATTEMPTS
    assert [attempt.outcome for attempt in hooks.attempts(delivery.id)][-1] == "failed"


def test_a_client_error_is_not_retried(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    status = next(code for code in range(400, 500) if max_attempts(code) == 1 and code not in (408, 410, 429))
    receiver.script(Reply(status))
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    assert (hooks.delivery(event_id).status, len(receiver.requests)) == ("dead", 1)


def test_410_disables_the_endpoint(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    receiver.script(Reply(410))
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    assert hooks.delivery(event_id).status == "dead"
    shown = hooks.client.get(f"/api/v1/webhooks/{endpoint['id']}", headers=hooks.headers).json()
    assert shown["active"] is False
    assert "410" in shown["disabled_reason"]
    later = hooks.emit()
    with hooks.app.state.db.session() as session:
        assert session.scalars(select(WebhookDelivery).where(WebhookDelivery.event_id == later)).all() == []


def test_both_secrets_sign_during_rotation(hooks: Hooks, receiver: Receiver) -> None:
    endpoint = hooks.register(receiver.url)
    rotated = hooks.client.post(f"/api/v1/webhooks/{endpoint['id']}/rotate-secret", headers=hooks.headers).json()
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    (received,) = receiver.requests
    assert len(received.headers["webhook-signature"].split()) == 2
    standard_verifies(received, endpoint["secret"])
    standard_verifies(received, rotated["secret"])
    assert spec_signature_matches(received, rotated["secret"])
    if policy.SIGNATURE_FORMAT == "t=timestamp,v1=signature":
        assert spec_signature_matches(received, endpoint["secret"])


def test_the_retention_purges_finished_deliveries(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id))
    completed = hooks.delivery(event_id).completed_at
    assert completed is not None
    with hooks.app.state.db.session() as session:
        assert purge_expired(session, now=completed + policy.RETENTION_SECONDS - 1) == 0
        assert purge_expired(session, now=completed + policy.RETENTION_SECONDS + 1) == 1
        assert session.scalars(select(WebhookEndpoint)).all() != []
    with pytest.raises(Exception, match="No row"):
        hooks.delivery(event_id)


def test_the_body_is_the_same_bytes_on_every_attempt(hooks: Hooks, receiver: Receiver) -> None:
    hooks.register(receiver.url)
    receiver.script(Reply(500))
    event_id = hooks.emit()
    hooks.run_until(hooks.settled(event_id), webhook_schedule_scale=1e-6)
    if policy.MAX_ATTEMPTS > 1:
        first, second = receiver.requests
        assert first.body == second.body
        assert json.loads(first.body)["id"] == event_id
