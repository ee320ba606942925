"""Every example document scaffolds into a project whose own checks pass: ruff, mypy and its test suite,
on SQLite, and for one project on PostgreSQL too."""

import os
from pathlib import Path

import pytest

from tests.documents import clean_documents, document_params
from tests.scaffolding import check_project, failures, postgres_database, scaffold_project


@pytest.fixture(scope="session")
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("mypy-cache")


@pytest.fixture(scope="session")
def projects(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("projects")
    return {document.name: scaffold_project(document, root / document.stem).target for document in clean_documents()}


@pytest.mark.slow
@pytest.mark.parametrize("document", document_params())
def test_generated_project_passes_its_own_checks(
    document: Path, projects: dict[str, Path], mypy_cache: Path, tmp_path: Path
) -> None:
    # a document with known errors is scaffolded here, so that it passes (and its xfail shows) once it reads
    project = projects.get(document.name) or scaffold_project(document, tmp_path / document.stem).target
    results = check_project(project, mypy_cache)
    assert [r.name for r in results] == ["ruff", "mypy", "pytest"]
    assert all(r.ok for r in results), failures(results)
    compiled = list((project / "src").rglob("*.py"))
    assert compiled, "the project has Python sources"


@pytest.mark.slow
def test_generated_project_passes_on_postgres(projects: dict[str, Path], mypy_cache: Path) -> None:
    project = projects["harbor-freight.md"]
    with postgres_database() as url:
        os.environ["DATABASE_URL"] = url
        try:
            results = check_project(project, mypy_cache)
        finally:
            os.environ.pop("DATABASE_URL")
    pytest_result = next(r for r in results if r.name == "pytest")
    assert pytest_result.ok, pytest_result.output
