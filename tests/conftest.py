"""Fixtures several test modules share."""

from pathlib import Path

import pytest

from tests.documents import all_documents
from tests.scaffolding import scaffold_project


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every example document scaffolded once per session, by file name (``harbor-freight.md``)."""
    root = tmp_path_factory.mktemp("projects")
    return {document.name: scaffold_project(document, root / document.stem).target for document in all_documents()}
