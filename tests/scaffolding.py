"""Helpers for tests that scaffold projects and run their checks."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from generator.pipeline import ScaffoldResult, scaffold
from generator.verify import CheckResult, run_checks

POSTGRES_ADMIN_URL = os.environ.get("INTSPEC_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres")


def scaffold_project(spec: Path, target: Path, **options: object) -> ScaffoldResult:
    return scaffold(spec, target, **options)  # type: ignore[arg-type]


def check_project(project: Path, mypy_cache: Path | None = None) -> list[CheckResult]:
    """ruff, mypy and pytest of a generated project, with this environment's interpreter."""
    if mypy_cache is not None:
        os.environ["MYPY_CACHE_DIR"] = str(mypy_cache)
    try:
        return run_checks(project, os.environ.get("INTSPEC_CHECK_PYTHON") or __import__("sys").executable)
    finally:
        os.environ.pop("MYPY_CACHE_DIR", None)


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
