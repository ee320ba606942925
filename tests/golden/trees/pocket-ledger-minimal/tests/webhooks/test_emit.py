from typing import Any

from sqlalchemy import func, select

from pocket_ledger.models.webhook import WebhookDelivery, WebhookMessage
from pocket_ledger.webhooks.emit import emit

from .conftest import EVENT_TYPE, Hooks, sample_data
from .test_endpoints_api import error_of, field


def count(hooks: Hooks, table: Any) -> int:
    with hooks.app.state.db.session() as session:
        return int(session.scalar(select(func.count()).select_from(table)) or 0)


def test_an_event_gets_a_delivery_per_subscribed_endpoint(hooks: Hooks) -> None:
    subscribed = hooks.register("https://a.example.com/in")
    hooks.register("https://b.example.com/in", active=False)
    event_id = hooks.emit()
    assert event_id.startswith("evt_")
    delivery = hooks.delivery(event_id)
    assert (delivery.endpoint_id, delivery.status, delivery.attempts) == (subscribed["id"], "pending", 0)


def test_emit_writes_in_the_callers_transaction(hooks: Hooks) -> None:
    hooks.register("https://a.example.com/in")
    with hooks.app.state.db.session() as session:
        emit(EVENT_TYPE, sample_data(), session)
        session.rollback()
    assert (count(hooks, WebhookMessage), count(hooks, WebhookDelivery)) == (0, 0)
    with hooks.app.state.db.session() as session:
        event_id = emit(EVENT_TYPE, sample_data(), session)
        session.commit()
    assert hooks.delivery(event_id).status == "pending"


def test_an_unknown_event_type_is_a_422(hooks: Hooks) -> None:
    response = hooks.client.post("/api/v1/events", json={"type": "no.such_event", "data": {}}, headers=hooks.headers)
    assert response.status_code == 422
    assert error_of(response) == {"code": "invalid_event", "field": field("type")}
    assert count(hooks, WebhookMessage) == 0


def test_emitting_needs_the_scope(hooks: Hooks) -> None:
    response = hooks.client.post("/api/v1/events", json={"type": EVENT_TYPE, "data": sample_data()})
    assert response.status_code == 401
