"""Stage 4, render: carry out a plan. Each blueprint renders through cookiecutter's API into its own part
of a staging folder; the parts are merged, checked and recorded in ``.intspec/manifest.json``, and only
then moved to the output folder."""

from __future__ import annotations

import multiprocessing
import os
import shutil
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from cookiecutter.exceptions import CookiecutterException, UndefinedVariableInTemplate
from cookiecutter.generate import generate_files
from jinja2 import TemplateError

from generator import __version__
from generator.blueprints import Blueprint
from generator.errors import BlueprintError, PlanError, UntrustedBlueprintError
from generator.logic import load_logic
from generator.model.schema import IntegrationSpec
from generator.output import (
    Manifest,
    check_tree,
    move_into_place,
    sha256_file,
    staging_folder,
    write_manifest,
)
from generator.plan import Plan, Step, blueprint_context
from generator.templating.jinja import sandboxed_cookiecutter


@dataclass(frozen=True)
class Rendered:
    files: list[str]
    kept: list[str]


def render_project(plan: Plan, target: Path, spec_sha256: str, trust: bool = False) -> Rendered:
    """Render every step of ``plan`` into ``target``: the files written (manifest included), and any file an
    earlier run generated that is no longer generated but was kept because it has been edited."""
    check_hooks(plan, trust)
    exporters = [step.blueprint for step in plan.steps if load_logic(step.blueprint).export is not None]
    check_imported_code(plan, bool(exporters), trust)
    with worker(enabled=bool(exporters)) as exporter:
        if exporter is not None:
            exporter.submit(preload_exports, exporters)  # while this process makes the artifacts and renders
        generated = generate_code(plan)
        with staging_folder(target) as staging:
            project, owners = render_steps(plan, generated, staging, trust)
            if exporter is not None:
                export_documents(exporter, exporters, plan.spec, project, owners, staging / "scratch")
            files = check_tree(project)
            write_manifest(project, manifest_for(plan, project, owners, spec_sha256))
            kept = move_into_place(project, target)
    return Rendered([*files, ".intspec/manifest.json"], kept)


def render_steps(plan: Plan, generated: dict[str, str], staging: Path, trust: bool) -> tuple[Path, dict[str, str]]:
    """Every step rendered into its own part of ``staging`` and merged into ``staging/project``: the project
    folder and the blueprint that wrote each of its files."""
    project = staging / "project"
    project.mkdir()
    owners: dict[str, str] = {}
    for step in plan.steps:
        part = render_step(step, plan, generated, staging / "parts", trust)
        for relative in merge_part(part, project, step, owners):
            owners[relative] = step.blueprint.name
    return project, owners


def check_hooks(plan: Plan, trust: bool) -> None:
    for step in plan.steps:
        blueprint = step.blueprint
        if blueprint.has_hooks and not blueprint.builtin and not trust:
            raise UntrustedBlueprintError(
                f"blueprint {blueprint.name!r} ({blueprint.root}) has hooks, which run code on your machine; "
                "review them and pass --trust to run them"
            )


def check_imported_code(plan: Plan, exporting: bool, trust: bool) -> None:
    """Exporting a document from the rendered app (its openapi.yaml) imports the app's modules, so the Python
    an outside blueprint writes runs on this machine at scaffold time: that needs --trust, as hooks do."""
    if not exporting or trust:
        return
    for step in plan.steps:
        modules = [path for path in step.files if path.endswith(".py") and path.startswith("src/")]
        if modules and not step.blueprint.builtin:
            raise UntrustedBlueprintError(
                f"blueprint {step.blueprint.name!r} ({step.blueprint.root}) writes Python modules "
                f"({', '.join(modules[:3])}{', ...' if len(modules) > 3 else ''}) that intspec imports to export "
                "the app's openapi.yaml, which runs them on your machine; review them and pass --trust"
            )


def generate_code(plan: Plan) -> dict[str, str]:
    """Code and documents the templates insert verbatim: each blueprint's ``artifacts``, made in a forked
    process (payload models, say: datamodel-code-generator is mostly import time)."""
    producers = [step.blueprint for step in plan.steps if step.blueprint.logic is not None]
    with worker(enabled=bool(producers)) as maker:
        if maker is None:
            return {}
        maker.submit(blueprint_artifacts, producers, plan.spec, plan.spec_file)
        made: dict[str, str] = maker.result()
        return made


def blueprint_artifacts(blueprints: list[Blueprint], spec: IntegrationSpec, spec_file: str) -> dict[str, str]:
    """Every blueprint's ``artifacts(spec, spec_file)``; two blueprints making one name is an error."""
    made: dict[str, str] = {}
    owners: dict[str, str] = {}
    for blueprint in blueprints:
        logic = load_logic(blueprint)
        for name, text in (logic.artifacts(spec, spec_file) if logic.artifacts else {}).items():
            if name in owners:
                raise PlanError(f"blueprints {owners[name]!r} and {blueprint.name!r} both make the artifact {name!r}")
            owners[name] = blueprint.name
            made[name] = text
    return made


def preload_exports(blueprints: list[Blueprint]) -> None:
    """Every blueprint's ``preload``, in the worker that will run their exports."""
    for blueprint in blueprints:
        preload = load_logic(blueprint).preload
        if preload is not None:
            preload()


