"""The API's OpenAPI document: what the app serves at `/openapi.json`, kept in the project's `openapi.yaml`.

`make openapi` (`python -m {{ cookiecutter.package_name }} openapi`) rewrites the file from the app;
`tests/test_openapi.py` fails while the two differ.
"""

import argparse
from pathlib import Path
from typing import Any

import yaml

from {{ cookiecutter.package_name }}.core.config import Settings


def openapi_document() -> dict[str, Any]:
    """`create_app().openapi()` with the settings' defaults, so that no environment or `.env` changes it."""
    from {{ cookiecutter.package_name }}.main import create_app

    return create_app(Settings.model_construct()).openapi()


def openapi_text(document: dict[str, Any]) -> str:
    """The document as YAML, its keys in the order the app gives them."""
    return yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=100)


def write_openapi(args: argparse.Namespace) -> int:
    path = Path(args.output)
    path.write_text(openapi_text(openapi_document()), encoding="utf-8")
    print(f"wrote {path}")
    return 0


def register_command(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--output", default="openapi.yaml", help="the file to write (default: %(default)s)")
    parser.set_defaults(handler=write_openapi)
