from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from pocket_ledger.core.errors import ENVELOPE, MEMBERS, ApiError


def error_of(body: dict[str, Any]) -> dict[str, Any]:
    inner = body[ENVELOPE] if ENVELOPE else body
    assert isinstance(inner, dict)
    return inner


def member(role: str) -> str:
    return dict(MEMBERS)[role]


def test_unknown_route_has_the_spec_error_format(client: TestClient) -> None:
    response = client.get("/no/such/route", headers={"X-Request-ID": "req_test_404"})
    assert response.status_code == 404
    error = error_of(response.json())
    assert [key for key in error] == [key for _, key in MEMBERS]
    assert error[member("code")] == "not_found"
    assert error[member("request_id")] == "req_test_404"
    assert response.headers["X-Request-ID"] == "req_test_404"


def test_validation_errors_name_the_field(app: FastAPI, client: TestClient) -> None:
    @app.get("/_test/items/{item_id}")
    def item(item_id: int) -> dict[str, int]:
        return {"item_id": item_id}

    response = client.get("/_test/items/not-a-number")
    assert response.status_code == 422
    error = error_of(response.json())
    assert error[member("type")] == "validation_error"
    assert error[member("code")] == "invalid_field"
    assert error[member("field")] == "item_id"


def test_api_errors_raised_in_routes(app: FastAPI, client: TestClient) -> None:
    @app.get("/_test/locked")
    def locked() -> None:
        raise ApiError(409, "record_locked", "The record is locked", field="hours")

    response = client.get("/_test/locked")
    assert response.status_code == 409
    error = error_of(response.json())
    assert error[member("code")] == "record_locked"
    assert error[member("message")] == "The record is locked"


def test_unexpected_failures_are_500s_with_a_request_id(app: FastAPI, client: TestClient) -> None:
    @app.get("/_test/boom")
    def boom() -> None:
        raise RuntimeError("boom")

    response = client.get("/_test/boom")
    assert response.status_code == 500
    error = error_of(response.json())
    assert error[member("code")] == "internal_error"
    assert error[member("request_id")] == response.headers["X-Request-ID"]
    assert "boom" not in response.text
