"""Stage 3, plan: the model -> which blueprints apply, in what order, why, and the files each writes.

The plan is inert data (``Plan``); ``generator.render`` carries it out. Two blueprints writing one path is
an error here, before anything is rendered: shared files are merge points instead (``contributes`` in
``blueprint.yaml``), rendered once by the blueprint that owns them from everyone's contributions.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import TemplateError

from generator import __version__
from generator.blueprints import MERGE_POINTS, Blueprint, BlueprintError
from generator.errors import IntspecError
from generator.model.schema import IntegrationSpec
from generator.naming import event_class_name, require_identifier, require_slug
from generator.templating.jinja import sandboxed_env

EXTENSIONS = ["generator.templating.jinja.IntspecExtension"]


class PlanError(IntspecError):
    """The blueprints cannot be combined as asked; the message names them."""


@dataclass(frozen=True)
class Step:
    """One blueprint of the plan: why it applies and the project files it writes."""

    blueprint: Blueprint
    reason: str
    files: tuple[str, ...]


@dataclass(frozen=True)
class Skipped:
    name: str
    reason: str


@dataclass(frozen=True)
class Plan:
    spec_file: str
    spec: IntegrationSpec
    steps: tuple[Step, ...]
    skipped: tuple[Skipped, ...]
    contributions: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return [step.blueprint.name for step in self.steps]

    def to_json(self) -> dict[str, Any]:
        return {
            "project": project_names(self.spec),
            "blueprints": [
                {
                    "name": step.blueprint.name,
                    "version": step.blueprint.version,
                    "source": step.blueprint.source,
                    "reason": step.reason,
                    "files": list(step.files),
                }
                for step in self.steps
            ],
            "skipped": [{"name": s.name, "reason": s.reason} for s in self.skipped],
        }


def plan_project(spec: IntegrationSpec, blueprints: dict[str, Blueprint], spec_file: str) -> Plan:
    model = spec.model_dump(mode="json")
    chosen: list[tuple[Blueprint, str]] = []
    skipped: list[Skipped] = []
    for blueprint in order_blueprints(blueprints):
        missing = [name for name in blueprint.depends_on if name not in {b.name for b, _ in chosen}]
        reason, applies = applicability(blueprint, model, spec.sources, spec_file)
        if applies and missing:
            reason, applies = f"needs {', '.join(missing)}, which does not apply", False
        if applies:
            chosen.append((blueprint, reason))
        else:
            skipped.append(Skipped(blueprint.name, reason))
    contributions = merge_contributions([b for b, _ in chosen])
    partial = Plan(spec_file, spec, (), tuple(skipped), contributions)
    contributions = render_readme_texts(partial, [b for b, _ in chosen])
    partial = Plan(spec_file, spec, (), tuple(skipped), contributions)
    steps = tuple(Step(b, reason, planned_files(b, partial)) for b, reason in chosen)
    plan = Plan(spec_file, spec, steps, tuple(skipped), contributions)
    check_collisions(plan)
    check_event_names(spec)
    return plan


def order_blueprints(blueprints: dict[str, Blueprint]) -> list[Blueprint]:
    """Dependencies first; otherwise by name (``service`` always first: everything builds on it)."""
    ordered: list[Blueprint] = []
    visiting: set[str] = set()

    def visit(blueprint: Blueprint) -> None:
        if blueprint in ordered:
            return
        if blueprint.name in visiting:
            raise BlueprintError(f"blueprint {blueprint.name!r} depends on itself through depends_on")
        visiting.add(blueprint.name)
        for name in blueprint.depends_on:
            if name not in blueprints:
                raise BlueprintError(f"blueprint {blueprint.name!r} depends on {name!r}, which does not exist")
            visit(blueprints[name])
        visiting.discard(blueprint.name)
        ordered.append(blueprint)

    for name in sorted(blueprints, key=lambda n: (n != "service", n)):
        visit(blueprints[name])
    return ordered


def applicability(
    blueprint: Blueprint, model: dict[str, Any], sources: dict[str, int], spec_file: str
) -> tuple[str, bool]:
    if not blueprint.requires:
        return "always applied", True
    found: list[str] = []
    for path in blueprint.requires:
        value = resolve(model, path)
        if value in (None, [], {}, ""):
            state = "null" if value is None else "empty"
            return f"{path} is {state} (the document lacks it or marks it not applicable)", False
        size = f"{len(value)} entries" if isinstance(value, list | dict) else "present"
        line = sources.get(path) or sources.get(path.rsplit(".", 1)[0])
        found.append(f"{path}: {size}" + (f" ({spec_file}:{line})" if line else ""))
    return "; ".join(found), True


def resolve(model: Any, path: str) -> Any:
    value = model
    for part in path.split("."):
        if isinstance(value, dict):
            value = value.get(part)
        elif isinstance(value, list) and part.isdecimal() and part.isascii() and int(part) < len(value):
            value = value[int(part)]
        else:
            return None
    return value


def merge_contributions(blueprints: list[Blueprint]) -> dict[str, list[Any]]:
    merged: dict[str, list[Any]] = {point: [] for point in MERGE_POINTS}
    for blueprint in blueprints:
        for point, items in blueprint.contributes.items():
            for item in items:
                merged[point].append({"blueprint": blueprint.name, **item} if isinstance(item, dict) else item)
    return merged


def render_readme_texts(plan: Plan, blueprints: list[Blueprint]) -> dict[str, list[Any]]:
    """A README section's ``text`` is a template, rendered once with its blueprint's context, so that it
    can list model values (through filters, like any template)."""
    by_name = {blueprint.name: blueprint for blueprint in blueprints}
    readme = []
    for item in plan.contributions["readme"]:
        if isinstance(item, dict) and isinstance(item.get("text"), str):
            item = {**item, "text": render_text(by_name[item["blueprint"]], plan, item["text"])}
        readme.append(item)
    return {**plan.contributions, "readme": readme}


def render_text(blueprint: Blueprint, plan: Plan, text: str) -> str:
    context = {"cookiecutter": blueprint_context(blueprint, plan)}
    try:
        return sandboxed_env(context).from_string(text).render(**context)
    except (TemplateError, ValueError) as exc:
        raise BlueprintError(f"blueprint {blueprint.name!r}: its readme text failed to render: {exc}") from None


def project_names(spec: IntegrationSpec) -> dict[str, str]:
    return {
        "name": spec.app.name,
        "slug": require_slug(spec.app.slug, "project slug"),
        "package": require_identifier(spec.app.package, "package name"),
    }


def blueprint_context(blueprint: Blueprint, plan: Plan, generated: dict[str, str] | None = None) -> dict[str, Any]:
    """The ``cookiecutter`` context one blueprint renders with. Spec values travel in ``_intspec``,
    which cookiecutter passes through untouched; they are inserted as data, never rendered."""
    model = plan.spec.model_dump(mode="json")
    names = project_names(plan.spec)
    return {
        "project_name": names["name"],
        "project_slug": names["slug"],
        "package_name": names["package"],
        "_extensions": list(EXTENSIONS),
        "_intspec": {
            "generator_version": __version__,
            "spec_file": plan.spec_file,
            "project": names,
            "spec": {name: resolve(model, path) for name, path in blueprint.context.items()},
            "lines": dict(plan.spec.sources),
            "blueprints": plan.names,
            "contributions": plan.contributions,
            "generated": dict(generated or {}),
        },
    }


def planned_files(blueprint: Blueprint, plan: Plan) -> tuple[str, ...]:
    """The project-relative paths the blueprint's template writes, with their names rendered."""
    context = {"cookiecutter": blueprint_context(blueprint, plan)}
    env = sandboxed_env(context)
    files: list[str] = []
    for root, _, names in os.walk(blueprint.template):
        for name in names:
            relative = Path(root, name).relative_to(blueprint.template).as_posix()
            rendered = env.from_string(relative).render(**context)
            if rendered and not rendered.endswith("/") and Path(rendered).name:
                files.append(rendered)
    return tuple(sorted(files))


def check_event_names(spec: IntegrationSpec) -> None:
    """Each event becomes a model class; two events must not map to one class name."""
    seen: dict[str, str] = {}
    for event in spec.webhooks.events if spec.webhooks else []:
        name = event_class_name(event.name)
        if name in seen:
            raise PlanError(
                f"events {seen[name]!r} and {event.name!r} would both be modelled as {name}; rename one in the event catalog"
            )
        seen[name] = event.name


def check_collisions(plan: Plan) -> None:
    owners: dict[str, str] = {}
    for step in plan.steps:
        for path in step.files:
            if path in owners:
                raise PlanError(
                    f"blueprints {owners[path]!r} and {step.blueprint.name!r} both write {path}; "
                    "a shared file must be a merge point (see 'contributes' in blueprint.yaml)"
                )
            owners[path] = step.blueprint.name
