{%- set intspec = cookiecutter._intspec -%}
{%- set checks = intspec.contributions.health_checks -%}
{%- set ns = namespace(imports=[["api.deps", "DatabaseDep"], ["core.db", "Database"]]) -%}
{%- for check in checks %}{% set ns.imports = ns.imports + [[check.module, check.function]] %}{% endfor -%}
"""GET /health: the service and what it depends on{% if "monitoring" | spec_ref %} (health checks: {{ "monitoring" | spec_ref | doc }}){% endif %}.

200 with status "ok" when every check passes; 503 with status "degraded" naming the failing check.
"""

import time
from collections.abc import Callable
from typing import Literal

from fastapi import APIRouter, Response
from pydantic import BaseModel

{{ ns.imports | import_lines(cookiecutter.package_name) }}

router = APIRouter()


class CheckResult(BaseModel):
    status: Literal["ok", "error"]
    latency_ms: float
    detail: str | None = None


class HealthPublic(BaseModel):
    status: Literal["ok", "degraded"]
    checks: dict[str, CheckResult]


def run_check(check: Callable[[], str | None]) -> CheckResult:
    """A check raises when its dependency is unhealthy; a text it returns is reported as its detail."""
    started = time.perf_counter()
    try:
        detail = check()
    except Exception as exc:  # a failing dependency is reported, not raised
        return CheckResult(status="error", latency_ms=elapsed_ms(started), detail=type(exc).__name__)
    return CheckResult(status="ok", latency_ms=elapsed_ms(started), detail=detail)


def elapsed_ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 3)


def dependency_checks(database: Database) -> dict[str, Callable[[], str | None]]:
    return {
        "database": database.ping,
{%- for check in checks %}
        {{ check.name | py }}: {{ check.function | ident }},
{%- endfor %}
    }


@router.get("/health", response_model=HealthPublic, responses={503: {"model": HealthPublic}})
def health(database: DatabaseDep, response: Response) -> HealthPublic:
    checks = {name: run_check(check) for name, check in dependency_checks(database).items()}
    healthy = all(result.status == "ok" for result in checks.values())
    response.status_code = 200 if healthy else 503
    return HealthPublic(status="ok" if healthy else "degraded", checks=checks)
