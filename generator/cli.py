"""The ``intspec`` command: a thin shell over ``generator.pipeline``.

Commands import the pipeline lazily so that ``intspec --help`` starts fast. Every command runs inside
``handle_errors``, the one place where exceptions become exit codes (see ``generator.errors``).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer

if TYPE_CHECKING:
    from rich.status import Status

    from generator.errors import Diagnostic
    from generator.plan import Plan
    from generator.verify import CheckResult

app = typer.Typer(
    name="intspec",
    help="Turn an Integration Specifications document into a runnable service.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
_state = {"debug": False}

SpecArgument = Annotated[
    Path, typer.Argument(metavar="SPEC", help="The Integration Specifications markdown document.", show_default=False)
]


class ModelFormat(StrEnum):
    json = "json"
    yaml = "yaml"


class DiagnosticsFormat(StrEnum):
    text = "text"
    json = "json"


def version_callback(value: bool) -> None:
    if value:
        from generator import __version__

        typer.echo(f"intspec {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks of internal errors.")] = False,
    version: Annotated[
        bool, typer.Option("--version", callback=version_callback, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    _state["debug"] = debug


@app.command()
def inspect(
    spec: SpecArgument,
    format: Annotated[ModelFormat, typer.Option("--format", "-f", help="Output format.")] = ModelFormat.json,
) -> None:
    """Print the model read from SPEC (diagnostics go to stderr)."""
    with handle_errors():
        from generator.pipeline import read_spec

        result = read_spec(spec)
        print_diagnostics(result.path, result.diagnostics)
        data = result.spec.model_dump(mode="json")
        if format is ModelFormat.yaml:
            import yaml

            sys.stdout.write(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
        else:
            sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
        if result.has_errors:
            raise typer.Exit(1)


@app.command()
def validate(
    spec: SpecArgument,
    format: Annotated[
        DiagnosticsFormat, typer.Option("--format", "-f", help="text: one line each on stderr; json: on stdout.")
    ] = DiagnosticsFormat.text,
) -> None:
    """Check SPEC and print its diagnostics: PATH:LINE: error|warning: message [code]."""
    with handle_errors():
        from generator.pipeline import validate_spec

        diagnostics = validate_spec(spec)
        if format is DiagnosticsFormat.json:
            payload = {"diagnostics": [d.to_json() for d in diagnostics]}
            sys.stdout.write(json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
        else:
            print_diagnostics(str(spec), diagnostics)
            print_summary(str(spec), diagnostics)
        if any(d.severity == "error" for d in diagnostics):
            raise typer.Exit(1)


BlueprintDirs = Annotated[
    list[Path] | None,
    typer.Option(
        "--blueprints", metavar="DIR", help="A folder of extra blueprints (repeatable); they may replace built-in ones."
    ),
]


Trust = Annotated[
    bool, typer.Option("--trust", help="Run the hooks and Python modules of blueprints from --blueprints folders.")
]


@app.command()
def plan(spec: SpecArgument, blueprints: BlueprintDirs = None, trust: Trust = False) -> None:
    """Show the blueprints that apply to SPEC, why, and the files each writes."""
    with handle_errors():
        from generator.pipeline import plan_spec

        planned, warnings = plan_spec(spec, blueprints, trust)
        print_diagnostics(str(spec), warnings)
        print_plan(planned)


@app.command()
def scaffold(
    spec: SpecArgument,
    output: Annotated[Path, typer.Option("--output", "-o", metavar="DIR", help="The project folder to create.")],
    force: Annotated[
        bool, typer.Option("--force", help="Write into a non-empty folder, replacing generated files.")
    ] = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the plan; write nothing.")] = False,
    blueprints: BlueprintDirs = None,
    trust: Trust = False,
    json_output: Annotated[bool, typer.Option("--json", help="Print a JSON summary on stdout.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Generate the project SPEC describes into OUTPUT."""
    with handle_errors():
        from generator.pipeline import scaffold as run_scaffold

        result = run_scaffold(spec, output, force=force, dry_run=dry_run, blueprint_dirs=blueprints, trust=trust)
        if not quiet:
            print_diagnostics(str(spec), result.warnings)
        if dry_run and not json_output:
            print_plan(result.plan)
        elif not dry_run and not quiet:
            typer.echo(f"wrote {len(result.files)} files to {output} ({', '.join(result.plan.names)})", err=True)
            for path in result.kept:
                typer.echo(
                    f"kept {path}: an earlier run generated it and it has been edited; delete it if unneeded", err=True
                )
        if json_output:
            summary = {
                **result.plan.to_json(),
                "output": str(output),
                "dry_run": dry_run,
                "files": result.files,
                "kept": result.kept,
            }
            sys.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")


