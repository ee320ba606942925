"""Scaffold time beside plain cookiecutter rendering the same blueprints, and `intspec --help` start-up.

Run: `make bench` (or `.venv/bin/python bench/scaffold_speed.py`). Prints figures, measured side by side in
one run (best of N, so a noisy machine inflates both sides alike): wall time, and CPU time (user + system, of
every process a run starts, intspec's workers included). Targets: scaffold <= 2x plain cookiecutter (wall);
`intspec --help` under 0.3 s.
"""

from __future__ import annotations

import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SPEC = ROOT / "spec_inputs" / "harbor-freight.md"
ROUNDS = 7


def best_of(rounds: int, run: Callable[[Path], None]) -> tuple[float, float]:
    """The least wall time and the least CPU time of ``rounds`` runs."""
    walls, cpus = [], []
    for _ in range(rounds):
        scratch = Path(tempfile.mkdtemp(prefix="intspec-bench-"))
        try:
            cpu_started = children_cpu()
            started = time.perf_counter()
            run(scratch)
            walls.append(time.perf_counter() - started)
            cpus.append(children_cpu() - cpu_started)
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
    return min(walls), min(cpus)


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def command(*args: str | Path) -> None:
    subprocess.run([str(arg) for arg in args], check=True, capture_output=True)


def intspec_scaffold(scratch: Path) -> None:
    command(BIN / "intspec", "scaffold", SPEC, "-o", scratch / "project", "--quiet")


def plain_cookiecutter(scratch: Path) -> None:
    for blueprint in ("service", "events"):
        config = scratch / "cookiecutter-config.yaml"
        config.write_text(f"replay_dir: {scratch / 'replay'}\n")
        command(
            BIN / "cookiecutter",
            "--no-input",
            "--config-file",
            config,
            "--output-dir",
            scratch / blueprint,
            ROOT / "blueprints" / blueprint,
        )


def intspec_help(_: Path) -> None:
    command(BIN / "intspec", "--help")


def python_startup(_: Path) -> None:
    command(sys.executable, "-c", "pass")


def main() -> None:
    scaffold, scaffold_cpu = best_of(ROUNDS, intspec_scaffold)
    cookiecutter, cookiecutter_cpu = best_of(ROUNDS, plain_cookiecutter)
    help_time, help_cpu = best_of(ROUNDS * 2, intspec_help)
    bare, bare_cpu = best_of(ROUNDS * 2, python_startup)
    print(f"{'what':<52} {'seconds':>8} {'CPU s':>8}")
    print(f"{'intspec scaffold harbor-freight.md (service+events)':<52} {scaffold:8.3f} {scaffold_cpu:8.3f}")
    print(f"{'cookiecutter --no-input service; events':<52} {cookiecutter:8.3f} {cookiecutter_cpu:8.3f}")
    ratio, cpu_ratio = scaffold / cookiecutter, scaffold_cpu / cookiecutter_cpu
    print(f"{'ratio scaffold / cookiecutter (target <= 2.0)':<52} {ratio:8.2f} {cpu_ratio:8.2f}")
    print(f"{'intspec --help (target < 0.300)':<52} {help_time:8.3f} {help_cpu:8.3f}")
    print(f"{'python -c pass (interpreter start-up, for scale)':<52} {bare:8.3f} {bare_cpu:8.3f}")


if __name__ == "__main__":
    main()
