from fastapi.testclient import TestClient

from pocket_ledger.events.catalog import PAYLOAD_MODELS, event_types

CATALOG = [
    "entry.created",
    "entry.reversed",
    "account.created",
    "account.balance_changed",
    "period.closed",
]


def test_event_types_lists_the_catalog_with_schemas(client: TestClient) -> None:
    response = client.get("/api/v1/event-types")
    assert response.status_code == 200
    listed = response.json()["data"]
    assert [entry["name"] for entry in listed] == CATALOG
    assert all(isinstance(entry["schema"], dict) and entry["schema"] for entry in listed)


def test_every_event_has_a_payload_model() -> None:
    assert set(PAYLOAD_MODELS) == set(event_types()) == set(CATALOG)
