"""Credentials for tests that call the whole API (`tests/test_api_schema.py`)."""

from fastapi import FastAPI

from {{ cookiecutter.package_name }}.core.scopes import SCOPES
from {{ cookiecutter.package_name }}.services.api_keys import create_api_key


def api_key_headers(app: FastAPI) -> dict[str, str]:
    """A new API key with every scope of the catalog, as the `Authorization` header."""
    with app.state.db.session() as session:
        created = create_api_key(session, "every scope", list(SCOPES))
        session.commit()
    return {"Authorization": f"Bearer {created.key}"}
