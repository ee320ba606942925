from pathlib import Path
from typing import Any

import yaml
from fastapi import FastAPI

OPENAPI_FILE = Path(__file__).resolve().parents[1] / "openapi.yaml"


def operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {(path, method): operation for path, item in document["paths"].items() for method, operation in item.items()}


def test_openapi_yaml_describes_the_served_api(app: FastAPI) -> None:
    documented = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert documented["openapi"].startswith("3.1")
    assert set(operations(documented)) == set(operations(app.openapi()))


def test_every_operation_documents_the_error_format(app: FastAPI) -> None:
    served = app.openapi()
    for key, operation in operations(served).items():
        assert "default" in operation["responses"], key
        assert "422" not in operation["responses"], key
    documented = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert all("default" in operation["responses"] for operation in operations(documented).values())
