"""Fixtures: a migrated database (a SQLite file per test, or DATABASE_URL, e.g. PostgreSQL) and a client."""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

{% if cookiecutter.package_name > "tests" -%}
from tests.settings import TEST_SETTINGS
{% endif -%}
from {{ cookiecutter.package_name }}.cli import upgrade_database
from {{ cookiecutter.package_name }}.core.config import Settings
from {{ cookiecutter.package_name }}.core.db import make_engine
from {{ cookiecutter.package_name }}.main import create_app
from {{ cookiecutter.package_name }}.models import Base
{%- if cookiecutter.package_name < "tests" %}
from tests.settings import TEST_SETTINGS
{%- endif %}


@pytest.fixture
def database_url(tmp_path: Path) -> str:
    return os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path / 'test.db'}"


@pytest.fixture
def settings(database_url: str) -> Settings:
    return Settings(_env_file=None, database_url=database_url, log_format="json", **TEST_SETTINGS)


@pytest.fixture
def migrated(settings: Settings) -> Iterator[Settings]:
    """The database at the latest revision; rows written by a test are removed after it."""
    upgrade_database(settings)
    yield settings
    engine = make_engine(settings.database_url)
    with engine.begin() as connection:
        for table in reversed(Base.metadata.sorted_tables):
            connection.execute(table.delete())
    engine.dispose()


@pytest.fixture
def app(migrated: Settings) -> FastAPI:
    return create_app(migrated)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client
