"""Every example document scaffolds into a project whose own checks pass: ruff, mypy and its test suite,
on SQLite, and for one project on PostgreSQL too. The projects are scaffolded once and checked side by side.
The webhook tests marked `chaos` (SIGKILLed workers, a flapping receiver, several workers on one database) run
for two projects: on PostgreSQL, and on SQLite with another signature scheme and retry schedule.
A project's OpenAPI test fails when a route changes and `openapi.yaml` is not refreshed."""

import shutil
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path

import pytest

from generator.verify import CheckResult
from tests.documents import document_params
from tests.scaffolding import (
    checks_side_by_side,
    failures,
    postgres_database,
    run_project_command,
    run_project_tests,
)


@pytest.fixture(scope="session")
def checks(
    projects: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, Future[list[CheckResult]]]]:
    with checks_side_by_side(projects, tmp_path_factory.mktemp("mypy-caches")) as futures:
        yield futures


@pytest.mark.slow
@pytest.mark.parametrize("document", document_params())
def test_generated_project_passes_its_own_checks(
    document: Path, projects: dict[str, Path], checks: dict[str, Future[list[CheckResult]]]
) -> None:
    results = checks[document.name].result()
    assert [r.name for r in results] == ["ruff", "mypy", "pytest"]
    assert all(r.ok for r in results), failures(results)
    assert list((projects[document.name] / "src").rglob("*.py")), "the project has Python sources"


@pytest.mark.slow
def test_generated_project_passes_on_postgres(projects: dict[str, Path]) -> None:
    with postgres_database() as url:
        result = run_project_tests(projects["harbor-freight.md"], {"DATABASE_URL": url}, chaos=True)
    assert result.ok, result.output


@pytest.mark.slow
def test_webhook_chaos_tests_pass_on_sqlite(projects: dict[str, Path]) -> None:
    result = run_project_tests(projects["ridgeline-energy.md"], {}, "tests/webhooks/test_chaos.py", chaos=True)
    assert result.ok, result.output
    assert "2 passed" in result.output, result.output


@pytest.mark.slow
def test_the_openapi_test_fails_when_a_route_changes_without_the_document(
    projects: dict[str, Path], tmp_path: Path
) -> None:
    project = shutil.copytree(projects["pocket-ledger-minimal.md"], tmp_path / "project")
    route = project / "src/pocket_ledger/api/routes/events.py"
    route.write_text(
        route.read_text().replace(
            "def list_event_types() -> EventTypeList:", "def list_event_types(limit: int = 50) -> EventTypeList:"
        )
    )
    failed = run_project_tests(project, {}, "tests/test_openapi.py")
    assert not failed.ok
    assert "openapi.yaml is not what the app serves; run `make openapi` to refresh it:" in failed.output
    assert "+      parameters:" in failed.output
    assert "+        name: limit" in failed.output
    refreshed = run_project_command(project, "openapi")
    assert refreshed.ok, refreshed.output
    assert refreshed.output == "wrote openapi.yaml"
    assert run_project_tests(project, {}, "tests/test_openapi.py").ok
