from pathlib import Path

import yaml
from fastapi import FastAPI

OPENAPI_FILE = Path(__file__).resolve().parents[1] / "openapi.yaml"


def operations(document: dict[str, object]) -> set[tuple[str, str]]:
    paths = document["paths"]
    assert isinstance(paths, dict)
    return {(path, method) for path, item in paths.items() for method in item}


def test_openapi_yaml_describes_the_served_api(app: FastAPI) -> None:
    documented = yaml.safe_load(OPENAPI_FILE.read_text(encoding="utf-8"))
    assert documented["openapi"].startswith("3.1")
    assert operations(documented) == operations(app.openapi())
