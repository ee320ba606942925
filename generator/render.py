"""Stage 4, render: carry out a plan. Each blueprint renders through cookiecutter's API into its own part
of a staging folder; the parts are merged, checked and recorded in ``.intspec/manifest.json``, and only
then moved to the output folder."""

from __future__ import annotations

import multiprocessing
import shutil
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml
from cookiecutter.exceptions import CookiecutterException, UndefinedVariableInTemplate
from cookiecutter.generate import generate_files
from jinja2 import TemplateError

from generator import __version__
from generator.blueprints import Blueprint
from generator.codegen import merge_openapi, openapi_yaml
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
from generator.templating.jinja import sandboxed_cookiecutter, sandboxed_env

T = TypeVar("T")


@dataclass(frozen=True)
class Rendered:
    files: list[str]
    kept: list[str]


def render_project(plan: Plan, target: Path, spec_sha256: str, trust: bool = False) -> Rendered:
    """Render every step of ``plan`` into ``target``: the files written (manifest included), and any file an
    earlier run generated that is no longer generated but was kept because it has been edited."""
    check_hooks(plan, trust)
    generated = generate_code(plan)
    owners: dict[str, str] = {}
    with staging_folder(target) as staging:
        project = staging / "project"
        project.mkdir()
        for step in plan.steps:
            part = render_step(step, plan, generated, staging / "parts", trust)
            for relative in merge_part(part, project, step, owners):
                owners[relative] = step.blueprint.name
        files = check_tree(project)
        write_manifest(project, manifest_for(plan, project, owners, spec_sha256))
        kept = move_into_place(project, target)
    return Rendered([*files, ".intspec/manifest.json"], kept)


def check_hooks(plan: Plan, trust: bool) -> None:
    for step in plan.steps:
        blueprint = step.blueprint
        if blueprint.has_hooks and not blueprint.builtin and not trust:
            raise UntrustedBlueprintError(
                f"blueprint {blueprint.name!r} ({blueprint.root}) has hooks, which run code on your machine; "
                "review them and pass --trust to run them"
            )


def generate_code(plan: Plan) -> dict[str, str]:
    """Code and documents the templates insert verbatim: each blueprint's ``artifacts`` and the OpenAPI document.

    The blueprints' artifacts (payload models, say: datamodel-code-generator is mostly import time) are made
    in a forked process while this one builds and validates the OpenAPI document; the two share nothing.
    """
    fragments = [(step.blueprint.name, openapi_fragment(step.blueprint, plan)) for step in plan.steps]
    producers = [step.blueprint for step in plan.steps if step.blueprint.logic is not None]
    with background(blueprint_artifacts, producers, plan.spec, plan.spec_file, enabled=bool(producers)) as made:
        document = merge_openapi(plan.spec.app.name, "0.1.0", [f for f in fragments if f[1]])
        generated = {"openapi": openapi_yaml(document)}
        artifacts = made.result() if made is not None else {}
    clash = sorted(set(artifacts) & set(generated))
    if clash:
        raise PlanError(f"a blueprint's artifacts use the name {clash[0]!r}, which intspec itself generates")
    return {**generated, **artifacts}


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


@contextmanager
def background(function: Callable[..., T], *args: Any, enabled: bool = True) -> Iterator[Future[T] | None]:
    """``function(*args)`` in a forked worker process (in this one where fork is unavailable)."""
    if not enabled:
        yield None
        return
    if "fork" not in multiprocessing.get_all_start_methods():
        done: Future[T] = Future()
        done.set_result(function(*args))
        yield done
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        yield pool.submit(function, *args)


def openapi_fragment(blueprint: Blueprint, plan: Plan) -> dict[str, Any]:
    if blueprint.openapi_fragment is None:
        return {}
    context = {"cookiecutter": blueprint_context(blueprint, plan)}
    try:
        text = (
            sandboxed_env(context).from_string(blueprint.openapi_fragment.read_text(encoding="utf-8")).render(**context)
        )
        fragment = yaml.safe_load(text)
    except (TemplateError, yaml.YAMLError, ValueError) as exc:
        raise BlueprintError(f"{blueprint.openapi_fragment}: {exc}") from None
    if not isinstance(fragment, dict):
        raise BlueprintError(f"{blueprint.openapi_fragment}: expected a mapping with 'paths'")
    return fragment


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