def export_documents(
    exporter: Worker,
    blueprints: list[Blueprint],
    spec: IntegrationSpec,
    project: Path,
    owners: dict[str, str],
    scratch: Path,
) -> None:
    """Write each blueprint's ``export``: documents made from the rendered project (the OpenAPI document its
    app serves, say), by the worker process, so that the project's code never runs in this one. Each replaces
    a file the same blueprint's templates wrote."""
    scratch.mkdir()
    exporter.submit(blueprint_exports, blueprints, project, spec, scratch)
    exporter.result()  # the preload's, submitted first
    documents: dict[str, tuple[str, str]] = exporter.result()
    for relative, (blueprint, text) in documents.items():
        if owners.get(relative) != blueprint:
            raise BlueprintError(f"blueprint {blueprint!r} exports {relative}, which its templates do not write")
        (project / relative).write_text(text, encoding="utf-8")


def blueprint_exports(
    blueprints: list[Blueprint], project: Path, spec: IntegrationSpec, scratch: Path
) -> dict[str, tuple[str, str]]:
    """Every blueprint's ``export(project, spec)`` as ``{path: (blueprint, text)}``, run in the empty folder
    ``scratch``: the project's code reads no ``.env`` of the user's folder, and what it writes is dropped."""
    os.chdir(scratch)
    made: dict[str, tuple[str, str]] = {}
    for blueprint in blueprints:
        export = load_logic(blueprint).export
        for relative, text in (export(project, spec) if export else {}).items():
            made[relative] = (blueprint.name, text)
    return made


class Worker:
    """A forked process that runs the functions submitted to it one after another; ``result()`` gives their
    results in the same order, raising an exception a function raised. Unlike ``ProcessPoolExecutor`` it
    starts no thread in this process, so that a second worker can be forked while the first one runs."""

    def __init__(self) -> None:
        fork = "fork" in multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork") if fork else multiprocessing.get_context("spawn")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=serve_calls, args=(theirs,), daemon=True)
        self.process.start()
        theirs.close()

    def submit(self, function: Callable[..., Any], *args: Any) -> None:
        self.connection.send((function, args))

    def result(self) -> Any:
        try:
            failed, value = self.connection.recv()
        except EOFError:
            raise RuntimeError(f"the worker process ended with exit code {self.process.exitcode}") from None
        if failed:
            raise value
        return value

    def stop(self, finished: bool) -> None:
        """End the process: told to when it has ``finished`` the work given, else at once."""
        if finished:
            self.connection.send(None)
        else:
            self.process.terminate()
        self.process.join()
        self.connection.close()


def serve_calls(connection: Connection) -> None:
    """The worker's loop: run each call received, send back its result or exception (with this process's
    traceback as a note, shown by ``--debug``), until told to stop or the caller is gone."""
    while True:
        try:
            call = connection.recv()
        except EOFError:
            return
        if call is None:
            return
        function, args = call
        try:
            reply = (False, function(*args))
        except BaseException as exc:  # noqa: BLE001 - any failure goes back to the caller, to be raised there
            exc.add_note(f"in intspec's worker process:\n{traceback.format_exc()}")
            reply = (True, exc)
        connection.send(reply)


@contextmanager
def worker(enabled: bool = True) -> Iterator[Worker | None]:
    """A ``Worker`` for the block (``None`` when not ``enabled``), ended with the block."""
    if not enabled:
        yield None
        return
    started = Worker()
    try:
        yield started
    except BaseException:
        started.stop(finished=False)
        raise
    started.stop(finished=True)


def render_step(step: Step, plan: Plan, generated: dict[str, str], parts: Path, trust: bool) -> Path:
    blueprint = step.blueprint
    output = parts / blueprint.name
    output.mkdir(parents=True)
    context = {"cookiecutter": blueprint_context(blueprint, plan, generated)}
    try:
        with sandboxed_cookiecutter():
            rendered = generate_files(
                repo_dir=str(blueprint.root),
                context=context,
                output_dir=str(output),
                accept_hooks=blueprint.builtin or trust,
            )
    except UndefinedVariableInTemplate as exc:
        raise BlueprintError(
            f"blueprint {blueprint.name!r} failed to render: {exc.message}: {exc.error.message}"
        ) from None
    except (CookiecutterException, TemplateError, ValueError) as exc:
        raise BlueprintError(f"blueprint {blueprint.name!r} failed to render: {exc}") from None
    return Path(rendered)


def merge_part(part: Path, project: Path, step: Step, owners: dict[str, str]) -> list[str]:
    """Move one blueprint's files into the project; without hooks they must be the files the plan announced."""
    files = check_tree(part)
    if not step.blueprint.has_hooks and sorted(files) != sorted(step.files):
        extra = sorted(set(files) - set(step.files))
        missing = sorted(set(step.files) - set(files))
        raise BlueprintError(
            f"blueprint {step.blueprint.name!r} wrote {extra or 'nothing extra'}, missing {missing or 'nothing'}"
        )
    for relative in files:
        destination = project / relative
        if destination.exists():
            raise PlanError(f"blueprints {owners[relative]!r} and {step.blueprint.name!r} both wrote {relative}")
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(part / relative, destination)
    return files


def manifest_for(plan: Plan, project: Path, owners: dict[str, str], spec_sha256: str) -> Manifest:
    return Manifest(
        generator_version=__version__,
        spec_file=plan.spec_file,
        spec_sha256=spec_sha256,
        blueprints=[
            {"name": s.blueprint.name, "version": s.blueprint.version, "source": s.blueprint.source} for s in plan.steps
        ],
        files={path: {"sha256": sha256_file(project / path), "blueprint": owner} for path, owner in owners.items()},
    )