@app.command()
def verify(
    project: Annotated[Path, typer.Argument(metavar="DIR", help="A project intspec generated.")],
    python: Annotated[
        Path | None,
        typer.Option("--python", help="The interpreter to check with (default: DIR/.venv, else intspec's)."),
    ] = None,
    json_output: Annotated[bool, typer.Option("--json", help="Print a JSON summary on stdout.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress on stderr.")] = False,
) -> None:
    """Run DIR's own checks: ruff, mypy and its test suite."""
    with handle_errors():
        from generator.verify import project_python, run_checks

        interpreter = project_python(project, python)
        progress = Progress(quiet)
        results = run_checks(project, interpreter, progress.start, progress.done)
        ok = all(result.ok for result in results)
        if json_output:
            summary = {
                "project": str(project),
                "python": interpreter,
                "ok": ok,
                "checks": [r.to_json() for r in results],
            }
            sys.stdout.write(json.dumps(summary, indent=2) + "\n")
        if not ok:
            raise typer.Exit(1)


class Progress:
    """Check-by-check progress on stderr, with rich; silent with --quiet."""

    def __init__(self, quiet: bool) -> None:
        from rich.console import Console

        self.console = Console(stderr=True, quiet=quiet)
        self.status: Status | None = None

    def start(self, name: str) -> None:
        self.status = self.console.status(f"running {name}...")
        self.status.start()

    def done(self, result: CheckResult) -> None:
        if self.status is not None:
            self.status.stop()
        mark = "[green]passed[/green]" if result.ok else "[red]failed[/red]"
        self.console.print(f"{result.name}: {mark} in {result.seconds:.1f}s")
        if not result.ok:
            self.console.print(result.output, markup=False, highlight=False)


def print_plan(plan: Plan) -> None:
    typer.echo(f"{plan.spec_file}: {len(plan.steps)} blueprint(s) apply", err=True)
    for step in plan.steps:
        typer.echo(f"\n{step.blueprint.name} {step.blueprint.version}: {step.reason}", err=True)
        for path in step.files:
            typer.echo(f"  {path}", err=True)
    for skipped in plan.skipped:
        typer.echo(f"\nskipped {skipped.name}: {skipped.reason}", err=True)


def print_diagnostics(path: str, diagnostics: list[Diagnostic]) -> None:
    for diagnostic in diagnostics:
        typer.echo(diagnostic.format(path), err=True)


def print_summary(path: str, diagnostics: list[Diagnostic]) -> None:
    errors = sum(1 for d in diagnostics if d.severity == "error")
    warnings = len(diagnostics) - errors
    verdict = "ok" if not errors else "has errors"
    typer.echo(f"{path}: {verdict} ({errors} error(s), {warnings} warning(s))", err=True)


@contextmanager
def handle_errors() -> Iterator[None]:
    """Map exceptions to exit codes: 1 user error, 2 usage error, 3 internal bug (one line, no traceback)."""
    from generator.errors import IntspecError, SpecError

    try:
        yield
    except (typer.Exit, typer.Abort, KeyboardInterrupt):
        raise
    except SpecError as exc:
        print_diagnostics(exc.path, exc.diagnostics)
        fail(str(exc), exc.exit_code)
    except IntspecError as exc:
        fail(str(exc), exc.exit_code)
    except Exception as exc:
        if _state["debug"]:
            raise
        fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for a traceback and report it)", 3)


def fail(message: str, code: int) -> NoReturn:
    typer.echo(f"intspec: error: {message}", err=True)
    raise typer.Exit(code)


def main() -> None:
    run(app)


def run(command: Callable[..., object]) -> None:
    command(prog_name="intspec")
