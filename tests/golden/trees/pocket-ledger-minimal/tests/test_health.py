from fastapi import FastAPI
from fastapi.testclient import TestClient

from pocket_ledger.core.config import Settings
from pocket_ledger.main import create_app


def test_health_reports_each_check(client: TestClient) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["checks"]["database"]["status"] == "ok"


def test_health_is_degraded_when_the_database_is_unreachable(app: FastAPI, settings: Settings) -> None:
    broken = settings.model_copy(update={"database_url": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    with TestClient(create_app(broken)) as client:
        response = client.get("/health")
    assert response.status_code == 503
    assert response.json()["status"] == "degraded"
    assert response.json()["checks"]["database"]["status"] == "error"
