{%- set events = cookiecutter._intspec.spec.events -%}
{%- set has_examples = events | selectattr("payload_example") | list | length > 0 -%}
{% if has_examples %}import pytest
{% endif %}from fastapi.testclient import TestClient

from {{ cookiecutter.package_name }}.events.catalog import PAYLOAD_MODELS, event_types{% if has_examples %}, payload_data{% endif %}

CATALOG = [
{%- for event in events %}
    {{ event.name | py }},
{%- endfor %}
]


def test_event_types_lists_the_catalog_with_schemas(client: TestClient) -> None:
    response = client.get("/api/v1/event-types")
    assert response.status_code == 200
    listed = response.json()["data"]
    assert [entry["name"] for entry in listed] == CATALOG
    assert all(isinstance(entry["schema"], dict) and entry["schema"] for entry in listed)


def test_every_event_has_a_payload_model() -> None:
    assert set(PAYLOAD_MODELS) == set(event_types()) == set(CATALOG)

{%- if has_examples %}


@pytest.mark.parametrize("name", [name for name, event in event_types().items() if event.example is not None])
def test_the_spec_examples_validate_against_their_models(name: str) -> None:
    event = event_types()[name]
    data = payload_data(event)
    assert data is not None
    model = event.payload_model.model_validate(data)
    assert model.model_dump(mode="json", by_alias=True, exclude_unset=True) == data
{%- endif %}
