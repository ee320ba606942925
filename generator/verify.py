"""Stage 5, verify: run a generated project's own checks (ruff, mypy, pytest) and report each."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.errors import ProjectError

CHECKS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("ruff", ("-m", "ruff", "check", ".")),
    ("mypy", ("-m", "mypy")),
    ("pytest", ("-m", "pytest", "-q", "-p", "no:cacheprovider")),
)
OUTPUT_TAIL = 4000


@dataclass(frozen=True)
class CheckResult:
    name: str
    command: list[str]
    ok: bool
    seconds: float
    output: str

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "ok": self.ok,
            "seconds": round(self.seconds, 2),
            "command": self.command,
            "output": self.output,
        }


def project_python(project: Path, python: Path | None = None) -> str:
    """The interpreter to check with: ``--python``, else the project's ``.venv``, else intspec's own."""
    if python is not None:
        if not python.is_file():
            raise ProjectError(f"--python {python}: no such interpreter")
        return str(python)
    venv = project / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


def check_project_folder(project: Path) -> None:
    if not (project / "pyproject.toml").is_file():
        raise ProjectError(f"{project} has no pyproject.toml; give the folder `intspec scaffold` wrote")


def run_checks(
    project: Path,
    python: str,
    on_start: Callable[[str], None] = lambda name: None,
    on_done: Callable[[CheckResult], None] = lambda result: None,
    environment: Mapping[str, str] | None = None,
) -> list[CheckResult]:
    """Each check in turn, in ``environment`` (default: this process's)."""
    check_project_folder(project)
    results = []
    for name, arguments in CHECKS:
        on_start(name)
        result = run_check(project, python, name, arguments, environment)
        on_done(result)
        results.append(result)
    return results


def run_check(
    project: Path, python: str, name: str, arguments: tuple[str, ...], environment: Mapping[str, str] | None = None
) -> CheckResult:
    command = [python, *arguments]
    base = os.environ if environment is None else environment
    environment = {
        **base,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(project / "src"), base.get("PYTHONPATH")])),
    }
    started = time.perf_counter()
    completed = subprocess.run(command, cwd=project, capture_output=True, text=True, check=False, env=environment)
    output = (completed.stdout + completed.stderr).strip()
    if completed.returncode != 0 and f"No module named {name}" in output:
        output = f"{name} is not installed for {python}; install the project's dev extras (`make test` in it) or pass --python"
    return CheckResult(name, command, completed.returncode == 0, time.perf_counter() - started, output[-OUTPUT_TAIL:])
