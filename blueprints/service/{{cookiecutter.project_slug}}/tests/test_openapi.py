"""`openapi.yaml` is the OpenAPI document the app serves, compared in full; `make openapi` refreshes it."""

import difflib
from pathlib import Path
from typing import Any

import pytest
import yaml

from {{ cookiecutter.package_name }}.api.openapi import openapi_document

OPENAPI_FILE = Path(__file__).resolve().parents[1] / "openapi.yaml"


def sorted_lines(document: Any) -> list[str]:
    """The document as YAML with sorted keys, so that a diff shows only what differs."""
    return yaml.safe_dump(document, sort_keys=True, allow_unicode=True, width=100).splitlines()


def test_openapi_yaml_is_what_the_app_serves() -> None:
    documented = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    served = openapi_document()
    if documented != served:
        diff = difflib.unified_diff(sorted_lines(documented), sorted_lines(served), "openapi.yaml", "app", lineterm="")
        pytest.fail(
            "openapi.yaml is not what the app serves; run `make openapi` to refresh it:\n" + "\n".join(diff),
            pytrace=False,
        )


def test_every_operation_documents_the_error_format() -> None:
    for path, item in openapi_document()["paths"].items():
        for method, operation in item.items():
            assert "default" in operation["responses"], (method, path)
            assert "422" not in operation["responses"], (method, path)
