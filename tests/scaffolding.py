"""Helpers for tests that scaffold projects and run their checks."""

from __future__ import annotations

import os
import sys
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.pipeline import ScaffoldResult, scaffold
from generator.verify import CHECKS, CheckResult, run_check, run_checks

POSTGRES_ADMIN_URL = os.environ.get("INTSPEC_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")
# The generated webhook tests marked `chaos` (worker processes, thousands of events: tens of seconds) run where
# a test asks for them (test_generated_projects.py), not in every project's checks. Left out by file, not with
# `-m 'not chaos'`: under --strict-markers that is an error where the marker is not registered (no webhooks).
WITHOUT_CHAOS = {
    "PYTEST_ADDOPTS": " ".join(
        filter(None, [os.environ.get("PYTEST_ADDOPTS"), "--ignore-glob=*/webhooks/test_chaos.py"])
    )
}


def scaffold_project(spec: Path, target: Path, **options: object) -> ScaffoldResult:
    return scaffold(spec, target, **options)  # type: ignore[arg-type]


def check_project(
    project: Path, mypy_cache: Path | None = None, environment: dict[str, str] | None = None
) -> list[CheckResult]:
    """ruff, mypy and pytest of a generated project, with this environment's interpreter; ``environment``
    adds variables for this run only (several runs go on side by side)."""
    variables = {**os.environ, **WITHOUT_CHAOS, **(environment or {})}
    if mypy_cache is not None:
        variables["MYPY_CACHE_DIR"] = str(mypy_cache)
    return run_checks(project, check_python(), environment=variables)


def run_project_tests(project: Path, environment: dict[str, str], *tests: str, chaos: bool = False) -> CheckResult:
    """Only the project's own pytest suite (only ``tests``, when given), with ``environment`` added; the
    `chaos` tests only when asked for."""
    arguments = (*dict(CHECKS)["pytest"], *tests)
    variables = {**os.environ, **({} if chaos else WITHOUT_CHAOS), **environment}
    return run_check(project, check_python(), "pytest", arguments, variables)


def run_project_command(project: Path, *arguments: str) -> CheckResult:
    """``python -m <the project's package> ARGUMENTS...`` in the project, with this environment's interpreter."""
    (package,) = [path.name for path in (project / "src").iterdir() if path.is_dir() and path.name.isidentifier()]
    return run_check(project, check_python(), package, ("-m", package, *arguments))


def check_python() -> str:
    return os.environ.get("INTSPEC_CHECK_PYTHON") or sys.executable


@contextmanager
def checks_side_by_side(projects: dict[str, Path], caches: Path) -> Iterator[dict[str, Future[list[CheckResult]]]]:
    """Every project's checks, run on as many threads as there are cores; each thread keeps its own mypy
    cache (mypy's cache is not safe to share between concurrent runs, and a warm one is 4x faster)."""
    local = threading.local()

    def run(project: Path) -> list[CheckResult]:
        if not hasattr(local, "cache"):
            local.cache = caches / threading.current_thread().name
        return check_project(project, local.cache)

    with ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="checks") as pool:
        futures = {name: pool.submit(run, path) for name, path in projects.items()}
        try:
            yield futures
        finally:
            for future in futures.values():
                future.cancel()


def failures(results: list[CheckResult]) -> str:
    return "\n\n".join(f"{r.name} failed:\n{r.output}" for r in results if not r.ok)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@contextmanager
def postgres_database() -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test (skips, or in CI fails, when there is no server)."""
    try:
        import psycopg

        admin = psycopg.connect(POSTGRES_ADMIN_URL, autocommit=True, connect_timeout=3)
    except Exception as exc:  # noqa: BLE001 - any connection failure means "no server here"
        if os.environ.get("INTSPEC_REQUIRE_POSTGRES"):
            pytest.fail(f"PostgreSQL is required (INTSPEC_REQUIRE_POSTGRES) but unreachable: {exc}")
        pytest.skip(f"no PostgreSQL at {POSTGRES_ADMIN_URL}: {exc}")
    name = f"intspec_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            host = POSTGRES_ADMIN_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
            yield f"{host}/{name}"
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
