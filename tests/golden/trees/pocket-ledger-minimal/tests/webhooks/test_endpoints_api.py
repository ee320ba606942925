from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from pocket_ledger.core.errors import ENVELOPE, MEMBERS
from pocket_ledger.services.api_keys import create_api_key
from pocket_ledger.webhooks import policy

from .conftest import EVENT_TYPE, Hooks

EXAMPLE: dict[str, Any] = {"url": "https://books.example-freelancer.com/hooks/pocket-ledger", "events": ["entry.created", "period.closed"], "active": True}


def error_of(response: Any) -> dict[str, Any]:
    """The error's code and field (None when the spec's error format has no field member)."""
    body = response.json()
    inner: dict[str, Any] = body[ENVELOPE] if ENVELOPE else body
    keys = dict(MEMBERS)
    return {"code": inner[keys["code"]], "field": inner[keys["field"]] if "field" in keys else None}


def field(name: str) -> str | None:
    """What `error_of` reports as the field named ``name``."""
    return name if "field" in dict(MEMBERS) else None


def test_an_endpoint_is_registered_with_a_new_secret_and_managed(hooks: Hooks) -> None:
    created = hooks.register("https://hooks.example.com/in", headers={"X-Team": "ledger"})
    assert created["secret"].startswith("whsec_")
    assert created["events"] == [EVENT_TYPE] and created["active"] is True
    client, headers = hooks.client, hooks.headers
    path = f"/api/v1/webhooks/{created['id']}"
    listed = client.get("/api/v1/webhooks", headers=headers).json()["data"]
    assert [endpoint["id"] for endpoint in listed] == [created["id"]]
    assert "secret" not in listed[0]
    changed = client.patch(path, json={"url": "https://hooks.example.com/v2", "active": False}, headers=headers)
    assert changed.status_code == 200, changed.text
    assert (changed.json()["url"], changed.json()["active"]) == ("https://hooks.example.com/v2", False)
    assert client.get(path, headers=headers).json()["headers"] == {"X-Team": "ledger"}
    assert client.delete(path, headers=headers).status_code == 204
    assert client.get(path, headers=headers).status_code == 404


def test_the_spec_configuration_example_is_accepted(hooks: Hooks) -> None:
    response = hooks.client.post("/api/v1/webhooks", json=EXAMPLE, headers=hooks.headers)
    assert response.status_code == 201, response.text
    shown = response.json()
    for name, value in EXAMPLE.items():
        assert shown[name] == value, name


def test_a_given_secret_is_kept_and_a_malformed_one_refused(hooks: Hooks) -> None:
    secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    assert hooks.register("https://hooks.example.com/in", secret=secret)["secret"] == secret
    body = {"url": "https://hooks.example.com/in", "events": [EVENT_TYPE], "secret": "not-a-secret"}
    refused = hooks.client.post("/api/v1/webhooks", json=body, headers=hooks.headers)
    assert refused.status_code == 422
    assert error_of(refused)["field"] == field("secret")


@pytest.mark.parametrize(
    ("change", "name"),
    [
        ({"events": ["no.such_event"]}, "events"),
        ({"events": []}, "events"),
        ({"headers": {"X-Evil": "a\r\nSet-Cookie: b"}}, "headers"),
        ({"headers": {"X-Evil": "a\nb"}}, "headers"),
        ({"headers": {"Bad Name": "a"}}, "headers"),
        ({"headers": {"webhook-signature": "v1,forged"}}, "headers"),
        ({"headers": {policy.SIGNATURE_HEADER: "forged"}}, "headers"),
        ({"url": "ftp://hooks.example.com/in"}, "url"),
        ({"url": "not a url"}, "url"),
    ],
)
def test_a_bad_configuration_is_a_422_in_the_spec_format(hooks: Hooks, change: dict[str, Any], name: str) -> None:
    body = {"url": "https://hooks.example.com/in", "events": [EVENT_TYPE], **change}
    response = hooks.client.post("/api/v1/webhooks", json=body, headers=hooks.headers)
    assert response.status_code == 422, response.text
    assert error_of(response) == {"code": "invalid_field", "field": field(name)}
    created = hooks.register("https://hooks.example.com/in")
    patched = hooks.client.patch(f"/api/v1/webhooks/{created['id']}", json=change, headers=hooks.headers)
    assert patched.status_code == 422, patched.text


def test_rotation_returns_a_new_secret_and_keeps_the_old_one_in_grace(hooks: Hooks) -> None:
    created = hooks.register("https://hooks.example.com/in")
    rotated = hooks.client.post(f"/api/v1/webhooks/{created['id']}/rotate-secret", headers=hooks.headers)
    assert rotated.status_code == 200, rotated.text
    assert rotated.json()["secret"] != created["secret"]
    with hooks.app.state.db.session() as session:
        from pocket_ledger.models.webhook import WebhookEndpoint

        endpoint = session.get(WebhookEndpoint, created["id"])
        assert endpoint is not None
        assert endpoint.signing_secrets(endpoint.updated_at) == [rotated.json()["secret"], created["secret"]]
        grace = hooks.settings.webhook_secret_grace_seconds
        assert endpoint.signing_secrets(endpoint.updated_at + grace + 1) == [rotated.json()["secret"]]


def test_managing_webhooks_needs_the_scope(app: FastAPI, client: TestClient) -> None:
    assert client.get("/api/v1/webhooks").status_code == 401
    with app.state.db.session() as session:
        key = create_api_key(session, "no scope", []).key
        session.commit()
    denied = client.get("/api/v1/webhooks", headers={"Authorization": f"Bearer {key}"})
    assert denied.status_code == 403
    assert error_of(denied)["code"] == "insufficient_scope"
