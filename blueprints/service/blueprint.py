"""The service blueprint's logic: the project's ``openapi.yaml`` is the OpenAPI document its app serves,
exported from the rendered project through the project's own ``api/openapi.py`` (as ``make openapi`` does
it) and validated with openapi-spec-validator."""

from __future__ import annotations

import importlib
import sys
import warnings
from pathlib import Path

from generator.codegen import check_openapi
from generator.errors import CodegenError
from generator.model.schema import IntegrationSpec

OPENAPI_FILE = "openapi.yaml"
# What the generated app imports at start-up, and the validator: loaded once per intspec process.
PRELOADED = ("fastapi", "sqlalchemy.orm", "pydantic_settings", "prometheus_client", "openapi_spec_validator")


def preload() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for name in PRELOADED:
            importlib.import_module(name)


def export(project: Path, spec: IntegrationSpec) -> dict[str, str]:
    """``openapi.yaml``: ``create_app().openapi()`` of the rendered project, written as the project writes it."""
    package = spec.app.package
    for name in [name for name in sys.modules if name == package or name.startswith(f"{package}.")]:
        del sys.modules[name]  # a module of that name this process imported must not stand in for the project's
    sys.path.insert(0, str(project / "src"))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exporter = importlib.import_module(f"{package}.api.openapi")
            document = exporter.openapi_document()
            text = exporter.openapi_text(document)
    except Exception as exc:  # noqa: BLE001 - the project's own code failed, whatever it raised
        raise CodegenError(
            f"could not export {OPENAPI_FILE} from the generated app ({type(exc).__name__}: {exc}); intspec imports "
            "the app to write it, so its environment needs every package the app imports"
        ) from None
    check_openapi(document)
    return {OPENAPI_FILE: text}
