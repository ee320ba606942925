{%- set contributions = cookiecutter._intspec.contributions -%}
{%- set ns = namespace(imports=[["api.openapi", "openapi_document"]], credentials=[]) -%}
{%- for credential in contributions.test_credentials %}{% set ns.credentials = ns.credentials + [[credential.module, credential.function]] %}{% endfor -%}
{%- set first_party = ns.imports | import_lines(cookiecutter.package_name) -%}
{%- if ns.credentials %}{% set first_party = first_party ~ "\n" ~ (ns.credentials | import_lines("tests")) %}{% endif -%}
"""Schemathesis against the OpenAPI document the app serves: requests generated from each operation's
parameters and bodies get no server error, and every answer is one the document declares for the operation,
with a body its schema accepts.

The requests go to the app of the `app` fixture (a migrated database, `tests/settings.py`'s settings, so
no rate limit turns them away), in-process. They are few per operation and the same on every run
(derandomized); schemathesis prints a failing request as curl.
"""

from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

{{ first_party.split("\n") | sort | join("\n") }}

CONFIG = schemathesis.Config.from_dict(
    {
        "generation": {"max-examples": 20, "deterministic": True, "database": "none"},
        "phases": {
            "examples": {"enabled": True},  # the document's own examples
            "coverage": {"enabled": False},  # boundary values of every parameter: many requests, little found here
            "fuzzing": {"enabled": True},
            "stateful": {"enabled": False},  # the document declares no links between operations
        },
    }
)
CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]

# `openapi_document()` is what the app serves at /openapi.json (the first test checks it): loaded when the
# module is collected, one test per operation.
schema = schemathesis.openapi.from_dict(openapi_document(), config=CONFIG)


@pytest.fixture
def credentials(app: FastAPI) -> dict[str, str]:
    """Headers that take the requests past what the app guards{% if not contributions.test_credentials %}: the app guards nothing{% endif %}."""
    headers: dict[str, str] = {}
{%- for credential in contributions.test_credentials %}
    headers.update({{ credential.function }}(app))  # {{ credential.name }}, from the {{ credential.blueprint }} blueprint
{%- endfor %}
    return headers


def test_the_document_is_the_one_the_app_serves(client: TestClient) -> None:
    assert client.get("/openapi.json").json() == schema.raw_schema


@schema.parametrize()
# The app and its database are made once per operation and shared by its examples: the rows earlier examples
# write are part of what later ones meet, as they would be in a running service.
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_the_api_answers_as_its_document_says(case: schemathesis.Case[Any], app: FastAPI, credentials: dict[str, str]) -> None:
    case.call_and_validate(app=app, headers=credentials, checks=CHECKS)
